// Test shortcut: an order paid in full, as one completed payment record of its total (written directly).
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orders, payments } from "#db/schema";

export async function insertPaidInFull(orderId: string, method: "card" | "cash" = "card") {
  const [order] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, orderId));
  await getDb().insert(payments).values({ orderId, kind: "payment", method, amountCents: order.totalCents, state: "completed", occurredAt: new Date() });
}

/** A card payment received through Stripe for part or all of an order, as the webhook records it. */
export async function insertCardPayment(orderId: string, amountCents: number, intentId = `pi_test_${Math.random().toString(16).slice(2)}`) {
  await getDb().update(orders).set({ stripePaymentIntentId: intentId }).where(eq(orders.id, orderId));
  const [payment] = await getDb()
    .insert(payments)
    .values({ orderId, kind: "payment", method: "card", amountCents, state: "completed", occurredAt: new Date(), externalReference: intentId })
    .returning();
  return payment;
}

export async function paymentRows(orderId: string) {
  return getDb().select().from(payments).where(eq(payments.orderId, orderId));
}
