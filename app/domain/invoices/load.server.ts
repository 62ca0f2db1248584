// Reads what an invoice is made of, for many orders at once (a fixed number of queries): each
// order with its lines, fees, buyer, cycle, ready day and payment, and its distributor as seller.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { enterprises, orderAdjustments, orderCycles, orderLines, orders, outgoingExchanges, paymentMethods, users } from "#db/schema";
import { paidCentsSql, paymentStateSql } from "#app/domain/payments/balance.server";
import type { InvoiceOrder, InvoiceSeller } from "./snapshot";

export type SellerFacts = InvoiceSeller & { id: string; timeZone: string; invoicePrefix: string; invoiceAtClose: boolean };

export async function loadSeller(db: Executor, distributorId: string): Promise<SellerFacts | undefined> {
  const [row] = await db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      legalName: enterprises.legalName,
      address: enterprises.address,
      companyNumber: enterprises.companyNumber,
      vatNumber: enterprises.vatNumber,
      email: enterprises.email,
      timeZone: enterprises.timeZone,
      invoicePrefix: enterprises.invoicePrefix,
      invoiceAtClose: enterprises.invoiceAtClose,
    })
    .from(enterprises)
    .where(eq(enterprises.id, distributorId));
  return row;
}

export type OrderForInvoice = InvoiceOrder & { state: string; distributorId: string; orderCycleId: string };

export async function loadOrdersForInvoice(db: Executor, orderIds: readonly string[]): Promise<Map<string, OrderForInvoice>> {
  if (orderIds.length === 0) return new Map();
  const ids = [...orderIds];
  const [heads, lines, adjustments] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        state: orders.state,
        distributorId: orders.distributorId,
        orderCycleId: orders.orderCycleId,
        locale: orders.locale,
        email: orders.email,
        buyerName: orders.buyerName,
        userName: users.name,
        deliveryAddress: orders.deliveryAddress,
        totalCents: orders.totalCents,
        cycleName: orderCycles.name,
        readyFor: outgoingExchanges.readyFor,
        readyOn: outgoingExchanges.readyOn,
        paymentName: paymentMethods.name,
        paymentState: paymentStateSql(),
        paidCents: paidCentsSql(),
      })
      .from(orders)
      .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
      .leftJoin(users, eq(users.id, orders.buyerId))
      .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
      .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
      .where(inArray(orders.id, ids)),
    db
      .select({ line: orderLines, supplierName: sql<string | null>`(select s.name from enterprises s where s.id = ${orderLines.supplierId})` })
      .from(orderLines)
      .where(inArray(orderLines.orderId, ids))
      .orderBy(asc(orderLines.orderId), asc(orderLines.productName), asc(orderLines.variantName), asc(orderLines.id)),
    db.select().from(orderAdjustments).where(inArray(orderAdjustments.orderId, ids)).orderBy(asc(orderAdjustments.orderId), asc(orderAdjustments.id)),
  ]);
  type Line = InvoiceOrder["lines"][number];
  type Adjustment = InvoiceOrder["adjustments"][number];
  const linesOf = new Map<string, Line[]>(ids.map((id) => [id, []]));
  const adjustmentsOf = new Map<string, Adjustment[]>(ids.map((id) => [id, []]));
  for (const { line, supplierName } of lines) {
    linesOf.get(line.orderId)?.push({
      productName: line.productName,
      variantName: line.variantName,
      supplierName: supplierName ?? "",
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
      supplierPriceCents: line.supplierPriceCents,
      taxRateBasisPoints: line.taxRateBasisPoints,
      actualWeightGrams: line.actualWeightGrams,
      fees: line.fees,
    });
  }
  for (const adjustment of adjustments) {
    adjustmentsOf.get(adjustment.orderId)?.push({
      label: adjustment.label,
      enterpriseName: adjustment.enterpriseName,
      place: adjustment.place,
      supplierName: adjustment.supplierName,
      amountCents: adjustment.amountCents,
      taxRateBasisPoints: adjustment.taxRateBasisPoints,
    });
  }
  const result = new Map<string, OrderForInvoice>();
  for (const head of heads) {
    result.set(head.id, {
      orderId: head.id,
      orderNumber: head.number,
      state: head.state,
      distributorId: head.distributorId,
      orderCycleId: head.orderCycleId,
      cycleName: head.cycleName,
      locale: head.locale === "fr" ? "fr" : "en",
      buyer: { name: head.buyerName || head.userName || "", email: head.email, address: head.deliveryAddress },
      readyFor: head.readyFor ?? "",
      readyOn: head.readyOn ?? null,
      lines: linesOf.get(head.id) ?? [],
      adjustments: adjustmentsOf.get(head.id) ?? [],
      totalCents: head.totalCents,
      payment: { state: head.paymentState, methodName: head.paymentName ?? "", paidCents: Number(head.paidCents) },
    });
  }
  return result;
}
