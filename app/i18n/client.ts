// The react-i18next instance of a page, one per language, from the bundled translations.
import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "./config";
import { formatMoney } from "./format";
import { resources as allResources } from "./resources";

const instances = new Map<string, i18n>();

export function i18nFor(locale: Locale): i18n {
  const cached = instances.get(locale);
  if (cached) return cached;
  const resources = allResources[locale];
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
  instance.services.formatter?.add("money", (value, lng) => formatMoney(Number(value), lng ?? locale));
  // The language never changes on an instance, so the server shares them between requests too.
  instances.set(locale, instance);
  return instance;
}
