// POST /api/v1/enterprises/:enterpriseId/imports/products[?dryRun=true]: a CSV of products, a row per variant (docs/api.md).
import type { ActionFunctionArgs } from "@remix-run/node";
import { importProducts } from "#app/domain/imports/products.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";
import { importResultJson, readCsvBody } from "#app/http/imports.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor, locale }) => {
    const dryRun = new URL(request.url).searchParams.get("dryRun") === "true";
    const result = await importProducts(actor, params.enterpriseId!, await readCsvBody(request), { dryRun });
    return jsonResponse(importResultJson(result, locale));
  });
}
