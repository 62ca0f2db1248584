// The guest cart cookie: a signed random token; the database keeps only its hash.
import { signedCookie } from "./signed-cookie.server";

export const cartCookie = signedCookie("circuit_cart", 30);

export async function readGuestToken(request: Request): Promise<string | null> {
  const value = await cartCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 16 && value.length <= 64 ? value : null;
}
