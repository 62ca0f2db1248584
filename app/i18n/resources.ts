// Every translation, in both languages: the server's emails and API messages use them, and the
// browser bundle carries them (fetched once, cached) instead of each page repeating them.
import enAuth from "#locales/en/auth.json";
import enCatalogue from "#locales/en/catalogue.json";
import enCommon from "#locales/en/common.json";
import enCycles from "#locales/en/cycles.json";
import enShop from "#locales/en/shop.json";
import enNotifications from "#locales/en/notifications.json";
import enReports from "#locales/en/reports.json";
import enEmails from "#locales/en/emails.json";
import enEnterprises from "#locales/en/enterprises.json";
import enErrors from "#locales/en/errors.json";
import enFees from "#locales/en/fees.json";
import enInvoices from "#locales/en/invoices.json";
import frAuth from "#locales/fr/auth.json";
import frCatalogue from "#locales/fr/catalogue.json";
import frCommon from "#locales/fr/common.json";
import frCycles from "#locales/fr/cycles.json";
import frShop from "#locales/fr/shop.json";
import frNotifications from "#locales/fr/notifications.json";
import frReports from "#locales/fr/reports.json";
import frEmails from "#locales/fr/emails.json";
import frEnterprises from "#locales/fr/enterprises.json";
import frErrors from "#locales/fr/errors.json";
import frFees from "#locales/fr/fees.json";
import frInvoices from "#locales/fr/invoices.json";
import type { Locale, Namespace } from "./config";

export type LocaleResources = Record<Namespace, Record<string, unknown>>;

export const resources: Record<Locale, LocaleResources> = {
  en: {
    common: enCommon,
    auth: enAuth,
    enterprises: enEnterprises,
    catalogue: enCatalogue,
    fees: enFees,
    cycles: enCycles,
    shop: enShop,
    notifications: enNotifications,
    reports: enReports,
    errors: enErrors,
    emails: enEmails,
    invoices: enInvoices,
  },
  fr: {
    common: frCommon,
    auth: frAuth,
    enterprises: frEnterprises,
    catalogue: frCatalogue,
    fees: frFees,
    cycles: frCycles,
    shop: frShop,
    notifications: frNotifications,
    reports: frReports,
    errors: frErrors,
    emails: frEmails,
    invoices: frInvoices,
  },
};
