// The check-in page of a pickup point and its sheet (docs/domain.md 11): who may open them, the
// search by buyer name or order number, the form posts (collected, cash received, no-show, undo)
// sent twice counting once, a stale balance refused with the new one, an order of another point
// refused, and a fixed number of SQL queries whatever the number of orders.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, queryCount } from "#db/connection.server";
import { orderFulfilmentChanges, orders, payments, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as checkInPage from "#app/routes/admin.order-cycles.$cycleId_.pickup.$distributorId.$methodId";
import * as sheetPage from "#app/routes/admin.order-cycles.$cycleId_.pickup.$distributorId.$methodId_.sheet";
import * as pointsPage from "#app/routes/admin.order-cycles.$cycleId.pickup";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { BASE_URL, callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";

let w: CoopPlus;
let cycleId: string;
let params: { cycleId: string; distributorId: string; methodId: string };
let path: string;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { name: "Counter week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  params = { cycleId, distributorId: w.distributor.id, methodId: w.methods.distributor.shipping.id };
  path = `/admin/order-cycles/${cycleId}/pickup/${params.distributorId}/${params.methodId}`;
});

async function place(name: string, options: { methodId?: string; quantity?: number } = {}) {
  const id = await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: options.methodId ?? w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.org`,
      name,
      lines: [{ variantId: w.variants.a[0], quantity: options.quantity ?? 2 }],
    },
    undefined,
  );
  const [row] = await getDb().select({ number: orders.number, totalCents: orders.totalCents }).from(orders).where(eq(orders.id, id));
  return { id, number: String(row.number), totalCents: row.totalCents };
}

const load = (cookie: string, search = "") => callRoute(checkInPage, { path: `${path}${search}`, params, cookie });
const post = (cookie: string, form: Record<string, string>) => callRoute(checkInPage, { method: "POST", path, params, cookie, form });

describe("who may open pickup day", () => {
  it("the coordinator and the point's own shop open the check-in and the sheet; another shop, a supplier and a stranger get 404", async () => {
    await place("Visible Buyer");
    for (const cookie of [w.sessions.hub, w.sessions.distributor]) {
      expect((await load(cookie)).status).toBe(200);
      expect((await callRoute(sheetPage, { path: `${path}/sheet`, params, cookie })).status).toBe(200);
      expect((await callRoute(pointsPage, { path: `/admin/order-cycles/${cycleId}/pickup`, params: { cycleId }, cookie })).status).toBe(200);
    }
    for (const cookie of [w.sessions.lake, w.sessions.supplierA, w.sessions.unrelated]) {
      expect((await load(cookie)).status).toBe(404);
      expect((await callRoute(sheetPage, { path: `${path}/sheet`, params, cookie })).status).toBe(404);
    }
    for (const cookie of [w.sessions.supplierA, w.sessions.unrelated]) {
      expect((await callRoute(pointsPage, { path: `/admin/order-cycles/${cycleId}/pickup`, params: { cycleId }, cookie })).status).toBe(404);
    }
  });

  it("a pickup point of another shop is not this shop's: 404", async () => {
    const response = await callRoute(checkInPage, {
      path,
      params: { ...params, methodId: w.methods.lake[0].shipping.id },
      cookie: w.sessions.hub,
    });
    expect(response.status).toBe(404);
  });

  it("the cycle's pickup points list this one with its counts", async () => {
    const { points } = await json(
      await callRoute(pointsPage, { path: `/admin/order-cycles/${cycleId}/pickup`, params: { cycleId }, cookie: w.sessions.distributor }),
    );
    const point = points.find((entry: { methodId: string }) => entry.methodId === params.methodId);
    expect(point.distributorName).toBe("River Co-op");
    expect(point.pending).toBeGreaterThan(0);
  });
});

describe("searching at the counter", () => {
  it("finds a buyer by part of the name, by email, and by order number; the day's counts stay whole", async () => {
    const zoe = await place("Zoé Martin");
    await place("Bruno Petit");
    const byName = await json(await load(w.sessions.distributor, "?q=zoé"));
    expect(byName.orders.map((order: { id: string }) => order.id)).toEqual([zoe.id]);
    expect(byName.counts.pending).toBeGreaterThanOrEqual(2);
    expect((await json(await load(w.sessions.distributor, `?q=%23${zoe.number}`))).orders.map((order: { id: string }) => order.id)).toEqual([zoe.id]);
    expect((await json(await load(w.sessions.distributor, "?q=martin%40example"))).orders).toHaveLength(1);
    expect((await json(await load(w.sessions.distributor, "?q=nobody-like-this"))).orders).toEqual([]);
  });

  it("lists orders by buyer name, each with its items and balance", async () => {
    const page = await json(await load(w.sessions.hub));
    const names = page.orders.map((order: { buyerName: string }) => order.buyerName.toLowerCase());
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const first = page.orders[0];
    expect(first.lines[0]).toMatchObject({ productName: "Carrots", quantity: 2 });
    expect(first.balanceCents).toBe(first.totalCents);
    expect(typeof page.formKey).toBe("string");
  });
});

describe("the counter's form posts", () => {
  it("collected sent twice with the page's key collects once; the redirect brings the order back in view", async () => {
    const order = await place("Twice Collected");
    const form = { intent: "collect", orderId: order.id, key: "page-key-collect-1", q: "", show: "all" };
    const first = await post(w.sessions.distributor, form);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toContain(`#order-${order.id}`);
    expect(first.headers.get("Location")).toContain("done=collect");
    await post(w.sessions.distributor, { intent: "undo", orderId: order.id, key: "page-key-undo-1" });
    // The first post again (its answer was lost): answered from its key, the order stays as undone.
    expect((await post(w.sessions.distributor, form)).status).toBe(302);
    const [row] = await getDb().select().from(orders).where(eq(orders.id, order.id));
    expect(row.fulfilmentState).toBe("pending");
    expect(await getDb().select().from(orderFulfilmentChanges).where(eq(orderFulfilmentChanges.orderId, order.id))).toHaveLength(2);
  });

  it("cash received sent twice with the same key records one payment of the balance", async () => {
    const order = await place("Cash Payer");
    const form = { intent: "pay", orderId: order.id, key: "page-key-pay-1", amountCents: String(order.totalCents) };
    expect((await post(w.sessions.distributor, form)).status).toBe(302);
    expect((await post(w.sessions.distributor, form)).status).toBe(302);
    const records = await getDb().select().from(payments).where(eq(payments.orderId, order.id));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: "cash", amountCents: order.totalCents, state: "completed", recordedByUserId: w.people.distributor.id });
    const page = await json(await load(w.sessions.distributor, `?q=${order.number}`));
    expect(page.orders[0].balanceCents).toBe(0);
  });

  it("ten cash posts of one tap racing over real sockets record one payment", async () => {
    const order = await place("Racing Payer");
    const server = await serveRoute(checkInPage, params);
    const send = (key: string) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: w.sessions.distributor, Origin: BASE_URL, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "pay", orderId: order.id, key, amountCents: String(order.totalCents) }),
      });
    try {
      const retries = await Promise.all(Array.from({ length: 10 }, () => send("one-tap")));
      expect(retries.map((response) => response.status)).toEqual(Array(10).fill(302));
    } finally {
      await server.close();
    }
    const records = await getDb().select().from(payments).where(eq(payments.orderId, order.id));
    expect(records).toHaveLength(1);
    expect(records[0].amountCents).toBe(order.totalCents);
  });

  it("ten volunteers' pages taking the same balance at once (each its own key) record one payment; the others are told the new balance", async () => {
    const order = await place("Two Counters");
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(w.sessions[i % 2 ? "hub" : "distributor"], { intent: "pay", orderId: order.id, key: `counter-${i}`, amountCents: String(order.totalCents) }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([302, ...Array(9).fill(422)]);
    expect(await getDb().select().from(payments).where(eq(payments.orderId, order.id))).toHaveLength(1);
  });

  it("a stale balance is refused with the new one in the volunteer's language, and nothing is recorded", async () => {
    const order = await place("Stale Balance");
    // Another volunteer took 1.00 meanwhile.
    await getDb().insert(payments).values({ orderId: order.id, kind: "payment", method: "cash", amountCents: 100, state: "completed", occurredAt: new Date() });
    const response = await post(w.sessions.distributor, { intent: "pay", orderId: order.id, key: "stale-page", amountCents: String(order.totalCents) });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.fieldErrors.amountCents).toContain("The balance is now");
    expect(body.values.orderId).toBe(order.id);
    expect(await getDb().select().from(payments).where(eq(payments.orderId, order.id))).toHaveLength(1);
  });

  it("the hub's order page says the order was collected, and leads to its pickup point's check-in", async () => {
    const order = await place("Desk Reader");
    await post(w.sessions.hub, { intent: "collect", orderId: order.id, key: "k-desk" });
    const page = await json(
      await callRoute(hubOrderPage, {
        path: `/admin/order-cycles/${cycleId}/orders/${order.id}`,
        params: { cycleId, orderId: order.id },
        cookie: w.sessions.hub,
      }),
    );
    expect(page.order.fulfilmentState).toBe("collected");
    expect(page.order.fulfilmentChangedAt).not.toBeNull();
    expect(page.order.checkInPath).toBe(path);
  });

  it("no-show, then undo no-show", async () => {
    const order = await place("Late Comer");
    await post(w.sessions.hub, { intent: "noShow", orderId: order.id, key: "k-noshow" });
    expect((await getDb().select().from(orders).where(eq(orders.id, order.id)))[0].fulfilmentState).toBe("no_show");
    await post(w.sessions.hub, { intent: "undo", orderId: order.id, key: "k-undo" });
    expect((await getDb().select().from(orders).where(eq(orders.id, order.id)))[0].fulfilmentState).toBe("pending");
  });

  it("an order of another pickup point, or an unknown intent, is refused and nothing changes", async () => {
    const elsewhere = await place("Other Point", { methodId: w.methods.distributorAll[1].shipping.id });
    expect((await post(w.sessions.hub, { intent: "collect", orderId: elsewhere.id, key: "k-elsewhere" })).status).toBe(404);
    expect((await post(w.sessions.hub, { intent: "explode", orderId: elsewhere.id, key: "k-explode" })).status).toBe(400);
    expect((await getDb().select().from(orders).where(eq(orders.id, elsewhere.id)))[0].fulfilmentState).toBe("pending");
  });

  it("another shop's manager posting to this point gets 404 and changes nothing", async () => {
    const order = await place("Guarded");
    expect((await post(w.sessions.lake, { intent: "collect", orderId: order.id, key: "k-lake" })).status).toBe(404);
    expect((await getDb().select().from(orders).where(eq(orders.id, order.id)))[0].fulfilmentState).toBe("pending");
  });
});

describe("query count", () => {
  it("the check-in page and the sheet run as many queries for 30 more orders as for a few", async () => {
    await load(w.sessions.hub);
    const count = async (run: () => Promise<Response>) => {
      const before = queryCount();
      expect((await run()).status).toBe(200);
      return queryCount() - before;
    };
    const fewPage = await count(() => load(w.sessions.hub));
    const fewSheet = await count(() => callRoute(sheetPage, { path: `${path}/sheet`, params, cookie: w.sessions.hub }));
    for (let i = 0; i < 30; i++) await place(`Many ${String(i).padStart(2, "0")}`, { quantity: 1 + (i % 3) });
    expect(await count(() => load(w.sessions.hub))).toBe(fewPage);
    expect(await count(() => callRoute(sheetPage, { path: `${path}/sheet`, params, cookie: w.sessions.hub }))).toBe(fewSheet);
  });

  it("past 50 orders the page shows 50 and pages on, the search kept, with the same number of queries", async () => {
    const first = await json(await load(w.sessions.hub));
    for (let i = first.matching; i <= 75; i++) await place(`Zed ${String(i).padStart(3, "0")}`, { quantity: 1 });
    const count = async (search: string) => {
      const before = queryCount();
      const response = await load(w.sessions.hub, search);
      return { queries: queryCount() - before, page: await json(response) };
    };
    const one = await count("");
    expect(one.page.orders).toHaveLength(50);
    expect(one.page.matching).toBeGreaterThan(50);
    const two = await count("?page=2");
    expect(two.page.orders).toHaveLength(one.page.matching - 50);
    expect(two.queries).toBe(one.queries);
    const ids = new Set([...one.page.orders, ...two.page.orders].map((order: { id: string }) => order.id));
    expect(ids.size).toBe(one.page.matching);
    const zeds = await json(await load(w.sessions.hub, "?q=zed&page=1"));
    expect(zeds.orders.every((order: { buyerName: string }) => order.buyerName.startsWith("Zed"))).toBe(true);
    // Nonsense pages are page 1, never an error.
    expect((await json(await load(w.sessions.hub, "?page=-3"))).orders).toHaveLength(50);
  });
});
