// GET /api/v1/order-cycles/:cycleId/reports/:name: {columns, rows, totals} for the caller's role,
// or text/csv with ?format=csv (or Accept: text/csv), in the caller's language and its spreadsheet
// style unless ?csvStyle=comma|semicolon says otherwise; the supplier statement also as a PDF with
// ?format=pdf (or Accept: application/pdf). Filters: distributorId, supplierId, shippingMethodId.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvStyleFor, isCsvStyle, isReportName } from "#app/domain/reports/definitions";
import { reportCsvResponse } from "#app/domain/reports/csv.server";
import { loadReport, reportHeading } from "#app/domain/reports/reports.server";
import { statementPdfResponse } from "#app/domain/reports/statement-pdf.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { filtersFromSearch } from "#app/domain/reports/request";
import { authedApi, jsonResponse } from "#app/http/api.server";
import { resolveLocale } from "#app/i18n/locale.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor, caller }) => {
    if (!isReportName(params.name)) throw new DomainError("not_found");
    const url = new URL(request.url);
    const format = url.searchParams.get("format");
    const wantsPdf = format === "pdf" || (request.headers.get("Accept") ?? "").includes("application/pdf");
    if (wantsPdf && params.name !== "supplier-statement") throw invalidField("format", "pdfStatementOnly");
    const report = await loadReport(actor, params.cycleId!, params.name, filtersFromSearch(url.searchParams));
    if (wantsPdf) {
      const locale = await resolveLocale(request, caller.user.locale);
      const heading = await reportHeading(params.cycleId!, locale);
      return statementPdfResponse(report, heading, locale, `supplier-statement-${heading.cycleName || params.cycleId}.pdf`);
    }
    const wantsCsv = url.searchParams.get("format") === "csv" || (request.headers.get("Accept") ?? "").includes("text/csv");
    if (wantsCsv) {
      // The reader's language as the pages choose it (their setting first), so a download matches the page it came from.
      const locale = await resolveLocale(request, caller.user.locale);
      const asked = url.searchParams.get("csvStyle");
      return reportCsvResponse(report, locale, isCsvStyle(asked) ? asked : csvStyleFor(locale), params.cycleId!);
    }
    return jsonResponse({ name: report.name, columns: report.columns, rows: report.rows, totals: report.totals });
  });
}
