// docs/quality.md P9, decision 0057: a close's minimums take their lines from many orders in bulk,
// with the outcome the one-order path gives each of them. Three policies at once (a supplier's
// minimum short with `cancel`, a cycle's short with `proceed`, a pickup point's short with `cancel`)
// over orders of every shape: some lose a supplier's lines and are re-priced (a promo code
// included), some are cancelled whole, some are untouched; card-paid ones are refunded, the
// capped cycle's places and the code's uses come back. The expected figures come from the
// one-order path itself (applyOrderAdjustment, cancelPlacedOrder and the card refund), run on the
// same orders in a transaction rolled back; and the close's statements do not grow with its orders.
import { eq, inArray, sql } from "drizzle-orm";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { applyOrderAdjustment } from "#app/domain/orders/adjust.server";
import { cancelPlacedOrder } from "#app/domain/orders/changes.server";
import { cardRefundable, writeCardRefunds } from "#app/domain/payments/card-refunds.server";
import { paymentRecordsOf } from "#app/domain/payments/records.server";
import { createPromoCode } from "#app/domain/promotions/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { createThreshold } from "#app/domain/thresholds/commands.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb, recordQueries, type Executor } from "#db/connection.server";
import {
  orderAdjustments,
  orderChanges,
  orderCycles,
  orderLines,
  orders,
  outboxEmails,
  payments,
  promoCodes,
  variants,
  webhookDeliveries,
  webhookEndpoints,
} from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { insertCardPayment } from "#tests/support/payments";

const HOUR = 3_600_000;
const NOTE = "Minimum not reached";

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
});

type Scenario = { cycleId: string; orderIds: string[]; promoCodeId: string; supplierMinimum: string; cycleMinimum: string; pickupMinimum: string };

/**
 * A capped cycle of River and Lake with `count` orders, in four shapes by turn: at Lake, Farm A's
 * carrots and Farm B's milk (with Lake's promo code every other time); at Lake, carrots alone; at
 * River, carrots; at Lake, milk alone. Every third is paid by card.
 */
async function scenario(w: CoopPlus, name: string, count: number): Promise<Scenario> {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  await getDb().update(orderCycles).set({ automaticNotifications: true, maxOrders: 1000 }).where(eq(orderCycles.id, cycleId));
  const promo = await createPromoCode(w.actors.lake, w.lake.id, { code: `TENOFF${name.replace(/\W/g, "")}`, kind: "percent", percent: 10 });
  const supplierMinimum = (
    await createThreshold(w.actors.hub, cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "amount", minimum: 900_000_000, policy: "cancel" })
  ).id;
  const cycleMinimum = (await createThreshold(w.actors.hub, cycleId, { scope: "cycle", measure: "units", minimum: 900_000_000, policy: "proceed" })).id;
  const pickupMinimum = (
    await createThreshold(w.actors.hub, cycleId, {
      scope: "shipping_method",
      distributorId: w.distributor.id,
      shippingMethodId: w.methods.distributor.shipping.id,
      measure: "units",
      minimum: 900_000_000,
      policy: "cancel",
    })
  ).id;
  const river = { distributorId: w.distributor.id, shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id };
  const lake = { distributorId: w.lake.id, shippingMethodId: w.methods.lake[0].shipping.id, paymentMethodId: w.methods.lake[0].payment.id };
  const orderIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const shape = i % 4;
    const shop = shape === 2 ? river : lake;
    const lines =
      shape === 0
        ? [
            { variantId: w.variants.a[0], quantity: 1 + (i % 3) },
            { variantId: w.variants.b[0], quantity: 1 + (i % 2) },
          ]
        : shape === 1
          ? [{ variantId: w.variants.a[0], quantity: 2 }]
          : shape === 2
            ? [{ variantId: w.variants.a[0], quantity: 1 + (i % 3) }]
            : [{ variantId: w.variants.b[0], quantity: 1 + (i % 3) }];
    const promoCode = shape === 0 && i % 8 === 0 ? { promoCode: promo.code } : {};
    const id = await placeOrder(
      { ...shop, orderCycleId: cycleId, email: `buyer${i}@example.org`, name: `Buyer ${i}`, lines, ...promoCode },
      undefined,
      new Date(),
      i % 5 === 0 ? "fr" : "en",
    );
    if (i % 3 === 0) {
      const [row] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, id));
      await insertCardPayment(id, row.totalCents);
    }
    orderIds.push(id);
  }
  return { cycleId, orderIds, promoCodeId: promo.id, supplierMinimum, cycleMinimum, pickupMinimum };
}

/** What an order looks like to compare: its state, totals, lines, fees, history and refunds (ids and instants aside). */
async function snapshot(db: Executor, orderIds: readonly string[]) {
  const [rows, lines, adjustments, changes, refunds] = await Promise.all([
    db
      .select()
      .from(orders)
      .where(inArray(orders.id, [...orderIds])),
    db
      .select()
      .from(orderLines)
      .where(inArray(orderLines.orderId, [...orderIds])),
    db
      .select()
      .from(orderAdjustments)
      .where(inArray(orderAdjustments.orderId, [...orderIds])),
    db
      .select()
      .from(orderChanges)
      .where(inArray(orderChanges.orderId, [...orderIds])),
    db
      .select()
      .from(payments)
      .where(sql`${payments.orderId} = any(${sql.param([...orderIds])}::text[]) and ${payments.kind} = 'refund'`),
  ]);
  const byOrder = new Map<string, unknown>();
  for (const order of [...rows].sort((a, b) => a.id.localeCompare(b.id))) {
    const of = <T extends { orderId: string }>(list: T[]) => list.filter((row) => row.orderId === order.id);
    byOrder.set(order.id, {
      state: order.state,
      itemsTotalCents: order.itemsTotalCents,
      feesTotalCents: order.feesTotalCents,
      discountCents: order.discountCents,
      totalCents: order.totalCents,
      promoCodeId: order.promoCodeId,
      lines: of(lines)
        .map(({ variantId, quantity, unitPriceCents, totalCents, supplierId, supplierPriceCents, unitsPerCase, taxRateBasisPoints, fees }) => ({
          variantId,
          quantity,
          unitPriceCents,
          totalCents,
          supplierId,
          supplierPriceCents,
          unitsPerCase,
          taxRateBasisPoints,
          fees,
        }))
        .sort((a, b) => a.variantId.localeCompare(b.variantId)),
      adjustments: of(adjustments)
        .map(({ label, feeType, place, amountCents, taxRateBasisPoints, supplierName }) => ({
          label,
          feeType,
          place,
          amountCents,
          taxRateBasisPoints,
          supplierName,
        }))
        .sort((a, b) => `${a.label}${a.amountCents}`.localeCompare(`${b.label}${b.amountCents}`)),
      changes: of(changes)
        .map(({ variantId, beforeQuantity, afterQuantity, beforeTotalCents, afterTotalCents, note, source, actorUserId, productName }) => ({
          variantId,
          beforeQuantity,
          afterQuantity,
          beforeTotalCents,
          afterTotalCents,
          note,
          source,
          actorUserId,
          productName,
        }))
        .sort((a, b) => a.variantId.localeCompare(b.variantId)),
      refunds: of(refunds)
        .map(({ method, state, amountCents, note, refundsPaymentId }) => ({ method, state, amountCents, note, refundsPaymentId }))
        .sort((a, b) => a.amountCents - b.amountCents),
    });
  }
  return byOrder;
}

class RolledBack extends Error {}

/** The one-order path on each affected order, as the close ran it before decision 0057, in a transaction rolled back: what each order should become. */
async function oneAtATime(w: CoopPlus, s: Scenario, now: Date) {
  let expected = new Map<string, unknown>();
  await getDb()
    .transaction(async (tx) => {
      const lines = await tx.select().from(orderLines).where(inArray(orderLines.orderId, s.orderIds));
      const placed = await tx.select().from(orders).where(inArray(orders.id, s.orderIds));
      for (const order of [...placed].sort((a, b) => a.id.localeCompare(b.id))) {
        const mine = lines.filter((line) => line.orderId === order.id);
        const taken = order.distributorId === w.distributor.id ? mine : mine.filter((line) => line.supplierId === w.supplierA.id);
        if (taken.length === 0) continue;
        if (taken.length === mine.length) {
          await cancelPlacedOrder(tx, order.id, now);
          const records = await paymentRecordsOf(order.id, tx);
          const refund = cardRefundable(records).reduce((sum, entry) => sum + entry.remainingCents, 0);
          if (refund > 0) await writeCardRefunds(tx, order.id, records, { amountCents: refund, actorUserId: null, note: NOTE, now, jobDelayMs: 0 });
        } else {
          await applyOrderAdjustment(tx, {
            orderId: order.id,
            actor: { userId: null, enterpriseId: null, source: "staff" },
            changes: taken.map((line) => ({ variantId: line.variantId, quantity: 0 })),
            note: NOTE,
            now,
          });
        }
      }
      expected = await snapshot(tx, s.orderIds);
      throw new RolledBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return expected;
}

const stockOf = async (variantId: string) => (await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)))[0].stock;

describe("a close with three minimums over forty orders", () => {
  let w: CoopPlus;
  let s: Scenario;
  let expected: Map<string, unknown>;
  let stockBefore: { carrots: number | null; milk: number | null };

  beforeAll(async () => {
    w = await coopPlus();
    await getDb()
      .update(variants)
      .set({ stock: 500 })
      .where(inArray(variants.id, [w.variants.a[0], w.variants.b[0]]));
    // The coordinator listens to its orders' changes and cancellations.
    await getDb()
      .insert(webhookEndpoints)
      .values({ enterpriseId: w.hub.id, url: "https://example.org/hook", events: ["order.changed", "order.cancelled"], secret: "s" });
    s = await scenario(w, "Bulk week", 40);
    stockBefore = { carrots: await stockOf(w.variants.a[0]), milk: await stockOf(w.variants.b[0]) };
    const at = new Date(Date.now() + 2 * HOUR);
    expected = await oneAtATime(w, s, at);
    expect(await processDueCycles(at)).toContain(s.cycleId);
  });

  test("every order ends as the one-order path leaves it: lines, fees, totals, promo discount, history and refunds", async () => {
    const actual = await snapshot(getDb(), s.orderIds);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [orderId, order] of expected) expect({ orderId, ...(actual.get(orderId) as object) }).toEqual({ orderId, ...(order as object) });
    const states = [...actual.values()].map((order) => (order as { state: string }).state);
    expect(states.filter((state) => state === "cancelled")).toHaveLength(20); // carrots alone, and River's
  });

  test("the outcomes: Farm A's minimum cancelled, the cycle's proceeded, River's pickup cancelled", async () => {
    const rows = await getDb().execute<{ id: string; outcome: string }>(
      sql`select id, outcome from order_cycle_thresholds where order_cycle_id = ${s.cycleId}`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.id, row.outcome]))).toEqual({
      [s.supplierMinimum]: "cancelled",
      [s.cycleMinimum]: "proceeded",
      [s.pickupMinimum]: "cancelled",
    });
  });

  test("stock comes back: every carrot taken; the capped cycle's places and the code's uses freed", async () => {
    // Carrots: shapes 0 and 2 took 1 + (i % 3), shape 1 took 2. Milk stays with its orders.
    const indexes = Array.from({ length: 40 }, (_, i) => i);
    const carrots = indexes.reduce((sum, i) => sum + (i % 4 === 1 ? 2 : i % 4 === 3 ? 0 : 1 + (i % 3)), 0);
    expect(await stockOf(w.variants.a[0])).toBe(stockBefore.carrots! + carrots);
    expect(await stockOf(w.variants.b[0])).toBe(stockBefore.milk);
    const [cycle] = await getDb().select({ placedOrders: orderCycles.placedOrders }).from(orderCycles).where(eq(orderCycles.id, s.cycleId));
    expect(cycle.placedOrders).toBe(20);
    const [code] = await getDb().select({ uses: promoCodes.uses }).from(promoCodes).where(eq(promoCodes.id, s.promoCodeId));
    expect(code.uses).toBe(5); // the five orders that hold it are adjusted, not cancelled
  });

  test("each refund is pending with its job keyed on it", async () => {
    const refunds = await getDb()
      .select({ id: payments.id })
      .from(payments)
      .where(sql`${payments.orderId} = any(${sql.param(s.orderIds)}::text[]) and ${payments.kind} = 'refund' and ${payments.method} = 'card'`);
    expect(refunds.length).toBeGreaterThan(5);
    const [jobs] = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker.jobs where key = any(${sql.param(refunds.map((refund) => `card-refund:${refund.id}`))}::text[])`,
    );
    expect(jobs.n).toBe(refunds.length);
  });

  test("each buyer told once, by the threshold's email, never by the batched adjusted one; one webhook event per changed order", async () => {
    const emails = await getDb()
      .select({ kind: outboxEmails.kind, to: outboxEmails.toAddress, orderId: outboxEmails.orderId, text: outboxEmails.text })
      .from(outboxEmails)
      .where(eq(outboxEmails.cycleId, s.cycleId));
    const told = emails.filter((email) => email.kind === "threshold_cancelled");
    const affected = [...expected].filter(
      ([, order]) => (order as { changes: unknown[]; state: string }).changes.length > 0 || (order as { state: string }).state === "cancelled",
    );
    expect(told.map((email) => email.orderId).sort()).toEqual(affected.map(([id]) => id).sort());
    expect(new Set(told.map((email) => email.to)).size).toBe(told.length);
    // Each adjusted buyer reads the new total the one-order path gives (English ones checked here; four in five write in English).
    for (const email of told) {
      const order = expected.get(email.orderId!) as { state: string; totalCents: number };
      if (order.state === "placed" && email.text.includes("New total")) expect(email.text).toContain(`New total: €${(order.totalCents / 100).toFixed(2)}`);
    }
    expect(told.filter((email) => email.text.includes("New total")).length).toBeGreaterThan(3);
    expect(emails.filter((email) => email.kind === "order_adjusted")).toEqual([]);
    const [untold] = await getDb().execute<{ n: number }>(
      sql`select count(*)::int as n from order_changes where order_id = any(${sql.param(s.orderIds)}::text[]) and notified_at is null`,
    );
    expect(untold.n).toBe(0);
    const deliveries = await getDb().select({ type: webhookDeliveries.eventType, body: webhookDeliveries.body }).from(webhookDeliveries);
    const ofCycle = deliveries.filter((delivery) => s.orderIds.some((id) => delivery.body.includes(id)));
    const cancelled = [...expected].filter(([, order]) => (order as { state: string }).state === "cancelled").map(([id]) => id);
    expect(ofCycle.filter((delivery) => delivery.type === "order.cancelled")).toHaveLength(cancelled.length);
    expect(ofCycle.filter((delivery) => delivery.type === "order.changed")).toHaveLength(affected.length - cancelled.length);
    const one = JSON.parse(ofCycle.find((delivery) => delivery.type === "order.cancelled")!.body);
    expect(one.data).toMatchObject({ state: "cancelled" });
  });

  test("processed again (a worker's retry), nothing moves twice", async () => {
    const before = await snapshot(getDb(), s.orderIds);
    const stock = await stockOf(w.variants.a[0]);
    await processDueCycles(new Date(Date.now() + 3 * HOUR));
    expect(await snapshot(getDb(), s.orderIds)).toEqual(before);
    expect(await stockOf(w.variants.a[0])).toBe(stock);
  });
});

describe("the close's statements", () => {
  test("are as many for 48 orders as for 8: none is sent per order", async () => {
    const w = await coopPlus();
    await getDb()
      .update(variants)
      .set({ stock: null })
      .where(inArray(variants.id, [w.variants.a[0], w.variants.b[0]]));
    const small = await scenario(w, "Small week", 8);
    const { queries: few } = await recordQueries(() => processDueCycles(new Date(Date.now() + 2 * HOUR)));
    const large = await scenario(w, "Large week", 48);
    const { queries: many } = await recordQueries(() => processDueCycles(new Date(Date.now() + 2 * HOUR)));
    const [cancelled] = await getDb().execute<{ small: number; large: number }>(sql`
      select count(*) filter (where order_cycle_id = ${small.cycleId})::int as small, count(*) filter (where order_cycle_id = ${large.cycleId})::int as large
      from orders where state = 'cancelled'`);
    expect(cancelled).toEqual({ small: 4, large: 24 });
    expect(many.length).toBe(few.length);
    expect(many.length).toBeLessThan(80);
    // The thresholds are counted once: again after the close only for an endpoint listening to their events (none here).
    expect(many.filter((query) => /select t\.id, t\.order_cycle_id, t\.scope/.test(query.query))).toHaveLength(1);
  });
});
