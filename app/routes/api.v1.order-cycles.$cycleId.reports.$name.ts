// GET /api/v1/order-cycles/:cycleId/reports/:name: {columns, rows, totals} for the caller's role,
// or text/csv with ?format=csv (or Accept: text/csv). Filters: distributorId, supplierId, shippingMethodId.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { isReportName } from "#app/domain/reports/definitions";
import { reportCsvResponse } from "#app/domain/reports/csv.server";
import { loadReport } from "#app/domain/reports/reports.server";
import { filtersFromSearch } from "#app/domain/reports/request";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor, locale }) => {
    if (!isReportName(params.name)) throw new DomainError("not_found");
    const url = new URL(request.url);
    const report = await loadReport(actor, params.cycleId!, params.name, filtersFromSearch(url.searchParams));
    const wantsCsv = url.searchParams.get("format") === "csv" || (request.headers.get("Accept") ?? "").includes("text/csv");
    if (wantsCsv) return reportCsvResponse(report, locale, params.cycleId!);
    return jsonResponse({ name: report.name, columns: report.columns, rows: report.rows, totals: report.totals });
  });
}
