// The share keys a buyer opened unlisted sales with (decision 0047): kept in a cookie so the key
// survives the cart, a sign-in and the checkout without every link and form carrying it.
import { signedCookie } from "./signed-cookie.server";

/** How many links one browser keeps at once: the latest opened first. */
const MAX_KEYS = 10;
const KEY_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

const shareKeysCookie = signedCookie("circuit_share_keys", 60);

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
