// docs/domain.md 12: each threshold's policy applied by the close processing (decision 0049).
// cancel: a supplier's lines go (the whole order when nothing else is left), stock returns, card
// payments are refunded (recorded pending with their job), each buyer gets one email per order in
// their language, the supplier "minimum not reached" instead of its purchase order; a pickup
// point's minimum cancels only its own orders, with two distributors in the cycle; extend moves the
// close once, tells buyers with orders, and at the new close decides again (reached → the close goes
// on; still short → cancel); threshold.reached / threshold.missed are written for webhooks; and a
// policy applied is never applied again.
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { createThreshold } from "#app/domain/thresholds/commands.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { orderCycles, orderCycleThresholds, orderLines, orders, outboxEmails, payments, variants, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { insertCardPayment } from "#tests/support/payments";

let w: CoopPlus;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  await getDb()
    .insert(webhookEndpoints)
    .values({ enterpriseId: w.hub.id, url: "https://example.org/hook", events: ["threshold.reached", "threshold.missed"], secret: "s" });
});

/** An open cycle (closing in an hour) with automatic notification, both shops open to everyone. */
async function openCycle(name: string) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  await getDb().update(orderCycles).set({ automaticNotifications: true }).where(eq(orderCycles.id, cycleId));
  return cycleId;
}

const river = () => ({
  distributorId: w.distributor.id,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});
const lake = () => ({ distributorId: w.lake.id, shippingMethodId: w.methods.lake[0].shipping.id, paymentMethodId: w.methods.lake[0].payment.id });

async function order(
  cycleId: string,
  shop: ReturnType<typeof river>,
  email: string,
  lines: { variantId: string; quantity: number }[],
  locale: "en" | "fr" = "en",
) {
  return placeOrder({ ...shop, orderCycleId: cycleId, email, name: "Buyer", lines }, undefined, new Date(), locale);
}

const stateOf = async (orderId: string) => (await getDb().select({ state: orders.state }).from(orders).where(eq(orders.id, orderId)))[0].state;
const linesOf = async (orderId: string) =>
  (await getDb().select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId))).map(
    (line) => line.variantId,
  );
const emailsOf = (cycleId: string) =>
  getDb()
    .select({ kind: outboxEmails.kind, to: outboxEmails.toAddress, subject: outboxEmails.subject, text: outboxEmails.text })
    .from(outboxEmails)
    .where(eq(outboxEmails.cycleId, cycleId));
const thresholdRow = async (id: string) => (await getDb().select().from(orderCycleThresholds).where(eq(orderCycleThresholds.id, id)))[0];
const closesAtOf = async (cycleId: string) => (await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId)))[0];

describe("cancel: a supplier's minimum not reached", () => {
  let cycleId: string;
  let mixed: string;
  let onlyA: string;
  let farmA: string;
  let farmB: string;

  beforeAll(async () => {
    cycleId = await openCycle("Franco week");
    farmA = (
      await createThreshold(w.actors.hub, cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "amount", minimum: 5000, policy: "cancel" })
    ).id;
    farmB = (await createThreshold(w.actors.hub, cycleId, { scope: "supplier", supplierId: w.supplierB.id, measure: "units", minimum: 1, policy: "cancel" }))
      .id;
    // Lake: carrots (Farm A) and milk (Farm B), paid by card; River: carrots alone, a French buyer, paid by card.
    mixed = await order(cycleId, lake(), "mixed@example.org", [
      { variantId: w.variants.a[0], quantity: 2 },
      { variantId: w.variants.b[0], quantity: 1 },
    ]);
    onlyA = await order(cycleId, river(), "seule@example.org", [{ variantId: w.variants.a[0], quantity: 1 }], "fr");
    for (const id of [mixed, onlyA]) {
      const [row] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, id));
      await insertCardPayment(id, row.totalCents);
    }
    await getDb().update(variants).set({ stock: 20 }).where(eq(variants.id, w.variants.a[0]));
    expect(await processDueCycles(new Date(Date.now() + 2 * HOUR))).toContain(cycleId);
  });

  test("each threshold gets its outcome and the value counted at the close", async () => {
    // Farm A: 3 × 250 = 750 at its prices, far from 5000.
    expect(await thresholdRow(farmA)).toMatchObject({ outcome: "cancelled", valueAtClose: 750 });
    expect(await thresholdRow(farmB)).toMatchObject({ outcome: "reached", valueAtClose: 1 });
    expect((await thresholdRow(farmA)).appliedAt).not.toBeNull();
  });

  test("the order with only Farm A's lines is cancelled whole; the other keeps its milk, re-priced", async () => {
    expect(await stateOf(onlyA)).toBe("cancelled");
    expect(await stateOf(mixed)).toBe("placed");
    expect(await linesOf(mixed)).toEqual([w.variants.b[0]]);
    const [row] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, mixed));
    expect(row.totalCents).toBe(210); // milk at Lake: 180 + three 10-cent fees
  });

  test("the carrots' stock comes back", async () => {
    const [carrots] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, w.variants.a[0]));
    expect(carrots.stock).toBe(23);
  });

  test("card payments are refunded: one pending refund per order, each with its job keyed on it", async () => {
    for (const [orderId, cents] of [
      [onlyA, 280],
      [mixed, 560],
    ] as const) {
      const refunds = await getDb()
        .select()
        .from(payments)
        .where(and(eq(payments.orderId, orderId), eq(payments.kind, "refund")));
      expect(refunds.map((refund) => [refund.method, refund.state, refund.amountCents])).toEqual([["card", "pending", cents]]);
      const [job] = await getDb().execute<{ n: number }>(
        sql`select count(*)::int as n from graphile_worker.jobs where key = ${`card-refund:${refunds[0].id}`}`,
      );
      expect(job.n).toBe(1);
    }
  });

  test("each buyer gets one email in their language; Farm A 'minimum not reached' instead of its purchase order; Farm B its purchase order", async () => {
    const emails = await emailsOf(cycleId);
    const cancelled = emails.filter((email) => email.kind === "threshold_cancelled");
    expect(cancelled.map((email) => email.to).sort()).toEqual(["mixed@example.org", "seule@example.org"]);
    const french = cancelled.find((email) => email.to === "seule@example.org")!;
    expect(french.subject).toContain("annulée");
    expect(french.text).toContain("Le minimum de commande de Farm A (50,00");
    expect(french.text).toContain("sont remboursés sur la carte");
    const english = cancelled.find((email) => email.to === "mixed@example.org")!;
    expect(english.text).toContain("Carrots (1 kg) × 2");
    expect(english.text).toContain("New total: €2.10");
    expect(english.text).toContain("€5.60 goes back to the card");
    const missed = emails.filter((email) => email.kind === "threshold_missed_supplier");
    expect(missed.map((email) => email.to)).toEqual([w.supplierA.email]);
    const purchaseOrders = emails.filter((email) => email.kind === "producer_notification_automatic");
    expect(purchaseOrders.map((email) => email.to)).toEqual([w.supplierB.email]);
    // The coordinator's digest says what became of each minimum.
    const digest = emails.find((email) => email.kind === "coordinator_digest")!;
    expect(digest.text).toContain("Farm A: minimum €50.00 not reached (€7.50); its orders were cancelled and their buyers told.");
    expect(digest.text).toContain("Farm B: minimum 1 reached (1).");
    // The hub's batched "order adjusted" email would tell the same change again: it is told already.
    expect(emails.filter((email) => email.kind === "order_adjusted")).toEqual([]);
    const [untold] = await getDb().execute<{ n: number }>(sql`select count(*)::int as n from order_changes where order_id = ${mixed} and notified_at is null`);
    expect(untold.n).toBe(0);
  });

  test("threshold.missed and threshold.reached are written for the coordinator's endpoint", async () => {
    const deliveries = await getDb().select({ type: webhookDeliveries.eventType, body: webhookDeliveries.body }).from(webhookDeliveries);
    const mine = deliveries.filter((delivery) => delivery.body.includes(cycleId));
    expect(mine.map((delivery) => delivery.type).sort()).toEqual(["threshold.missed", "threshold.reached"]);
    const missed = JSON.parse(mine.find((delivery) => delivery.type === "threshold.missed")!.body);
    expect(missed.data).toMatchObject({ id: farmA, orderCycleId: cycleId, outcome: "cancelled", valueAtClose: 750, label: "Farm A" });
  });

  test("processing again, or a close moved later, applies nothing twice", async () => {
    const before = (await emailsOf(cycleId)).length;
    await processDueCycles(new Date(Date.now() + 3 * HOUR));
    await getDb().execute(sql`update order_cycles set closes_at = closes_at + interval '1 hour' where id = ${cycleId}`);
    await processDueCycles(new Date(Date.now() + 4 * HOUR));
    const after = await emailsOf(cycleId);
    expect(after.filter((email) => email.kind.startsWith("threshold_"))).toHaveLength(3);
    expect(after.length).toBeGreaterThan(before); // the second close told the producers and the coordinator again, nothing more
    const refunds = await getDb()
      .select()
      .from(payments)
      .where(and(inArray(payments.orderId, [mixed, onlyA]), eq(payments.kind, "refund")));
    expect(refunds).toHaveLength(2);
  });
});

describe("a pickup point's minimum, with two distributors in the cycle", () => {
  test("cancels the orders of that pickup point only", async () => {
    const cycleId = await openCycle("Two shops week");
    const point = await createThreshold(w.actors.hub, cycleId, {
      scope: "shipping_method",
      distributorId: w.distributor.id,
      shippingMethodId: w.methods.distributor.shipping.id,
      measure: "units",
      minimum: 10,
      policy: "cancel",
    });
    const atRiver = await order(cycleId, river(), "river@example.org", [{ variantId: w.variants.a[0], quantity: 4 }]);
    const atLake = await order(cycleId, lake(), "lake@example.org", [{ variantId: w.variants.a[0], quantity: 9 }]);
    await processDueCycles(new Date(Date.now() + 2 * HOUR));
    expect(await thresholdRow(point.id)).toMatchObject({ outcome: "cancelled", valueAtClose: 4 });
    expect(await stateOf(atRiver)).toBe("cancelled");
    expect(await stateOf(atLake)).toBe("placed");
    const emails = await emailsOf(cycleId);
    expect(emails.filter((email) => email.kind === "threshold_cancelled").map((email) => email.to)).toEqual(["river@example.org"]);
    // Nobody's minimum among the suppliers: both get their purchase orders, River's order left out of them.
    expect(emails.filter((email) => email.kind === "producer_notification_automatic")).toHaveLength(2);
  });
});

describe("extend", () => {
  test("moves the close once and tells buyers; reached at the new close, the close goes on", async () => {
    const cycleId = await openCycle("Extended then reached");
    const threshold = await createThreshold(w.actors.hub, cycleId, { scope: "cycle", measure: "units", minimum: 5, policy: "extend", extendDays: 2 });
    await order(cycleId, river(), "early@example.org", [{ variantId: w.variants.a[0], quantity: 2 }], "fr");
    const closesAt = (await closesAtOf(cycleId)).closesAt!;
    await processDueCycles(new Date(closesAt.getTime() + 60_000));
    const moved = await closesAtOf(cycleId);
    expect(moved.closesAt!.getTime()).toBe(closesAt.getTime() + 2 * DAY);
    expect(moved.processedClosesAt).toBeNull();
    expect(await thresholdRow(threshold.id)).toMatchObject({ outcome: "extended", extendedOnce: true, valueAtClose: 2 });
    let emails = await emailsOf(cycleId);
    expect(emails.map((email) => email.kind)).toEqual(["threshold_extended"]);
    expect(emails[0].to).toBe("early@example.org");
    expect(emails[0].subject).toContain("commandes ouvertes jusqu’au");

    // Still open: another buyer takes it over the minimum.
    await order(cycleId, lake(), "late@example.org", [{ variantId: w.variants.a[0], quantity: 3 }]);
    await processDueCycles(new Date(moved.closesAt!.getTime() + 60_000));
    expect(await thresholdRow(threshold.id)).toMatchObject({ outcome: "reached", valueAtClose: 5 });
    expect((await closesAtOf(cycleId)).closesAt!.getTime()).toBe(moved.closesAt!.getTime());
    emails = await emailsOf(cycleId);
    expect(emails.filter((email) => email.kind === "producer_notification_automatic")).toHaveLength(2);
    expect(emails.filter((email) => email.kind.startsWith("threshold_"))).toHaveLength(1);
  });

  test("still short at the new close: cancelled, every order of the cycle, every supplier told", async () => {
    const cycleId = await openCycle("Extended then missed");
    const threshold = await createThreshold(w.actors.hub, cycleId, { scope: "cycle", measure: "amount", minimum: 100_000, policy: "extend", extendDays: 1 });
    const first = await order(cycleId, river(), "one@example.org", [{ variantId: w.variants.a[0], quantity: 1 }]);
    const second = await order(cycleId, lake(), "two@example.org", [{ variantId: w.variants.b[0], quantity: 1 }]);
    const closesAt = (await closesAtOf(cycleId)).closesAt!;
    await processDueCycles(new Date(closesAt.getTime() + 60_000));
    await processDueCycles(new Date(closesAt.getTime() + DAY + 60_000));
    expect(await thresholdRow(threshold.id)).toMatchObject({ outcome: "cancelled", valueAtClose: 490 });
    expect((await closesAtOf(cycleId)).closesAt!.getTime()).toBe(closesAt.getTime() + DAY);
    expect([await stateOf(first), await stateOf(second)]).toEqual(["cancelled", "cancelled"]);
    const emails = await emailsOf(cycleId);
    expect(emails.filter((email) => email.kind === "threshold_extended")).toHaveLength(2);
    expect(emails.filter((email) => email.kind === "threshold_cancelled")).toHaveLength(2);
    expect(
      emails
        .filter((email) => email.kind === "threshold_missed_supplier")
        .map((email) => email.to)
        .sort(),
    ).toEqual([w.supplierA.email, w.supplierB.email].sort());
    expect(emails.filter((email) => email.kind === "producer_notification_automatic")).toEqual([]);
    const outbox = await getDb().select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `threshold-extended:%`));
    expect(outbox.length).toBeGreaterThanOrEqual(2);
  });
});
