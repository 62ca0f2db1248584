// POST /api/v1/order-cycles/:cycleId/clone: a copy without dates.
import type { ActionFunctionArgs } from "@remix-run/node";
import { cloneOrderCycle } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor, locale }) => {
    const copyId = await cloneOrderCycle(actor, params.cycleId!, locale);
    return jsonResponse(await viewCycleForActor(actor, copyId), 201);
  });
}
