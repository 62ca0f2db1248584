// The secret of an unlisted exchange's share link (decision 0047): 192 random bits, url-safe.
import { randomBytes } from "node:crypto";

export function newShareKey(): string {
  return randomBytes(24).toString("base64url");
}
