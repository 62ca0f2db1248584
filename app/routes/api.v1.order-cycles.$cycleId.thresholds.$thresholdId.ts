// DELETE /api/v1/order-cycles/:cycleId/thresholds/:thresholdId: the coordinator removes a minimum before the close.
import type { ActionFunctionArgs } from "@remix-run/node";
import { deleteThreshold } from "#app/domain/thresholds/commands.server";
import { authedApi, methodNotAllowed, noContent, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "DELETE") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => {
    await deleteThreshold(actor, params.cycleId!, params.thresholdId!);
    return noContent();
  });
}
