// GET /api/v1/invoices/:invoiceId: the invoice or credit note as JSON, or its PDF with
// `Accept: application/pdf` or `?format=pdf`. Its order's buyer, distributor or coordinator only (others 404).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { invoicePdfResponse } from "#app/domain/invoices/pdf.server";
import { getInvoice } from "#app/domain/invoices/queries.server";
import { authedApi, jsonResponse } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, params, actor }) => {
    const invoice = await getInvoice({ actor }, params.invoiceId!);
    const wantsPdf = new URL(request.url).searchParams.get("format") === "pdf" || (request.headers.get("Accept") ?? "").includes("application/pdf");
    return wantsPdf ? invoicePdfResponse(invoice) : jsonResponse(invoice);
  });
}
