// GET /api/v1/enterprises/:enterpriseId/permissions (granted by and granted to it, for its managers)
// and POST (grant permissions to another enterprise; granting twice changes nothing).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { grantPermissions, listPermissions } from "#app/domain/enterprises/permissions.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse(await listPermissions(actor, params.enterpriseId!)));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await grantPermissions(actor, params.enterpriseId!, await readJson(request)), 201));
}
