// The reports of a cycle (domain.md section 7): their names, columns and totals, and the CSV that
// carries the same rows as the HTML table. Pure, so pages and the API share one definition.

export const reportNames = ["supplier-totals", "supplier-totals-by-distributor", "distributor-totals", "orders", "fees", "payments"] as const;
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
  "supplier-totals-by-distributor": [text("supplier"), text("distributor"), text("product"), text("variant"), number("quantity"), money("supplierAmountCents"), money("salesCents")],
  "distributor-totals": [text("distributor"), number("orders"), number("items"), money("itemsCents"), money("feesCents"), money("totalCents"), money("paidCents"), money("unpaidCents")],
  orders: [text("pickup"), text("buyer"), number("order"), text("supplier"), text("product"), text("variant"), number("quantity"), money("amountCents")],
  fees: [text("enterprise"), text("fee"), text("feeType"), rate("taxRate"), money("amountCents"), money("taxCents")],
  payments: [text("paymentMethod"), text("paymentState"), number("orders"), money("amountCents")],
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

/** Cents as a plain decimal ("1234.50"), the form spreadsheets read whatever their language. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function csvCell(value: string): string {
  // Quote when needed, and keep spreadsheet formulas from running (a leading =, +, - or @ in text).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function formatCell(column: Column, value: Cell): string {
  if (value === null || value === undefined) return "";
  if (column.kind === "money") return centsToDecimal(Number(value));
  if (column.kind === "rate") return `${Number(value) / 100}`;
  return String(value);
}

/** The report as CSV: a header of column titles, the rows, then the totals row. */
export function toCsv(report: Report, titles: Record<string, string>, totalLabel: string): string {
  const lines = [report.columns.map((column) => csvCell(titles[column.key] ?? column.key))];
  for (const row of report.rows) lines.push(report.columns.map((column) => (column.kind === "text" ? csvCell(formatCell(column, row[column.key])) : formatCell(column, row[column.key]))));
  lines.push(report.columns.map((column, index) => (index === 0 ? csvCell(totalLabel) : column.kind === "text" ? "" : formatCell(column, report.totals[column.key]))));
  return `${lines.map((cells) => cells.join(",")).join("\r\n")}\r\n`;
}
