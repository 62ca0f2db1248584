// GET /api/v1/enterprises/:enterpriseId/shipping-methods (live methods) and POST (a pickup point or delivery).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createShippingMethod, listShippingMethods } from "#app/domain/methods/methods.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse({ items: await listShippingMethods(actor, params.enterpriseId!), nextCursor: null }));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(await createShippingMethod(actor, params.enterpriseId!, await readJson(request)), 201),
  );
}
