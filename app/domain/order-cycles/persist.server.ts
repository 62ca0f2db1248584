// Writes exchanges and history rows: the only code that changes order-cycle tables.
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import {
  incomingExchangeFees,
  incomingExchanges,
  incomingExchangeVariants,
  orderCycleCoordinatorFees,
  orderCycleHistory,
  orderCycles,
  outgoingExchangeFees,
  outgoingExchangePaymentMethods,
  outgoingExchanges,
  outgoingExchangeShippingMethods,
  outgoingExchangeVariants,
} from "#db/schema";
import type { IncomingExchange, OutgoingExchange } from "./model";

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
  if (exchange.variantIds.length) await tx.insert(incomingExchangeVariants).values(exchange.variantIds.map((variantId) => ({ exchangeId: id!, variantId })));
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

export async function deleteIncoming(tx: Executor, cycleId: string, supplierId: string) {
  await tx.delete(incomingExchanges).where(and(eq(incomingExchanges.orderCycleId, cycleId), eq(incomingExchanges.supplierId, supplierId)));
}

export async function deleteOutgoing(tx: Executor, cycleId: string, distributorId: string) {
  await tx.delete(outgoingExchanges).where(and(eq(outgoingExchanges.orderCycleId, cycleId), eq(outgoingExchanges.distributorId, distributorId)));
}

/** Outgoing exchanges only sell what comes in: drop variants no longer in any incoming exchange. */
export async function pruneOutgoingVariants(tx: Executor, cycleId: string) {
  await tx.execute(sql`
    delete from outgoing_exchange_variants ov
    using outgoing_exchanges oe
    where ov.exchange_id = oe.id and oe.order_cycle_id = ${cycleId}
      and not exists (
        select 1 from incoming_exchange_variants iv
        join incoming_exchanges ie on ie.id = iv.exchange_id
        where ie.order_cycle_id = ${cycleId} and iv.variant_id = ov.variant_id
      )`);
}

export async function recordHistory(tx: Executor, cycleId: string, userId: string | null, action: string, details: Record<string, unknown> = {}) {
  await tx.insert(orderCycleHistory).values({ orderCycleId: cycleId, userId, action, details });
}
