// POST /api/v1/order-cycles/:cycleId/repeat: copies every N weeks or every month, linked in a
// series; with dryRun only the dates they would have.
import type { ActionFunctionArgs } from "@remix-run/node";
import { repeatOrderCycle } from "#app/domain/order-cycles/repeat.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor, locale }) => {
    const result = await repeatOrderCycle(actor, params.cycleId!, await readJson(request), locale);
    return jsonResponse(result, result.dryRun ? 200 : 201);
  });
}
