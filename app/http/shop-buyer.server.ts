// Who is shopping: a signed-in buyer or a guest with a cart cookie. A guest who signs in keeps
// the cart they filled, unless their account already has one at this shop.
import { optionalCaller } from "#app/auth/actor.server";
import { adoptGuestCart } from "#app/domain/shop/cart.server";
import { readGuestToken } from "#app/http/cart-cookie.server";

export async function shopBuyer(request: Request, distributorId: string) {
  const caller = await optionalCaller(request).catch(() => undefined);
  const cookieToken = await readGuestToken(request);
  if (caller && cookieToken) await adoptGuestCart(distributorId, cookieToken, caller.user.id);
  const guestToken = caller ? null : cookieToken;
  return {
    caller,
    guestToken,
    buyer: { userId: caller?.user.id, email: caller?.user.email },
    owner: { userId: caller?.user.id, guestToken, email: caller?.user.email },
  };
}
