// Every translation, loaded on the server; a page receives only its language's resources.
import enAuth from "#locales/en/auth.json";
import enCatalogue from "#locales/en/catalogue.json";
import enCommon from "#locales/en/common.json";
import enCycles from "#locales/en/cycles.json";
import enShop from "#locales/en/shop.json";
import enClosing from "#locales/en/closing.json";
import enReports from "#locales/en/reports.json";
import enEmails from "#locales/en/emails.json";
import enEnterprises from "#locales/en/enterprises.json";
import enErrors from "#locales/en/errors.json";
import enFees from "#locales/en/fees.json";
import frAuth from "#locales/fr/auth.json";
import frCatalogue from "#locales/fr/catalogue.json";
import frCommon from "#locales/fr/common.json";
import frCycles from "#locales/fr/cycles.json";
import frShop from "#locales/fr/shop.json";
import frClosing from "#locales/fr/closing.json";
import frReports from "#locales/fr/reports.json";
import frEmails from "#locales/fr/emails.json";
import frEnterprises from "#locales/fr/enterprises.json";
import frErrors from "#locales/fr/errors.json";
import frFees from "#locales/fr/fees.json";
import { createInstance, type TFunction } from "i18next";
import { defaultLocale, namespaces, type Locale, type Namespace } from "./config";

export type LocaleResources = Record<Namespace, Record<string, unknown>>;

export const resources: Record<Locale, LocaleResources> = {
  en: { common: enCommon, auth: enAuth, enterprises: enEnterprises, catalogue: enCatalogue, fees: enFees, cycles: enCycles, shop: enShop, closing: enClosing, reports: enReports, errors: enErrors, emails: enEmails },
  fr: { common: frCommon, auth: frAuth, enterprises: frEnterprises, catalogue: frCatalogue, fees: frFees, cycles: frCycles, shop: frShop, closing: frClosing, reports: frReports, errors: frErrors, emails: frEmails },
};

const server = createInstance();
void server.init({
  resources,
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  ns: [...namespaces],
  defaultNS: "common",
  interpolation: { escapeValue: false },
  showSupportNotice: false,
  initAsync: false,
});

/** A translator for one language on the server (emails, API error messages, page titles). */
export function translator(locale: Locale, ns: Namespace | Namespace[] = "common"): TFunction {
  return server.getFixedT(locale, ns);
}
