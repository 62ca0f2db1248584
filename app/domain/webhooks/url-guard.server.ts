// Where a webhook may be sent: an https URL whose name resolves to public addresses only — or, when
// the operator sets WEBHOOKS_ALLOW_PRIVATE=true, also http to loopback and private addresses. Checked
// at registration and again at each delivery, which connects to the address it checked.
import { lookup } from "node:dns/promises";
import { settings } from "#app/config/settings.server";
import { invalidField } from "#app/domain/errors";
import { isInternalAddress } from "./addresses";

export type Target = { url: URL; address: string; family: 4 | 6 };

export class UnsafeTargetError extends Error {
  constructor(readonly reason: "webhookHttps" | "webhookPrivate" | "webhookUnresolvable" | "invalidUrl") {
    super(reason);
  }
}

/** The URL and the address to connect to, or an UnsafeTargetError saying why not. */
export async function resolveTarget(raw: string, allowPrivate = settings().webhooksAllowPrivate): Promise<Target> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError("invalidUrl");
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) throw new UnsafeTargetError("invalidUrl");
  let resolved: { address: string; family: number }[];
  try {
    resolved = await lookup(url.hostname.replace(/^\[|\]$/g, ""), { all: true, verbatim: true });
  } catch {
    throw new UnsafeTargetError("webhookUnresolvable");
  }
  if (resolved.length === 0) throw new UnsafeTargetError("webhookUnresolvable");
  const internal = resolved.some((entry) => isInternalAddress(entry.address));
  if (internal && !allowPrivate) throw new UnsafeTargetError("webhookPrivate");
  // Plain http only where the operator allowed private addresses and this one is private.
  if (url.protocol === "http:" && !(allowPrivate && internal)) throw new UnsafeTargetError("webhookHttps");
  const first = resolved[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** resolveTarget for a registration: the reason as the `url` field's error. */
export async function checkedEndpointUrl(raw: string): Promise<string> {
  try {
    return (await resolveTarget(raw)).url.toString();
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw invalidField("url", error.reason);
    throw error;
  }
}
