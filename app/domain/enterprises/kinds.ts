// What an enterprise is (producer, hub, profile and their variants) and the settings it may choose.
// Pure, so the browser can use it to label cards and fill selects.

export const enterpriseKinds = ["producer", "hub", "profile"] as const;
export type EnterpriseKind = (typeof enterpriseKinds)[number];

/** The five labels a manager recognises: "Producer shop" and "Producer hub" are producers or hubs with a twist. */
export type KindLabel = "producer" | "producerShop" | "hub" | "producerHub" | "profile";

export type KindFacts = { kind: string; isProducer: boolean; sellsOwnProducts: boolean };

export function kindLabel(enterprise: KindFacts): KindLabel {
  if (enterprise.kind === "producer") return enterprise.sellsOwnProducts ? "producerShop" : "producer";
  if (enterprise.kind === "hub") return enterprise.isProducer ? "producerHub" : "hub";
  return "profile";
}

/** It makes products: a producer, or a hub that also produces ("producer hub"). */
export function produces(enterprise: { kind: string; isProducer: boolean }): boolean {
  return enterprise.kind === "producer" || (enterprise.kind === "hub" && enterprise.isProducer);
}

/** It has a shop buyers order from: a hub, or a producer selling its own products ("producer shop"). */
export function hasShop(enterprise: { kind: string; sellsOwnProducts: boolean }): boolean {
  return enterprise.kind === "hub" || (enterprise.kind === "producer" && enterprise.sellsOwnProducts);
}

/**
 * The stored flags for a kind: a producer always produces; only a producer may sell its own
 * products in a shop of its own (a hub sells anything anyway); only a hub may also produce;
 * a profile does neither.
 */
export function normaliseKindFlags(kind: EnterpriseKind, flags: { isProducer?: boolean; sellsOwnProducts?: boolean }) {
  return {
    isProducer: kind === "producer" ? true : kind === "hub" ? (flags.isProducer ?? false) : false,
    sellsOwnProducts: kind === "producer" ? (flags.sellsOwnProducts ?? false) : false,
  };
}

export const shopSortOrders = ["closes_at", "opens_at"] as const;
export type ShopSortOrder = (typeof shopSortOrders)[number];

let zones: ReadonlySet<string> | undefined;

/** The IANA zones this runtime lists, plus "UTC" (which Intl lists under Etc/ names only): the choices of the select. */
export function knownTimeZones(): readonly string[] {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return [...zones];
}

/** "Area/Location" as IANA writes it: "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+1". */
const IANA_NAME = /^(?:Etc\/[A-Za-z0-9+-]+|[A-Z][a-z]+(?:\/[A-Z][a-z0-9][A-Za-z0-9_+'-]*|\/[A-Z][A-Za-z0-9_+'-]*[a-z][A-Za-z0-9_+'-]*)+)$/;

/**
 * A zone from Intl's list, or "UTC", or a current IANA name Intl understands but lists under an
 * older alias (ICU lists "Asia/Calcutta" and "Europe/Kiev", yet people and browsers send
 * "Asia/Kolkata" and "Europe/Kyiv"). Spelling must be IANA's: "europe/paris" is refused.
 */
export function isKnownTimeZone(zone: string): boolean {
  if (!zones) knownTimeZones();
  if (zones!.has(zone)) return true;
  if (zone.length > 64 || !IANA_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
