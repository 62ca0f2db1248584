// POST /api/v1/order-cycles/:cycleId/outgoing/:distributorId/payments: the listed orders of that
// shop marked paid, each for its balance. That shop's managers or the coordinator's. Idempotency-Key honoured.
import type { ActionFunctionArgs } from "@remix-run/node";
import { markOrdersPaid } from "#app/domain/payments/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(
      await markOrdersPaid(actor, params.cycleId!, params.distributorId!, await readJson(request), { idempotencyKey: request.headers.get("Idempotency-Key") }),
    ),
  );
}
