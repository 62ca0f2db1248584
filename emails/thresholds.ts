// What a cycle's minimum thresholds (docs/domain.md 12) tell at the close: a buyer whose lines or
// order were cancelled because a minimum was not reached, a buyer whose cycle's close moved, and a
// supplier whose minimum was not reached (sent instead of its purchase order). Pure: `t` is the
// reader's translator (emailTranslator).
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatMoney } from "#app/i18n/format";
import type { ThresholdMeasure } from "#app/domain/thresholds/rules";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

/** A minimum in the reader's words: "Hillside Dairy's minimum of €150.00", "20 items at Market hall", "10 cases". */
export type MissedMinimum = {
  scope: "cycle" | "supplier" | "shipping_method";
  label: string;
  measure: ThresholdMeasure;
  minimum: number;
  valueAtClose: number;
};

function describeMinimum(minimum: MissedMinimum, locale: Locale, t: TFunction): string {
  const figure = (value: number) =>
    minimum.measure === "amount"
      ? formatMoney(value, locale)
      : t(minimum.measure === "cases" ? "emails:thresholds.cases" : "emails:thresholds.items", { count: value });
  const values = { label: minimum.label, minimum: figure(minimum.minimum), reached: figure(minimum.valueAtClose) };
  return t(`emails:thresholds.minimum.${minimum.scope}`, values);
}

function render(data: {
  locale: Locale;
  heading: string;
  subject: string;
  paragraphs: string[];
  items?: string[];
  link?: { label: string; url: string };
  footer: string;
}): RenderedEmail {
  const items = data.items ?? [];
  const html = htmlLayout({
    lang: data.locale,
    heading: data.heading,
    preheader: data.paragraphs[0],
    footer: data.footer,
    bodyHtml: [
      ...data.paragraphs.slice(0, 1).map((text) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`),
      items.length
        ? `<ul style="margin:0 0 16px;padding-left:20px;">${items.map((item) => `<li style="margin:0 0 8px;">${escapeHtml(item)}</li>`).join("")}</ul>`
        : "",
      ...data.paragraphs.slice(1).map((text) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`),
      data.link ? `<p style="margin:16px 0 0;"><a href="${escapeHtml(data.link.url)}" style="color:#2f7d4f;">${escapeHtml(data.link.label)}</a></p>` : "",
    ].join("\n"),
  });
  const text = [
    data.heading,
    "",
    data.paragraphs[0],
    ...(items.length ? ["", ...items.map((item) => `- ${item}`)] : []),
    ...data.paragraphs.slice(1).flatMap((paragraph) => ["", paragraph]),
    ...(data.link ? ["", `${data.link.label}: ${data.link.url}`] : []),
  ].join("\n");
  return { subject: data.subject, html, text };
}

export type ThresholdCancellationData = {
  locale: Locale;
  shopName: string;
  cycleName: string;
  number: string;
  /** The minimums not reached that took lines of this order. */
  minimums: readonly MissedMinimum[];
  /** The whole order is cancelled (else only `lines`). */
  wholeOrder: boolean;
  lines: readonly { productName: string; variantName: string; quantity: number }[];
  /** The order's total after the cancellation (0 for a whole order). */
  totalCents: number;
  /** Given back to the card it was paid with, 0 when nothing was paid by card. */
  refundCents: number;
  orderUrl: string;
};

/** The buyer's one email per order: what a minimum not reached took from it, and the money. */
export function renderThresholdCancellation(data: ThresholdCancellationData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, data.locale);
  const values = { number: data.number, shop: data.shopName, cycle: data.cycleName };
  const paragraphs = [
    t(data.wholeOrder ? "emails:thresholds.cancelled.introWhole" : "emails:thresholds.cancelled.introLines", values),
    ...data.minimums.map((minimum) => describeMinimum(minimum, data.locale, t)),
  ];
  if (!data.wholeOrder) paragraphs.push(t("emails:thresholds.cancelled.newTotal", { total: money(data.totalCents) }));
  paragraphs.push(
    data.refundCents > 0 ? t("emails:thresholds.cancelled.refund", { amount: money(data.refundCents) }) : t("emails:thresholds.cancelled.noCardPayment"),
  );
  return render({
    locale: data.locale,
    heading: data.shopName,
    subject: t(data.wholeOrder ? "emails:thresholds.cancelled.subjectWhole" : "emails:thresholds.cancelled.subjectLines", values),
    paragraphs,
    items: data.lines.map((line) => t("emails:thresholds.cancelled.line", { product: `${line.productName} (${line.variantName})`, quantity: line.quantity })),
    link: { label: t("emails:thresholds.viewOrder"), url: data.orderUrl },
    footer: t("emails:thresholds.footer", { shop: data.shopName }),
  });
}

export type CloseExtendedData = {
  locale: Locale;
  shopName: string;
  cycleName: string;
  number: string;
  minimums: readonly MissedMinimum[];
  /** The new close, already formatted in the shop's zone and the reader's language. */
  newClose: string;
  shopUrl: string;
};

/** A buyer with an order in a cycle whose close moved, once, because a minimum is not reached yet. */
export function renderCloseExtended(data: CloseExtendedData, t: TFunction): RenderedEmail {
  const values = { number: data.number, shop: data.shopName, cycle: data.cycleName, close: data.newClose };
  return render({
    locale: data.locale,
    heading: data.shopName,
    subject: t("emails:thresholds.extended.subject", values),
    paragraphs: [
      t("emails:thresholds.extended.intro", values),
      ...data.minimums.map((m) => describeMinimum(m, data.locale, t)),
      t("emails:thresholds.extended.share"),
    ],
    link: { label: t("emails:thresholds.extended.visitShop"), url: data.shopUrl },
    footer: t("emails:thresholds.footer", { shop: data.shopName }),
  });
}

export type SupplierMinimumMissedData = {
  locale: Locale;
  supplierName: string;
  coordinatorName: string;
  cycleName: string;
  minimum: MissedMinimum;
};

/** The supplier's email instead of a purchase order: its minimum was not reached, nothing to bring. */
export function renderSupplierMinimumMissed(data: SupplierMinimumMissedData, t: TFunction): RenderedEmail {
  const values = { supplier: data.supplierName, coordinator: data.coordinatorName, cycle: data.cycleName };
  return render({
    locale: data.locale,
    heading: data.coordinatorName,
    subject: t("emails:thresholds.supplierMissed.subject", values),
    paragraphs: [
      t("emails:thresholds.supplierMissed.intro", values),
      describeMinimum(data.minimum, data.locale, t),
      t("emails:thresholds.supplierMissed.nothingToBring", values),
    ],
    footer: t("emails:thresholds.supplierMissed.footer", values),
  });
}
