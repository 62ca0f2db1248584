// Pickup day's counter actions through the API (docs/domain.md 11, decision 0039): collected (who,
// when), undone, no-show, each idempotent (again: unchanged, 200; the same Idempotency-Key: the first
// answer again, nothing more written, also when racing over real sockets), refused for a cancelled
// order (409 order_cancelled) and for a cart (404), and in GET /orders/:id with its history.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orderFulfilmentChanges, orders, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { cancelOrder } from "#app/domain/orders/changes.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as collectRoute from "#app/routes/api.v1.orders.$orderId.collect";
import * as noShowRoute from "#app/routes/api.v1.orders.$orderId.no-show";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as reportRoute from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { name: "Pickup week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

async function place() {
  return placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "ada@example.org",
      name: "Ada Buyer",
      lines: [{ variantId: w.variants.a[0], quantity: 2 }],
    },
    undefined,
  );
}

const collect = (orderId: string, token: string, key?: string) =>
  callRoute(collectRoute, { method: "POST", path: "/x", params: { orderId }, token, headers: key ? { "Idempotency-Key": key } : {} });
const undo = (orderId: string, token: string, key?: string) =>
  callRoute(collectRoute, { method: "DELETE", path: "/x", params: { orderId }, token, headers: key ? { "Idempotency-Key": key } : {} });
const noShow = (orderId: string, token: string) => callRoute(noShowRoute, { method: "POST", path: "/x", params: { orderId }, token });
const history = (orderId: string) => getDb().select().from(orderFulfilmentChanges).where(eq(orderFulfilmentChanges.orderId, orderId));
const orderRow = async (orderId: string) => (await getDb().select().from(orders).where(eq(orders.id, orderId)))[0];

describe("the counter's actions", () => {
  it("a placed order starts pending, and GET /orders/:id says so", async () => {
    const orderId = await place();
    const order = await json(await callRoute(orderRoute, { path: "/x", params: { orderId }, token: w.people.hub.token }));
    expect(order.fulfilmentState).toBe("pending");
    expect(order.collectedAt).toBeNull();
    expect(order.fulfilmentHistory).toEqual([]);
  });

  it("collected records who and when; again answers 200 and changes nothing", async () => {
    const orderId = await place();
    const first = await collect(orderId, w.people.distributor.token);
    expect(first.status).toBe(200);
    const body = await json(first);
    expect(body.fulfilmentState).toBe("collected");
    expect(body.collectedAt).not.toBeNull();
    const row = await orderRow(orderId);
    expect(row.collectedByUserId).toBe(w.people.distributor.id);
    expect(row.fulfilmentChangedByUserId).toBe(w.people.distributor.id);
    const again = await collect(orderId, w.people.hub.token);
    expect(again.status).toBe(200);
    expect((await json(again)).fulfilmentState).toBe("collected");
    // Unchanged: still the first volunteer's, and one history row.
    expect((await orderRow(orderId)).collectedByUserId).toBe(w.people.distributor.id);
    expect(await history(orderId)).toHaveLength(1);
  });

  it("undo puts it back to pending and clears who collected it; the order's history has both, in order", async () => {
    const orderId = await place();
    await collect(orderId, w.people.distributor.token);
    const undone = await undo(orderId, w.people.hub.token);
    expect(undone.status).toBe(200);
    expect((await json(undone)).fulfilmentState).toBe("pending");
    const row = await orderRow(orderId);
    expect(row.collectedAt).toBeNull();
    expect(row.collectedByUserId).toBeNull();
    expect(row.fulfilmentChangedByUserId).toBe(w.people.hub.id);
    expect((await undo(orderId, w.people.hub.token)).status).toBe(200);
    const order = await json(await callRoute(orderRoute, { path: "/x", params: { orderId }, token: w.people.hub.token }));
    expect(order.fulfilmentHistory.map((entry: { from: string; to: string; actor: { name: string } }) => [entry.from, entry.to, entry.actor.name])).toEqual([
      ["pending", "collected", "Distributor manager"],
      ["collected", "pending", "Hub manager"],
    ]);
  });

  it("a no-show is marked, again unchanged, and collecting it after all still works", async () => {
    const orderId = await place();
    const marked = await noShow(orderId, w.people.distributor.token);
    expect(marked.status).toBe(200);
    expect((await json(marked)).fulfilmentState).toBe("no_show");
    expect((await noShow(orderId, w.people.distributor.token)).status).toBe(200);
    expect(await history(orderId)).toHaveLength(1);
    expect((await json(await collect(orderId, w.people.distributor.token))).fulfilmentState).toBe("collected");
  });

  it("a cancelled order is refused with order_cancelled (409), and nothing is written", async () => {
    const orderId = await place();
    await cancelOrder({ actor: w.actors.hub }, orderId);
    for (const response of [await collect(orderId, w.people.hub.token), await noShow(orderId, w.people.hub.token), await undo(orderId, w.people.hub.token)]) {
      expect(response.status).toBe(409);
      expect((await json(response)).error.code).toBe("order_cancelled");
    }
    expect((await orderRow(orderId)).fulfilmentState).toBe("pending");
    expect(await history(orderId)).toHaveLength(0);
  });

  it("the payments report says which orders were collected", async () => {
    const orderId = await place();
    await collect(orderId, w.people.distributor.token);
    const { number } = await orderRow(orderId);
    const report = await json(await callRoute(reportRoute, { path: "/x", params: { cycleId, name: "payments" }, token: w.people.distributor.token }));
    expect(report.rows.find((row: { order: number }) => row.order === number).fulfilmentState).toBe("collected");
    const csv = await (
      await callRoute(reportRoute, { path: "/x?format=csv", params: { cycleId, name: "payments" }, token: w.people.distributor.token })
    ).text();
    expect(csv.split("\n")[0]).toContain("Pickup status");
    expect(csv).toContain("Collected");
  });

  it("a cart is not an order: 404", async () => {
    const orderId = await place();
    await getDb().update(orders).set({ state: "cart" }).where(eq(orders.id, orderId));
    const response = await collect(orderId, w.people.hub.token);
    expect(response.status).toBe(404);
    expect(await history(orderId)).toHaveLength(0);
  });
});

describe("Idempotency-Key on the counter's actions", () => {
  it("the same key after an undo answers the first collect again and collects nothing more", async () => {
    const orderId = await place();
    expect((await json(await collect(orderId, w.people.hub.token, "tap-1"))).fulfilmentState).toBe("collected");
    await undo(orderId, w.people.hub.token, "tap-2");
    // A retry of the first tap (its answer was lost on the way) must not collect the order again.
    expect((await collect(orderId, w.people.hub.token, "tap-1")).status).toBe(200);
    expect((await orderRow(orderId)).fulfilmentState).toBe("pending");
    expect(await history(orderId)).toHaveLength(2);
  });

  it("twenty collects racing over real sockets, half with one key, make exactly one change", async () => {
    const orderId = await place();
    const server = await serveRoute(collectRoute, { orderId });
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${server.url}/api/v1/orders/${orderId}/collect`, {
            method: "POST",
            headers: { Authorization: `Bearer ${w.people.distributor.token}`, ...(i % 2 === 0 ? { "Idempotency-Key": "race-key" } : {}) },
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
      for (const response of responses) expect((await response.json()).fulfilmentState).toBe("collected");
    } finally {
      await server.close();
    }
    expect(await history(orderId)).toHaveLength(1);
  });

  it("a malformed key is refused with 422 and changes nothing", async () => {
    const orderId = await place();
    const response = await collect(orderId, w.people.hub.token, "a key with spaces");
    expect(response.status).toBe(422);
    expect((await orderRow(orderId)).fulfilmentState).toBe("pending");
  });
});
