// GET, PATCH and DELETE /api/v1/order-cycles/:cycleId.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { deleteOrderCycle, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await viewCycleForActor(actor, params.cycleId!)));
}

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PATCH") {
    return authedApi(args, async ({ request, params, actor }) => {
      // API clients state their intent explicitly; the confirmation step is the UI's.
      await updateOrderCycle(actor, params.cycleId!, { confirmDateChange: true, ...(await readJson(request)) });
      return jsonResponse(await viewCycleForActor(actor, params.cycleId!));
    });
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await deleteOrderCycle(actor, params.cycleId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
