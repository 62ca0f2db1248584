// PATCH /api/v1/promo-codes/:promoCodeId: switch a code off or on, move its end, change its total uses.
import type { ActionFunctionArgs } from "@remix-run/node";
import { updatePromoCode } from "#app/domain/promotions/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "PATCH") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await updatePromoCode(actor, params.promoCodeId!, await readJson(request))));
}
