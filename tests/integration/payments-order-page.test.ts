// The payments panel of the hub's order page and the buyer's order page (docs/domain.md 9), through
// their form posts: a cash payment recorded once however often the same form is sent, a refund
// above what was paid refused at its field, bad amounts and a cancelled order refused with nothing
// written; the supplier and another shop's manager are told the order does not exist. The buyer's
// page shows what was paid, what is still due and each refund.
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycles, orders } from "#db/schema";
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import * as buyerOrderPage from "#app/routes/orders.$orderId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { paymentRows } from "#tests/support/payments";
import { placeOrderApi, setStock } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Payments week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await setStock(w.variants.a[0], null);
  buyer = await createUser({ name: "Pay Buyer" });
});

async function placedOrder(): Promise<{ id: string; totalCents: number }> {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: w.variants.a[0], quantity: 3 }],
    },
    { token: buyer.token },
  );
  expect(placed.status).toBe(201);
  return { id: placed.body.id, totalCents: placed.body.totalCents };
}

const page = (orderId: string, cookie: string, form?: Record<string, string>) =>
  callRoute(hubOrderPage, { path: `/admin/order-cycles/${cycleId}/orders/${orderId}`, params: { cycleId, orderId }, cookie, form });

const euros = (cents: number) => (cents / 100).toFixed(2);

describe("the hub's payments panel", () => {
  it("shows the figures and a fresh idempotency key, and records a cash payment once however often the form is sent", async () => {
    const order = await placedOrder();
    const loaded = await json(await page(order.id, w.sessions.hub));
    expect(loaded.payments).toMatchObject({ totalCents: order.totalCents, paidCents: 0, balanceCents: order.totalCents, paymentState: "unpaid", records: [] });
    const key = loaded.payments.idempotencyKey;
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(await page(order.id, w.sessions.hub))).payments.idempotencyKey).not.toBe(key);

    const form = { intent: "payment", idempotencyKey: key, amount: euros(order.totalCents - 100).replace(".", ","), method: "cash", note: "At the barn" };
    const [first, second] = await Promise.all([page(order.id, w.sessions.hub, form), page(order.id, w.sessions.hub, form)]);
    for (const answer of [first, second, await page(order.id, w.sessions.hub, form)]) {
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toContain("paid=1");
    }
    const rows = await paymentRows(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "payment", method: "cash", amountCents: order.totalCents - 100, state: "completed", note: "At the barn" });

    const after = await json(await page(order.id, w.sessions.hub));
    expect(after.payments).toMatchObject({ paidCents: order.totalCents - 100, balanceCents: 100, paymentState: "partially_paid" });
    expect(after.payments.records).toEqual([
      expect.objectContaining({ kind: "payment", method: "cash", amountCents: order.totalCents - 100, recordedBy: "Hub manager", note: "At the barn" }),
    ]);
  });

  it("the order's distributor records a bank transfer received on a given day", async () => {
    const order = await placedOrder();
    const answer = await page(order.id, w.sessions.distributor, {
      intent: "payment",
      idempotencyKey: crypto.randomUUID(),
      amount: euros(order.totalCents),
      method: "bank_transfer",
      receivedOn: "2026-01-15",
    });
    expect(answer.status).toBe(302);
    const [row] = await paymentRows(order.id);
    expect(row).toMatchObject({ method: "bank_transfer", amountCents: order.totalCents });
    expect(row.occurredAt.toISOString()).toBe("2026-01-15T12:00:00.000Z");
    expect((await json(await page(order.id, w.sessions.distributor))).payments.paymentState).toBe("paid");
  });

  it("money received today, chosen as the day, is recorded as received now, even in the morning", async () => {
    const order = await placedOrder();
    const { today } = (await json(await page(order.id, w.sessions.hub))).payments;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const answer = await page(order.id, w.sessions.hub, {
      intent: "payment",
      idempotencyKey: crypto.randomUUID(),
      amount: "1.00",
      method: "cash",
      receivedOn: today,
    });
    expect(answer.status).toBe(302);
    const [row] = await paymentRows(order.id);
    expect(Math.abs(row.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
    // A later day is refused at its field.
    const refused = await page(order.id, w.sessions.hub, {
      intent: "payment",
      idempotencyKey: crypto.randomUUID(),
      amount: "1.00",
      method: "cash",
      receivedOn: "2099-01-01",
    });
    expect(refused.status).toBe(422);
    expect((await json(refused)).fieldErrors).toEqual({ receivedOn: "This date is in the future." });
  });

  it("refuses an empty, a non-money and a zero amount at the amount field, and records nothing", async () => {
    const order = await placedOrder();
    for (const [amount, message] of [
      ["", "This field is required."],
      ["12,5x", "Enter an amount such as 4.50."],
      ["0", "Enter an amount above zero."],
    ]) {
      const answer = await page(order.id, w.sessions.hub, { intent: "payment", idempotencyKey: crypto.randomUUID(), amount, method: "cash" });
      expect(answer.status).toBe(422);
      const result = await json(answer);
      expect(result.intent).toBe("payment");
      expect(result.fieldErrors).toEqual({ amount: message });
      expect(result.values.amount).toBe(amount);
    }
    expect(await paymentRows(order.id)).toHaveLength(0);
  });

  it("refuses a refund above what was paid at the refund's amount field, then refunds part in cash", async () => {
    const order = await placedOrder();
    await page(order.id, w.sessions.hub, { intent: "payment", idempotencyKey: crypto.randomUUID(), amount: "2.00", method: "cash" });
    const refused = await page(order.id, w.sessions.hub, { intent: "refund", idempotencyKey: crypto.randomUUID(), refundAmount: "2.50", refundMethod: "cash" });
    expect(refused.status).toBe(422);
    const result = await json(refused);
    expect(result.intent).toBe("refund");
    expect(result.fieldErrors).toEqual({ refundAmount: "At most €2.00 can be refunded." });
    expect(await paymentRows(order.id)).toHaveLength(1);

    const key = crypto.randomUUID();
    const refund = { intent: "refund", idempotencyKey: key, refundAmount: "0.50", refundMethod: "cash", reason: "A bruised apple" };
    for (let i = 0; i < 2; i++) {
      const answer = await page(order.id, w.sessions.hub, refund);
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toContain("refunded=1");
    }
    const rows = await paymentRows(order.id);
    expect(rows.filter((row) => row.kind === "refund")).toEqual([expect.objectContaining({ method: "cash", amountCents: 50, note: "A bruised apple" })]);
    expect((await json(await page(order.id, w.sessions.hub))).payments).toMatchObject({ paidCents: 150, balanceCents: order.totalCents - 150 });

    // The buyer's page: paid so far, still to pay, the refund.
    const buyerPage = await json(await callRoute(buyerOrderPage, { path: `/orders/${order.id}`, params: { orderId: order.id }, token: buyer.token }));
    expect(buyerPage.payments).toMatchObject({
      hasRecords: true,
      paidCents: 150,
      balanceCents: order.totalCents - 150,
      refunds: [{ amountCents: 50, method: "cash" }],
    });
  });

  it("refuses a payment on a cancelled order at the amount field", async () => {
    const order = await placedOrder();
    await getDb().update(orders).set({ state: "cancelled", cancelledAt: new Date() }).where(eq(orders.id, order.id));
    const answer = await page(order.id, w.sessions.hub, { intent: "payment", idempotencyKey: crypto.randomUUID(), amount: "1.00", method: "cash" });
    expect(answer.status).toBe(409);
    expect((await json(answer)).fieldErrors).toEqual({ amount: "This order is cancelled: there is nothing to pay." });
    expect(await paymentRows(order.id)).toHaveLength(0);
  });

  it("the supplier, another shop's manager and a stranger are told the order does not exist, and nothing is recorded", async () => {
    const order = await placedOrder();
    for (const cookie of [w.sessions.supplierA, w.sessions.lake, w.sessions.unrelated]) {
      expect((await page(order.id, cookie)).status).toBe(404);
      const forms: Record<string, string>[] = [
        { intent: "payment", idempotencyKey: crypto.randomUUID(), amount: "1.00", method: "cash" },
        { intent: "refund", idempotencyKey: crypto.randomUUID(), refundAmount: "1.00", refundMethod: "cash" },
      ];
      for (const form of forms) {
        expect((await page(order.id, cookie, form)).status).toBe(404);
      }
    }
    expect(await paymentRows(order.id)).toHaveLength(0);
  });

  it("an order is reached through its own cycle only", async () => {
    const order = await placedOrder();
    const otherCycle = await seedCycle(w, { name: "Other week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    const answer = await callRoute(hubOrderPage, {
      path: `/admin/order-cycles/${otherCycle}/orders/${order.id}`,
      params: { cycleId: otherCycle, orderId: order.id },
      cookie: w.sessions.hub,
      form: { intent: "payment", idempotencyKey: crypto.randomUUID(), amount: "1.00", method: "cash" },
    });
    expect(answer.status).toBe(404);
    expect(await paymentRows(order.id)).toHaveLength(0);
  });
});

describe("the buyer's order page", () => {
  it("says nothing of payments until money came in; after the total rose, shows paid so far and the balance due", async () => {
    const order = await placedOrder();
    const read = async () =>
      (await json(await callRoute(buyerOrderPage, { path: `/orders/${order.id}`, params: { orderId: order.id }, token: buyer.token }))).payments;
    expect(await read()).toMatchObject({ hasRecords: false, paidCents: 0, refunds: [] });
    await page(order.id, w.sessions.hub, { intent: "payment", idempotencyKey: crypto.randomUUID(), amount: euros(order.totalCents), method: "cash" });
    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(orderCycles.id, cycleId));
    try {
      const raised = await page(order.id, w.sessions.hub, { [`qty:${w.variants.a[0]}`]: "4" });
      expect(raised.status).toBe(302);
      const [{ totalCents }] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, order.id));
      expect(totalCents).toBeGreaterThan(order.totalCents);
      expect(await read()).toMatchObject({ hasRecords: true, paidCents: order.totalCents, balanceCents: totalCents - order.totalCents, orderState: "placed" });
    } finally {
      await getDb()
        .update(orderCycles)
        .set({ closesAt: minuteFromNow(120) })
        .where(eq(orderCycles.id, cycleId));
    }
  });
});
