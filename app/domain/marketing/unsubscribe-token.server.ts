// The one-click unsubscribe link of a marketing email: the customer's id and the consent it was
// sent under, signed with the instance's secret. A link from before a later opt-in no longer
// withdraws anything, and a forged one names nobody.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "#app/config/instance-secrets.server";
import { settings } from "#app/config/settings.server";

export type UnsubscribeClaim = { customerId: string; consentAtMs: number };

function signature(payload: string): Buffer {
  return createHmac("sha256", sessionSecret()).update(`unsubscribe:${payload}`).digest();
}

function unsubscribeToken(claim: UnsubscribeClaim): string {
  const payload = Buffer.from(`${claim.customerId}.${claim.consentAtMs}`).toString("base64url");
  return `${payload}.${signature(payload).toString("base64url")}`;
}

export function unsubscribeUrl(claim: UnsubscribeClaim): string {
  return `${settings().appUrl}/unsubscribe/${unsubscribeToken(claim)}`;
}

/** The claim of a well-signed token, or undefined for anything else. */
export function readUnsubscribeToken(token: string): UnsubscribeClaim | undefined {
  const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return undefined;
  const [, payload, given] = match;
  const expected = signature(payload);
  const received = Buffer.from(given, "base64url");
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return undefined;
  const decoded = /^(.{1,100})\.(\d{1,16})$/.exec(Buffer.from(payload, "base64url").toString("utf8"));
  if (!decoded) return undefined;
  return { customerId: decoded[1], consentAtMs: Number(decoded[2]) };
}
