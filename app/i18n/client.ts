// Builds the react-i18next instance of a page from the resources its root loader sent.
import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "./config";

const instances = new Map<string, i18n>();

export function i18nFor(locale: Locale, resources: Record<string, Record<string, unknown>>): i18n {
  const cached = typeof document !== "undefined" ? instances.get(locale) : undefined;
  if (cached) return cached;
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng: locale,
    resources: { [locale]: resources },
    ns: Object.keys(resources),
    defaultNS: "common",
    interpolation: { escapeValue: false },
    showSupportNotice: false,
    initAsync: false,
    react: { useSuspense: false },
  });
  if (typeof document !== "undefined") instances.set(locale, instance);
  return instance;
}
