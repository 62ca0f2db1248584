// PUT and DELETE /api/v1/order-cycles/:cycleId/incoming/:supplierId.
import type { ActionFunctionArgs } from "@remix-run/node";
import { putIncomingExchange, removeIncomingExchange } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PUT") {
    return authedApi(args, async ({ request, params, actor }) => {
      // As with a date change, API clients state their intent; `confirmRemoval: false` asks for the 409 instead.
      await putIncomingExchange(actor, params.cycleId!, params.supplierId!, { confirmRemoval: true, ...(await readJson(request)) });
      const view = await viewCycleForActor(actor, params.cycleId!);
      return jsonResponse(view.incoming.find((exchange) => exchange.supplier.id === params.supplierId));
    });
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await removeIncomingExchange(actor, params.cycleId!, params.supplierId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
