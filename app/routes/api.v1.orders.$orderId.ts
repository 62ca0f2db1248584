// GET and PATCH /api/v1/orders/:orderId: its buyer, its distributor or the coordinator only.
// PATCH: the hub's side adjusts the listed lines at any time; the buyer changes the order while the cycle is open.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { changeOrder } from "#app/domain/orders/changes.server";
import { orderAccess } from "#app/domain/orders/access.server";
import { orderJsonWithHistory } from "#app/domain/orders/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => {
    await orderAccess({ actor }, params.orderId!);
    return jsonResponse(await orderJsonWithHistory(params.orderId!));
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    await changeOrder({ actor }, params.orderId!, await readJson(request));
    return jsonResponse(await orderJsonWithHistory(params.orderId!));
  });
}
