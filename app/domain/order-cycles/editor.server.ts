// Everything the cycle editor shows a caller, in a fixed number of queries whatever the number of
// suppliers, variants and distributors (docs/quality.md P2).
import { cycleForActor } from "#app/domain/access/cycle.server";
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterprisePermissions, enterprises, orderCycleHistory, paymentMethods, products, shippingMethods, users, variants } from "#db/schema";
import { isArchived } from "#db/schema/columns";
import type { Actor } from "#app/domain/actor";
import { canSeeIncoming, grantedAddToCycle } from "#app/domain/access/cycle-rules";
import { hasPlacedOrders } from "./commands.server";
import { canSupply, distributorIneligibility, type DistributorIneligibility } from "./eligibility";
import { loadFacts } from "./load.server";
import { canPayWith } from "#app/domain/shop/catalogue.server";
import { cycleView } from "./view";

type EditorVariant = {
  id: string;
  productName: string;
  variantName: string;
  priceCents: number;
  stock: number | null;
  unitsPerCase: number;
};

/** `archived`: archived by its owner but still used by this cycle (shown so a save keeps it; never offered anew). */
type EditorFee = {
  id: string;
  name: string;
  feeType: string;
  calculatorType: string;
  calculatorParams: Record<string, number>;
  ownerId: string;
  archived: boolean;
};
type EditorMethod = { id: string; name: string; kind: string; openingHours?: string; ownerId: string; group: "shipping" | "payment"; archived: boolean };
type Candidate = { id: string; name: string; reasons: DistributorIneligibility[]; hasProducts?: boolean };

/**
 * `variants: false` for the steps that show none: their lists are not read (most of the work on a big
 * cycle). `setUp: false` for a running cycle's steps: no fees, methods or candidates are read either
 * (withoutSetUpLists leaves them out), and the frame's own figures come out the same.
 */
export async function cycleEditorData(
  actor: Actor,
  cycleId: string,
  now = new Date(),
  { variants: withVariants = true, setUp = true }: { variants?: boolean; setUp?: boolean } = {},
) {
  const db = getDb();
  const { cycle, roles } = await cycleForActor(actor, cycleId);

  // Who might join: only the coordinator adds suppliers and distributors. Distributors that may not
  // be added are listed with the reason (docs/domain.md section 2), among the enterprises the coordinator
  // knows: those it has any permission with (either way) and those the caller manages.
  const grantorsToCoordinator =
    roles.coordinator && setUp
      ? await db
          .select({
            id: enterprises.id,
            name: enterprises.name,
            kind: enterprises.kind,
            isProducer: enterprises.isProducer,
            sellsOwnProducts: enterprises.sellsOwnProducts,
            // A supplier with nothing to sell is flagged in the picker. The outer column is spelled out:
            // drizzle names it without its table inside a one-table select. A scalar subquery with a
            // limit, not `exists`: the planner may answer an `exists` for many rows by hashing every
            // product's variants, the whole catalogue of a national instance (decision 0058).
            hasProducts: sql<boolean>`coalesce((select true from ${products} p join ${variants} v on v.product_id = p.id where p.enterprise_id = enterprises.id and p.archived_at is null and v.archived_at is null limit 1), false)`,
          })
          .from(enterprises)
          // One set of ids, each part read by its index, rather than an `or` of them, which reads every enterprise.
          .where(
            sql`${enterprises.id} in (
              select unnest(string_to_array(${[cycle.coordinatorId, ...actor.enterpriseIds].join(",")}, ','))
              union select grantor_id from ${enterprisePermissions} where grantee_id = ${cycle.coordinatorId}
              union select grantee_id from ${enterprisePermissions} where grantor_id = ${cycle.coordinatorId})`,
          )
          .orderBy(asc(enterprises.name))
      : [];
  const candidateIds = grantorsToCoordinator.map((row) => row.id);
  const facts = await loadFacts(cycle, { enterpriseIds: candidateIds });

  const visibleIncoming = cycle.incoming.filter((exchange) => canSeeIncoming(roles, facts, exchange));
  const supplierIdsWithVariants = roles.coordinator
    ? cycle.incoming.map((exchange) => exchange.supplierId)
    : [...new Set([...roles.suppliers, ...visibleIncoming.map((exchange) => exchange.supplierId)])];
  const partyIds = [
    ...new Set([cycle.coordinatorId, ...cycle.incoming.map((e) => e.supplierId), ...cycle.outgoing.map((e) => e.distributorId), ...candidateIds]),
  ];
  const distributorIds = cycle.outgoing.map((exchange) => exchange.distributorId);
  // The coordinator is among its own candidates; without them its methods are still read (coordinatorHasMethods).
  const methodOwnerIds = [...new Set([...distributorIds, ...(roles.coordinator ? [cycle.coordinatorId, ...candidateIds] : [])])];

  const attachedFeeIds = [...new Set([...cycle.coordinatorFeeIds, ...cycle.incoming.flatMap((e) => e.feeIds), ...cycle.outgoing.flatMap((e) => e.feeIds)])];
  const attachedMethodIds = [...new Set(cycle.outgoing.flatMap((e) => [...e.shippingMethodIds, ...e.paymentMethodIds]))];
  const [enterpriseRows, variantRows, feeRows, shippingRows, paymentRows, history, ordersExist] = await Promise.all([
    db
      .select({ id: enterprises.id, name: enterprises.name, timeZone: enterprises.timeZone, kind: enterprises.kind })
      .from(enterprises)
      .where(inArray(enterprises.id, partyIds)),
    withVariants
      ? db
          .select({
            id: variants.id,
            supplierId: products.enterpriseId,
            productName: products.name,
            variantName: variants.name,
            priceCents: variants.priceCents,
            stock: variants.stock,
            unitsPerCase: variants.unitsPerCase,
            archived: sql<boolean>`(${variants.archivedAt} is not null or ${products.archivedAt} is not null)`,
          })
          .from(variants)
          .innerJoin(products, eq(products.id, variants.productId))
          .where(inArray(products.enterpriseId, supplierIdsWithVariants))
          .orderBy(asc(products.name), asc(variants.position))
      : Promise.resolve([]),
    !setUp
      ? Promise.resolve([])
      : db
          .select({
            id: enterpriseFees.id,
            name: enterpriseFees.name,
            feeType: enterpriseFees.feeType,
            calculatorType: enterpriseFees.calculatorType,
            calculatorParams: enterpriseFees.calculatorParams,
            ownerId: enterpriseFees.enterpriseId,
            archived: isArchived(enterpriseFees.archivedAt),
          })
          .from(enterpriseFees)
          .where(and(inArray(enterpriseFees.enterpriseId, partyIds), or(isNull(enterpriseFees.archivedAt), inArray(enterpriseFees.id, attachedFeeIds))))
          .orderBy(asc(enterpriseFees.name)),
    db
      .select({
        id: shippingMethods.id,
        name: shippingMethods.name,
        kind: shippingMethods.kind,
        openingHours: shippingMethods.openingHours,
        ownerId: shippingMethods.enterpriseId,
        archived: isArchived(shippingMethods.archivedAt),
      })
      .from(shippingMethods)
      .where(
        and(inArray(shippingMethods.enterpriseId, methodOwnerIds), or(isNull(shippingMethods.archivedAt), inArray(shippingMethods.id, attachedMethodIds))),
      ),
    db
      .select({
        id: paymentMethods.id,
        name: paymentMethods.name,
        kind: paymentMethods.kind,
        ownerId: paymentMethods.enterpriseId,
        archived: isArchived(paymentMethods.archivedAt),
      })
      .from(paymentMethods)
      .where(and(inArray(paymentMethods.enterpriseId, methodOwnerIds), or(isNull(paymentMethods.archivedAt), inArray(paymentMethods.id, attachedMethodIds)))),
    roles.coordinator
      ? db
          .select({
            id: orderCycleHistory.id,
            action: orderCycleHistory.action,
            details: orderCycleHistory.details,
            createdAt: orderCycleHistory.createdAt,
            userName: users.name,
          })
          .from(orderCycleHistory)
          .leftJoin(users, eq(users.id, orderCycleHistory.userId))
          .where(eq(orderCycleHistory.orderCycleId, cycle.id))
          .orderBy(desc(orderCycleHistory.createdAt))
          .limit(100)
      : Promise.resolve([]),
    hasPlacedOrders(db, cycle.id),
  ]);

  const names = new Map(enterpriseRows.map((row) => [row.id, row.name]));
  const coordinator = enterpriseRows.find((row) => row.id === cycle.coordinatorId)!;
  const variantsBySupplier: Record<string, EditorVariant[]> = {};
  const incomingVariantIds = new Set(cycle.incoming.flatMap((exchange) => exchange.variantIds));
  for (const row of variantRows) {
    // A Set, not a scan of every exchange per variant: 4,000 variants made that quadratic (~100 ms).
    if (row.archived && !incomingVariantIds.has(row.id)) continue;
    (variantsBySupplier[row.supplierId] ??= []).push({
      id: row.id,
      productName: row.productName,
      variantName: row.variantName,
      priceCents: row.priceCents,
      stock: row.stock,
      unitsPerCase: row.unitsPerCase,
    });
  }
  const methodCounts = new Map<string, { shipping: number; payment: number }>();
  // Only methods in use count for eligibility: an archived one is kept where it is, not offered.
  for (const row of shippingRows.filter((method) => !method.archived))
    methodCounts.set(row.ownerId, {
      ...(methodCounts.get(row.ownerId) ?? { shipping: 0, payment: 0 }),
      shipping: (methodCounts.get(row.ownerId)?.shipping ?? 0) + 1,
    });
  for (const row of paymentRows.filter((method) => !method.archived))
    methodCounts.set(row.ownerId, {
      ...(methodCounts.get(row.ownerId) ?? { shipping: 0, payment: 0 }),
      payment: (methodCounts.get(row.ownerId)?.payment ?? 0) + 1,
    });

  const inCycleSuppliers = new Set(cycle.incoming.map((e) => e.supplierId));
  const inCycleDistributors = new Set(distributorIds);
  const candidateSuppliers: Candidate[] = grantorsToCoordinator
    .filter((row) => !inCycleSuppliers.has(row.id) && canSupply(row, grantedAddToCycle(facts, row.id, cycle.coordinatorId)))
    .map((row) => ({ id: row.id, name: row.name, reasons: [], hasProducts: row.hasProducts }));
  const candidateDistributors: Candidate[] = grantorsToCoordinator
    .filter((row) => !inCycleDistributors.has(row.id))
    .map((row) => ({
      id: row.id,
      name: row.name,
      reasons: distributorIneligibility({
        enterprise: row,
        grantedToCoordinator: grantedAddToCycle(facts, row.id, cycle.coordinatorId),
        liveShippingMethods: methodCounts.get(row.id)?.shipping ?? 0,
        livePaymentMethods: methodCounts.get(row.id)?.payment ?? 0,
      }),
    }));

  const view = cycleView(cycle, roles, facts, names, now);
  // The shop offers a cycle at a distributor only if a buyer can check out there (visibility.ts):
  // say so where the coordinator or that distributor can mend it.
  const liveShipping = new Set(shippingRows.filter((method) => !method.archived).map((method) => method.id));
  const usablePayment = new Set(paymentRows.filter((method) => !method.archived && canPayWith(method)).map((method) => method.id));
  const distributorsWithoutCheckout = cycle.outgoing
    .filter((exchange) => roles.coordinator || roles.distributors.includes(exchange.distributorId))
    .filter((exchange) => !exchange.shippingMethodIds.some((id) => liveShipping.has(id)) || !exchange.paymentMethodIds.some((id) => usablePayment.has(id)))
    .map((exchange) => names.get(exchange.distributorId) ?? "");
  const visibleFeeOwners = new Set([cycle.coordinatorId, ...roles.suppliers, ...roles.distributors, ...(roles.coordinator ? partyIds : [])]);
  return {
    cycle: view,
    coordinatorTimeZone: coordinator.timeZone,
    hasOrders: ordersExist,
    distributorsWithoutCheckout,
    coordinatorHasMethods: Boolean(methodCounts.get(cycle.coordinatorId)?.shipping && methodCounts.get(cycle.coordinatorId)?.payment) || !roles.coordinator,
    variantsBySupplier,
    fees: feeRows.filter((fee) => visibleFeeOwners.has(fee.ownerId)) as EditorFee[],
    methods: [
      ...shippingRows.map((row) => ({ ...row, group: "shipping" as const })),
      ...paymentRows.map((row) => ({ ...row, group: "payment" as const })),
    ].filter((method) => roles.coordinator || roles.distributors.includes(method.ownerId)) as EditorMethod[],
    candidateSuppliers,
    candidateDistributors,
    history: history.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
  };
}

export type CycleEditorData = Awaited<ReturnType<typeof cycleEditorData>>;

/**
 * The editor without its variant lists, for the steps that show no variants (general, checkout,
 * orders, reports, notifications): 4,000 variants and each exchange's ids are most of the data.
 */
export function withoutVariantLists(editor: CycleEditorData): CycleEditorData {
  return {
    ...editor,
    variantsBySupplier: {},
    cycle: {
      ...editor.cycle,
      incoming: editor.cycle.incoming.map((exchange) => ({ ...exchange, variantIds: [] })),
      outgoing: editor.cycle.outgoing.map((exchange) => ({ ...exchange, variantIds: [], editableVariantIds: [] })),
    },
  };
}

/**
 * The editor without what only the setting-up steps use (fees, methods, the suppliers and
 * distributors that could join), for a running cycle's steps: on a big hub most of what is left.
 */
export function withoutSetUpLists(editor: CycleEditorData): CycleEditorData {
  return { ...editor, fees: [], methods: [], candidateSuppliers: [], candidateDistributors: [] };
}
