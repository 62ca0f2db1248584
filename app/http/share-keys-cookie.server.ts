// The share keys a buyer opened unlisted sales with (decision 0047): kept in a cookie so the key
// survives the cart, a sign-in and the checkout without every link and form carrying it.
import { createCookie, type Cookie } from "@remix-run/node";
import { sessionSecret } from "#app/config/instance-secrets.server";
import { settings } from "#app/config/settings.server";

/** How many links one browser keeps at once: the latest opened first. */
const MAX_KEYS = 10;
const KEY_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

let cookie: { secret: string; cookie: Cookie } | undefined;

function shareKeysCookie(): Cookie {
  const secret = sessionSecret();
  if (cookie?.secret !== secret) {
    cookie = {
      secret,
      cookie: createCookie("circuit_share_keys", {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        maxAge: 60 * 60 * 24 * 60,
        secrets: [secret],
        secure: settings().secureCookies,
      }),
    };
  }
  return cookie.cookie;
}

/** A value that could be a share key at all; anything else is dropped before it reaches a query. */
export function shareKeyShaped(value: unknown): value is string {
  return typeof value === "string" && KEY_SHAPE.test(value);
}

export async function readShareKeys(request: Request): Promise<string[]> {
  const value: unknown = await shareKeysCookie().parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter(shareKeyShaped).slice(0, MAX_KEYS) : [];
}

/** The Set-Cookie header keeping `key` first among those kept. */
export async function keepShareKey(kept: readonly string[], key: string): Promise<string> {
  return shareKeysCookie().serialize([key, ...kept.filter((other) => other !== key)].slice(0, MAX_KEYS));
}
