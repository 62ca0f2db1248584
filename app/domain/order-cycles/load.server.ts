// Loads order cycles and the facts their rules need, in a fixed number of queries whatever their size.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import {
  enterpriseFees,
  enterprisePermissions,
  incomingExchangeFees,
  incomingExchanges,
  incomingExchangeVariants,
  orderCycleCoordinatorFees,
  orderCycles,
  outgoingExchangeFees,
  outgoingExchangePaymentMethods,
  outgoingExchanges,
  outgoingExchangeShippingMethods,
  outgoingExchangeVariants,
  paymentMethods,
  pickupPointCaps,
  products,
  shippingMethods,
  variants,
} from "#db/schema";
import { isArchived } from "#db/schema/columns";
import { grantKey, type CycleFacts, type ExchangeVisibility, type OrderCycle } from "./model";

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Several cycles at once: 11 queries whatever the number of cycles, exchanges and variants. */
async function loadCycles(ids: readonly string[], db: Executor = getDb()): Promise<OrderCycle[]> {
  if (ids.length === 0) return [];
  const cycles = await db
    .select()
    .from(orderCycles)
    .where(inArray(orderCycles.id, [...ids]));
  if (cycles.length === 0) return [];
  const cycleIds = cycles.map((cycle) => cycle.id);
  const [coordinatorFees, incoming, outgoing] = await Promise.all([
    db.select().from(orderCycleCoordinatorFees).where(inArray(orderCycleCoordinatorFees.orderCycleId, cycleIds)).orderBy(orderCycleCoordinatorFees.position),
    db.select().from(incomingExchanges).where(inArray(incomingExchanges.orderCycleId, cycleIds)).orderBy(incomingExchanges.createdAt),
    db.select().from(outgoingExchanges).where(inArray(outgoingExchanges.orderCycleId, cycleIds)).orderBy(outgoingExchanges.createdAt),
  ]);
  const incomingIds = incoming.map((exchange) => exchange.id);
  const outgoingIds = outgoing.map((exchange) => exchange.id);
  const [inVariants, inFees, outVariants, outFees, outShipping, outPayment, outCaps] = await Promise.all([
    // One row per exchange with its ids aggregated: 200 rows rather than 4,000 (and 10 rather than 20,000).
    db
      .select({
        exchangeId: incomingExchangeVariants.exchangeId,
        variantIds: sql<string[]>`array_agg(${incomingExchangeVariants.variantId})`,
        // The per-buyer limits, as {variantId: max} (docs/domain.md 12).
        limits: sql<Record<
          string,
          number
        > | null>`jsonb_object_agg(${incomingExchangeVariants.variantId}, ${incomingExchangeVariants.maxPerBuyer}) filter (where ${incomingExchangeVariants.maxPerBuyer} is not null)`,
      })
      .from(incomingExchangeVariants)
      .where(inArray(incomingExchangeVariants.exchangeId, incomingIds.length ? incomingIds : []))
      .groupBy(incomingExchangeVariants.exchangeId),
    db
      .select()
      .from(incomingExchangeFees)
      .where(inArray(incomingExchangeFees.exchangeId, incomingIds.length ? incomingIds : []))
      .orderBy(incomingExchangeFees.position),
    db
      .select({ exchangeId: outgoingExchangeVariants.exchangeId, variantIds: sql<string[]>`array_agg(${outgoingExchangeVariants.variantId})` })
      .from(outgoingExchangeVariants)
      .where(inArray(outgoingExchangeVariants.exchangeId, outgoingIds.length ? outgoingIds : []))
      .groupBy(outgoingExchangeVariants.exchangeId),
    db
      .select()
      .from(outgoingExchangeFees)
      .where(inArray(outgoingExchangeFees.exchangeId, outgoingIds.length ? outgoingIds : []))
      .orderBy(outgoingExchangeFees.position),
    db
      .select()
      .from(outgoingExchangeShippingMethods)
      .where(inArray(outgoingExchangeShippingMethods.exchangeId, outgoingIds.length ? outgoingIds : [])),
    db
      .select()
      .from(outgoingExchangePaymentMethods)
      .where(inArray(outgoingExchangePaymentMethods.exchangeId, outgoingIds.length ? outgoingIds : [])),
    db
      .select()
      .from(pickupPointCaps)
      .where(inArray(pickupPointCaps.exchangeId, outgoingIds.length ? outgoingIds : [])),
  ]);
  const byExchange = <T extends { exchangeId: string }, V>(rows: T[], pick: (row: T) => V) => {
    const map = new Map<string, V[]>();
    for (const row of rows) (map.get(row.exchangeId) ?? map.set(row.exchangeId, []).get(row.exchangeId)!).push(pick(row));
    return map;
  };
  const inVariantMap = new Map(inVariants.map((row) => [row.exchangeId, row.variantIds]));
  const inFeeMap = byExchange(inFees, (row) => row.feeId);
  const outVariantMap = new Map(outVariants.map((row) => [row.exchangeId, row.variantIds]));
  const outFeeMap = byExchange(outFees, (row) => row.feeId);
  const outShippingMap = byExchange(outShipping, (row) => row.shippingMethodId);
  const outPaymentMap = byExchange(outPayment, (row) => row.paymentMethodId);
  const outCapMap = byExchange(outCaps, (row) => row);
  const inLimitMap = new Map(inVariants.map((row) => [row.exchangeId, row.limits ?? {}]));
  const feesByCycle = groupBy(coordinatorFees, (row) => row.orderCycleId);
  const incomingByCycle = groupBy(incoming, (row) => row.orderCycleId);
  const outgoingByCycle = groupBy(outgoing, (row) => row.orderCycleId);

  const loaded = cycles.map<OrderCycle>((cycle) => ({
    id: cycle.id,
    name: cycle.name,
    coordinatorId: cycle.coordinatorId,
    opensAt: cycle.opensAt,
    closesAt: cycle.closesAt,
    automaticNotifications: cycle.automaticNotifications,
    notifiedAt: cycle.notifiedAt,
    externalId: cycle.externalId,
    seriesId: cycle.seriesId,
    seriesIndex: cycle.seriesIndex,
    maxOrders: cycle.maxOrders,
    placedOrders: cycle.placedOrders,
    createdAt: cycle.createdAt,
    updatedAt: cycle.updatedAt,
    coordinatorFeeIds: (feesByCycle.get(cycle.id) ?? []).map((row) => row.feeId),
    incoming: (incomingByCycle.get(cycle.id) ?? []).map((exchange) => ({
      id: exchange.id,
      supplierId: exchange.supplierId,
      receivalInstructions: exchange.receivalInstructions,
      variantIds: inVariantMap.get(exchange.id) ?? [],
      feeIds: inFeeMap.get(exchange.id) ?? [],
      limits: inLimitMap.get(exchange.id) ?? {},
    })),
    outgoing: (outgoingByCycle.get(cycle.id) ?? []).map((exchange) => ({
      id: exchange.id,
      distributorId: exchange.distributorId,
      readyFor: exchange.readyFor,
      readyOn: exchange.readyOn,
      pickupInstructions: exchange.pickupInstructions,
      pickupTimes: exchange.pickupTimes ?? {},
      tags: exchange.tags,
      visibility: exchange.visibility as ExchangeVisibility,
      shareKey: exchange.shareKey,
      variantsLocked: exchange.variantsLocked,
      variantIds: outVariantMap.get(exchange.id) ?? [],
      feeIds: outFeeMap.get(exchange.id) ?? [],
      shippingMethodIds: outShippingMap.get(exchange.id) ?? [],
      paymentMethodIds: outPaymentMap.get(exchange.id) ?? [],
      shippingMethodCaps: Object.fromEntries((outCapMap.get(exchange.id) ?? []).map((cap) => [cap.shippingMethodId, cap.maxOrders])),
      placedByMethod: Object.fromEntries((outCapMap.get(exchange.id) ?? []).map((cap) => [cap.shippingMethodId, cap.placedOrders])),
    })),
  }));
  const order = new Map(ids.map((id, index) => [id, index]));
  return loaded.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

export async function loadCycle(id: string, db: Executor = getDb()): Promise<OrderCycle | undefined> {
  const [cycle] = await loadCycles([id], db);
  return cycle;
}

export type LoadedFacts = CycleFacts & { methodOwner: ReadonlyMap<string, string> };

/**
 * Owners of the cycle's variants, fees and methods (plus extra ids a request names), and the
 * add_to_order_cycle grants among the enterprises involved. Four queries.
 */
export async function loadFacts(
  cycle: OrderCycle,
  extra: { variantIds?: string[]; feeIds?: string[]; methodIds?: string[]; enterpriseIds?: string[] } = {},
  db: Executor = getDb(),
): Promise<LoadedFacts> {
  const variantIds = new Set([...cycle.incoming.flatMap((e) => e.variantIds), ...cycle.outgoing.flatMap((e) => e.variantIds), ...(extra.variantIds ?? [])]);
  const feeIds = new Set([
    ...cycle.coordinatorFeeIds,
    ...cycle.incoming.flatMap((e) => e.feeIds),
    ...cycle.outgoing.flatMap((e) => e.feeIds),
    ...(extra.feeIds ?? []),
  ]);
  const methodIds = new Set([...cycle.outgoing.flatMap((e) => [...e.shippingMethodIds, ...e.paymentMethodIds]), ...(extra.methodIds ?? [])]);
  const parties = new Set([
    cycle.coordinatorId,
    ...cycle.incoming.map((e) => e.supplierId),
    ...cycle.outgoing.map((e) => e.distributorId),
    ...(extra.enterpriseIds ?? []),
  ]);
  const list = (set: Set<string>) => [...set];
  const [variantRows, feeRows, shippingRows, paymentRows, grantRows] = await Promise.all([
    // Thousands of ids travel as one text parameter: a bind per id makes Postgres parse and plan far more.
    db
      .select({ id: variants.id, supplierId: products.enterpriseId })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(sql`${variants.id} = any(string_to_array(${list(variantIds).join(",")}, ','))`),
    db
      .select({ id: enterpriseFees.id, ownerId: enterpriseFees.enterpriseId, archived: isArchived(enterpriseFees.archivedAt) })
      .from(enterpriseFees)
      .where(inArray(enterpriseFees.id, list(feeIds))),
    db
      .select({ id: shippingMethods.id, ownerId: shippingMethods.enterpriseId, archived: isArchived(shippingMethods.archivedAt) })
      .from(shippingMethods)
      .where(inArray(shippingMethods.id, list(methodIds))),
    db
      .select({ id: paymentMethods.id, ownerId: paymentMethods.enterpriseId, archived: isArchived(paymentMethods.archivedAt) })
      .from(paymentMethods)
      .where(inArray(paymentMethods.id, list(methodIds))),
    db
      .select({ grantorId: enterprisePermissions.grantorId, granteeId: enterprisePermissions.granteeId })
      .from(enterprisePermissions)
      .where(
        and(
          eq(enterprisePermissions.permission, "add_to_order_cycle"),
          inArray(enterprisePermissions.grantorId, [...parties]),
          inArray(enterprisePermissions.granteeId, [...parties]),
        ),
      ),
  ]);
  return {
    variantSupplier: new Map(variantRows.map((row) => [row.id, row.supplierId])),
    feeOwner: new Map(feeRows.map((row) => [row.id, row.ownerId])),
    archivedIds: new Set([...feeRows, ...shippingRows, ...paymentRows].filter((row) => row.archived).map((row) => row.id)),
    methodOwner: new Map([...shippingRows, ...paymentRows].map((row) => [row.id, row.ownerId])),
    addToCycleGrants: new Set(grantRows.map((row) => grantKey(row.grantorId, row.granteeId))),
  };
}
