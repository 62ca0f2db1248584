// A signed-in buyer finds their own orders on their account page: newest first, with the shop,
// the ready-for, the total and the state; nobody else's. Someone who manages no enterprise is
// shown how to start selling, and the top bar no longer offers "My enterprises".
import { beforeAll, describe, expect, test } from "vitest";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as accountPage from "#app/routes/account";
import * as shopPage from "#app/routes/shop.$distributorId";
import * as root from "#app/root";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
let other: TestUser;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Week 12", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [], readyFor: "Friday at the barn" });
  for (const variantId of w.variants.a) await setStock(variantId, 50);
  buyer = await createUser({ name: "Bea Buyer" });
  other = await createUser({ name: "Otto Other" });
});

const order = (quantity: number) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines: [{ variantId: w.variants.a[0], quantity }],
});

describe("the account page", () => {
  test("lists the buyer's own orders, newest first, cancelled ones marked", async () => {
    const first = await placeOrderApi(order(1), { token: buyer.token });
    const second = await placeOrderApi(order(2), { token: buyer.token });
    expect(second.status).toBe(201);
    expect((await cancelOrderApi(first.body.id, { token: buyer.token })).status).toBe(200);
    await placeOrderApi(order(3), { token: other.token });

    const page = await json(await callRoute(accountPage, { cookie: await sessionCookie(buyer), path: "/account" }));
    expect(page.orders).toEqual([
      expect.objectContaining({
        id: second.body.id,
        number: second.body.number,
        state: "placed",
        paymentState: "unpaid",
        totalCents: second.body.totalCents,
        shopName: w.distributor.name,
        readyFor: "Friday at the barn",
      }),
      expect.objectContaining({ id: first.body.id, state: "cancelled" }),
    ]);
  });

  test("someone with no enterprise is shown how to start one, and the top bar offers no 'My enterprises'", async () => {
    const cookie = await sessionCookie(other);
    expect((await json(await callRoute(accountPage, { cookie, path: "/account" }))).isManager).toBe(false);
    expect((await json(await callRoute(root, { cookie, path: "/" }))).isManager).toBe(false);
    const manager = await json(await callRoute(accountPage, { cookie: w.sessions.distributor, path: "/account" }));
    expect(manager.isManager).toBe(true);
  });
});

describe("the shop, for a buyer who already ordered there", () => {
  test("names each order still open to change, with a link to it; not cancelled ones, not another buyer's", async () => {
    const shopper = await createUser({ name: "Sam Shopper" });
    const placed = await placeOrderApi(order(2), { token: shopper.token });
    const cancelled = await placeOrderApi(order(1), { token: shopper.token });
    await cancelOrderApi(cancelled.body.id, { token: shopper.token });
    await placeOrderApi(order(1), { token: other.token });
    const page = await callRoute(shopPage, {
      path: `/shop/${w.distributor.id}`,
      params: { distributorId: w.distributor.id },
      cookie: await sessionCookie(shopper),
    });
    expect(page.status).toBe(200);
    const body = await json(page);
    expect(body.placedOrders).toEqual([
      { id: placed.body.id, number: placed.body.number, orderCycleId: cycleId, readyFor: "Friday at the barn", readyOn: null },
    ]);
    const guest = await json(await callRoute(shopPage, { path: `/shop/${w.distributor.id}`, params: { distributorId: w.distributor.id } }));
    expect(guest.placedOrders).toEqual([]);
  });
});
