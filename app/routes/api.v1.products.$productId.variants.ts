// POST /api/v1/products/:productId/variants: add a variant to a product.
import type { ActionFunctionArgs } from "@remix-run/node";
import { addVariant } from "#app/domain/catalogue/commands.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await addVariant(actor, params.productId!, await readJson(request)), 201));
}
