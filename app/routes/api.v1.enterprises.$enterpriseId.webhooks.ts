// GET /api/v1/enterprises/:enterpriseId/webhooks (its endpoints, never their secrets) and POST (register
// one: the signing secret is answered here only). The enterprise's own managers.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createEndpoint, listEndpoints } from "#app/domain/webhooks/endpoints.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse({ items: await listEndpoints(actor, params.enterpriseId!), nextCursor: null }));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) => jsonResponse(await createEndpoint(actor, params.enterpriseId!, await readJson(request)), 201));
}
