// How a delivery is signed (docs/api.md, "Webhooks"): `Circuit-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<body>" keyed with the endpoint's secret>`. A receiver recomputes it from the
// raw body and rejects a stale t.
import { createHmac, randomBytes } from "node:crypto";

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** A new endpoint's secret: 32 random bytes, prefixed so it is recognisable in a config file. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}
