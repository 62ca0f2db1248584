// Cookies signed with the instance's session secret. The secret is loaded from the database when
// the process starts, so each cookie is made on first use and made again if the secret changes.
import { createCookie, type Cookie } from "@remix-run/node";
import { sessionSecret } from "#app/config/instance-secrets.server";
import { settings } from "#app/config/settings.server";

export function signedCookie(name: string, maxAgeDays: number): () => Cookie {
  let made: { secret: string; cookie: Cookie } | undefined;
  return () => {
    const secret = sessionSecret();
    if (made?.secret !== secret) {
      made = {
        secret,
        cookie: createCookie(name, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          maxAge: 60 * 60 * 24 * maxAgeDays,
          secrets: [secret],
          secure: settings().secureCookies,
        }),
      };
    }
    return made.cookie;
  };
}
