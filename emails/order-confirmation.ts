// The buyer's confirmation (also sent when an order is changed or cancelled), in the order's language:
// the hub first, then ready for, where, and what, with fees and totals.
import type { OrderSummary } from "#app/domain/orders/summary.server";
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";
import { readyForText } from "#app/domain/shop/ready-for";
import { describeAdjustmentCoverWith } from "#app/domain/fees/descriptions";
import { formatMoney, formatPercent } from "#app/i18n/format";

export type ConfirmationKind = "placed" | "changed" | "cancelled";

export type OrderConfirmationData = {
  summary: OrderSummary;
  kind: ConfirmationKind;
  locale: Locale;
  /** The buyer's own link to the order (with its access key). */
  orderUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderOrderConfirmation({ summary: data, kind, locale, orderUrl }: OrderConfirmationData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, locale);
  const number = String(data.order.number);
  const subject = t(`emails:orderConfirmation.subject.${kind}`, { number, shop: data.distributorName });
  const facts: [string, string][] = [
    [t("emails:orderConfirmation.readyFor"), readyForText(data, locale)],
    [data.shippingKind === "delivery" ? t("emails:orderConfirmation.deliveryTo") : t("emails:orderConfirmation.pickupAt"), data.where],
    [t("emails:orderConfirmation.payment"), data.paymentName ?? ""],
  ].filter(([, value]) => value) as [string, string][];
  const lineRows = data.lines.map((line) => [
    `${line.productName} (${line.variantName})`,
    `${line.quantity} × ${money(line.unitPriceCents)}`,
    money(line.totalCents),
  ]);
  const adjustmentRows = data.adjustments.map((adjustment) => {
    const cover = describeAdjustmentCoverWith((key, values) => t(`fees:${key}`, values), adjustment);
    return [cover ? `${adjustment.label} · ${cover}` : adjustment.label, "", money(adjustment.amountCents)];
  });
  const taxRows = data.taxByRate.map((tax) => [
    t("emails:orderConfirmation.taxIncluded", { rate: formatPercent(tax.rateBasisPoints / 100, locale) }),
    money(tax.taxCents),
  ]);
  const intro = t(`emails:orderConfirmation.intro.${kind}`, { shop: data.distributorName, number });

  const html = htmlLayout({
    lang: locale,
    heading: data.distributorName,
    preheader: intro,
    footer: t("emails:orderConfirmation.footer", { shop: data.distributorName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;background:#f6f7f4;border-radius:8px;">
${facts.map(([label, value]) => `<tr><td style="padding:8px 12px;color:#5b6b61;width:35%;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:8px 12px;font-weight:600;">${escapeHtml(value)}</td></tr>`).join("")}
</table>
${data.deliveryDetails ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("emails:orderConfirmation.deliveryDetails"))}</strong><br>${escapeHtml(data.deliveryDetails).replace(/\n/g, "<br>")}</p>` : ""}
${data.pickupInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("emails:orderConfirmation.instructions"))}</strong><br>${escapeHtml(data.pickupInstructions).replace(/\n/g, "<br>")}</p>` : ""}
${data.paymentInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("emails:orderConfirmation.paymentInstructions"))}</strong><br>${escapeHtml(data.paymentInstructions)}</p>` : ""}
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;">
<tr><th align="left" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("emails:orderConfirmation.item"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("emails:orderConfirmation.quantity"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("emails:orderConfirmation.amount"))}</th></tr>
${[...lineRows, ...adjustmentRows].map((cells) => `<tr>${cells.map((cell, index) => `<td ${index ? 'align="right"' : ""} style="padding:6px 4px;border-bottom:1px solid #eef0ec;">${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}
<tr><td style="padding:8px 4px;font-weight:700;">${escapeHtml(t("emails:orderConfirmation.total"))}</td><td></td><td align="right" style="padding:8px 4px;font-weight:700;">${escapeHtml(money(data.order.totalCents))}</td></tr>
${taxRows.map(([label, amount]) => `<tr><td style="padding:2px 4px;color:#5b6b61;font-size:13px;">${escapeHtml(label)}</td><td></td><td align="right" style="padding:2px 4px;color:#5b6b61;font-size:13px;">${escapeHtml(amount)}</td></tr>`).join("")}
</table>
<p style="margin:16px 0 0;"><a href="${escapeHtml(orderUrl)}" style="color:#2f7d4f;">${escapeHtml(t("emails:orderConfirmation.viewOrder"))}</a></p>`,
  });

  const text = [
    data.distributorName,
    "",
    intro,
    "",
    ...facts.map(([label, value]) => t("common:format.labelValue", { label, value })),
    ...(data.deliveryDetails ? ["", t("common:format.label", { label: t("emails:orderConfirmation.deliveryDetails") }), data.deliveryDetails] : []),
    ...(data.pickupInstructions ? ["", t("common:format.label", { label: t("emails:orderConfirmation.instructions") }), data.pickupInstructions] : []),
    ...(data.paymentInstructions ? ["", t("common:format.label", { label: t("emails:orderConfirmation.paymentInstructions") }), data.paymentInstructions] : []),
    "",
    ...lineRows.map(([item, quantity, amount]) => `${item}  ${quantity}  ${amount}`),
    ...adjustmentRows.map(([label, , amount]) => `${label}  ${amount}`),
    t("common:format.labelValue", { label: t("emails:orderConfirmation.total"), value: money(data.order.totalCents) }),
    ...taxRows.map(([label, amount]) => t("common:format.labelValue", { label, value: amount })),
    "",
    t("common:format.labelValue", { label: t("emails:orderConfirmation.viewOrder"), value: orderUrl }),
  ].join("\n");
  return { subject, html, text };
}
