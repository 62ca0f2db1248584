// Links that let a guest open their own order from the confirmation email, without an account.
import { createHmac, timingSafeEqual } from "node:crypto";

function secret() {
  return process.env.SESSION_SECRET ?? "circuit-development-secret";
}

export function orderAccessKey(orderId: string): string {
  return createHmac("sha256", secret()).update(`order:${orderId}`).digest("base64url").slice(0, 32);
}

export function isValidOrderAccessKey(orderId: string, key: string | null | undefined): boolean {
  if (!key) return false;
  const expected = Buffer.from(orderAccessKey(orderId));
  const given = Buffer.from(key);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
