// The hub's orders list of a cycle (docs/quality.md P11, decision 0040): 100 orders a page by order
// number, with next/previous links that keep the filters; figures of the whole filtered set summed
// by the database, exact in cents; paid and balance due per order; a payment-state filter whose bad
// value is said, not a 500; "mark selected paid" (idempotent, refused whole for any order the caller
// may not mark, exact when two posts race); and as many SQL queries for 300 orders as for 10.
import { eq, inArray, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { orderFiltersFromSearch } from "#app/domain/orders/filters";
import { orderPageStatement, ordersOfCycleForActor } from "#app/domain/orders/queries.server";
import { paymentFigures } from "#app/domain/payments/balance";
import * as ordersPage from "#app/routes/admin.order-cycles.$cycleId.orders";
import { getDb, queryCount } from "#db/connection.server";
import { orders, payments } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase, withoutTables } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";

let w: CoopPlus;
let bigCycle: string;
let smallCycle: string;
let sizedCycle: string;

type PaymentRow = { kind: "payment" | "refund"; state: "completed" | "pending" | "failed" | "refunded"; amountCents: number; method: "cash" | "card" };

/**
 * `count` orders straight into the database, two River then two Lake, one in ten cancelled, with
 * totals 1000 + i cents and, by i % 6: nothing paid, paid in full, part paid, overpaid, paid then
 * refunded in full, a failed card payment.
 */
async function insertOrders(cycleId: string, count: number, label: string) {
  const rows = await getDb()
    .insert(orders)
    .values(
      Array.from({ length: count }, (_, i) => {
        const river = i % 4 < 2;
        return {
          orderCycleId: cycleId,
          distributorId: river ? w.distributor.id : w.lake.id,
          email: `${label}-${i}@example.org`,
          buyerName: `${label} buyer ${String(i).padStart(3, "0")}`,
          state: i % 10 === 9 ? "cancelled" : "placed",
          shippingMethodId: river ? w.methods.distributor.shipping.id : w.methods.lake[0].shipping.id,
          paymentMethodId: river ? w.methods.distributor.payment.id : w.methods.lake[0].payment.id,
          itemsTotalCents: 1000 + i,
          totalCents: 1000 + i,
          placedAt: new Date(Date.now() - (count - i) * 60_000),
        };
      }),
    )
    .returning({ id: orders.id, number: orders.number, totalCents: orders.totalCents, state: orders.state, distributorId: orders.distributorId });
  const records: { orderId: string; row: PaymentRow }[] = [];
  rows.forEach((order, i) => {
    const pay = (row: PaymentRow) => records.push({ orderId: order.id, row });
    switch (i % 6) {
      case 1:
        pay({ kind: "payment", state: "completed", amountCents: order.totalCents, method: "cash" });
        break;
      case 2:
        pay({ kind: "payment", state: "completed", amountCents: 333, method: "cash" });
        break;
      case 3:
        pay({ kind: "payment", state: "completed", amountCents: order.totalCents + 150, method: "cash" });
        break;
      case 4:
        pay({ kind: "payment", state: "refunded", amountCents: order.totalCents, method: "cash" });
        pay({ kind: "refund", state: "completed", amountCents: order.totalCents, method: "cash" });
        break;
      case 5:
        pay({ kind: "payment", state: "failed", amountCents: order.totalCents, method: "card" });
        break;
    }
  });
  if (records.length) {
    await getDb()
      .insert(payments)
      .values(records.map(({ orderId, row }) => ({ orderId, ...row, occurredAt: new Date() })));
  }
  return rows;
}

async function newCycle(name: string) {
  const id = await seedCycle(w, { name, opensAt: minuteFromNow(-120), closesAt: minuteFromNow(-60) });
  await putOutgoingExchange(w.actors.hub, id, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, id, w.lake.id, { tags: [] });
  return id;
}

const page = async (cycleId: string, query = "", cookie = w.sessions.hub) => {
  const res = await callRoute(ordersPage, { cookie, params: { cycleId }, path: `/admin/order-cycles/${cycleId}/orders${query}` });
  expect(res.status).toBe(200);
  return json(res);
};

type ListedOrder = { id: string; number: string; state: string; paymentState: string; paidCents: number; balanceCents: number; totalCents: number };

/** Every page from the first by its next links, then back from the last by its previous links. */
async function walk(cycleId: string, query: string) {
  const forward: ListedOrder[][] = [];
  let body = await page(cycleId, query);
  const firstTotals = body.totals;
  forward.push(body.orders);
  expect(body.pages.previous).toBeNull();
  while (body.pages.next) {
    expect(forward.length).toBeLessThan(20);
    body = await page(cycleId, body.pages.next);
    // The figures are the whole filtered set's, whichever page is shown.
    expect(body.totals).toEqual(firstTotals);
    forward.push(body.orders);
  }
  const backward: ListedOrder[][] = [body.orders];
  while (body.pages.previous) {
    body = await page(cycleId, body.pages.previous);
    backward.unshift(body.orders);
  }
  return { forward, backward, totals: firstTotals };
}

beforeAll(async () => {
  w = await coopPlus();
  bigCycle = await newCycle("Paged week");
  smallCycle = await newCycle("Small week");
  sizedCycle = await newCycle("Three hundred week");
  await insertOrders(bigCycle, 250, "big");
  await insertOrders(smallCycle, 10, "small");
  await insertOrders(sizedCycle, 300, "sized");
}, 90_000);

describe("paging", () => {
  test("100 a page by number; next then previous links give every order once, in order, the same pages both ways", async () => {
    const all = await ordersOfCycleForActor(w.actors.hub, bigCycle);
    expect(all).toHaveLength(250);
    const { forward, backward } = await walk(bigCycle, "");
    expect(forward.map((orders) => orders.length)).toEqual([100, 100, 50]);
    expect(backward).toEqual(forward);
    const seen = forward.flat().map((order) => order.id);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual(all.map((order) => order.id));
  });

  test("the page links keep the filters, and a filtered walk gives exactly the filtered list", async () => {
    const query = `?shippingMethodId=${w.methods.distributor.shipping.id}&payment=unpaid`;
    const first = await page(bigCycle, query);
    expect(first.pages.first).toBe(query);
    // River's pickup: 126 orders over two pages, the filter kept on each link.
    const river = `?shippingMethodId=${w.methods.distributor.shipping.id}`;
    const walked = await walk(bigCycle, river);
    expect(walked.forward.map((orders) => orders.length)).toEqual([100, 26]);
    expect(walked.forward.flat().map((order) => order.id)).toEqual(
      (await ordersOfCycleForActor(w.actors.hub, bigCycle, { shippingMethodId: w.methods.distributor.shipping.id })).map((order) => order.id),
    );
    expect((await page(bigCycle, river)).pages.next).toMatch(new RegExp(`^\\${river}&after=\\d+$`));
    const small = await page(bigCycle, `?q=big&payment=unpaid`);
    // 250 orders, 1 in 6 unpaid, cancelled ones apart: fewer than a page, so no links.
    expect(small.pages).toEqual({ first: "?q=big&payment=unpaid", next: null, previous: null });
    const all = await ordersOfCycleForActor(w.actors.hub, bigCycle, orderFiltersFromSearch(new URLSearchParams("q=big")));
    const { forward } = await walk(bigCycle, "?q=big");
    expect(forward.flat().map((order) => order.id)).toEqual(all.map((order) => order.id));
    const second = await page(bigCycle, "?q=big");
    expect(second.pages.next).toBe(`?q=big&after=${second.orders[99].number}`);
    const third = await page(bigCycle, second.pages.next);
    expect(third.pages.previous).toBe(`?q=big&before=${third.orders[0].number}`);
  });

  test("a distributor pages through its own shop's orders only", async () => {
    const res = await callRoute(ordersPage, { cookie: w.sessions.lake, params: { cycleId: bigCycle }, path: `/admin/order-cycles/${bigCycle}/orders` });
    const body = await json(res);
    const lakeOrders = await getDb().select({ id: orders.id }).from(orders).where(eq(orders.distributorId, w.lake.id));
    const ownInCycle = (await ordersOfCycleForActor(w.actors.lake, bigCycle)).map((order) => order.id);
    expect(ownInCycle.every((id) => lakeOrders.some((order) => order.id === id))).toBe(true);
    expect(ownInCycle).toHaveLength(124);
    expect(body.orders).toHaveLength(100);
    expect(body.totals.placed + body.totals.cancelled).toBe(124);
    const next = await json(
      await callRoute(ordersPage, { cookie: w.sessions.lake, params: { cycleId: bigCycle }, path: `/admin/order-cycles/${bigCycle}/orders${body.pages.next}` }),
    );
    expect(next.orders).toHaveLength(24);
    expect([...body.orders, ...next.orders].map((order: ListedOrder) => order.id)).toEqual(ownInCycle);
  });

  test("a malformed cursor or payment state is said on the page, not a 500; past the end says so", async () => {
    const bad = await page(bigCycle, "?after=12abc&payment=everything");
    expect(bad.orders).toHaveLength(100);
    expect(bad.filters).toEqual({});
    expect(bad.problems).toEqual([
      { field: "payment", value: "everything" },
      { field: "cursor", value: "12abc" },
    ]);
    const past = await page(bigCycle, "?after=999999999999");
    expect(past.orders).toEqual([]);
    expect(past.pages).toEqual({ first: "", next: null, previous: null });
    expect(past.totals.placed).toBe(225);
  });
});

describe("paid, balance due and the figures of the list", () => {
  test("each order's paid, balance and state agree with the pure rule; the figures sum the whole filtered set in cents", async () => {
    const rows = await getDb().select().from(orders).where(eq(orders.orderCycleId, bigCycle));
    const records = await getDb()
      .select()
      .from(payments)
      .where(
        inArray(
          payments.orderId,
          rows.map((row) => row.id),
        ),
      );
    const figures = new Map(
      rows.map((row) => [
        row.id,
        {
          ...row,
          ...paymentFigures(
            row.totalCents,
            records.filter((record) => record.orderId === row.id),
          ),
        },
      ]),
    );
    const { forward, totals } = await walk(bigCycle, "");
    for (const order of forward.flat()) {
      const expected = figures.get(order.id)!;
      expect({ paid: order.paidCents, balance: order.balanceCents, state: order.paymentState }).toEqual({
        paid: expected.paidCents,
        balance: expected.balanceCents,
        state: expected.paymentState,
      });
    }
    const placed = [...figures.values()].filter((order) => order.state === "placed");
    expect(totals).toEqual({
      placed: placed.length,
      cancelled: rows.length - placed.length,
      totalCents: placed.reduce((sum, order) => sum + order.totalCents, 0),
      paidCents: placed.reduce((sum, order) => sum + order.paidCents, 0),
      balanceDueCents: placed.reduce((sum, order) => sum + Math.max(order.balanceCents, 0), 0),
    });
    // Every state occurs, so the sums above are not of one kind of order.
    expect(new Set(placed.map((order) => order.paymentState))).toEqual(new Set(["unpaid", "paid", "partially_paid", "overpaid", "refunded"]));
    // Filtered: the figures are those of the orders kept.
    for (const state of ["unpaid", "partially_paid", "paid", "overpaid", "refunded"] as const) {
      const kept = placed.filter((order) => order.paymentState === state);
      const body = await page(bigCycle, `?payment=${state}`);
      expect(body.filters).toEqual({ payment: state });
      expect(body.totals).toEqual({
        placed: kept.length,
        cancelled: 0,
        totalCents: kept.reduce((sum, order) => sum + order.totalCents, 0),
        paidCents: kept.reduce((sum, order) => sum + order.paidCents, 0),
        balanceDueCents: kept.reduce((sum, order) => sum + Math.max(order.balanceCents, 0), 0),
      });
      expect(body.orders.every((order: ListedOrder) => order.paymentState === state && order.state === "placed")).toBe(true);
    }
  });
});

describe("the same number of SQL queries whatever the cycle's size", () => {
  async function counted(cycleId: string, query = "") {
    const before = queryCount();
    await page(cycleId, query);
    return queryCount() - before;
  }

  test("10 orders and 300 orders, first page, a later page and a filtered one", async () => {
    await counted(smallCycle);
    await counted(sizedCycle);
    const few = await counted(smallCycle);
    expect(few).toBeGreaterThan(0);
    expect(await counted(sizedCycle)).toBe(few);
    const second = await page(sizedCycle);
    expect(await counted(sizedCycle, second.pages.next)).toBe(few);
    expect(await counted(sizedCycle, "?payment=partially_paid&q=sized")).toBe(few);
  });

  test("the products of every order (the delivered-quantities chooser) are read only once that form is asked for", async () => {
    expect((await page(sizedCycle)).delivered).toBeNull();
    expect((await page(sizedCycle, "?bulkVariant=")).delivered).toEqual({ variants: [], rows: [] });
  });
});

describe("the page's query plan", () => {
  type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };
  const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

  test("a page of one cycle among many reads the orders through an index, never the whole table", async () => {
    // A cycle whose orders were placed among another's (one in a hundred of 60,000), so that reading
    // the table by number alone, or all of it, would be the planner's worst choice.
    const target = await newCycle("Interleaved week");
    const filler = await newCycle("Filler week");
    await getDb().execute(sql`
      insert into orders (id, order_cycle_id, distributor_id, email, state, total_cents, placed_at)
      select gen_random_uuid()::text, case when i % 100 = 0 then ${target} else ${filler} end, ${w.distributor.id},
             'filler-' || i || '@example.org', 'placed', 1000, now()
      from generate_series(1, 60000) as i`);
    await getDb().execute(sql`analyze orders`);
    const [first] = await getDb().select({ number: orders.number }).from(orders).where(eq(orders.orderCycleId, target)).orderBy(orders.number).limit(1);
    for (const cursor of [null, { after: first.number + 20000 }, { before: first.number + 40000 }]) {
      const [row] = await getDb().execute<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        sql`explain (format json) ${orderPageStatement(eq(orders.orderCycleId, target), cursor)}`,
      );
      const reads = nodesOf(row["QUERY PLAN"][0].Plan).filter((node) => node["Relation Name"] === "orders" && !node["Node Type"].includes("Aggregate"));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.map((node) => node["Node Type"])).not.toContain("Seq Scan");
      expect(reads.map((node) => node["Index Name"])).toContain("orders_cycle_number_idx");
    }
  });
});

describe("mark selected paid", () => {
  const markPaid = (cycleId: string, form: Record<string, string | string[]>, cookie = w.sessions.hub, query = "") =>
    callRoute(ordersPage, { cookie, params: { cycleId }, path: `/admin/order-cycles/${cycleId}/orders${query}`, form: { intent: "markPaid", ...form } });

  let cycleId: string;
  let listed: Awaited<ReturnType<typeof insertOrders>>;
  beforeAll(async () => {
    cycleId = await newCycle("Mark paid week");
    listed = await insertOrders(cycleId, 48, "mark");
  });
  const unpaidOf = (distributorId: string) => listed.filter((order, i) => i % 6 === 0 && order.state === "placed" && order.distributorId === distributorId);
  const paymentsOf = (ids: string[]) => getDb().select().from(payments).where(inArray(payments.orderId, ids));

  test("the coordinator marks orders of both shops paid: one payment of each balance, with the method and note; back to the same page of the list", async () => {
    const ids = [unpaidOf(w.distributor.id)[0].id, unpaidOf(w.lake.id)[0].id, listed[2].id, listed[1].id];
    const res = await markPaid(
      cycleId,
      { orderIds: ids, method: "bank_transfer", note: "Paid at the pickup", idempotencyKey: "mark-1" },
      w.sessions.hub,
      "?q=mark&marked=9",
    );
    expect(res.status).toBe(302);
    // Order 2 owed 1002 - 333 = 669; order 1 had nothing due.
    const recorded = 1000 + listed.indexOf(unpaidOf(w.distributor.id)[0]) + 1000 + listed.indexOf(unpaidOf(w.lake.id)[0]) + 669;
    expect(res.headers.get("Location")).toBe(`/admin/order-cycles/${cycleId}/orders?q=mark&marked=3&nothingDue=1&recorded=${recorded}#orders-heading`);
    const added = (await paymentsOf(ids)).filter((row) => row.note === "Paid at the pickup");
    expect(added).toHaveLength(3);
    expect(added.every((row) => row.method === "bank_transfer" && row.kind === "payment" && row.state === "completed")).toBe(true);
    const body = await page(cycleId, "?q=mark");
    for (const id of ids) {
      const order = body.orders.find((row: ListedOrder) => row.id === id);
      expect(order.balanceCents).toBeLessThanOrEqual(0);
      expect(["paid", "overpaid"]).toContain(order.paymentState);
    }
  });

  test("a replayed post (same key) records nothing twice and answers the same", async () => {
    const id = unpaidOf(w.distributor.id)[1].id;
    const first = await markPaid(cycleId, { orderIds: [id], method: "cash", idempotencyKey: "replay-key" });
    const again = await markPaid(cycleId, { orderIds: [id], method: "cash", idempotencyKey: "replay-key" });
    expect(first.status).toBe(302);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await paymentsOf([id])).toHaveLength(1);
  });

  test("a distributor with another shop's order slipped in: refused whole, that order named, nothing recorded", async () => {
    const own = unpaidOf(w.lake.id)[1];
    const foreign = unpaidOf(w.distributor.id)[2];
    const before = withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]);
    const res = await markPaid(cycleId, { orderIds: [own.id, foreign.id], method: "cash", idempotencyKey: "foreign-1" }, w.sessions.lake);
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.fieldErrors.orderIds).toContain(foreign.id);
    expect(body.fieldErrors.orderIds).toContain("Nothing was recorded");
    expect(changesBetween(before, withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]))).toEqual({});
    // Its own order alone goes through.
    expect((await markPaid(cycleId, { orderIds: [own.id], method: "cash", idempotencyKey: "foreign-2" }, w.sessions.lake)).status).toBe(302);
    expect(await paymentsOf([own.id])).toHaveLength(1);
  });

  test("a cancelled order is refused by number; no order ticked or a bad method is said next to the field; a supplier is refused", async () => {
    const cancelled = listed.find((order) => order.state === "cancelled")!;
    const res = await markPaid(cycleId, { orderIds: [cancelled.id], method: "cash" });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors.orderIds).toContain(`#${cancelled.number}`);
    const none = await json(await markPaid(cycleId, { method: "cash" }));
    expect(Object.keys(none.fieldErrors)).toEqual(["orderIds"]);
    const method = await json(await markPaid(cycleId, { orderIds: [unpaidOf(w.lake.id)[2].id], method: "bitcoin" }));
    expect(Object.keys(method.fieldErrors)).toEqual(["method"]);
    expect(method.intent).toBe("markPaid");
    const supplier = await markPaid(cycleId, { orderIds: [unpaidOf(w.lake.id)[2].id], method: "cash" }, w.sessions.supplierA);
    expect(supplier.status).toBe(403);
    expect(await paymentsOf([unpaidOf(w.lake.id)[2].id])).toHaveLength(0);
  });

  test("two posts racing over the same orders (different keys, real requests): each order is paid once", async () => {
    const raceCycle = await newCycle("Race week");
    const raced = (await insertOrders(raceCycle, 36, "race")).filter((order, i) => i % 6 === 0 && order.state === "placed");
    const server = await serveRoute(ordersPage, { cycleId: raceCycle });
    try {
      const post = (key: string, ids: string[]) => {
        const body = new URLSearchParams({ intent: "markPaid", method: "cash", idempotencyKey: key });
        for (const id of ids) body.append("orderIds", id);
        return fetch(`${server.url}/admin/order-cycles/${raceCycle}/orders`, {
          method: "POST",
          redirect: "manual",
          headers: { Cookie: w.sessions.hub, Origin: "http://localhost:3000", "Content-Type": "application/x-www-form-urlencoded" },
          body,
        });
      };
      const ids = raced.map((order) => order.id);
      const answers = await Promise.all([post("race-a", ids), post("race-b", [...ids].reverse()), post("race-a", ids)]);
      expect(answers.map((answer) => answer.status)).toEqual([302, 302, 302]);
      const rows = await paymentsOf(ids);
      expect(rows).toHaveLength(ids.length);
      expect(new Set(rows.map((row) => row.orderId)).size).toBe(ids.length);
      for (const order of raced) expect(rows.find((row) => row.orderId === order.id)!.amountCents).toBe(order.totalCents);
      // One of the two keys marked them all, the other found nothing due; the replay answers as its first.
      const marked = answers.map((answer) => Number(new URL(answer.headers.get("Location")!, server.url).searchParams.get("marked")));
      expect(marked[0] + marked[1]).toBe(ids.length);
      expect([0, ids.length]).toContain(marked[0]);
      expect(marked[2]).toBe(marked[0]);
    } finally {
      await server.close();
    }
  });
});
