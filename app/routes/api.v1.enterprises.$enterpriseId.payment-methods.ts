// GET /api/v1/enterprises/:enterpriseId/payment-methods (live methods) and POST (cash, bank transfer, or
// Stripe card when this Circuit has Stripe keys).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { createPaymentMethod, listPaymentMethods } from "#app/domain/methods/methods.server";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => jsonResponse({ items: await listPaymentMethods(actor, params.enterpriseId!), nextCursor: null }));
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, params, actor }) =>
    jsonResponse(await createPaymentMethod(actor, params.enterpriseId!, await readJson(request)), 201),
  );
}
