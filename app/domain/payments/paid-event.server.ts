// `order.paid` for other systems (docs/domain.md 14): when a payment just recorded is the one that
// brings what was received up to the order's total. In the payment's transaction, which is also
// when the order earns its loyalty points (decision 0052), once.
import { eq } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orders } from "#db/schema";
import { emitOrderEvent } from "#app/domain/orders/events.server";
import { earnForOrder } from "#app/domain/loyalty/ledger.server";
import { paidCentsSql } from "./balance.server";

export async function emitPaidIfSettled(tx: Executor, orderId: string, amountCents: number, at: Date): Promise<void> {
  const [row] = await tx.select({ totalCents: orders.totalCents, paidCents: paidCentsSql() }).from(orders).where(eq(orders.id, orderId));
  if (!row) return;
  const paid = Number(row.paidCents);
  if (paid >= row.totalCents && paid - amountCents < row.totalCents) {
    await emitOrderEvent(tx, "order.paid", orderId, at);
    await earnForOrder(tx, orderId, at);
  }
}
