// Reading an order's payment records, oldest first, in the shape pages and the API show.
import { asc, eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { payments } from "#db/schema";

export type PaymentRecord = typeof payments.$inferSelect;

export function paymentRecordsOf(orderId: string, db: Executor = getDb()): Promise<PaymentRecord[]> {
  return db.select().from(payments).where(eq(payments.orderId, orderId)).orderBy(asc(payments.occurredAt), asc(payments.createdAt));
}

/** A record as GET /orders/:id/payments lists it. */
export function paymentJson(record: PaymentRecord) {
  return {
    id: record.id,
    kind: record.kind,
    method: record.method,
    amountCents: record.amountCents,
    state: record.state,
    at: record.occurredAt.toISOString(),
    reference: record.externalReference,
    note: record.note,
    refundsPaymentId: record.refundsPaymentId,
    recordedByUserId: record.recordedByUserId,
  };
}
