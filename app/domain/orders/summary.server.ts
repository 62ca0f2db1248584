// An order with everything its buyer is told: shop, ready for, pickup point, instructions, lines, fees.
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { taxIncludedByRate, type TaxablePart } from "#app/domain/fees/pricing";
import { paymentFigures } from "#app/domain/payments/balance";
import { paymentRecordsOf, type PaymentRecord } from "#app/domain/payments/records.server";
import { fulfilmentOf } from "./fulfilment";
import { enterprises, orderAdjustments, orderCycles, orderLines, orders, outgoingExchanges, paymentMethods, shippingMethods } from "#db/schema";

export async function orderSummary(orderId: string, tx: Executor = getDb()): Promise<OrderSummary> {
  const [row] = await tx
    .select({
      order: orders,
      distributorName: enterprises.name,
      distributorEmail: enterprises.email,
      readyFor: outgoingExchanges.readyFor,
      readyOn: outgoingExchanges.readyOn,
      pickupInstructions: outgoingExchanges.pickupInstructions,
      pickupTimes: outgoingExchanges.pickupTimes,
      shippingName: shippingMethods.name,
      shippingKind: shippingMethods.kind,
      shippingAddress: shippingMethods.address,
      openingHours: shippingMethods.openingHours,
      shippingDescription: shippingMethods.description,
      paymentName: paymentMethods.name,
      paymentInstructions: paymentMethods.instructions,
      paymentKind: paymentMethods.kind,
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
      timeZone: sql<string>`(select time_zone from enterprises c where c.id = ${orderCycles.coordinatorId})`,
      distributorTimeZone: enterprises.timeZone,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.distributorId))
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
    .leftJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(eq(orders.id, orderId));
  const [lines, adjustments, records] = await Promise.all([
    tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)),
    tx.select().from(orderAdjustments).where(eq(orderAdjustments.orderId, orderId)),
    paymentRecordsOf(orderId, tx),
  ]);
  return composeOrderSummary(row, lines, adjustments, records);
}

export type OrderHeader = {
  order: typeof orders.$inferSelect;
  distributorName: string;
  distributorEmail: string | null;
  readyFor: string | null;
  readyOn: string | null;
  pickupInstructions: string | null;
  pickupTimes: Record<string, string> | null;
  shippingName: string | null;
  shippingKind: string | null;
  shippingAddress: string | null;
  openingHours: string | null;
  shippingDescription: string | null;
  paymentName: string | null;
  paymentInstructions: string | null;
  paymentKind: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  timeZone: string;
  /** The distributor's zone: its pickup hours are wall-clock times there. */
  distributorTimeZone: string;
};

/**
 * The summary of an order from its stored rows (read back, or as just written by placeOrder).
 * `openingHours` is the pickup point's time in this cycle; a delivery carries `deliveryDetails`
 * and no pickup instructions (fulfilmentOf).
 */
export function composeOrderSummary(
  header: OrderHeader,
  lines: (typeof orderLines.$inferSelect)[],
  adjustments: (typeof orderAdjustments.$inferSelect)[],
  payments: PaymentRecord[] = [],
) {
  const fulfilment = fulfilmentOf({ ...header, shippingMethodId: header.order.shippingMethodId, deliveryAddress: header.order.deliveryAddress });
  return {
    ...header,
    openingHours: fulfilment.openingHours,
    pickupInstructions: fulfilment.pickupInstructions,
    deliveryDetails: fulfilment.deliveryDetails,
    where: fulfilment.where,
    lines,
    adjustments,
    taxByRate: taxOfStoredOrder(lines, adjustments),
    payments,
    figures: paymentFigures(header.order.totalCents, payments),
  };
}

type StoredFee = { amountCents?: unknown; taxRateBasisPoints?: unknown };

/** The tax included in an order as it was charged, from the line and fee snapshots. */
function taxOfStoredOrder(
  lines: readonly { quantity: number; supplierPriceCents: number; taxRateBasisPoints: number; fees: StoredFee[] }[],
  adjustments: readonly { amountCents: number; taxRateBasisPoints: number }[],
) {
  const parts: TaxablePart[] = lines.flatMap((line) => [
    { rateBasisPoints: line.taxRateBasisPoints, grossCents: line.supplierPriceCents * line.quantity },
    ...line.fees.map((fee) => ({ rateBasisPoints: Number(fee.taxRateBasisPoints ?? 0), grossCents: Number(fee.amountCents ?? 0) * line.quantity })),
  ]);
  for (const adjustment of adjustments) parts.push({ rateBasisPoints: adjustment.taxRateBasisPoints, grossCents: adjustment.amountCents });
  return taxIncludedByRate(parts);
}

export type OrderSummary = ReturnType<typeof composeOrderSummary>;
