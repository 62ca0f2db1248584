// A report as a CSV download, with column titles in the viewer's language.
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { toCsv, type Report } from "./definitions";

export function reportCsvResponse(report: Report, locale: Locale, cycleId: string): Response {
  const t = translator(locale, "reports");
  const titles = Object.fromEntries(report.columns.map((column) => [column.key, t(`columns.${column.key}`)]));
  const csv = toCsv(report, titles, t("total"));
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${report.name}-${cycleId.slice(0, 8)}.csv"`,
    },
  });
}
