// A report as a CSV download in the reader's language: column titles, payment states and fee types
// translated, cells split and decimals marked the way the reader's spreadsheet expects (or as asked).
import { stringify } from "csv-stringify/sync";
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { inertCell } from "#app/domain/csv";
import { csvDelimiter, formatCell, type Column, type Cell, type CsvStyle, type Report } from "./definitions";

/** The report as CSV: a header of column titles, the rows, then the totals row. */
export function toCsv(report: Report, locale: Locale, style: CsvStyle): string {
  const t = translator(locale, "reports");
  const cell = (column: Column, value: Cell): string => {
    if (column.kind !== "text") return formatCell(column, value, style);
    if (value === null || value === undefined) return "";
    if (column.key === "paymentState") return t(`paymentStates.${value}`, { defaultValue: String(value) });
    if (column.key === "fulfilmentState") return t(`fulfilmentStates.${value}`, { defaultValue: String(value) });
    if (column.key === "feeType") return t(`feeTypes.${value}`, { defaultValue: String(value) });
    return inertCell(String(value));
  };
  const records = [
    report.columns.map((column) => t(`columns.${column.key}`)),
    ...report.rows.map((row) => report.columns.map((column) => cell(column, row[column.key]))),
    report.columns.map((column, index) =>
      index === 0 ? t("total") : column.kind === "text" || column.kind === "rate" ? "" : formatCell(column, report.totals[column.key], style),
    ),
  ];
  return stringify(records, { delimiter: csvDelimiter[style], record_delimiter: "\r\n" });
}

export function reportCsvResponse(report: Report, locale: Locale, style: CsvStyle, cycleId: string): Response {
  // The byte order mark tells spreadsheets the file is UTF-8 (accents in names stay right).
  return new Response(`\uFEFF${toCsv(report, locale, style)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.name}-${cycleId.slice(0, 8)}.csv"`,
    },
  });
}
