// POST /api/v1/orders/:orderId/collect: handed over at the counter; DELETE: back to pending. The
// order's distributor's managers and the coordinator's; again: unchanged, 200. Idempotency-Key honoured.
import type { ActionFunctionArgs } from "@remix-run/node";
import { collectOrder, undoCollect } from "#app/domain/pickup/commands.server";
import { orderJson } from "#app/domain/orders/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method !== "POST" && method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    const options = { idempotencyKey: request.headers.get("Idempotency-Key") };
    await (method === "POST" ? collectOrder : undoCollect)(actor, params.orderId!, options);
    return jsonResponse(await orderJson(params.orderId!));
  });
}
