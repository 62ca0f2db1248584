// Unlisted sales (docs/domain.md 12, decision 0047): an unlisted outgoing exchange is in no listing and
// opens only with its share key (or to the cycle's own managers). A wrong or replaced key answers
// exactly like a cycle that does not exist, through every door: the shop page, the shop API's list
// and products, the cart and the checkout. The key opens the exchange's visibility; its tags still apply.
import { beforeAll, describe, expect, test } from "vitest";
import { cloneOrderCycle, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import * as home from "#app/routes/_index";
import * as shopRoute from "#app/routes/shop.$distributorId";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import * as shopCyclesApi from "#app/routes/api.v1.shops.$distributorId.order-cycles";
import * as shareKeyApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.share-key";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { ordersOfCycle, placeOrderApi, putCustomerTags, setStock, shopCycleIds, shopProductsPage } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let shareKey: string;
let buyer: TestUser;
/** A key of the right shape that opens nothing. */
const WRONG_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const UNKNOWN_CYCLE = "00000000-0000-0000-0000-000000000000";

async function riverShareKey(): Promise<string | null> {
  const view = await viewCycleForActor(w.actors.distributor, cycleId);
  return (view.outgoing.find((exchange) => exchange.distributor.id === w.distributor.id) as { shareKey?: string | null }).shareKey ?? null;
}

const order = (orderCycleId: string, extra: Record<string, unknown> = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines: [{ variantId: w.variants.a[0], quantity: 1 }],
  ...extra,
});

/** The shop page's loader data as a buyer's browser gets it, without the clock it was drawn at. */
async function shopPageAs(query: string, cookie?: string) {
  const response = await callRoute(shopRoute, { path: `/shop/${w.distributor.id}${query}`, params: { distributorId: w.distributor.id }, cookie });
  const { now: _now, ...body } = await json(response);
  return { status: response.status, body, setCookie: response.headers.get("Set-Cookie") };
}

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Works council sale", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  // River's sale: unlisted, for everyone holding the link. Lake's exchange stays listed and tagged.
  await putOutgoingExchange(w.actors.distributor, cycleId, w.distributor.id, { tags: [], visibility: "unlisted" });
  shareKey = (await riverShareKey())!;
  buyer = await createUser({ name: "Council member" });
  await setStock(w.variants.a[0], 100);
});

describe("an unlisted exchange", () => {
  test("has a url-safe key of at least 128 bits, shown to its managers only", async () => {
    expect(shareKey).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    const asSupplier = await viewCycleForActor(w.actors.supplierA, cycleId);
    expect(asSupplier.outgoing.find((exchange) => exchange.distributor.id === w.distributor.id)).not.toHaveProperty("shareKey");
    const asHub = await viewCycleForActor(w.actors.hub, cycleId);
    expect(asHub.outgoing.find((exchange) => exchange.distributor.id === w.distributor.id)).toMatchObject({ visibility: "unlisted", shareKey });
  });

  test("is in no listing: the shop API, the home page's open shops", async () => {
    expect(await shopCycleIds(w.distributor.id)).toEqual([]);
    expect(await shopCycleIds(w.distributor.id, { token: buyer.token })).toEqual([]);
    const homePage = await json(await callRoute(home, { path: "/" }));
    expect(homePage.shops.map((shop: { id: string }) => shop.id)).not.toContain(w.distributor.id);
  });

  test("opens with its key: listed for that caller, products, and an order", async () => {
    const listed = await callShopList(`?key=${shareKey}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([cycleId]);
    const products = await shopProductsPage(w.distributor.id, cycleId, {}, `?key=${shareKey}`);
    expect(products.status).toBe(200);
    expect(products.body.items.length).toBeGreaterThan(0);
    const placed = await placeOrderApi(order(cycleId, { shareKey }), { token: buyer.token });
    expect(placed.status).toBe(201);
  });

  test("answers a missing or wrong key exactly like an unknown cycle: products and orders, status and body", async () => {
    const unknownProducts = await shopProductsPage(w.distributor.id, UNKNOWN_CYCLE, {}, `?key=${shareKey}`);
    expect(unknownProducts.status).toBe(404);
    for (const query of ["", `?key=${WRONG_KEY}`, "?key=short", `?key=${shareKey.slice(0, -1)}`]) {
      expect(await shopProductsPage(w.distributor.id, cycleId, {}, query)).toEqual(unknownProducts);
    }
    const before = (await ordersOfCycle(cycleId)).length;
    const unknownOrder = await placeOrderApi(order(UNKNOWN_CYCLE, { shareKey }), { token: buyer.token });
    expect(unknownOrder.status).toBe(404);
    for (const extra of [{}, { shareKey: WRONG_KEY }]) {
      expect(await placeOrderApi(order(cycleId, extra), { token: buyer.token })).toEqual(unknownOrder);
    }
    expect((await ordersOfCycle(cycleId)).length).toBe(before);
    // The listing with a wrong key is the listing without one.
    expect(await callShopList(`?key=${WRONG_KEY}`)).toEqual(await callShopList(""));
  });

  test("needs no key for the cycle's managers (the distributor's and the coordinator's)", async () => {
    for (const manager of [w.people.distributor, w.people.hub]) {
      expect(await shopCycleIds(w.distributor.id, { token: manager.token })).toEqual([cycleId]);
      expect((await placeOrderApi(order(cycleId), { token: manager.token })).status).toBe(201);
    }
    // A supplier of the cycle is not its manager here.
    expect(await shopCycleIds(w.distributor.id, { token: w.people.supplierA.token })).toEqual([]);
  });

  test("a new key makes the old one answer like an unknown cycle, and the new one works", async () => {
    const rotated = await callRoute(shareKeyApi, {
      method: "POST",
      params: { cycleId, distributorId: w.distributor.id },
      token: w.people.distributor.token,
    });
    expect(rotated.status).toBe(201);
    const { shareKey: fresh } = await json(rotated);
    expect(fresh).not.toBe(shareKey);
    expect(await riverShareKey()).toBe(fresh);
    const unknownProducts = await shopProductsPage(w.distributor.id, UNKNOWN_CYCLE, {}, `?key=${shareKey}`);
    expect(await shopProductsPage(w.distributor.id, cycleId, {}, `?key=${shareKey}`)).toEqual(unknownProducts);
    const unknownOrder = await placeOrderApi(order(UNKNOWN_CYCLE, { shareKey }), { token: buyer.token });
    expect(await placeOrderApi(order(cycleId, { shareKey }), { token: buyer.token })).toEqual(unknownOrder);
    expect((await shopProductsPage(w.distributor.id, cycleId, {}, `?key=${fresh}`)).status).toBe(200);
    expect((await placeOrderApi(order(cycleId, { shareKey: fresh }), { token: buyer.token })).status).toBe(201);
    shareKey = fresh;
  });

  test("a copy of the cycle stays unlisted and locked, with a link of its own", async () => {
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantsLocked: true });
    const copyId = await cloneOrderCycle(w.actors.hub, cycleId);
    const copy = await viewCycleForActor(w.actors.hub, copyId);
    const river = copy.outgoing.find((exchange) => exchange.distributor.id === w.distributor.id) as {
      visibility: string;
      shareKey: string;
      variantsLocked: boolean;
    };
    expect(river).toMatchObject({ visibility: "unlisted", variantsLocked: true });
    expect(river.shareKey).toMatch(/^[\w-]{32}$/);
    expect(river.shareKey).not.toBe(shareKey);
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantsLocked: false });
  });

  test("a listed exchange has no link to replace (422 at visibility)", async () => {
    const response = await callRoute(shareKeyApi, { method: "POST", params: { cycleId, distributorId: w.lake.id }, token: w.people.hub.token });
    expect(response.status).toBe(422);
    expect((await json(response)).error.fields).toHaveProperty("visibility");
  });
});

describe("the shop page and its checkout with a share link", () => {
  test("?key= opens the sale and keeps the key in a cookie; a wrong or unknown key draws the page of a shop without it, and keeps nothing", async () => {
    const opened = await shopPageAs(`?key=${shareKey}`);
    expect(opened.status).toBe(200);
    expect(opened.body.cycles.map((cycle: { id: string }) => cycle.id)).toEqual([cycleId]);
    expect(opened.body.selectedId).toBe(cycleId);
    expect(opened.setCookie).toMatch(/^circuit_share_keys=/);
    const without = await shopPageAs("");
    expect(without.body.cycles).toEqual([]);
    for (const query of [`?key=${WRONG_KEY}`, `?cycle=${cycleId}&key=${WRONG_KEY}`]) {
      const wrong = await shopPageAs(query);
      expect(wrong.setCookie).toBeNull();
      expect(wrong.body).toEqual({ ...without.body, search: "" });
    }
    expect((await shopPageAs(`?cycle=${cycleId}`)).body).toEqual((await shopPageAs(`?cycle=${UNKNOWN_CYCLE}`)).body);
  });

  test("the kept key carries the buyer through the cart and the checkout; without it the cart is refused like an unknown cycle", async () => {
    const shopper = await createUser({ name: "Cart shopper" });
    const session = await sessionCookie(shopper);
    const keyCookie = (await shopPageAs(`?key=${shareKey}`)).setCookie!.split(";")[0];
    const cookie = `${session}; ${keyCookie}`;
    // Later visits without ?key= still see the sale.
    expect((await shopPageAs("", cookie)).body.cycles.map((cycle: { id: string }) => cycle.id)).toEqual([cycleId]);
    const addLine = (withCookie: string, orderCycleId: string) =>
      callRoute(shopRoute, {
        path: `/shop/${w.distributor.id}`,
        params: { distributorId: w.distributor.id },
        cookie: withCookie,
        form: { orderCycleId, variantId: w.variants.a[0], quantity: "2" },
      });
    // The form's own values come back as sent; the rest of the answer is the same.
    const { values: _sent, ...refused } = await json(await addLine(session, cycleId));
    const { values: _other, ...unknown } = await json(await addLine(session, UNKNOWN_CYCLE));
    expect(refused).toEqual(unknown);
    expect(refused.ok).toBe(false);
    expect((await addLine(cookie, cycleId)).status).toBe(302);
    const before = (await ordersOfCycle(cycleId)).length;
    const checkout = await callRoute(checkoutRoute, {
      path: `/shop/${w.distributor.id}/checkout`,
      params: { distributorId: w.distributor.id },
      cookie,
      form: { shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id, name: "Cart shopper" },
    });
    expect(checkout.status).toBe(302);
    expect(checkout.headers.get("Location")).toMatch(/^\/orders\//);
    expect((await ordersOfCycle(cycleId)).length).toBe(before + 1);
  });
});

describe("an unlisted exchange with tags", () => {
  let member: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    await putOutgoingExchange(w.actors.distributor, cycleId, w.distributor.id, { tags: ["council"] });
    member = await createUser({ name: "Tagged member" });
    stranger = await createUser({ name: "Untagged" });
    await putCustomerTags(w.people.distributor.token, w.distributor.id, member.email, ["council"]);
  });

  test("needs the key and the tag: either alone answers like an unknown cycle", async () => {
    const unknown = await shopProductsPage(w.distributor.id, UNKNOWN_CYCLE, { token: member.token }, `?key=${shareKey}`);
    expect(await shopProductsPage(w.distributor.id, cycleId, { token: stranger.token }, `?key=${shareKey}`)).toEqual(unknown);
    expect(await shopProductsPage(w.distributor.id, cycleId, { token: member.token })).toEqual(unknown);
    expect((await shopProductsPage(w.distributor.id, cycleId, { token: member.token }, `?key=${shareKey}`)).status).toBe(200);
    expect((await placeOrderApi(order(cycleId, { shareKey }), { token: stranger.token })).status).toBe(404);
    expect((await placeOrderApi(order(cycleId, { shareKey }), { token: member.token })).status).toBe(201);
  });

  test("listed again, it shows to the tagged customers without a key, as any tagged exchange", async () => {
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { visibility: "listed" });
    expect(await shopCycleIds(w.distributor.id, { token: member.token })).toEqual([cycleId]);
    expect(await shopCycleIds(w.distributor.id, { token: stranger.token })).toEqual([]);
  });
});

/** GET /shops/:id/order-cycles with a query (the shop helper sends none). */
async function callShopList(query: string) {
  const response = await callRoute(shopCyclesApi, {
    path: `/api/v1/shops/${w.distributor.id}/order-cycles${query}`,
    params: { distributorId: w.distributor.id },
  });
  return { status: response.status, body: await json(response) };
}
