// GET /api/v1/enterprises/:enterpriseId/promo-codes (its codes with their uses) and POST (a new code).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createPromoCode, listPromoCodes } from "#app/domain/promotions/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse({ items: await listPromoCodes(actor, params.enterpriseId!), nextCursor: null }));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await createPromoCode(actor, params.enterpriseId!, await readJson(request)), 201));
}
