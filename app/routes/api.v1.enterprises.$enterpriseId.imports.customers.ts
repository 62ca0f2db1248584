// POST /api/v1/enterprises/:enterpriseId/imports/customers[?dryRun=true]: a CSV of customers, matched by email (docs/api.md).
import type { ActionFunctionArgs } from "@remix-run/node";
import { importCustomers } from "#app/domain/imports/customers.server";
import { authedApi, jsonResponse, methodNotAllowed, writeOnlyLoader } from "#app/http/api.server";
import { importResultJson, readCsvBody } from "#app/http/imports.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor, locale }) => {
    const dryRun = new URL(request.url).searchParams.get("dryRun") === "true";
    const result = await importCustomers(actor, params.enterpriseId!, await readCsvBody(request), { dryRun });
    return jsonResponse(importResultJson(result, locale));
  });
}
