// GET /orders/:orderId/invoices/:invoiceId.pdf: the invoice's PDF for whoever may read it from the
// browser (the buyer signed in or with the order's link, the hub's side), streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { invoicePdfResponse } from "#app/domain/invoices/pdf.server";
import { getInvoice } from "#app/domain/invoices/queries.server";
import { orderRequester } from "#app/http/order-requester.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { requester } = await orderRequester(request, params.orderId!);
  const invoice = await getInvoice(requester, params.invoiceId!, { orderId: params.orderId! }).catch((error) => {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  });
  return invoicePdfResponse(invoice);
}
