// The buyer's "your order was adjusted" email (docs/domain.md 8): one per batch of changes the hub
// or a producer made, listing each change (quantity, weight, note) and the order's new total.
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatMoney, formatWeight } from "#app/i18n/format";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

export type AdjustedLine = {
  productName: string;
  variantName: string;
  before: { quantity: number; actualWeightGrams: number | null };
  after: { quantity: number; actualWeightGrams: number | null };
  note: string;
};

export type OrderAdjustedData = {
  shopName: string;
  number: string;
  /** Oldest first, as they were made. */
  changes: readonly AdjustedLine[];
  previousTotalCents: number;
  totalCents: number;
  locale: Locale;
  /** The buyer's own link to the order (with its access key). */
  orderUrl: string;
};

/** One change in words: removed, added, a new quantity, a weight. */
export function describeChange(change: AdjustedLine, locale: Locale, t: TFunction): string {
  const values = {
    product: `${change.productName} (${change.variantName})`,
    before: change.before.quantity,
    after: change.after.quantity,
    weight: formatWeight(change.after.actualWeightGrams, locale),
  };
  if (change.after.quantity === 0) return t("emails:orderAdjusted.change.removed", values);
  if (change.before.quantity === 0) return t("emails:orderAdjusted.change.added", values);
  const parts: string[] = [];
  if (change.before.quantity !== change.after.quantity) parts.push(t("emails:orderAdjusted.change.quantity", values));
  if (change.after.actualWeightGrams !== null && change.after.actualWeightGrams !== change.before.actualWeightGrams)
    parts.push(t("emails:orderAdjusted.change.weighed", values));
  if (change.after.actualWeightGrams === null && change.before.actualWeightGrams !== null) parts.push(t("emails:orderAdjusted.change.weightCleared", values));
  return parts.join(" ");
}

/** Pure: `t` is the buyer's translator (emailTranslator), everything else comes in `data`. */
export function renderOrderAdjusted(data: OrderAdjustedData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, data.locale);
  const subject = t("emails:orderAdjusted.subject", { number: data.number, shop: data.shopName });
  const intro = t("emails:orderAdjusted.intro", { number: data.number, shop: data.shopName });
  const items = data.changes.map((change) => ({
    text: describeChange(change, data.locale, t),
    note: change.note ? t("emails:orderAdjusted.note", { note: change.note }) : "",
  }));
  const total = t("emails:orderAdjusted.newTotal", { total: money(data.totalCents), previous: money(data.previousTotalCents) });
  const html = htmlLayout({
    lang: data.locale,
    heading: data.shopName,
    preheader: intro,
    footer: t("emails:orderAdjusted.footer", { shop: data.shopName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<ul style="margin:0 0 16px;padding-left:20px;">
${items.map((item) => `<li style="margin:0 0 8px;">${escapeHtml(item.text)}${item.note ? `<br><span style="color:#5b6b61;">${escapeHtml(item.note)}</span>` : ""}</li>`).join("\n")}
</ul>
<p style="margin:0 0 16px;font-weight:700;">${escapeHtml(total)}</p>
<p style="margin:0 0 16px;">${escapeHtml(t("emails:orderAdjusted.payment"))}</p>
<p style="margin:16px 0 0;"><a href="${escapeHtml(data.orderUrl)}" style="color:#2f7d4f;">${escapeHtml(t("emails:orderAdjusted.viewOrder"))}</a></p>`,
  });
  const text = [
    data.shopName,
    "",
    intro,
    "",
    ...items.flatMap((item) => [`- ${item.text}`, ...(item.note ? [`  ${item.note}`] : [])]),
    "",
    total,
    t("emails:orderAdjusted.payment"),
    "",
    t("common:format.labelValue", { label: t("emails:orderAdjusted.viewOrder"), value: data.orderUrl }),
  ].join("\n");
  return { subject, html, text };
}
