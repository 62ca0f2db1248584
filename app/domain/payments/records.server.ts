// Reading an order's payment records, oldest first, in the shape pages and the API show.
import { asc, eq, inArray } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { payments, users } from "#db/schema";

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

/** The names of the people who recorded these records (a Stripe webhook's have none). */
export async function recorderNames(records: readonly Pick<PaymentRecord, "recordedByUserId">[], db: Executor = getDb()): Promise<Map<string, string>> {
  const ids = [...new Set(records.map((record) => record.recordedByUserId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((row) => [row.id, row.name || row.email]));
}
