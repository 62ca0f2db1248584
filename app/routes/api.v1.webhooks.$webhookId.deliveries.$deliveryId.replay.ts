// POST /api/v1/webhooks/:webhookId/deliveries/:deliveryId/replay: the same event sent again as a new
// delivery, marked `Circuit-Replay` with the original's id. 202: it is queued, not yet sent.
import type { ActionFunctionArgs } from "@remix-run/node";
import { replayDelivery } from "#app/domain/webhooks/endpoints.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => jsonResponse(await replayDelivery(actor, params.webhookId!, params.deliveryId!), 202));
}
