// POST /api/v1/orders/:orderId/no-show: not collected by the end of the day (DELETE /collect undoes
// it). The order's distributor's managers and the coordinator's; again: unchanged, 200. Idempotency-Key honoured.
import type { ActionFunctionArgs } from "@remix-run/node";
import { markNoShow } from "#app/domain/pickup/commands.server";
import { orderJson } from "#app/domain/orders/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    await markNoShow(actor, params.orderId!, { idempotencyKey: request.headers.get("Idempotency-Key") });
    return jsonResponse(await orderJson(params.orderId!));
  });
}
