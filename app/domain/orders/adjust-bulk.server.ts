// Many placed orders of one cycle changed or cancelled at once (a close's minimums, decision 0057),
// each exactly as ./adjust.server or ./changes.server changes one, but in a fixed number of
// statements however many orders there are: the orders and their lines read in two queries, priced
// with the same pure rules from one load of the cycle's pricing per distributor, and their lines,
// history, stock, places, refunds and events written with multi-row statements.
import { sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { insertRows, updateRows } from "#db/rows.server";
import { orderAdjustments, orderChanges, orderLines, orders, payments, variants } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { addJobs, isJobQueueInstalled } from "#app/jobs/queue.server";
import { freePlaces } from "#app/domain/capacity/places.server";
import { appliedPromosOf, freePromoUses } from "#app/domain/promotions/redeem.server";
import { refundCreditOfCancelled } from "#app/domain/loyalty/ledger.server";
import { cardRefundable, repricedRefundCents, writeCardRefundsInBulk } from "#app/domain/payments/card-refunds.server";
import type { PaymentRecord } from "#app/domain/payments/records.server";
import { scheduleSupplierAmendments } from "#app/domain/notifications/amendments.server";
import {
  changedSuppliersOf,
  orderChangeRows,
  planAdjustment,
  weightErrors,
  type AdjustmentActor,
  type AdjustmentPlan,
  type LineBefore,
  type LineChange,
} from "./adjust.server";
import { orderContents, priceManyLines, type OrderContents } from "./contents.server";
import { emitOrderEvents } from "./events.server";
import { ADJUSTED_EMAIL_DELAY_MS, adjustedEmailJobKey } from "./repriced.server";
import { returnStock } from "./stock.server";

type LockedOrder = {
  id: string;
  state: string;
  orderCycleId: string;
  distributorId: string;
  shippingMethodId: string | null;
  totalCents: number;
  promoCodeId: string | null;
  email: string;
};

/** The orders locked in id order (so two closes, or a close and a buyer's change, cannot deadlock), with their lines, in two queries. */
async function lockOrders(tx: Executor, orderIds: readonly string[]) {
  const ids = sql.param([...new Set(orderIds)].sort());
  const rows = await tx.execute<{
    id: string;
    state: string;
    order_cycle_id: string;
    distributor_id: string;
    shipping_method_id: string | null;
    total_cents: number;
    promo_code_id: string | null;
    email: string;
  }>(sql`select id, state, order_cycle_id, distributor_id, shipping_method_id, total_cents, promo_code_id, email
    from ${orders} where id = any(${ids}::text[]) order by id for update`);
  const lines = await tx.execute<{
    order_id: string;
    variant_id: string;
    quantity: number;
    actual_weight_grams: number | null;
    supplier_id: string | null;
    product_name: string;
    variant_name: string;
    units_per_case: number;
  }>(sql`select order_id, variant_id, quantity, actual_weight_grams, supplier_id, product_name, variant_name, units_per_case
    from ${orderLines} where order_id = any(${ids}::text[])`);
  const linesOf = new Map<string, LineBefore[]>();
  for (const line of lines) {
    const list = linesOf.get(line.order_id) ?? [];
    list.push({
      variantId: line.variant_id,
      quantity: Number(line.quantity),
      actualWeightGrams: line.actual_weight_grams === null ? null : Number(line.actual_weight_grams),
      supplierId: line.supplier_id,
      productName: line.product_name,
      variantName: line.variant_name,
      unitsPerCase: Number(line.units_per_case),
    });
    linesOf.set(line.order_id, list);
  }
  const locked: LockedOrder[] = rows.map((row) => ({
    id: row.id,
    state: row.state,
    orderCycleId: row.order_cycle_id,
    distributorId: row.distributor_id,
    shippingMethodId: row.shipping_method_id,
    totalCents: Number(row.total_cents),
    promoCodeId: row.promo_code_id,
    email: row.email,
  }));
  return { orders: locked, linesOf };
}

/** Every payment record of the orders, oldest first as paymentRecordsOf reads one order's. */
async function paymentRecordsOfMany(tx: Executor, orderIds: readonly string[]): Promise<Map<string, PaymentRecord[]>> {
  const byOrder = new Map<string, PaymentRecord[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await tx
    .select()
    .from(payments)
    .where(sql`${payments.orderId} = any(${sql.param([...orderIds])}::text[])`)
    .orderBy(payments.occurredAt, payments.createdAt);
  for (const row of rows) byOrder.get(row.orderId)?.push(row);
  return byOrder;
}

async function lockVariants(tx: Executor, ids: Iterable<string>) {
  const list = [...new Set(ids)];
  if (list.length === 0) return;
  await tx.execute(sql`select id from ${variants} where id = any(${sql.param(list)}::text[]) order by id for no key update`);
}

type PricedRows = NonNullable<ReturnType<Awaited<ReturnType<typeof priceManyLines>>["get"]>>["rows"];

export type BulkAdjustment = { orderId: string; changes: LineChange[] };

/**
 * Adjusts many placed orders of one cycle as applyOrderAdjustment adjusts each, for changes that
 * only lower or remove lines (a close taking a supplier's lines): the same plan, prices, history
 * and refunds, the stock given back, one "order.changed" each, the producers' amendments. `told`
 * marks the history told by the caller's own email (a close's); otherwise each order gets the
 * batched "order adjusted" email. Orders no longer placed are left alone. The caller holds the
 * transaction; a change that would empty an order throws before anything is written.
 */
export async function applyOrderAdjustmentsInBulk(
  tx: Executor,
  input: { orderCycleId: string; adjustments: readonly BulkAdjustment[]; actor: AdjustmentActor; note?: string; now: Date; told: boolean },
): Promise<Map<string, { beforeTotalCents: number; afterTotalCents: number; refundCents: number }>> {
  const { actor, now, orderCycleId } = input;
  const note = (input.note ?? "").trim().slice(0, 500);
  const results = new Map<string, { beforeTotalCents: number; afterTotalCents: number; refundCents: number }>();
  if (input.adjustments.length === 0) return results;
  const changesOf = new Map(input.adjustments.map((adjustment) => [adjustment.orderId, adjustment.changes]));
  const { orders: locked, linesOf } = await lockOrders(tx, [...changesOf.keys()]);

  const planned: { order: LockedOrder; plan: AdjustmentPlan }[] = [];
  for (const order of locked) {
    if (order.state !== "placed" || order.orderCycleId !== orderCycleId) continue;
    const plan = planAdjustment(linesOf.get(order.id) ?? [], changesOf.get(order.id)!);
    if (plan.changedIds.length === 0) {
      results.set(order.id, { beforeTotalCents: order.totalCents, afterTotalCents: order.totalCents, refundCents: 0 });
      continue;
    }
    if (plan.after.length === 0) throw new DomainError("validation_failed", { lines: { key: "keepOneLine" } });
    if (plan.deltas.some((line) => line.delta > 0)) throw new Error("applyOrderAdjustmentsInBulk only lowers or removes lines");
    planned.push({ order, plan });
  }
  if (planned.length === 0) return results;

  const [pricedOf, promos] = await Promise.all([
    priceManyLines(
      tx,
      orderCycleId,
      planned.map(({ order, plan }) => ({
        orderId: order.id,
        distributorId: order.distributorId,
        shippingMethodId: order.shippingMethodId,
        lines: plan.after,
      })),
    ),
    appliedPromosOf(
      tx,
      planned.map(({ order }) => order.promoCodeId),
    ),
  ]);
  const written: { order: LockedOrder; plan: AdjustmentPlan; contents: OrderContents; rows: PricedRows }[] = [];
  for (const { order, plan } of planned) {
    const { priced, rows } = pricedOf.get(order.id)!;
    const errors = weightErrors(plan.after, rows);
    if (Object.keys(errors).length) throw new DomainError("validation_failed", errors);
    const promo = order.promoCodeId ? (promos.get(order.promoCodeId) ?? null) : null;
    const contents = orderContents(order.id, priced, rows, promo, plan.keptSizes);
    written.push({ order, plan, contents, rows });
  }

  const ids = written.map(({ order }) => order.id);
  const idList = sql.param(ids);
  // As applyOrderAdjustment: every variant the lines point at, before and after, locked first in id order.
  await lockVariants(
    tx,
    written.flatMap(({ plan }) => [...plan.beforeById.keys()]),
  );
  await returnStock(
    tx,
    written.flatMap(({ plan }) => plan.deltas.filter((line) => line.delta < 0).map((line) => ({ variantId: line.variantId, quantity: -line.delta }))),
  );
  await tx.execute(sql`delete from ${orderLines} where order_id = any(${idList}::text[])`);
  await tx.execute(sql`delete from ${orderAdjustments} where order_id = any(${idList}::text[])`);
  await insertRows(
    tx,
    orderLines,
    written.flatMap(({ contents }) => contents.lines),
  );
  await insertRows(
    tx,
    orderAdjustments,
    written.flatMap(({ contents }) => contents.adjustments),
  );
  await updateRows(
    tx,
    orders,
    "id",
    written.map(({ order, contents }) => ({ id: order.id, ...contents.totals, updatedAt: now })),
  );
  await insertRows(
    tx,
    orderChanges,
    written.flatMap(({ order, plan, contents, rows }) =>
      orderChangeRows(order.id, plan, rows, {
        actor,
        note,
        now,
        beforeTotalCents: order.totalCents,
        afterTotalCents: contents.totals.totalCents,
        told: input.told || actor.source === "buyer",
      }),
    ),
  );

  // What afterOrderRepriced does for each: the batched email, the card refund of what was paid over the new total, the amendments, the event.
  if (!input.told && (await isJobQueueInstalled(tx))) {
    const untold = await tx.execute<{ order_id: string }>(
      sql`select distinct order_id from ${orderChanges} where order_id = any(${idList}::text[]) and notified_at is null`,
    );
    await addJobs(
      "notify_order_adjusted",
      untold.map((row) => ({
        payload: { orderId: row.order_id },
        jobKey: adjustedEmailJobKey(row.order_id),
        jobKeyMode: "preserve_run_at" as const,
        runAt: new Date(now.getTime() + ADJUSTED_EMAIL_DELAY_MS),
      })),
      tx,
    );
  }
  const records = await paymentRecordsOfMany(tx, ids);
  const refunds = written.map(({ order, contents }) => ({
    orderId: order.id,
    records: records.get(order.id)!,
    amountCents: repricedRefundCents(contents.totals.totalCents, records.get(order.id)!),
    note: "",
  }));
  await writeCardRefundsInBulk(
    tx,
    refunds.filter((refund) => refund.amountCents > 0),
    { actorUserId: actor.userId, now },
  );
  await scheduleSupplierAmendments(tx, {
    orderCycleId,
    supplierIds: [...new Set(written.flatMap(({ plan, rows }) => changedSuppliersOf(plan, rows)))].sort(),
    now,
  });
  await emitOrderEvents(tx, "order.changed", ids, now);
  for (const [index, { order, contents }] of written.entries()) {
    results.set(order.id, { beforeTotalCents: order.totalCents, afterTotalCents: contents.totals.totalCents, refundCents: refunds[index].amountCents });
  }
  return results;
}

/**
 * Cancels many placed orders as cancelPlacedOrder cancels each (stock back, places and promo uses
 * freed, credit back to the buyer's balance, "order.cancelled"), and refunds what their cards can
 * still give back, pending with its job at once, as a close's cancellation does. Orders no longer
 * placed are left alone. Returns each cancelled order's card refund.
 */
export async function cancelPlacedOrdersInBulk(
  tx: Executor,
  input: { orderIds: readonly string[]; now: Date; refundNote: string },
): Promise<Map<string, { refundCents: number }>> {
  const { now } = input;
  const results = new Map<string, { refundCents: number }>();
  if (input.orderIds.length === 0) return results;
  const { orders: locked, linesOf } = await lockOrders(tx, input.orderIds);
  const placed = locked.filter((order) => order.state === "placed");
  if (placed.length === 0) return results;
  const ids = placed.map((order) => order.id);
  const idList = sql.param(ids);
  await returnStock(
    tx,
    placed.flatMap((order) => linesOf.get(order.id) ?? []),
  );
  // Their places in a capped cycle and pickup point are free again (decision 0046), and their promo codes' uses (decision 0051).
  await freePlaces(tx, placed);
  await freePromoUses(tx, placed);
  await tx.execute(sql`update ${orders} set state = 'cancelled', cancelled_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
    where id = any(${idList}::text[])`);
  const records = await paymentRecordsOfMany(tx, ids);
  // Credit that paid them goes back to the buyers' balances (decision 0052): the ledger's own path, for the few orders credit paid.
  const creditPaid = placed.filter((order) =>
    records.get(order.id)!.some((record) => record.method === "credit" && record.kind === "payment" && ["completed", "refunded"].includes(record.state)),
  );
  for (const order of creditPaid) await refundCreditOfCancelled(tx, order.id, now);
  await emitOrderEvents(tx, "order.cancelled", ids, now);
  const refunds = placed.map((order) => ({
    orderId: order.id,
    records: records.get(order.id)!,
    amountCents: cardRefundable(records.get(order.id)!).reduce((sum, entry) => sum + entry.remainingCents, 0),
    note: input.refundNote,
  }));
  await writeCardRefundsInBulk(
    tx,
    refunds.filter((refund) => refund.amountCents > 0),
    { actorUserId: null, now },
  );
  for (const refund of refunds) results.set(refund.orderId, { refundCents: refund.amountCents });
  return results;
}
