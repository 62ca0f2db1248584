// settleRepricedOrder (contracts.md, decision 0036): inside the re-pricing transaction a lowered
// total of a card-paid order becomes a pending card refund of exactly the difference, sent to
// Stripe after the commit by its job (keyed on the refund record); a raised total leaves a balance.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders } from "#db/schema";
import { paymentFigures } from "#app/domain/payments/balance";
import { settleRepricedOrder } from "#app/domain/payments/card-refunds.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { runJobsOnce } from "#app/jobs/worker.server";
import { coop, type Coop } from "#tests/support/coop";
import { insertCardPayment, paymentRows } from "#tests/support/payments";
import { setEnv } from "#tests/support/settings";
import { insertCardOrder, startStripeStub, type StripeStub } from "#tests/support/stripe-stub";

let w: Coop;
let stub: StripeStub;

beforeAll(async () => {
  stub = await startStripeStub();
  setEnv({ STRIPE_SECRET_KEY: "sk_test_circuit", STRIPE_API_BASE: stub.url });
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coop();
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => stub.reset());

/** What applyOrderAdjustment does around it: re-price (here: set the total) and settle, in one transaction. */
async function reprice(orderId: string, totalCents: number) {
  await getDb().transaction(async (tx) => {
    await tx.update(orders).set({ totalCents, itemsTotalCents: totalCents }).where(eq(orders.id, orderId));
    await settleRepricedOrder(tx, { orderId, actorUserId: w.people.distributor.id, now: new Date() });
  });
}

const refundCalls = () => stub.requests.filter((request) => request.method === "POST" && request.path === "/v1/refunds");

describe("settleRepricedOrder", () => {
  it("a lowered total of a card-paid order is refunded by exactly the difference, once, by its job after the commit", async () => {
    const order = await insertCardOrder({ distributorId: w.distributor.id, totalCents: 2_000 });
    const payment = await insertCardPayment(order.id, 2_000);
    await reprice(order.id, 1_430);
    const [refund] = (await paymentRows(order.id)).filter((row) => row.kind === "refund");
    expect(refund).toMatchObject({ method: "card", amountCents: 570, state: "pending", refundsPaymentId: payment.id });
    // Nothing reached Stripe inside the transaction; the job keyed on the record is queued.
    expect(refundCalls()).toEqual([]);
    const jobs = await getDb().execute<{ key: string }>(sql`select key from graphile_worker.jobs where key = ${`card-refund:${refund.id}`}`);
    expect(jobs).toHaveLength(1);

    // Settled again (a second re-pricing at the same total): nothing more.
    await reprice(order.id, 1_430);
    expect((await paymentRows(order.id)).filter((row) => row.kind === "refund")).toHaveLength(1);

    await runJobsOnce({ connectionString: process.env.DATABASE_URL! });
    expect(refundCalls()).toHaveLength(1);
    expect(refundCalls()[0].body).toMatchObject({ amount: "570", payment_intent: payment.externalReference });
    expect(refundCalls()[0].headers["idempotency-key"]).toBe(`circuit-refund-${refund.id}`);
    const rows = await paymentRows(order.id);
    expect(rows.find((row) => row.id === refund.id)).toMatchObject({ state: "completed" });
    expect(paymentFigures(1_430, rows)).toEqual({ paidCents: 1_430, balanceCents: 0, paymentState: "paid" });
  });

  it("a raised total refunds nothing and leaves a balance due", async () => {
    const order = await insertCardOrder({ distributorId: w.distributor.id, totalCents: 2_000 });
    await insertCardPayment(order.id, 2_000);
    await reprice(order.id, 2_350);
    const rows = await paymentRows(order.id);
    expect(rows.filter((row) => row.kind === "refund")).toEqual([]);
    expect(paymentFigures(2_350, rows)).toEqual({ paidCents: 2_000, balanceCents: 350, paymentState: "partially_paid" });
    await runJobsOnce({ connectionString: process.env.DATABASE_URL! });
    expect(refundCalls()).toEqual([]);
  });

  it("an excess paid in cash is not sent to Stripe (it is given back by hand)", async () => {
    const order = await insertCardOrder({ distributorId: w.distributor.id, totalCents: 2_000, paymentKind: "cash", paymentState: "paid" });
    await reprice(order.id, 1_500);
    expect((await paymentRows(order.id)).filter((row) => row.kind === "refund")).toEqual([]);
  });
});
