// The cart (docs/domain.md section 5): one per buyer and distributor, bound to one cycle; another
// cycle's product asks to switch (409 switchCycle) and switching empties it; stock is checked on
// adding; checkout turns it into the order, and a checkout refused at the close keeps it.
import { and, eq, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { createHash } from "node:crypto";
import * as shopPage from "#app/routes/shop.$distributorId";
import { cartCookie } from "#app/http/cart-cookie.server";
import { adoptGuestCart, cartView, findCart, newGuestToken, setCartLine, type CartOwner } from "#app/domain/shop/cart.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { orderCycles, orderLines, orders, shippingMethods } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { ordersOfCycle, outboxCount, placeOrderApi, setStock, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";
import { callRoute } from "#tests/support/http";

let w: CoopPlus;
let first: string;
let second: string;

beforeAll(async () => {
  w = await coopPlus();
  // Two cycles open at once at River and at Lake, untagged. River sells carrots 1 kg and 3 kg;
  // Lake sells carrots 1 kg and milk 1 l. Each unit costs its price + 3 per-item fees of 10.
  first = await seedCycle(w, { name: "First", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  second = await seedCycle(w, { name: "Second", opensAt: minuteFromNow(-30), closesAt: minuteFromNow(180) });
  for (const cycleId of [first, second]) {
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  }
  for (const variantId of [...w.variants.a, ...w.variants.b]) await setStock(variantId, 20);
});

function member(user: TestUser) {
  return { owner: { userId: user.id, email: user.email } satisfies CartOwner, buyer: { userId: user.id, email: user.email } };
}

async function cartsOf(userId: string) {
  return getDb().execute<{ distributor_id: string; order_cycle_id: string; lines: string[] }>(sql`
    select o.distributor_id, o.order_cycle_id,
      coalesce((select array_agg(l.variant_id || 'x' || l.quantity order by l.variant_id) from order_lines l where l.order_id = o.id), '{}') as lines
    from orders o where o.buyer_id = ${userId} and o.state = 'cart' order by o.distributor_id`);
}

describe("a cart holds one distributor and one cycle", () => {
  test("ten first adds at once make one cart, with each line once", async () => {
    const buyer = await createUser({ name: "Double clicker" });
    const { owner, buyer: who } = member(buyer);
    const adds = Array.from({ length: 10 }, (_, i) =>
      setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[i % 2], quantity: 1 + (i % 2) }),
    );
    await Promise.all(adds);
    expect(await cartsOf(buyer.id)).toEqual([
      { distributor_id: w.distributor.id, order_cycle_id: first, lines: [`${w.variants.a[0]}x1`, `${w.variants.a[1]}x2`].sort() },
    ]);
  });

  test("the database itself holds one open cart per buyer, and per guest, at a shop", async () => {
    const buyer = await createUser({ name: "Second cart" });
    const cart = (values: Partial<typeof orders.$inferInsert>) =>
      getDb()
        .insert(orders)
        .values({ orderCycleId: first, distributorId: w.distributor.id, email: "", state: "cart", ...values });
    await cart({ buyerId: buyer.id });
    await expect(cart({ buyerId: buyer.id })).rejects.toMatchObject({ cause: { code: "23505" } });
    await cart({ guestTokenHash: "hash-of-one-guest" });
    await expect(cart({ guestTokenHash: "hash-of-one-guest" })).rejects.toMatchObject({ cause: { code: "23505" } });
    // Another shop, or an order already placed, is not a second cart.
    await cart({ buyerId: buyer.id, distributorId: w.lake.id });
    await cart({ buyerId: buyer.id, state: "placed" });
  });

  test("eight first adds at once through the shop page, by a guest whose cookie has no cart yet, make one cart", async () => {
    const guestToken = newGuestToken();
    const cookie = (await cartCookie().serialize(guestToken)).split(";")[0];
    const posts = Array.from({ length: 8 }, (_, i) =>
      callRoute(shopPage, {
        path: `/shop/${w.distributor.id}`,
        params: { distributorId: w.distributor.id },
        cookie,
        form: { orderCycleId: first, variantId: w.variants.a[i % 2], quantity: String(1 + (i % 2)) },
      }),
    );
    for (const response of await Promise.all(posts)) expect(response.status).toBe(302);
    const carts = await getDb()
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.distributorId, w.distributor.id),
          eq(orders.state, "cart"),
          eq(orders.guestTokenHash, createHash("sha256").update(guestToken).digest("hex")),
        ),
      );
    expect(carts).toHaveLength(1);
    const lines = await getDb()
      .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
      .from(orderLines)
      .where(eq(orderLines.orderId, carts[0].id));
    expect(lines.sort((a, b) => a.variantId.localeCompare(b.variantId))).toEqual(
      [
        { variantId: w.variants.a[0], quantity: 1 },
        { variantId: w.variants.a[1], quantity: 2 },
      ].sort((a, b) => a.variantId.localeCompare(b.variantId)),
    );
  });

  test("a guest signing in while the account adds its first item keeps one cart for the account", async () => {
    const buyer = await createUser({ name: "Signs in mid-add" });
    const { owner, buyer: who } = member(buyer);
    const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: first, variantId: w.variants.a[0], quantity: 1 });
    await Promise.all([
      adoptGuestCart(w.distributor.id, guestToken!, buyer.id),
      setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 1 }),
    ]);
    expect(await cartsOf(buyer.id)).toHaveLength(1);
  });

  test("adding from another cycle answers 409 switchCycle and leaves the cart as it was", async () => {
    const buyer = await createUser({ name: "Two cycles" });
    const { owner, buyer: who } = member(buyer);
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 1 });

    const refusal = await setCartLine(w.distributor.id, owner, who, { orderCycleId: second, variantId: w.variants.a[1], quantity: 3 }).catch((error) => error);
    expect(refusal).toMatchObject({ code: "conflict", fields: { orderCycleId: { key: "switchCycle" } } });
    expect(await cartsOf(buyer.id)).toEqual([
      { distributor_id: w.distributor.id, order_cycle_id: first, lines: [`${w.variants.a[0]}x2`, `${w.variants.a[1]}x1`].sort() },
    ]);
  });

  test("with confirmation the cart switches cycle and keeps only the new line", async () => {
    const buyer = await createUser({ name: "Switcher" });
    const { owner, buyer: who } = member(buyer);
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: second, variantId: w.variants.a[1], quantity: 3, confirmSwitch: true });
    expect(await cartsOf(buyer.id)).toEqual([{ distributor_id: w.distributor.id, order_cycle_id: second, lines: [`${w.variants.a[1]}x3`] }]);

    const view = await cartView(w.distributor.id, owner);
    expect(view).toMatchObject({ orderCycleId: second, itemsTotalCents: 2190, feesTotalCents: 0, totalCents: 2190 });
    expect(view!.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[1], quantity: 3, unitPriceCents: 730, totalCents: 2190 })]);
  });

  test("a cart at another distributor is a separate cart: no switch is asked", async () => {
    const buyer = await createUser({ name: "Two shops" });
    const { owner, buyer: who } = member(buyer);
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 1 });
    await setCartLine(w.lake.id, owner, who, { orderCycleId: second, variantId: w.variants.b[0], quantity: 2 });
    expect(await cartsOf(buyer.id)).toEqual(
      [
        { distributor_id: w.distributor.id, order_cycle_id: first, lines: [`${w.variants.a[0]}x1`] },
        { distributor_id: w.lake.id, order_cycle_id: second, lines: [`${w.variants.b[0]}x2`] },
      ].sort((a, b) => a.distributor_id.localeCompare(b.distributor_id)),
    );
  });

  test("setting a line again replaces its quantity, and 0 removes it", async () => {
    const buyer = await createUser({ name: "Fiddler" });
    const { owner, buyer: who } = member(buyer);
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 5 });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 1 });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 0 });
    expect(await cartsOf(buyer.id)).toEqual([{ distributor_id: w.distributor.id, order_cycle_id: first, lines: [`${w.variants.a[0]}x5`] }]);
  });
});

describe("adding to a cart", () => {
  test("checks stock: more than is left is refused with out_of_stock", async () => {
    const buyer = await createUser({ name: "Greedy" });
    const { owner, buyer: who } = member(buyer);
    await setStock(w.variants.a[1], 3);
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 4 })).rejects.toMatchObject({
      code: "out_of_stock",
    });
    expect(await cartsOf(buyer.id)).toEqual([]);
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[1], quantity: 3 });
    expect(await stockOf(w.variants.a[1])).toBe(3); // a cart reserves nothing
    await setStock(w.variants.a[1], 20);
  });

  test("refuses a product the cycle does not sell here, a tagged cycle (404) and a closed one (409)", async () => {
    const buyer = await createUser({ name: "Wrong door" });
    const { owner, buyer: who } = member(buyer);
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.b[0], quantity: 1 })).rejects.toMatchObject({
      code: "validation_failed",
      fields: { variantId: { key: "notForSale" } },
    });
    const tagged = await seedCycle(w, { name: "Tagged", opensAt: minuteFromNow(-10), closesAt: minuteFromNow(60) });
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: tagged, variantId: w.variants.a[0], quantity: 1 })).rejects.toMatchObject({
      code: "not_found",
    });
    const closed = await seedCycle(w, { name: "Closed", opensAt: minuteFromNow(-120), closesAt: minuteFromNow(-60) });
    await putOutgoingExchange(w.actors.hub, closed, w.distributor.id, { tags: [] });
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: closed, variantId: w.variants.a[0], quantity: 1 })).rejects.toMatchObject({
      code: "order_cycle_closed",
    });
    expect(await cartsOf(buyer.id)).toEqual([]);
  });
});

describe("a cart whose products changed since it was filled", () => {
  test("loses a product that left the cycle, is cut to the stock left, says so once, and can be checked out", async () => {
    const buyer = await createUser({ name: "Comes back later" });
    const { owner, buyer: who } = member(buyer);
    const [carrots1] = w.variants.a;
    // Lake's own cycle-level list, so River's other tests keep their products.
    await setCartLine(w.lake.id, owner, who, { orderCycleId: first, variantId: carrots1, quantity: 5 });
    const { cartId } = await setCartLine(w.lake.id, owner, who, { orderCycleId: first, variantId: w.variants.b[0], quantity: 2 });
    // Meanwhile the coordinator takes the milk out of Lake's list, and carrots run low.
    await putOutgoingExchange(w.actors.hub, first, w.lake.id, { variantIds: [carrots1] });
    await setStock(carrots1, 3);
    try {
      const view = await cartView(w.lake.id, owner);
      expect(view!.changes).toEqual([
        { kind: "removed", productName: "Milk", variantName: "1 l" },
        { kind: "reduced", productName: "Carrots", variantName: "1 kg", from: 5, to: 3 },
      ]);
      expect(view!.lines.map((line) => [line.variantId, line.quantity])).toEqual([[carrots1, 3]]);
      // Said once: the cart itself was changed.
      expect((await cartView(w.lake.id, owner))!.changes).toEqual([]);
      const stored = await getDb()
        .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
        .from(orderLines)
        .where(eq(orderLines.orderId, cartId));
      expect(stored).toEqual([{ variantId: carrots1, quantity: 3 }]);
      const orderId = await placeOrder(
        {
          distributorId: w.lake.id,
          orderCycleId: first,
          shippingMethodId: w.methods.lake[0].shipping.id,
          paymentMethodId: w.methods.lake[0].payment.id,
          lines: stored,
        },
        { userId: buyer.id, email: buyer.email, name: buyer.name },
        new Date(),
        "en",
        { cartId },
      );
      expect(orderId).toBeTruthy();
      expect(await stockOf(carrots1)).toBe(0);
    } finally {
      await putOutgoingExchange(w.actors.hub, first, w.lake.id, { variantIds: [carrots1, w.variants.b[0]] });
      await setStock(carrots1, 20);
    }
  });
});

describe("checking out a cart", () => {
  test("the cart becomes the order and is gone", async () => {
    const buyer = await createUser({ name: "Checks out" });
    const { owner, buyer: who } = member(buyer);
    const { cartId } = await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    const orderId = await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: first,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        lines: [{ variantId: w.variants.a[0], quantity: 2 }],
      },
      { userId: buyer.id, email: buyer.email, name: buyer.name },
      new Date(),
      "en",
      { cartId },
    );
    expect(await cartsOf(buyer.id)).toEqual([]);
    const [order] = await getDb().select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ state: "placed", buyerId: buyer.id, totalCents: 560 });
  });

  test("a checkout refused because the cycle closed keeps the cart and its lines", async () => {
    const cycleId = await seedCycle(w, { name: "Closes during checkout", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    const buyer = await createUser({ name: "Slow at checkout" });
    const { owner, buyer: who } = member(buyer);
    const { cartId } = await setCartLine(w.distributor.id, owner, who, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 2 });
    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(orderCycles.id, cycleId));
    const before = await stockOf(w.variants.a[0]);
    await expect(
      placeOrder(
        {
          distributorId: w.distributor.id,
          orderCycleId: cycleId,
          shippingMethodId: w.methods.distributor.shipping.id,
          paymentMethodId: w.methods.distributor.payment.id,
          lines: [{ variantId: w.variants.a[0], quantity: 2 }],
        },
        { userId: buyer.id, email: buyer.email, name: buyer.name },
        new Date(),
        "en",
        { cartId },
      ),
    ).rejects.toMatchObject({ code: "order_cycle_closed" });
    expect(await cartsOf(buyer.id)).toEqual([{ distributor_id: w.distributor.id, order_cycle_id: cycleId, lines: [`${w.variants.a[0]}x2`] }]);
    expect(await stockOf(w.variants.a[0])).toBe(before);
    expect(
      await getDb()
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed"))),
    ).toEqual([]);
  });
});

describe("checkout input", () => {
  test("another shop's methods, a delivery without an address or no email are refused with 422 and write nothing", async () => {
    const [delivery] = await getDb()
      .insert(shippingMethods)
      .values({ enterpriseId: w.distributor.id, name: "Van", kind: "delivery", feeCents: 300 })
      .returning();
    const cycleId = await seedCycle(w, { name: "Checkout input", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    const base = {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "input@example.org",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    };
    const before = await stockOf(w.variants.a[0]);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, shippingMethodId: w.methods.lake[0].shipping.id }, "shippingMethodId"],
      [{ ...base, paymentMethodId: w.methods.lake[0].payment.id }, "paymentMethodId"],
      [{ ...base, shippingMethodId: delivery.id }, "deliveryAddress"],
      [{ ...base, email: undefined }, "email"],
      [{ ...base, lines: [{ variantId: w.variants.a[0], quantity: 0 }] }, "lines"],
    ];
    for (const [body, field] of cases) {
      const refused = await placeOrderApi(body);
      expect(refused.status).toBe(422);
      expect(Object.keys(refused.body.error.fields)).toEqual([field]);
    }
    expect(await stockOf(w.variants.a[0])).toBe(before);
    expect(await ordersOfCycle(cycleId)).toEqual([]);
    expect(await outboxCount("input@example.org")).toBe(0);

    // With an address the delivery is accepted and its fee is an adjustment: 280 + 3.00.
    const delivered = await placeOrderApi({ ...base, shippingMethodId: delivery.id, deliveryAddress: "12 Elm Street" });
    expect(delivered.status).toBe(201);
    expect(delivered.body).toMatchObject({
      itemsTotalCents: 280,
      feesTotalCents: 300,
      totalCents: 580,
      adjustments: [expect.objectContaining({ label: "Van", amountCents: 300 })],
    });
  });
});

describe("a guest's cart when they sign in", () => {
  test("is adopted at this shop only: the account's cart at another shop stays its own", async () => {
    const buyer = await createUser({ name: "Guest at two shops" });
    // The account already has a cart at Lake (milk).
    await setCartLine(
      w.lake.id,
      { userId: buyer.id },
      { userId: buyer.id, email: buyer.email },
      { orderCycleId: first, variantId: w.variants.b[0], quantity: 1 },
    );
    // As a guest (one cart cookie for every shop) they filled carts at River and, later, at Lake.
    const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await setCartLine(w.lake.id, { guestToken }, {}, { orderCycleId: first, variantId: w.variants.a[0], quantity: 4 });

    await adoptGuestCart(w.distributor.id, guestToken!, buyer.id);

    expect(await cartsOf(buyer.id)).toEqual(
      [
        { distributor_id: w.distributor.id, order_cycle_id: first, lines: [`${w.variants.a[0]}x2`] },
        { distributor_id: w.lake.id, order_cycle_id: first, lines: [`${w.variants.b[0]}x1`] },
      ].sort((a, b) => a.distributor_id.localeCompare(b.distributor_id)),
    );
    const lakeCart = await findCart(w.lake.id, { userId: buyer.id });
    const lines = await getDb().select({ variantId: orderLines.variantId }).from(orderLines).where(eq(orderLines.orderId, lakeCart!.id));
    expect(lines).toEqual([{ variantId: w.variants.b[0] }]);
    // The guest's Lake cart is still the guest's.
    expect((await findCart(w.lake.id, { guestToken }))?.buyerId).toBeNull();
  });
});
