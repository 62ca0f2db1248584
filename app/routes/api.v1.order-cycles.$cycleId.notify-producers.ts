// POST /api/v1/order-cycles/:cycleId/notify-producers: the coordinator queues one email per producer, now.
import type { ActionFunctionArgs } from "@remix-run/node";
import { notifyProducersNow } from "#app/domain/notifications/closing.server";
import { authedApi, jsonResponse, methodNotAllowed } from "#app/http/api.server";

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => jsonResponse({ queued: await notifyProducersNow(actor, params.cycleId!) }, 202));
}

export async function loader() {
  return methodNotAllowed();
}
