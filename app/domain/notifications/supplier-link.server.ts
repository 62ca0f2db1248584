// The link in a producer's close email that lets it say what it will deliver without an account
// (decision 0035). Signed with the instance secret, like the buyers' order links
// (app/domain/orders/links.server.ts), under its own purpose so neither can stand for the other.
// The token names the cycle, the supplier, the notification it came with (its generation) and
// when it expires; a newer notification raises the generation, so an older link is revoked.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret as secret } from "#app/config/instance-secrets.server";

/** How long a link answers after its email was queued. */
export const SUPPLIER_LINK_DAYS = 30;
const DAY_MS = 86_400_000;

export type SupplierLinkClaims = { cycleId: string; supplierId: string; generation: number; expiresAt: Date };

function signature(payload: string): string {
  return createHmac("sha256", secret()).update(`supplier-confirmation:${payload}`).digest("base64url");
}

export function supplierLinkToken(claims: { cycleId: string; supplierId: string; generation: number; notifiedAt: Date }): string {
  const expires = Math.floor((claims.notifiedAt.getTime() + SUPPLIER_LINK_DAYS * DAY_MS) / 1000);
  const payload = Buffer.from(`${claims.cycleId}|${claims.supplierId}|${claims.generation}|${expires}`).toString("base64url");
  return `${payload}.${signature(payload)}`;
}

/** The claims of a token this instance signed, or null for anything else (garbled, cut, forged). Expiry is the caller's to judge. */
export function readSupplierLinkToken(token: string | null | undefined): SupplierLinkClaims | null {
  if (!token || token.length > 512) return null;
  const [payload, given, ...rest] = token.split(".");
  if (!payload || !given || rest.length > 0) return null;
  const expected = Buffer.from(signature(payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const parts = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (parts.length !== 4) return null;
  const [cycleId, supplierId, generation, expires] = parts;
  if (!cycleId || !supplierId || !/^\d{1,9}$/.test(generation) || !/^\d{1,12}$/.test(expires)) return null;
  return { cycleId, supplierId, generation: Number(generation), expiresAt: new Date(Number(expires) * 1000) };
}
