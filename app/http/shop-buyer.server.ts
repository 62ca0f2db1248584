// Who is shopping: a signed-in buyer or a guest with a cart cookie. A guest who signs in keeps
// the cart they filled, unless their account already has one at this shop. The share keys they
// hold (the cookie, and `?key=` of a share link) and the enterprises they manage open unlisted sales.
import { optionalCaller } from "#app/auth/actor.server";
import { adoptGuestCart } from "#app/domain/shop/cart.server";
import { readGuestToken } from "#app/http/cart-cookie.server";
import { readShareKeys, shareKeyShaped } from "#app/http/share-keys-cookie.server";

export async function shopBuyer(request: Request, distributorId: string) {
  const caller = await optionalCaller(request).catch(() => undefined);
  const [cookieToken, keptKeys] = await Promise.all([readGuestToken(request), readShareKeys(request)]);
  if (caller && cookieToken) await adoptGuestCart(distributorId, cookieToken, caller.user.id);
  const guestToken = caller ? null : cookieToken;
  const linkKey = new URL(request.url).searchParams.get("key");
  const givenKey = shareKeyShaped(linkKey) ? linkKey : null;
  return {
    caller,
    guestToken,
    /** The share link's key in this address, if it looks like one; the page keeps it once it opened something. */
    givenKey,
    keptKeys,
    buyer: {
      userId: caller?.user.id,
      email: caller?.user.email,
      shareKeys: givenKey ? [givenKey, ...keptKeys] : keptKeys,
      managedEnterpriseIds: caller?.actor.enterpriseIds ?? [],
    },
    owner: { userId: caller?.user.id, guestToken, email: caller?.user.email },
  };
}
