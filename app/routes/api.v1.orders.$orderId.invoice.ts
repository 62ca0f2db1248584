// POST /api/v1/orders/:orderId/invoice: issues the order's invoice (201), or answers the one already
// issued when the order has not changed (200); a changed order gets a credit note and a new invoice.
import type { ActionFunctionArgs } from "@remix-run/node";
import { issueInvoice } from "#app/domain/invoices/issue.server";
import { getInvoice } from "#app/domain/invoices/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    const { invoice, created } = await issueInvoice(actor, params.orderId!);
    return jsonResponse(await getInvoice({ actor }, invoice.id), created ? 201 : 200);
  });
}
