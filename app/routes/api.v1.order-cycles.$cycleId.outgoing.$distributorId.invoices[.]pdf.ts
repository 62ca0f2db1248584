// GET /api/v1/order-cycles/:cycleId/outgoing/:distributorId/invoices.pdf: every invoice and credit
// note of that shop in the cycle, in number order, in one streamed PDF. That shop's managers or the coordinator's.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { pdfResponse } from "#app/domain/invoices/pdf.server";
import { shopInvoices } from "#app/domain/invoices/queries.server";
import { authedApi } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) =>
    pdfResponse(await shopInvoices(actor, params.cycleId!, params.distributorId!), `invoices-${params.cycleId}-${params.distributorId}.pdf`),
  );
}
