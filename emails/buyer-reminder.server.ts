// The day-before reminder to a buyer: when and where to collect, and the pickup instructions.
import { orderAccessKey } from "#app/domain/orders/links.server";
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout.server";
import { formatDay } from "#app/i18n/format";

export type BuyerReminderData = {
  locale: Locale;
  orderId: string;
  number: number;
  shop: string;
  readyFor: string;
  /** yyyy-mm-dd */
  readyOn: string;
  where: string;
  pickupInstructions: string;
  appUrl: string;
};

export function renderBuyerReminder(data: BuyerReminderData): RenderedEmail {
  const t = translator(data.locale, "closing");
  const tc = translator(data.locale, "common");
  const date = formatDay(data.readyOn, data.locale);
  const subject = t("reminder.subject", { number: data.number, shop: data.shop });
  const intro = t("reminder.intro", { number: data.number, shop: data.shop, date });
  const orderUrl = `${data.appUrl}/orders/${data.orderId}?key=${orderAccessKey(data.orderId)}`;
  const facts = [
    [t("reminder.readyFor"), data.readyFor],
    [t("reminder.where"), data.where],
  ].filter(([, value]) => value);
  const html = htmlLayout({
    lang: data.locale,
    heading: data.shop,
    preheader: intro,
    footer: t("reminder.footer", { shop: data.shop }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;background:#f6f7f4;border-radius:8px;">
${facts.map(([label, value]) => `<tr><td style="padding:8px 12px;color:#5b6b61;width:35%;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:8px 12px;font-weight:600;">${escapeHtml(value)}</td></tr>`).join("")}
</table>
${data.pickupInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("reminder.instructions"))}</strong><br>${escapeHtml(data.pickupInstructions).replace(/\n/g, "<br>")}</p>` : ""}
<p style="margin:0;"><a href="${escapeHtml(orderUrl)}" style="color:#2f7d4f;">${escapeHtml(t("reminder.viewOrder"))}</a></p>`,
  });
  const text = [
    intro,
    "",
    ...facts.map(([label, value]) => tc("format.labelValue", { label, value })),
    ...(data.pickupInstructions ? ["", tc("format.label", { label: t("reminder.instructions") }), data.pickupInstructions] : []),
    "",
    tc("format.labelValue", { label: t("reminder.viewOrder"), value: orderUrl }),
  ].join("\n");
  return { subject, html, text };
}
