// The shop's promises (issue 5, docs/quality.md R1 and R7): tags decide who sees a cycle, simultaneous
// cycles keep their own products and prices, a cart holds one cycle, stock never oversells, an
// order after the close is refused whole, cancelling returns stock, and the product list's query
// count does not grow with the number of products.
import { eq, inArray, like, sql } from "drizzle-orm";
import { insertPaidInFull } from "#tests/support/payments";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { forgetShopPages } from "#app/domain/shop/catalogue.server";
import { putCustomer } from "#app/domain/shop/customers.server";
import * as cancelRoute from "#app/routes/api.v1.orders.$orderId.cancel";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as orderPageRoute from "#app/routes/orders.$orderId";
import * as cyclesRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { getDb, queryCount } from "#db/connection.server";
import { orderCycles, orders, outboxEmails, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, insertProduct, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi, raceTheClose } from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

async function openCycle(name: string, options: { tags?: string[] } = {}) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: options.tags ?? [] });
  return cycleId;
}

const river = () => ({
  distributorId: w.distributor.id,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});

async function setStock(variantId: string, stock: number | null) {
  await getDb().update(variants).set({ stock }).where(eq(variants.id, variantId));
}

async function stockOf(variantId: string) {
  const [row] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId));
  return row.stock;
}

async function cycleIdsSeenBy(token?: string) {
  const response = await callRoute(cyclesRoute, { params: { distributorId: w.distributor.id }, path: `/api/v1/shops/${w.distributor.id}/order-cycles`, token });
  const body = await json(response);
  const list = (Array.isArray(body) ? body : (body.items ?? body.orderCycles ?? body.open ?? [])) as { id: string }[];
  return list.map((cycle) => cycle.id);
}

describe("who sees a cycle", () => {
  test("a tagged cycle shows only to customers with a matching tag, and refuses others' orders", async () => {
    const cycleId = await openCycle("Pro week", { tags: ["pro"] });
    const member = await createUser({ name: "Pro buyer" });
    const stranger = await createUser({ name: "Walk-in" });
    await putCustomer(w.actors.distributor, w.distributor.id, { email: member.email, name: "Pro buyer", tags: ["pro"] });

    expect(await cycleIdsSeenBy(member.token)).toContain(cycleId);
    expect(await cycleIdsSeenBy(stranger.token)).not.toContain(cycleId);
    expect(await cycleIdsSeenBy()).not.toContain(cycleId);

    const order = { ...river(), orderCycleId: cycleId, lines: [{ variantId: w.variants.a[0], quantity: 1 }] };
    const refused = await callRoute(ordersRoute, { method: "POST", token: stranger.token, body: order });
    expect([403, 404]).toContain(refused.status);
    const accepted = await callRoute(ordersRoute, { method: "POST", token: member.token, body: order });
    expect(accepted.status).toBe(201);
  });
});

describe("simultaneous cycles", () => {
  test("each cycle lists its own products at its own prices", async () => {
    const week = await openCycle("Week");
    const special = await createOrderCycle(w.actors.hub, {
      name: "Special",
      coordinatorId: w.hub.id,
      opensAt: minuteFromNow(-30).toISOString(),
      closesAt: minuteFromNow(90).toISOString(),
      coordinatorFeeIds: [],
    });
    await putIncomingExchange(w.actors.hub, special, w.supplierA.id, { variantIds: [w.variants.a[2]], feeIds: [] });
    await putOutgoingExchange(w.actors.hub, special, w.distributor.id, { variantIds: [w.variants.a[2]], feeIds: [], readyFor: "Sunday", tags: [] });

    const list = async (cycleId: string) =>
      (
        await json(
          await callRoute(productsRoute, {
            params: { distributorId: w.distributor.id, cycleId },
            path: `/api/v1/shops/${w.distributor.id}/order-cycles/${cycleId}/products`,
          }),
        )
      ).items as { variantId: string; priceCents: number }[];
    // Week: Carrots 1 kg €2.50 and 3 kg €7.00, each + hub, Farm A and River fees (€0.10 each).
    expect((await list(week)).map((item) => [item.variantId, item.priceCents])).toEqual([
      [w.variants.a[0], 280],
      [w.variants.a[1], 730],
    ]);
    // Special: Leeks €3.00 with no fee at all.
    expect((await list(special)).map((item) => [item.variantId, item.priceCents])).toEqual([[w.variants.a[2], 300]]);
  });
});

describe("the cart", () => {
  test("holds one cycle: another cycle's product asks to switch, and switching empties it", async () => {
    const first = await openCycle("First");
    const second = await openCycle("Second");
    const buyer = await createUser({ name: "Switcher" });
    const owner = { userId: buyer.id };
    const who = { userId: buyer.id, email: buyer.email };
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: first, variantId: w.variants.a[0], quantity: 2 });
    await expect(setCartLine(w.distributor.id, owner, who, { orderCycleId: second, variantId: w.variants.a[1], quantity: 1 })).rejects.toMatchObject({
      code: "conflict",
    });
    await setCartLine(w.distributor.id, owner, who, { orderCycleId: second, variantId: w.variants.a[1], quantity: 1, confirmSwitch: true });
    const carts = await getDb().execute<{ order_cycle_id: string; lines: number }>(sql`
      select o.order_cycle_id, (select count(*)::int from order_lines l where l.order_id = o.id) as lines
      from orders o where o.buyer_id = ${buyer.id} and o.state = 'cart'`);
    expect(carts.map((cart) => [cart.order_cycle_id, cart.lines])).toEqual([[second, 1]]);
  });
});

describe("stock and the close", () => {
  test("R1: 50 parallel checkouts for 10 units: exactly 10 orders, stock 0", async () => {
    const cycleId = await openCycle("Rush");
    const variantId = w.variants.a[0];
    await setStock(variantId, 10);
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        callRoute(ordersRoute, {
          method: "POST",
          body: { ...river(), orderCycleId: cycleId, email: `rush-${i}@example.org`, lines: [{ variantId, quantity: 1 }] },
        }),
      ),
    );
    const statuses = attempts.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 409)).toHaveLength(40);
    const codes = await Promise.all(attempts.filter((response) => response.status === 409).map(async (response) => (await json(response)).error.code));
    expect(new Set(codes)).toEqual(new Set(["out_of_stock"]));
    expect(await stockOf(variantId)).toBe(0);
    const [{ count }] = await getDb().execute<{ count: number }>(
      sql`select count(*)::int as count from orders where order_cycle_id = ${cycleId} and state = 'placed'`,
    );
    expect(count).toBe(10);
  });

  test("R7: after the close an order is refused with order_cycle_closed and nothing is written", async () => {
    const cycleId = await openCycle("Closing");
    const variantId = w.variants.a[1];
    await setStock(variantId, 5);
    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(orderCycles.id, cycleId));
    const response = await callRoute(ordersRoute, {
      method: "POST",
      body: { ...river(), orderCycleId: cycleId, email: "late@example.org", lines: [{ variantId, quantity: 1 }] },
    });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe("order_cycle_closed");
    expect(await stockOf(variantId)).toBe(5);
    expect(await getDb().select({ id: orders.id }).from(orders).where(eq(orders.orderCycleId, cycleId))).toHaveLength(0);
  });

  test("R7: orders racing the close: some placed whole before it, the rest refused whole with order_cycle_closed, and the close's digest counts exactly the placed", async () => {
    const cycleId = await openCycle("Race the close");
    const variantId = w.variants.a[1];
    await setStock(variantId, null);
    const closes: string[][] = [];
    const race = await raceTheClose(
      cycleId,
      (i) => placeOrderApi({ ...river(), orderCycleId: cycleId, email: `race-${i}@example.org`, lines: [{ variantId, quantity: 2 }] }),
      {
        // The close is processed while the late wave arrives and the early one may still be writing.
        whileClosing: async () => closes.push(await processDueCycles(new Date())),
      },
    );
    for (const response of race.all) expect([201, 409]).toContain(response.status);
    const placed = race.all.filter((response) => response.status === 201);
    const refused = race.all.filter((response) => response.status === 409);
    expect(placed.length).toBeGreaterThan(0);
    // Everything submitted after the close was refused; the early wave may have lost some too.
    expect(race.late.map((response) => response.status)).toEqual(race.late.map(() => 409));
    expect(refused.length).toBeGreaterThanOrEqual(race.late.length);
    expect(new Set(refused.map((response) => response.body.error.code))).toEqual(new Set(["order_cycle_closed"]));

    const rows = await getDb().execute<{ orders: number; lines: number; quantity: number }>(sql`
      select count(distinct o.id)::int as orders, count(l.id)::int as lines, coalesce(sum(l.quantity), 0)::int as quantity
      from orders o left join order_lines l on l.order_id = o.id where o.order_cycle_id = ${cycleId}`);
    expect(rows[0]).toEqual({ orders: placed.length, lines: placed.length, quantity: placed.length * 2 });
    const ids = await getDb().select({ id: orders.id }).from(orders).where(eq(orders.orderCycleId, cycleId));
    expect(ids.map((row) => row.id).sort()).toEqual(placed.map((response) => response.body.id).sort());

    // The close, processed meanwhile or (if an order in flight held it off) just after, counts every
    // placed order and no other: none was accepted behind its back.
    if (!closes.flat().includes(cycleId)) expect(await processDueCycles(new Date())).toContain(cycleId);
    const [digest] = await getDb()
      .select()
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `coordinator-digest:${cycleId}:%`));
    expect(digest.text).toContain(`River Co-op: ${placed.length} ·`);
  });

  test("unlimited stock stays unlimited; cancelling returns stock", async () => {
    const cycleId = await openCycle("Cancel");
    await setStock(w.variants.a[0], null);
    await setStock(w.variants.a[1], 8);
    const buyer = await createUser({ name: "Changes mind" });
    const placed = await callRoute(ordersRoute, {
      method: "POST",
      token: buyer.token,
      body: {
        ...river(),
        orderCycleId: cycleId,
        lines: [
          { variantId: w.variants.a[0], quantity: 4 },
          { variantId: w.variants.a[1], quantity: 3 },
        ],
      },
    });
    expect(placed.status).toBe(201);
    const { id } = await json(placed);
    expect(await stockOf(w.variants.a[0])).toBeNull();
    expect(await stockOf(w.variants.a[1])).toBe(5);
    const cancelled = await callRoute(cancelRoute, { method: "POST", token: buyer.token, params: { orderId: id }, body: {} });
    expect(cancelled.status).toBe(200);
    expect((await json(cancelled)).state).toBe("cancelled");
    expect(await stockOf(w.variants.a[1])).toBe(8);
    expect(await stockOf(w.variants.a[0])).toBeNull();
  });
});

describe("the product list's cost", () => {
  test("runs as many queries for 300 products as for 10", async () => {
    const count = async (products: number) => {
      const variantIds: string[] = [];
      for (let i = 0; i < products; i += 1) {
        const { variants: rows } = await insertProduct(w.supplierA.id, `Bulk ${products}-${String(i).padStart(3, "0")}`, [
          { name: "each", priceCents: 100 + i },
        ]);
        variantIds.push(rows[0].id);
      }
      const cycleId = await createOrderCycle(w.actors.hub, {
        name: `Bulk ${products}`,
        coordinatorId: w.hub.id,
        opensAt: minuteFromNow(-30).toISOString(),
        closesAt: minuteFromNow(90).toISOString(),
        coordinatorFeeIds: [w.fees.hub.id],
      });
      await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { variantIds, feeIds: [w.fees.supplierA.id] });
      await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantIds, feeIds: [w.fees.distributor.id], tags: [] });
      const call = () =>
        callRoute(productsRoute, {
          params: { distributorId: w.distributor.id, cycleId },
          path: `/api/v1/shops/${w.distributor.id}/order-cycles/${cycleId}/products`,
        });
      await call(); // warm the connection
      forgetShopPages(); // measure the queries, not the page cache
      const before = queryCount();
      const response = await call();
      expect(response.status).toBe(200);
      return queryCount() - before;
    };
    const small = await count(10);
    const large = await count(300);
    expect(large).toBe(small);
    await getDb().update(variants).set({ stock: null }).where(inArray(variants.id, w.variants.a));
  }, 60_000);
});

describe("a paid order", () => {
  test("keeps its lines: a change is refused with 409 and nothing moves", async () => {
    const cycleId = await openCycle("Paid");
    await setStock(w.variants.a[1], 20);
    const buyer = await createUser({ name: "Paid already" });
    const placed = await callRoute(ordersRoute, {
      method: "POST",
      token: buyer.token,
      body: { ...river(), orderCycleId: cycleId, lines: [{ variantId: w.variants.a[1], quantity: 2 }] },
    });
    const { id } = await json(placed);
    await insertPaidInFull(id);
    const changed = await callRoute(orderRoute, {
      method: "PATCH",
      token: buyer.token,
      params: { orderId: id },
      body: { lines: [{ variantId: w.variants.a[1], quantity: 5 }] },
    });
    expect(changed.status).toBe(409);
    expect(Object.keys((await json(changed)).error.fields)).toEqual(["lines"]);
    expect(await stockOf(w.variants.a[1])).toBe(18);

    // The order page offers no quantity fields for it, says why, and still lets the buyer cancel.
    const page = await callRoute(orderPageRoute, { path: `/orders/${id}`, params: { orderId: id }, cookie: await sessionCookie(buyer) });
    expect(page.status).toBe(200);
    expect(await json(page)).toMatchObject({ canChange: false, canCancel: true });
  });
});
