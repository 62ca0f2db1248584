// PUT /api/v1/order-cycles/:cycleId/incoming/:supplierId/confirmation: what the supplier will
// deliver (its managers or the coordinator); the same command as the producer's signed link.
import type { ActionFunctionArgs } from "@remix-run/node";
import { confirmSupplierDelivery } from "#app/domain/notifications/confirmation.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PUT") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(await confirmSupplierDelivery({ actor, cycleId: params.cycleId!, supplierId: params.supplierId! }, await readJson(request))),
  );
}
