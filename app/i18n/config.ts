// The languages Circuit speaks and its translation namespaces (one JSON file per area in locales/).

export const locales = ["en", "fr"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const namespaces = [
  "common",
  "auth",
  "enterprises",
  "catalogue",
  "fees",
  "cycles",
  "shop",
  "notifications",
  "reports",
  "errors",
  "emails",
  "invoices",
] as const;
export type Namespace = (typeof namespaces)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}
