// GET and POST /api/v1/orders/:orderId/payments: the order's payment records; a payment received
// (cash, bank transfer, other), by its distributor's managers or the coordinator's. Idempotency-Key honoured.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { paymentsOfOrder, recordPayment } from "#app/domain/payments/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await paymentsOfOrder(actor, params.orderId!)));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    const payment = await recordPayment(actor, params.orderId!, await readJson(request), { idempotencyKey: request.headers.get("Idempotency-Key") });
    return jsonResponse(payment, 201);
  });
}
