// An invoice as words and figures in its buyer's language (docs/domain.md 10): what the HTML page
// and the PDF both print, so the two never say different things. Built from the issued snapshot.
import { formatMoney } from "#app/i18n/format";
import { isLocale, type Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import type { InvoiceView } from "./queries.server";
import { describeLine, rateText } from "./wording";

type LineColumn = "quantity" | "unitExcl" | "unitIncl" | "rate" | "totalExcl" | "totalIncl";

export type InvoiceDocument = {
  id: string;
  number: string;
  kind: InvoiceView["kind"];
  lang: Locale;
  title: string;
  /** A credit note: which invoice it cancels; an invoice: that a credit note cancelled it. */
  notice: string;
  parties: { title: string; lines: string[] }[];
  facts: { label: string; value: string }[];
  columns: { description: string } & Record<LineColumn, string>;
  lines: ({ title: string; note: string } & Record<LineColumn, string>)[];
  taxesTitle: string;
  taxColumns: { rate: string; base: string; tax: string };
  taxes: { rate: string; base: string; tax: string }[];
  totals: { label: string; amount: string; grand: boolean }[];
  payment: string;
  footnote: string;
  /** The number of the line table and the totals table, for "Lines" and "Totals" headings. */
  linesTitle: string;
};

export function invoiceDocument(invoice: InvoiceView): InvoiceDocument {
  const lang: Locale = isLocale(invoice.locale) ? invoice.locale : "en";
  const t = translator(lang, "invoices");
  const money = (cents: number | null) => (cents === null ? "" : formatMoney(cents, lang));
  const { seller, buyer } = invoice;
  return {
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    lang,
    title: t(invoice.kind === "credit_note" ? "creditNoteTitle" : "title", { number: invoice.number }),
    notice:
      invoice.kind === "credit_note" && invoice.creditsInvoiceNumber
        ? t("credits", { number: invoice.creditsInvoiceNumber })
        : invoice.kind === "invoice" && invoice.creditedAt
          ? t("credited")
          : "",
    parties: [
      {
        title: t("seller"),
        lines: [
          seller.legalName,
          seller.legalName !== seller.name ? seller.name : "",
          seller.address,
          seller.companyNumber ? t("companyNumber", { value: seller.companyNumber }) : "",
          seller.vatNumber ? t("vatNumber", { value: seller.vatNumber }) : "",
          seller.email,
        ].filter(Boolean),
      },
      { title: t("buyer"), lines: [buyer.name, buyer.address, buyer.email].filter(Boolean) },
    ],
    facts: [
      { label: t("number"), value: invoice.number },
      { label: t("issueDate"), value: invoice.issueDate },
      { label: t("supplyDate"), value: invoice.supplyDate + (invoice.readyFor ? ` (${invoice.readyFor})` : "") },
      { label: t("order"), value: t("orderNumber", { number: invoice.orderNumber }) },
      { label: t("cycle"), value: invoice.cycleName },
    ],
    linesTitle: t("linesTitle"),
    columns: {
      description: t("columns.description"),
      quantity: t("columns.quantity"),
      unitExcl: t("columns.unitExcl"),
      unitIncl: t("columns.unitIncl"),
      rate: t("columns.rate"),
      totalExcl: t("columns.totalExcl"),
      totalIncl: t("columns.totalIncl"),
    },
    lines: invoice.lines.map((line) => ({
      ...describeLine(line, t, lang),
      quantity: String(line.quantity),
      unitExcl: money(line.unitPriceExcludingTaxCents),
      unitIncl: money(line.unitPriceCents),
      rate: rateText(line.rateBasisPoints, lang),
      totalExcl: money(line.totalExcludingTaxCents),
      totalIncl: money(line.totalCents),
    })),
    taxesTitle: t("taxesTitle"),
    taxColumns: { rate: t("taxColumns.rate"), base: t("taxColumns.base"), tax: t("taxColumns.tax") },
    taxes: invoice.taxes.map((rate) => ({ rate: rateText(rate.rateBasisPoints, lang), base: money(rate.baseCents), tax: money(rate.taxCents) })),
    totals: [
      { label: t("totalExcl"), amount: money(invoice.totalExcludingTaxCents), grand: false },
      { label: t("totalTax"), amount: money(invoice.totalTaxCents), grand: false },
      { label: t("totalIncl"), amount: money(invoice.totalCents), grand: true },
    ],
    payment: `${t("payment")}: ${t("paymentLine", {
      method: invoice.payment.methodName || "—",
      state: t(`paymentState.${invoice.payment.state}`),
      paid: money(invoice.payment.paidCents),
    })}`,
    footnote: t("pricesIncludeTax"),
  };
}
