// GET /api/v1/orders: the orders feed (`?orderCycleId=&distributorId=&updatedSince=&externalId=&cursor=`),
// the orders the caller may see as a manager, latest change first. POST: place an order (signed in,
// or as a guest with an email); with `onBehalfOf`, a manager of the distributor or the coordinator
// enters it for a customer (docs/domain.md 12, decision 0048).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ordersFeed } from "#app/domain/orders/feed.server";
import { orderJsonOf } from "#app/domain/orders/queries.server";
import { placeOrderForCustomer } from "#app/domain/orders/for-customer.server";
import { requireCaller } from "#app/auth/actor.server";
import { placeOrderInFull } from "#app/domain/shop/checkout.server";
import { authedApi, jsonResponse, methodNotAllowed, optionalCaller, publicApi, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, actor }) => {
    const query = new URL(request.url).searchParams;
    return jsonResponse(
      await ordersFeed(actor, {
        orderCycleId: query.get("orderCycleId"),
        distributorId: query.get("distributorId"),
        updatedSince: query.get("updatedSince"),
        externalId: query.get("externalId"),
        cursor: query.get("cursor"),
      }),
    );
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ request, locale }) => {
    const body = await readJson(request);
    if (body.onBehalfOf !== undefined) {
      const manager = await requireCaller(request);
      return jsonResponse(orderJsonOf(await placeOrderForCustomer(manager.actor, body, new Date(), locale)), 201);
    }
    const caller = await optionalCaller(request);
    const signedIn = caller
      ? {
          userId: caller.user.id,
          email: caller.user.email,
          name: caller.user.name,
          locale: caller.user.locale,
          managedEnterpriseIds: caller.actor.enterpriseIds,
        }
      : undefined;
    const placed = await placeOrderInFull(body, signedIn, new Date(), locale);
    return jsonResponse(orderJsonOf(placed), 201);
  });
}
