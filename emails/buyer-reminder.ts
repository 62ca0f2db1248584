// A pickup reminder to a buyer, some days before the ready date: when and where to collect, and the
// pickup instructions (the calendar file goes along as an attachment).
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";
import { formatDay } from "#app/i18n/format";

export type BuyerReminderData = {
  locale: Locale;
  number: number;
  shop: string;
  readyFor: string;
  /** yyyy-mm-dd */
  readyOn: string;
  where: string;
  pickupInstructions: string;
  /** The buyer's own link to the order (with its access key). */
  orderUrl: string;
  /** How many days before the ready date this reminder goes: 1, 3 or 7. */
  daysBefore: number;
  /** Whether the calendar file is attached (there is a ready date to put in it). */
  hasCalendar: boolean;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderBuyerReminder(data: BuyerReminderData, t: TFunction): RenderedEmail {
  const date = formatDay(data.readyOn, data.locale);
  const values = { number: data.number, shop: data.shop, date, count: data.daysBefore };
  const isTomorrow = data.daysBefore === 1;
  const subject = t(isTomorrow ? "notifications:reminder.subject" : "notifications:reminder.subjectInDays", values);
  const intro = t(isTomorrow ? "notifications:reminder.intro" : "notifications:reminder.introInDays", values);
  const calendar = data.hasCalendar ? t("notifications:reminder.calendar") : "";
  const { orderUrl } = data;
  const facts = [
    [t("notifications:reminder.readyFor"), data.readyFor],
    [t("notifications:reminder.where"), data.where],
  ].filter(([, value]) => value);
  const html = htmlLayout({
    lang: data.locale,
    heading: data.shop,
    preheader: intro,
    footer: t("notifications:reminder.footer", { shop: data.shop }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;background:#f6f7f4;border-radius:8px;">
${facts.map(([label, value]) => `<tr><td style="padding:8px 12px;color:#5b6b61;width:35%;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:8px 12px;font-weight:600;">${escapeHtml(value)}</td></tr>`).join("")}
</table>
${data.pickupInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("notifications:reminder.instructions"))}</strong><br>${escapeHtml(data.pickupInstructions).replace(/\n/g, "<br>")}</p>` : ""}
${calendar ? `<p style="margin:0 0 16px;">${escapeHtml(calendar)}</p>` : ""}
<p style="margin:0;"><a href="${escapeHtml(orderUrl)}" style="color:#2f7d4f;">${escapeHtml(t("notifications:reminder.viewOrder"))}</a></p>`,
  });
  const text = [
    intro,
    "",
    ...facts.map(([label, value]) => t("common:format.labelValue", { label, value })),
    ...(data.pickupInstructions ? ["", t("common:format.label", { label: t("notifications:reminder.instructions") }), data.pickupInstructions] : []),
    ...(calendar ? ["", calendar] : []),
    "",
    t("common:format.labelValue", { label: t("notifications:reminder.viewOrder"), value: orderUrl }),
  ].join("\n");
  return { subject, html, text };
}
