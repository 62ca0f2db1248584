// PATCH /api/v1/enterprises/:enterpriseId/shop-preferences: how its shop sorts open cycles and
// whether suppliers see buyer names; its managers only.
import type { ActionFunctionArgs } from "@remix-run/node";
import { updateShopPreferences } from "#app/domain/enterprises/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await updateShopPreferences(actor, params.enterpriseId!, await readJson(request))));
}
