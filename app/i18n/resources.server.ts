// The server's translator for emails, API messages and page titles (the translations are in ./resources).
import { createInstance, type TFunction } from "i18next";
import { defaultLocale, namespaces, type Locale, type Namespace } from "./config";
import { formatMoney } from "./format";
import { resources } from "./resources";

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
// "{{max, money}}" in a message reads an amount of cents in the reader's way ("12,50 €").
server.services.formatter?.add("money", (value, lng) => formatMoney(Number(value), lng ?? defaultLocale));

/** A translator for one language on the server (emails, API error messages, page titles). */
export function translator(locale: Locale, ns: Namespace | Namespace[] = "common"): TFunction {
  return server.getFixedT(locale, ns);
}

/** The translator an email template is given: one language, every namespace a template names (`"notifications:digest.subject"`). */
export function emailTranslator(locale: Locale): TFunction {
  return server.getFixedT(locale, ["emails", "notifications", "common", "fees"]);
}
