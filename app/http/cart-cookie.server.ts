// The guest cart cookie: a signed random token; the database keeps only its hash.
import { createCookie, type Cookie } from "@remix-run/node";
import { sessionSecret } from "#app/config/instance-secrets.server";
import { settings } from "#app/config/settings.server";

let cookie: { secret: string; cookie: Cookie } | undefined;

/** Made on first use: the secret is the instance's, loaded from the database when the process starts. */
export function cartCookie(): Cookie {
  const secret = sessionSecret();
  if (cookie?.secret !== secret) {
    cookie = {
      secret,
      cookie: createCookie("circuit_cart", {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        maxAge: 60 * 60 * 24 * 30,
        secrets: [secret],
        secure: settings().secureCookies,
      }),
    };
  }
  return cookie.cookie;
}

export async function readGuestToken(request: Request): Promise<string | null> {
  const value = await cartCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length >= 16 && value.length <= 64 ? value : null;
}
