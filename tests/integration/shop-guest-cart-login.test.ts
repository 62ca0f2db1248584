// A guest fills a cart, then signs in: the cart follows them, unless their account already has one.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { cartCookie } from "#app/http/cart-cookie.server";
import * as shopRoute from "#app/routes/shop.$distributorId";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60 * 24) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

async function guestCart(quantity: number) {
  const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity });
  return (await cartCookie().serialize(guestToken)).split(";")[0];
}

async function shopCart(cookie: string) {
  const response = await callRoute(shopRoute, { path: `/shop/${w.distributor.id}`, params: { distributorId: w.distributor.id }, cookie });
  expect(response.status).toBe(200);
  const body = await json(response);
  return body.cart as { lines: { variantId: string; quantity: number }[] } | null;
}

describe("a guest cart when its owner signs in", () => {
  it("becomes the account's cart and stays with it without the guest cookie", async () => {
    const buyer = await createUser({ name: "Guest turned member" });
    const session = await sessionCookie(buyer);
    const guest = await guestCart(2);

    const adopted = await shopCart(`${session}; ${guest}`);
    expect(adopted?.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[0], quantity: 2 })]);

    const later = await shopCart(session);
    expect(later?.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[0], quantity: 2 })]);
  });

  it("leaves the account's own cart alone when it already has one", async () => {
    const buyer = await createUser({ name: "Member with a cart" });
    const session = await sessionCookie(buyer);
    await setCartLine(
      w.distributor.id,
      { userId: buyer.id },
      { userId: buyer.id, email: buyer.email },
      { orderCycleId: cycleId, variantId: w.variants.a[1], quantity: 1 },
    );
    const guest = await guestCart(3);

    const cart = await shopCart(`${session}; ${guest}`);
    expect(cart?.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[1], quantity: 1 })]);
  });
});

describe("a cart left in a cycle that closed", () => {
  it("is flagged as such, with nothing to check out, and the buyer can empty it", async () => {
    const closing = await seedCycle(w, { name: "Closes soon", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, closing, w.distributor.id, { tags: [] });
    const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: closing, variantId: w.variants.a[0], quantity: 1 });
    const cookie = (await cartCookie().serialize(guestToken)).split(";")[0];
    await getDb()
      .update(orderCycles)
      .set({ closesAt: minuteFromNow(-1) })
      .where(eq(orderCycles.id, closing));

    const page = await json(await callRoute(shopRoute, { path: `/shop/${w.distributor.id}`, params: { distributorId: w.distributor.id }, cookie }));
    expect(page.cartStale).toBe(true);
    const emptied = await callRoute(shopRoute, {
      method: "POST",
      path: `/shop/${w.distributor.id}`,
      params: { distributorId: w.distributor.id },
      cookie,
      form: { intent: "emptyCart" },
    });
    expect(emptied.status).toBe(302);
    const after = await json(await callRoute(shopRoute, { path: `/shop/${w.distributor.id}`, params: { distributorId: w.distributor.id }, cookie }));
    expect(after).toMatchObject({ cart: null, cartStale: false });
  });
});
