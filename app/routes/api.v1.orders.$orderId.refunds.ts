// POST /api/v1/orders/:orderId/refunds: a card payment refunded through Stripe, others recorded.
// Its distributor's managers or the coordinator's. Idempotency-Key honoured.
import type { ActionFunctionArgs } from "@remix-run/node";
import { refundOrder } from "#app/domain/payments/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(await refundOrder(actor, params.orderId!, await readJson(request), { idempotencyKey: request.headers.get("Idempotency-Key") }), 201),
  );
}
