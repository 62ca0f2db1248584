// The SQL form of the payment figures (app/domain/payments/balance.server.ts) says what paymentFigures says.
import { eq, getTableColumns, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, payments } from "#db/schema";
import { paymentFigures, type PaymentRecordFacts } from "#app/domain/payments/balance";
import { balanceCentsSql, paidCentsByOrderSql, paidCentsSql, paymentStateSql } from "#app/domain/payments/balance.server";
import { coop, type Coop } from "#tests/support/coop";
import { insertCardOrder } from "#tests/support/stripe-stub";

let w: Coop;
beforeAll(async () => {
  w = await coop();
});

const r = (kind: "payment" | "refund", amountCents: number, state: string): PaymentRecordFacts => ({ kind, amountCents, state });
const cases: { total: number; records: PaymentRecordFacts[] }[] = [
  { total: 2_000, records: [] },
  { total: 0, records: [] },
  { total: 2_000, records: [r("payment", 500, "completed")] },
  { total: 2_000, records: [r("payment", 2_000, "completed")] },
  { total: 2_000, records: [r("payment", 1_200, "completed"), r("payment", 800, "completed")] },
  { total: 1_500, records: [r("payment", 2_000, "completed")] },
  { total: 1_500, records: [r("payment", 2_000, "completed"), r("refund", 500, "pending")] },
  { total: 2_000, records: [r("payment", 2_000, "refunded"), r("refund", 2_000, "completed")] },
  { total: 2_000, records: [r("payment", 2_000, "completed"), r("refund", 2_000, "failed")] },
  { total: 2_000, records: [r("payment", 2_000, "pending"), r("payment", 300, "failed")] },
  { total: 2_000, records: [r("payment", 2_000, "completed"), r("refund", 700, "completed"), r("refund", 100, "pending")] },
  { total: 2_000, records: [r("refund", 300, "completed")] },
];

describe("payment figures in SQL", () => {
  it.each(cases.map((c, i) => [i, c] as const))("case %i equals the pure figures", async (_i, { total, records }) => {
    const order = await insertCardOrder({ distributorId: w.distributor.id, totalCents: total });
    let paymentId: string | null = null;
    for (const record of records) {
      const [inserted]: { id: string }[] = await getDb()
        .insert(payments)
        .values({
          orderId: order.id,
          kind: record.kind,
          method: "cash",
          amountCents: record.amountCents,
          state: record.state,
          occurredAt: new Date(),
          refundsPaymentId: record.kind === "refund" ? paymentId : null,
        })
        .returning();
      if (record.kind === "payment") paymentId = inserted.id;
    }
    const [row] = await getDb()
      .select({ ...getTableColumns(orders), paidCents: paidCentsSql(), balanceCents: balanceCentsSql(), paymentState: paymentStateSql() })
      .from(orders)
      .where(eq(orders.id, order.id));
    expect({ paidCents: row.paidCents, balanceCents: row.balanceCents, paymentState: row.paymentState }).toEqual(paymentFigures(total, records));
    // The filter form finds it by its state.
    const found = await getDb()
      .select({ id: orders.id })
      .from(orders)
      .where(eq(paymentStateSql(), paymentFigures(total, records).paymentState));
    expect(found.map((f) => f.id)).toContain(order.id);
    // The joined form for many orders at once (the orders list's figures) says the same paid.
    const [joined] = await getDb().execute<{ paid: number }>(
      sql`select coalesce(p.paid_cents, 0) as paid from orders o left join ${paidCentsByOrderSql(sql`select ${order.id}::text`)} p on p.order_id = o.id where o.id = ${order.id}`,
    );
    expect(joined.paid).toBe(paymentFigures(total, records).paidCents);
  });
});
