// The guest cart cookie: a signed random token; the database keeps only its hash.
import { createCookie } from "@remix-run/node";

export const cartCookie = createCookie("circuit_cart", {
  path: "/",
  httpOnly: true,
  sameSite: "lax",
  maxAge: 60 * 60 * 24 * 30,
  secrets: [process.env.SESSION_SECRET ?? "circuit-development-secret"],
  secure: (process.env.APP_URL ?? "").startsWith("https://"),
});

export async function readGuestToken(request: Request): Promise<string | null> {
  const value = await cartCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 16 && value.length <= 64 ? value : null;
}
