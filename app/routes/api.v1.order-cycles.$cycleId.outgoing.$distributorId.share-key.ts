// POST /api/v1/order-cycles/:cycleId/outgoing/:distributorId/share-key: a new share link for an unlisted exchange; the old one stops working.
import type { ActionFunctionArgs } from "@remix-run/node";
import { rotateShareKey } from "#app/domain/order-cycles/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ params, actor }) => jsonResponse({ shareKey: await rotateShareKey(actor, params.cycleId!, params.distributorId!) }, 201));
}
