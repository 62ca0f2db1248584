// POST /api/v1/order-cycles/:cycleId/outgoing/:distributorId/announce: the distributor's managers or
// the coordinator email the distributor's consenting customers that the cycle is open (once each).
import type { ActionFunctionArgs } from "@remix-run/node";
import { announceCycle } from "#app/domain/marketing/announcements.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse({ recipients: await announceCycle(actor, params.cycleId!, params.distributorId!, await readJson(request)) }, 202),
  );
}
