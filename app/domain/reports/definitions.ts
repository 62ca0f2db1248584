// The reports of a cycle (docs/domain.md section 7): their names, columns and totals, and how a cell reads
// in a CSV. Pure, so pages and the API share one definition.

export const reportNames = [
  "supplier-totals",
  "supplier-totals-by-distributor",
  "distributor-totals",
  "orders",
  "fees",
  "discounts",
  "payments",
  "supplier-statement",
] as const;
export type ReportName = (typeof reportNames)[number];

export function isReportName(value: unknown): value is ReportName {
  return typeof value === "string" && (reportNames as readonly string[]).includes(value);
}

export type ColumnKind = "text" | "number" | "money" | "rate";
export type Column = { key: string; kind: ColumnKind };
export type Cell = string | number | null;
export type Row = Record<string, Cell>;
export type Report = { name: ReportName; columns: Column[]; rows: Row[]; totals: Row };

const text = (key: string): Column => ({ key, kind: "text" });
const number = (key: string): Column => ({ key, kind: "number" });
const money = (key: string): Column => ({ key, kind: "money" });
const rate = (key: string): Column => ({ key, kind: "rate" });

export const reportColumns: Record<ReportName, Column[]> = {
  "supplier-totals": [text("supplier"), text("product"), text("variant"), number("quantity"), money("supplierAmountCents"), money("salesCents")],
  "supplier-totals-by-distributor": [
    text("supplier"),
    text("distributor"),
    text("product"),
    text("variant"),
    number("quantity"),
    money("supplierAmountCents"),
    money("salesCents"),
  ],
  "distributor-totals": [
    text("distributor"),
    number("orders"),
    number("items"),
    money("itemsCents"),
    money("feesCents"),
    money("discountCents"),
    money("totalCents"),
    money("paidCents"),
    money("unpaidCents"),
  ],
  orders: [
    text("pickup"),
    text("buyer"),
    text("phone"),
    text("email"),
    text("deliveryAddress"),
    number("order"),
    text("supplier"),
    text("product"),
    text("variant"),
    number("quantity"),
    money("amountCents"),
  ],
  fees: [text("enterprise"), text("fee"), text("feeType"), rate("taxRate"), money("amountCents"), money("taxCents")],
  /** Promo codes used (decision 0051): per code and shop, its orders, their products and what it took off. */
  discounts: [text("code"), text("enterprise"), text("distributor"), number("orders"), money("itemsCents"), money("discountCents")],
  payments: [
    number("order"),
    text("buyer"),
    text("paymentMethod"),
    text("paymentState"),
    money("totalCents"),
    money("paidCents"),
    money("balanceCents"),
    text("fulfilmentState"),
  ],
  "supplier-statement": [
    text("supplier"),
    text("product"),
    text("variant"),
    text("fee"),
    text("enterprise"),
    number("quantity"),
    number("weighedGrams"),
    rate("taxRate"),
    money("excludingTaxCents"),
    money("taxCents"),
    money("supplierAmountCents"),
    money("feesTakenCents"),
  ],
};

/** Sums of the number and money columns; text columns stay empty. */
export function totalsOf(columns: readonly Column[], rows: readonly Row[]): Row {
  const totals: Row = {};
  for (const column of columns) {
    if (column.kind === "number" && column.key !== "order") totals[column.key] = rows.reduce((sum, row) => sum + Number(row[column.key] ?? 0), 0);
    else if (column.kind === "money") totals[column.key] = rows.reduce((sum, row) => sum + Number(row[column.key] ?? 0), 0);
    else totals[column.key] = null;
  }
  return totals;
}

/** How to reach a buyer: for the coordinator and the order's own shop only, never for a supplier (docs/domain.md 3). */
export const contactColumnKeys: readonly string[] = ["phone", "email", "deliveryAddress"];

/** A report's columns for a viewer: one who may never see a buyer's contact does not get empty contact columns. */
export function columnsFor(name: ReportName, seesContacts: boolean): Column[] {
  return seesContacts ? reportColumns[name] : reportColumns[name].filter((column) => !contactColumnKeys.includes(column.key));
}

/**
 * How a spreadsheet reads a CSV: `comma` between cells with a decimal point (English), or
 * `semicolon` with a decimal comma (French and most of Europe, where the comma is the decimal mark).
 */
export const csvStyles = ["comma", "semicolon"] as const;
export type CsvStyle = (typeof csvStyles)[number];

export function isCsvStyle(value: unknown): value is CsvStyle {
  return typeof value === "string" && (csvStyles as readonly string[]).includes(value);
}

export function csvStyleFor(locale: string): CsvStyle {
  return locale === "fr" ? "semicolon" : "comma";
}

export const csvDelimiter: Record<CsvStyle, string> = { comma: ",", semicolon: ";" };
const decimalMark: Record<CsvStyle, string> = { comma: ".", semicolon: "," };

/** Cents as a plain decimal ("1234.50", or "1234,50" for a decimal-comma spreadsheet): no currency, no grouping. */
export function centsToDecimal(cents: number, style: CsvStyle = "comma"): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}${decimalMark[style]}${String(abs % 100).padStart(2, "0")}`;
}

/** A cell as a spreadsheet reads it: money and rates as plain decimals in the style's mark. */
export function formatCell(column: Column, value: Cell, style: CsvStyle = "comma"): string {
  if (value === null || value === undefined) return "";
  if (column.kind === "money") return centsToDecimal(Number(value), style);
  if (column.kind === "rate") return String(Number(value) / 100).replace(".", decimalMark[style]);
  return String(value);
}
