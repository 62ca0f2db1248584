// Who asks about an order from a browser: the signed-in caller, if any, and the order's link key
// from the confirmation email (`?key=`), which lets a guest in (app/domain/orders/access.server.ts).
import { optionalCaller } from "#app/auth/actor.server";
import type { OrderRequester } from "#app/domain/orders/access.server";
import { isValidOrderAccessKey } from "#app/domain/orders/links.server";

export async function orderRequester(request: Request, orderId: string) {
  const caller = await optionalCaller(request).catch(() => undefined);
  const givenKey = new URL(request.url).searchParams.get("key");
  const key = isValidOrderAccessKey(orderId, givenKey) ? givenKey! : null;
  const requester: OrderRequester = { actor: caller?.actor, hasOrderKey: key !== null };
  /** `key`: the link key when valid, else null; `givenKey`: as given, valid or not. */
  return { caller, requester, key, givenKey };
}
