// Links that let a guest open their own order from the confirmation email, without an account.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret as secret } from "#app/config/instance-secrets.server";

export function orderAccessKey(orderId: string): string {
  return createHmac("sha256", secret()).update(`order:${orderId}`).digest("base64url").slice(0, 32);
}

export function isValidOrderAccessKey(orderId: string, key: string | null | undefined): boolean {
  if (!key) return false;
  const expected = Buffer.from(orderAccessKey(orderId));
  const given = Buffer.from(key);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
