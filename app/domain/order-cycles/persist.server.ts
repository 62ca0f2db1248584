// Writes exchanges and history rows: the only code that changes order-cycle tables.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import {
  incomingExchangeFees,
  incomingExchanges,
  incomingExchangeVariants,
  orderCycleCoordinatorFees,
  orderCycleHistory,
  orderCycles,
  orderLines,
  orders,
  outgoingExchangeFees,
  outgoingExchangePaymentMethods,
  outgoingExchanges,
  outgoingExchangeShippingMethods,
  outgoingExchangeVariants,
} from "#db/schema";
import type { IncomingExchange, OutgoingExchange } from "./model";
import { newShareKey } from "./share-key.server";

/** Serialises concurrent edits of one cycle. */
export async function lockCycle(tx: Executor, cycleId: string): Promise<boolean> {
  const rows = await tx.execute(sql`select id from order_cycles where id = ${cycleId} for update`);
  return rows.length > 0;
}

export async function touchCycle(tx: Executor, cycleId: string) {
  await tx.update(orderCycles).set({ updatedAt: new Date() }).where(eq(orderCycles.id, cycleId));
}

export async function writeCoordinatorFees(tx: Executor, cycleId: string, feeIds: readonly string[]) {
  await tx.delete(orderCycleCoordinatorFees).where(eq(orderCycleCoordinatorFees.orderCycleId, cycleId));
  if (feeIds.length) await tx.insert(orderCycleCoordinatorFees).values(feeIds.map((feeId, position) => ({ orderCycleId: cycleId, feeId, position })));
}

export async function writeIncoming(tx: Executor, cycleId: string, exchange: Omit<IncomingExchange, "id"> & { id?: string }): Promise<string> {
  let id = exchange.id;
  if (id) {
    await tx.update(incomingExchanges).set({ receivalInstructions: exchange.receivalInstructions }).where(eq(incomingExchanges.id, id));
    await tx.delete(incomingExchangeVariants).where(eq(incomingExchangeVariants.exchangeId, id));
    await tx.delete(incomingExchangeFees).where(eq(incomingExchangeFees.exchangeId, id));
  } else {
    const [row] = await tx
      .insert(incomingExchanges)
      .values({ orderCycleId: cycleId, supplierId: exchange.supplierId, receivalInstructions: exchange.receivalInstructions })
      .returning({ id: incomingExchanges.id });
    id = row.id;
  }
  const limits = exchange.limits ?? {};
  if (exchange.variantIds.length)
    await tx
      .insert(incomingExchangeVariants)
      .values(exchange.variantIds.map((variantId) => ({ exchangeId: id!, variantId, maxPerBuyer: limits[variantId] ?? null })));
  if (exchange.feeIds.length) await tx.insert(incomingExchangeFees).values(exchange.feeIds.map((feeId, position) => ({ exchangeId: id!, feeId, position })));
  return id;
}

export async function writeOutgoing(tx: Executor, cycleId: string, exchange: Omit<OutgoingExchange, "id"> & { id?: string }): Promise<string> {
  let id = exchange.id;
  const fields = {
    readyFor: exchange.readyFor,
    readyOn: exchange.readyOn,
    pickupInstructions: exchange.pickupInstructions,
    pickupTimes: exchange.pickupTimes,
    tags: exchange.tags,
    visibility: exchange.visibility,
    variantsLocked: exchange.variantsLocked,
    // An unlisted exchange always has a key; a new exchange (a copy too) gets its own, never another's.
    shareKey: exchange.visibility === "unlisted" ? ((id ? exchange.shareKey : null) ?? newShareKey()) : id ? exchange.shareKey : null,
  };
  if (id) {
    await tx.update(outgoingExchanges).set(fields).where(eq(outgoingExchanges.id, id));
    await tx.delete(outgoingExchangeVariants).where(eq(outgoingExchangeVariants.exchangeId, id));
    await tx.delete(outgoingExchangeFees).where(eq(outgoingExchangeFees.exchangeId, id));
    await tx.delete(outgoingExchangeShippingMethods).where(eq(outgoingExchangeShippingMethods.exchangeId, id));
    await tx.delete(outgoingExchangePaymentMethods).where(eq(outgoingExchangePaymentMethods.exchangeId, id));
  } else {
    const [row] = await tx
      .insert(outgoingExchanges)
      .values({ orderCycleId: cycleId, distributorId: exchange.distributorId, ...fields })
      .returning({ id: outgoingExchanges.id });
    id = row.id;
  }
  const exchangeId = id!;
  if (exchange.variantIds.length) await tx.insert(outgoingExchangeVariants).values(exchange.variantIds.map((variantId) => ({ exchangeId, variantId })));
  if (exchange.feeIds.length) await tx.insert(outgoingExchangeFees).values(exchange.feeIds.map((feeId, position) => ({ exchangeId, feeId, position })));
  if (exchange.shippingMethodIds.length)
    await tx.insert(outgoingExchangeShippingMethods).values(exchange.shippingMethodIds.map((shippingMethodId) => ({ exchangeId, shippingMethodId })));
  if (exchange.paymentMethodIds.length)
    await tx.insert(outgoingExchangePaymentMethods).values(exchange.paymentMethodIds.map((paymentMethodId) => ({ exchangeId, paymentMethodId })));
  return exchangeId;
}

/** A new share key for an unlisted exchange: the old one stops opening it at once. */
export async function replaceShareKey(tx: Executor, exchangeId: string): Promise<string> {
  const shareKey = newShareKey();
  await tx.update(outgoingExchanges).set({ shareKey }).where(eq(outgoingExchanges.id, exchangeId));
  return shareKey;
}

export async function deleteIncoming(tx: Executor, cycleId: string, supplierId: string) {
  await tx.delete(incomingExchanges).where(and(eq(incomingExchanges.orderCycleId, cycleId), eq(incomingExchanges.supplierId, supplierId)));
}

export async function deleteOutgoing(tx: Executor, cycleId: string, distributorId: string) {
  await tx.delete(outgoingExchanges).where(and(eq(outgoingExchanges.orderCycleId, cycleId), eq(outgoingExchanges.distributorId, distributorId)));
}

/**
 * Outgoing exchanges only sell what comes in: drop variants no longer in any incoming exchange,
 * setting them aside so that ticking them in again puts them back (restoreSetAsideVariants).
 */
export async function pruneOutgoingVariants(tx: Executor, cycleId: string) {
  await tx.execute(sql`
    with pruned as (
      delete from outgoing_exchange_variants ov
      using outgoing_exchanges oe
      where ov.exchange_id = oe.id and oe.order_cycle_id = ${cycleId}
        and not exists (
          select 1 from incoming_exchange_variants iv
          join incoming_exchanges ie on ie.id = iv.exchange_id
          where ie.order_cycle_id = ${cycleId} and iv.variant_id = ov.variant_id
        )
      returning ov.exchange_id, ov.variant_id
    )
    insert into outgoing_exchange_set_aside_variants (exchange_id, variant_id)
    select exchange_id, variant_id from pruned
    on conflict do nothing`);
}

/** Variants set aside by a supplier's untick go back to the distributors that offered them, once they come in again. */
export async function restoreSetAsideVariants(tx: Executor, cycleId: string) {
  await tx.execute(sql`
    with restored as (
      delete from outgoing_exchange_set_aside_variants sv
      using outgoing_exchanges oe
      where sv.exchange_id = oe.id and oe.order_cycle_id = ${cycleId}
        and exists (
          select 1 from incoming_exchange_variants iv
          join incoming_exchanges ie on ie.id = iv.exchange_id
          where ie.order_cycle_id = ${cycleId} and iv.variant_id = sv.variant_id
        )
      returning sv.exchange_id, sv.variant_id
    )
    insert into outgoing_exchange_variants (exchange_id, variant_id)
    select exchange_id, variant_id from restored
    on conflict do nothing`);
}

/** Units and orders of the cycle's placed orders holding each of these variants, with the names the buyers saw. */
export async function placedOrdersHolding(tx: Executor, cycleId: string, variantIds: readonly string[]) {
  if (variantIds.length === 0) return [];
  return tx
    .select({
      variantId: orderLines.variantId,
      name: sql<string>`min(${orderLines.productName} || ' · ' || ${orderLines.variantName})`,
      units: sql<number>`sum(${orderLines.quantity})::int`,
      orderIds: sql<string[]>`array_agg(distinct ${orders.id})`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed"), inArray(orderLines.variantId, [...variantIds])))
    .groupBy(orderLines.variantId)
    .orderBy(sql`2`);
}

export async function recordHistory(
  tx: Executor,
  cycleId: string,
  userId: string | null,
  action: string,
  details: Record<string, unknown> = {},
): Promise<string> {
  const [row] = await tx.insert(orderCycleHistory).values({ orderCycleId: cycleId, userId, action, details }).returning({ id: orderCycleHistory.id });
  return row.id;
}
