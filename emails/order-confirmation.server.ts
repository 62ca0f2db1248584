// The buyer's confirmation (also sent when an order is changed or cancelled), in the order's language:
// the hub first, then ready for, where, and what, with fees and totals.
import { settings } from "#app/config/settings.server";
import type { Executor } from "#db/connection.server";
import { orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { isLocale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { readyForText } from "#app/domain/shop/ready-for";
import { enqueueEmail } from "#app/mail/outbox.server";
import { describeAdjustmentCoverWith } from "#app/domain/fees/descriptions";
import { formatMoney, formatPercent } from "#app/i18n/format";

export type ConfirmationKind = "placed" | "changed" | "cancelled";

export function renderOrderConfirmation(data: OrderSummary, kind: ConfirmationKind, appUrl: string): RenderedEmail {
  const locale = isLocale(data.order.locale) ? data.order.locale : "en";
  const t = translator(locale, "emails");
  const tc = translator(locale, "common");
  const money = (amount: number) => formatMoney(amount, locale);
  const number = String(data.order.number);
  const subject = t(`orderConfirmation.subject.${kind}`, { number, shop: data.distributorName });
  const facts: [string, string][] = [
    [t("orderConfirmation.readyFor"), readyForText(data, locale)],
    [data.shippingKind === "delivery" ? t("orderConfirmation.deliveryTo") : t("orderConfirmation.pickupAt"), data.where],
    [t("orderConfirmation.payment"), data.paymentName ?? ""],
  ].filter(([, value]) => value) as [string, string][];
  const lineRows = data.lines.map((line) => [`${line.productName} (${line.variantName})`, `${line.quantity} × ${money(line.unitPriceCents)}`, money(line.totalCents)]);
  const tFees = translator(locale, "fees");
  const adjustmentRows = data.adjustments.map((adjustment) => {
    const cover = describeAdjustmentCoverWith((key, values) => tFees(key, values), adjustment);
    return [cover ? `${adjustment.label} · ${cover}` : adjustment.label, "", money(adjustment.amountCents)];
  });
  const taxRows = data.taxByRate.map((tax) => [t("orderConfirmation.taxIncluded", { rate: formatPercent(tax.rateBasisPoints / 100, locale) }), money(tax.taxCents)]);
  const intro = t(`orderConfirmation.intro.${kind}`, { shop: data.distributorName, number });
  const orderUrl = `${appUrl.replace(/\/$/, "")}/orders/${data.order.id}?key=${orderAccessKey(data.order.id)}`;

  const html = htmlLayout({
    lang: locale,
    heading: data.distributorName,
    preheader: intro,
    footer: t("orderConfirmation.footer", { shop: data.distributorName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;background:#f6f7f4;border-radius:8px;">
${facts.map(([label, value]) => `<tr><td style="padding:8px 12px;color:#5b6b61;width:35%;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:8px 12px;font-weight:600;">${escapeHtml(value)}</td></tr>`).join("")}
</table>
${data.deliveryDetails ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("orderConfirmation.deliveryDetails"))}</strong><br>${escapeHtml(data.deliveryDetails).replace(/\n/g, "<br>")}</p>` : ""}
${data.pickupInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("orderConfirmation.instructions"))}</strong><br>${escapeHtml(data.pickupInstructions).replace(/\n/g, "<br>")}</p>` : ""}
${data.paymentInstructions ? `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("orderConfirmation.paymentInstructions"))}</strong><br>${escapeHtml(data.paymentInstructions)}</p>` : ""}
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;">
<tr><th align="left" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("orderConfirmation.item"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("orderConfirmation.quantity"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("orderConfirmation.amount"))}</th></tr>
${[...lineRows, ...adjustmentRows].map((cells) => `<tr>${cells.map((cell, index) => `<td ${index ? 'align="right"' : ""} style="padding:6px 4px;border-bottom:1px solid #eef0ec;">${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}
<tr><td style="padding:8px 4px;font-weight:700;">${escapeHtml(t("orderConfirmation.total"))}</td><td></td><td align="right" style="padding:8px 4px;font-weight:700;">${escapeHtml(money(data.order.totalCents))}</td></tr>
${taxRows.map(([label, amount]) => `<tr><td style="padding:2px 4px;color:#5b6b61;font-size:13px;">${escapeHtml(label)}</td><td></td><td align="right" style="padding:2px 4px;color:#5b6b61;font-size:13px;">${escapeHtml(amount)}</td></tr>`).join("")}
</table>
<p style="margin:16px 0 0;"><a href="${escapeHtml(orderUrl)}" style="color:#2f7d4f;">${escapeHtml(t("orderConfirmation.viewOrder"))}</a></p>`,
  });

  const text = [
    data.distributorName,
    "",
    intro,
    "",
    ...facts.map(([label, value]) => tc("format.labelValue", { label, value })),
    ...(data.deliveryDetails ? ["", tc("format.label", { label: t("orderConfirmation.deliveryDetails") }), data.deliveryDetails] : []),
    ...(data.pickupInstructions ? ["", tc("format.label", { label: t("orderConfirmation.instructions") }), data.pickupInstructions] : []),
    ...(data.paymentInstructions ? ["", tc("format.label", { label: t("orderConfirmation.paymentInstructions") }), data.paymentInstructions] : []),
    "",
    ...lineRows.map(([item, quantity, amount]) => `${item}  ${quantity}  ${amount}`),
    ...adjustmentRows.map(([label, , amount]) => `${label}  ${amount}`),
    tc("format.labelValue", { label: t("orderConfirmation.total"), value: money(data.order.totalCents) }),
    ...taxRows.map(([label, amount]) => tc("format.labelValue", { label, value: amount })),
    "",
    tc("format.labelValue", { label: t("orderConfirmation.viewOrder"), value: orderUrl }),
  ].join("\n");
  return { subject, html, text };
}

/** Queues the message in the caller's transaction; a "changed" message is keyed by its time so each change is told. */
export async function queueOrderConfirmation(tx: Executor, orderId: string, kind: ConfirmationKind) {
  await queueConfirmationOf(tx, await orderSummary(orderId, tx), kind);
}

/** Queues the confirmation of an order already in hand (placing an order does not read it back). */
export async function queueConfirmationOf(tx: Executor, data: OrderSummary, kind: ConfirmationKind) {
  const orderId = data.order.id;
  const rendered = renderOrderConfirmation(data, kind, settings().appUrl);
  await enqueueEmail(
    {
      idempotencyKey: kind === "changed" ? `order:${orderId}:changed:${Date.now()}` : `order:${orderId}:${kind}`,
      kind: `order_${kind}`,
      to: data.order.email,
      replyTo: data.distributorEmail,
      ...rendered,
    },
    tx,
  );
}
