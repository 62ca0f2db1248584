// GET and PATCH /api/v1/orders/:orderId: its buyer, its distributor or the coordinator only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { changeOrderLines } from "#app/domain/orders/changes.server";
import { orderAccess } from "#app/domain/orders/access.server";
import { orderJson } from "#app/domain/orders/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => {
    await orderAccess({ actor }, params.orderId!);
    return jsonResponse(await orderJson(params.orderId!));
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => {
    await changeOrderLines({ actor }, params.orderId!, await readJson(request));
    return jsonResponse(await orderJson(params.orderId!));
  });
}
