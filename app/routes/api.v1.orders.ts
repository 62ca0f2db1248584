// POST /api/v1/orders: place an order (signed in, or as a guest with an email).
import type { ActionFunctionArgs } from "@remix-run/node";
import { orderJsonOf } from "#app/domain/orders/queries.server";
import { placeOrderInFull } from "#app/domain/shop/checkout.server";
import { jsonResponse, methodNotAllowed, optionalCaller, publicApi, readJson, writeOnlyLoader } from "#app/http/api.server";

export const loader = writeOnlyLoader;

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ request, locale }) => {
    const caller = await optionalCaller(request);
    const signedIn = caller ? { userId: caller.user.id, email: caller.user.email, name: caller.user.name, locale: caller.user.locale } : undefined;
    const placed = await placeOrderInFull(await readJson(request), signedIn, new Date(), locale);
    return jsonResponse(orderJsonOf(placed), 201);
  });
}
