// POST /api/v1/orders/:orderId/cancel: stock returns.
import type { ActionFunctionArgs } from "@remix-run/node";
import { cancelOrder } from "#app/domain/orders/changes.server";
import { orderJson } from "#app/domain/orders/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await cancelOrder({ actor }, params.orderId!);
    return jsonResponse(await orderJson(params.orderId!));
  });
}
