// PUT and DELETE /api/v1/order-cycles/:cycleId/outgoing/:distributorId.
import type { ActionFunctionArgs } from "@remix-run/node";
import { putOutgoingExchange, removeOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PUT") {
    return authedApi(args, async ({ request, params, actor }) => {
      await putOutgoingExchange(actor, params.cycleId!, params.distributorId!, await readJson(request));
      const view = await viewCycleForActor(actor, params.cycleId!);
      return jsonResponse(view.outgoing.find((exchange) => exchange.distributor.id === params.distributorId));
    });
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await removeOutgoingExchange(actor, params.cycleId!, params.distributorId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
