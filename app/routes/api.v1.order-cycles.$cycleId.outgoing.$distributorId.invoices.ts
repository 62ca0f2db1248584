// POST /api/v1/order-cycles/:cycleId/outgoing/:distributorId/invoices: invoices every placed order of
// that shop in the cycle not yet invoiced, in one transaction. That shop's managers or the coordinator's.
import type { ActionFunctionArgs } from "@remix-run/node";
import { issueShopInvoices } from "#app/domain/invoices/issue.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => jsonResponse(await issueShopInvoices(actor, params.cycleId!, params.distributorId!)));
}
