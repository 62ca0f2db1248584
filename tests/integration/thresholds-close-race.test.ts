// Orders racing the close (docs/domain.md 12, decision 0049): buyers post orders over real HTTP
// while the close is processed. The cycle's minimum counts, at the close, exactly the orders that
// got in (each one's line totals, to the cent), and its `cancel` policy takes every one of them:
// no order is placed after the count and left standing, and a refused order is refused cleanly
// (409 closed), never half-written. Also: the live count under 30 simultaneous orders is their exact sum.
import { eq, sql } from "drizzle-orm";
import * as ordersApi from "#app/routes/api.v1.orders";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { createThreshold } from "#app/domain/thresholds/commands.server";
import { thresholdsOfCycles } from "#app/domain/thresholds/queries.server";
import { getDb } from "#db/connection.server";
import { orderCycles, orderCycleThresholds, orders, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { serveRoute } from "#tests/support/http-server";

let w: CoopPlus;
let server: Awaited<ReturnType<typeof serveRoute>>;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  server = await serveRoute(ordersApi, {});
});

afterAll(async () => {
  await server.close();
});

async function openCycle(name: string, closesAt: Date) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  const threshold = await createThreshold(w.actors.hub, cycleId, { scope: "cycle", measure: "amount", minimum: 10_000_000, policy: "cancel" });
  await getDb().update(orderCycles).set({ closesAt }).where(eq(orderCycles.id, cycleId));
  return { cycleId, threshold };
}

const post = (cycleId: string, i: number) =>
  fetch(`${server.url}/api/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: "http://localhost:3000" },
    body: JSON.stringify({
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: `racer-${i}@example.org`,
      name: `Racer ${i}`,
      asGuest: true,
      lines: [{ variantId: w.variants.a[0], quantity: 1 + (i % 4) }],
    }),
  });

test("30 simultaneous orders: the live count is their exact sum", async () => {
  const { cycleId } = await openCycle("Simultaneous", minuteFromNow(60));
  const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(cycleId, i)));
  expect(answers.map((answer) => answer.status)).toEqual(Array(30).fill(201));
  const [sum] = await getDb().execute<{ cents: number }>(sql`
    select coalesce(sum(ol.total_cents), 0)::int as cents from order_lines ol join orders o on o.id = ol.order_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed'`);
  // 1 to 4 carrots each, at 280 cents in the shop (three 10-cent fees on 250).
  const expected = Array.from({ length: 30 }, (_, i) => (1 + (i % 4)) * 280).reduce((a, b) => a + b, 0);
  expect(sum.cents).toBe(expected);
  const [threshold] = await thresholdsOfCycles([cycleId]);
  expect(threshold.currentValue).toBe(expected);
});

test("orders racing the close: each is counted and cancelled, or refused", { timeout: 60_000 }, async () => {
  const closesAt = new Date(Date.now() + 400);
  const { cycleId, threshold } = await openCycle("Racing the close", closesAt);
  const statuses: number[] = [];
  const buyers: Promise<void>[] = [];
  let i = 0;
  // Buyers keep posting from before the close to after it, while the close is processed as soon as it is due.
  const until = Date.now() + 1200;
  const posting = (async () => {
    while (Date.now() < until) {
      const n = i++;
      buyers.push(post(cycleId, n).then((answer) => void statuses.push(answer.status)));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  })();
  const closing = (async () => {
    while (Date.now() < until + 500) {
      if ((await processDueCycles()).includes(cycleId)) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  await Promise.all([posting, closing]);
  await Promise.all(buyers);
  expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
  expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(0);

  const [row] = await getDb().select().from(orderCycleThresholds).where(eq(orderCycleThresholds.id, threshold.id));
  expect(row.outcome).toBe("cancelled");
  const all = await getDb()
    .select({ state: orders.state, totalCents: orders.totalCents, placedAt: orders.placedAt })
    .from(orders)
    .where(eq(orders.orderCycleId, cycleId));
  // Every order that got in was counted at the close and cancelled by the policy; none stands.
  expect(all.filter((order) => order.state === "placed")).toEqual([]);
  expect(all.filter((order) => order.state === "cancelled")).toHaveLength(statuses.filter((status) => status === 201).length);
  const [counted] = await getDb().execute<{ cents: number }>(sql`
    select coalesce(sum(ol.total_cents), 0)::int as cents from order_lines ol join orders o on o.id = ol.order_id where o.order_cycle_id = ${cycleId}`);
  expect(row.valueAtClose).toBe(counted.cents);
  expect(all.every((order) => order.placedAt!.getTime() < closesAt.getTime())).toBe(true);
});
