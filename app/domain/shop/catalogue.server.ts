// What a shop offers: its open cycles for a buyer, and the products of one cycle priced for them.
// A fixed number of queries whatever the number of products (docs/quality.md P1).
import { and, asc, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import {
  customers,
  enterpriseFees,
  enterprises,
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
  productImages,
  products,
  shippingMethods,
  pickupPointCaps,
  variants,
} from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { cardPaymentsConfigured } from "#app/domain/methods/payments.server";
import { feeDefinitionOf, type StoredFeeRow } from "#app/domain/fees/pricing.server";
import { priceVariant, type CyclePricing, type FeeDefinition, type PricedVariantInput } from "#app/domain/fees/pricing";
import { cycleInState } from "#app/domain/order-cycles/state.server";
import { hasShop } from "#app/domain/enterprises/kinds";
import { closedShopInfo, isVisibleToBuyer, keyAdmits, openCyclesForBuyer, type ShopCycleCandidate, type ShopSort, type ShopVisitor } from "./visibility";
import { pickupHoursFor } from "#app/domain/orders/fulfilment";
import { pricePerKilogramCents } from "#app/domain/catalogue/unit-price";
import { orderableStock } from "#app/domain/orders/cases";
import type { ImageFacts } from "#app/domain/catalogue/images";

/**
 * Who shops: their account (for their tags), the share keys they came with (an unlisted sale's
 * link, decision 0047) and, signed in, the enterprises they manage (a cycle's managers need no key).
 */
export type Buyer = { userId?: string | null; email?: string | null; shareKeys?: readonly string[]; managedEnterpriseIds?: readonly string[] };

function visitorOf(buyer: Buyer, tags: readonly string[]): ShopVisitor {
  return { tags, shareKeys: buyer.shareKeys ?? [], managedEnterpriseIds: buyer.managedEnterpriseIds ?? [] };
}

/** A payment method a buyer can pay with on this instance: a card method needs Stripe configured. */
export function canPayWith(method: { kind: string }): boolean {
  return method.kind !== "stripe" || cardPaymentsConfigured();
}

export async function loadShop(distributorId: string, db: Executor = getDb()) {
  const [shop] = await db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      kind: enterprises.kind,
      sellsOwnProducts: enterprises.sellsOwnProducts,
      description: enterprises.description,
      address: enterprises.address,
      timeZone: enterprises.timeZone,
      orderCyclesSortedBy: enterprises.orderCyclesSortedBy,
    })
    .from(enterprises)
    .where(eq(enterprises.id, distributorId));
  if (!shop || !hasShop(shop)) return undefined;
  return shop;
}

/** A cycle's pickup points with where and when, for the shop page: buyers want them before filling a cart. */
export async function pickupPointsOf(shippingMethodIds: readonly string[], db: Executor = getDb()) {
  if (shippingMethodIds.length === 0) return [];
  return db
    .select({ id: shippingMethods.id, name: shippingMethods.name, address: shippingMethods.address, openingHours: shippingMethods.openingHours })
    .from(shippingMethods)
    .where(and(inArray(shippingMethods.id, [...shippingMethodIds]), eq(shippingMethods.kind, "pickup"), isNull(shippingMethods.archivedAt)))
    .orderBy(asc(shippingMethods.name));
}

async function buyerTags(distributorId: string, buyer: Buyer, db: Executor = getDb()): Promise<string[]> {
  const conditions = [
    buyer.userId ? eq(customers.userId, buyer.userId) : undefined,
    buyer.email ? sql`lower(${customers.email}) = ${buyer.email.toLowerCase()}` : undefined,
  ].filter(Boolean);
  if (conditions.length === 0) return [];
  const rows = await db
    .select({ tags: customers.tags })
    .from(customers)
    .where(and(eq(customers.distributorId, distributorId), or(...conditions)));
  return [...new Set(rows.flatMap((row) => row.tags))];
}

/** SQL: the coordinator (an id column) has a live shipping and a live payment method; until then its cycles cannot open (docs/domain.md 2). */
function coordinatorHasMethods(coordinatorId: SQL) {
  return sql<boolean>`(exists (select 1 from ${shippingMethods} s where s.enterprise_id = ${coordinatorId} and s.archived_at is null)
    and exists (select 1 from ${paymentMethods} p where p.enterprise_id = ${coordinatorId} and p.archived_at is null))`;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far back the shop looks at closed cycles for its candidates. */
const CANDIDATE_DAYS = 90;

/** An outgoing exchange as a shop candidate (./visibility), with the distributor it belongs to. */
export const candidateColumns = {
  distributorId: outgoingExchanges.distributorId,
  coordinatorId: orderCycles.coordinatorId,
  visibility: outgoingExchanges.visibility,
  shareKey: outgoingExchanges.shareKey,
  cycleId: orderCycles.id,
  opensAt: orderCycles.opensAt,
  closesAt: orderCycles.closesAt,
  readyFor: outgoingExchanges.readyFor,
  readyOn: outgoingExchanges.readyOn,
  tags: outgoingExchanges.tags,
  shippingMethodIds: sql<
    string[]
  >`coalesce((select array_agg(sm.shipping_method_id) from ${outgoingExchangeShippingMethods} sm join ${shippingMethods} s on s.id = sm.shipping_method_id and s.archived_at is null where sm.exchange_id = ${outgoingExchanges.id}), '{}')`,
  paymentMethodIds: sql<
    string[]
  >`coalesce((select array_agg(pm.payment_method_id) from ${outgoingExchangePaymentMethods} pm join ${paymentMethods} p on p.id = pm.payment_method_id and p.archived_at is null where pm.exchange_id = ${outgoingExchanges.id}), '{}')`,
  coordinatorReady: coordinatorHasMethods(sql`${orderCycles.coordinatorId}`),
};

/** What ./visibility needs to decide whether a visitor sees an exchange at all. */
const visibilityColumns = {
  tags: outgoingExchanges.tags,
  visibility: outgoingExchanges.visibility,
  shareKey: outgoingExchanges.shareKey,
  distributorId: outgoingExchanges.distributorId,
  coordinatorId: orderCycles.coordinatorId,
};

/** A shop's cycles say which caps are reached (docs/domain.md 12), read from the counters (decision 0046). */
const capacityColumns = {
  full: sql<boolean>`coalesce(${orderCycles.maxOrders} <= ${orderCycles.placedOrders}, false)`,
  fullShippingMethodIds: sql<
    string[]
  >`coalesce((select array_agg(pc.shipping_method_id) from ${pickupPointCaps} pc where pc.exchange_id = ${outgoingExchanges.id} and pc.placed_orders >= pc.max_orders), '{}')`,
};

/** Every cycle this distributor takes part in that has not been closed long, with its exchange. */
async function shopCandidates(distributorId: string, now: Date, db: Executor): Promise<ShopCycleCandidate[]> {
  const since = new Date(now.getTime() - CANDIDATE_DAYS * DAY_MS);
  return db
    .select({ ...candidateColumns, ...capacityColumns })
    .from(outgoingExchanges)
    .innerJoin(orderCycles, eq(orderCycles.id, outgoingExchanges.orderCycleId))
    .where(and(eq(outgoingExchanges.distributorId, distributorId), sql`${orderCycles.opensAt} is not null`, gt(orderCycles.closesAt, since)));
}

/** The live payment methods of these distributors a buyer can pay with here, whole: checkout takes the chosen one from them. */
export async function usablePaymentMethods(distributorIds: readonly string[], db: Executor = getDb()): Promise<PaymentMethod[]> {
  if (distributorIds.length === 0) return [];
  const rows = await db
    .select()
    .from(paymentMethods)
    .where(and(inArray(paymentMethods.enterpriseId, [...distributorIds]), isNull(paymentMethods.archivedAt)));
  return rows.filter(canPayWith);
}

/** The ids of usablePaymentMethods. */
export async function usablePaymentMethodIds(distributorIds: readonly string[], db: Executor = getDb()): Promise<Set<string>> {
  return new Set((await usablePaymentMethods(distributorIds, db)).map((row) => row.id));
}

type PaymentMethod = typeof paymentMethods.$inferSelect;

/** The open cycles a buyer may order from in this shop, in the shop's order; and when it is closed, when it next opens. */
export async function shopCyclesForBuyer(distributorId: string, buyer: Buyer, now = new Date(), db: Executor = getDb()) {
  // Sent together: the shop's existence is checked once all four have answered.
  const [shop, candidates, tags, usable] = await Promise.all([
    loadShop(distributorId, db),
    shopCandidates(distributorId, now, db),
    buyerTags(distributorId, buyer, db),
    usablePaymentMethods([distributorId], db),
  ]);
  if (!shop) throw new DomainError("not_found");
  const visitor = visitorOf(buyer, tags);
  const usableIds = new Set(usable.map((method) => method.id));
  const open = openCyclesForBuyer(candidates, visitor, usableIds, shop.orderCyclesSortedBy as ShopSort, now);
  const closed = closedShopInfo(candidates, visitor, now);
  // A shop idle for months still says when it last took orders (candidates cover 90 days only).
  if (open.length === 0 && !closed.lastClosedAt)
    closed.lastClosedAt = await lastCloseBefore(distributorId, visitor, new Date(now.getTime() - CANDIDATE_DAYS * DAY_MS), db);
  // Which of this shop's unlisted exchanges each key given opens: the shop page keeps those keys (and
  // only those) for the cart and checkout, and shows a share link's sale first.
  const openedByKeys = (buyer.shareKeys ?? []).flatMap((key) =>
    candidates
      .filter((candidate) => candidate.visibility === "unlisted" && keyAdmits(candidate, { tags: [], shareKeys: [key] }))
      .map((candidate) => ({ key, cycleId: candidate.cycleId })),
  );
  return { shop, open, closed, tags, openedByKeys, paymentMethods: usable };
}

/** The latest close before `before` of a cycle this buyer could see at this distributor, if any. */
async function lastCloseBefore(distributorId: string, visitor: ShopVisitor, before: Date, db: Executor): Promise<Date | null> {
  const rows = await db
    .select({ closesAt: orderCycles.closesAt, ...visibilityColumns })
    .from(outgoingExchanges)
    .innerJoin(orderCycles, eq(orderCycles.id, outgoingExchanges.orderCycleId))
    .where(and(eq(outgoingExchanges.distributorId, distributorId), cycleInState("closed", before)))
    .orderBy(desc(orderCycles.closesAt))
    .limit(20);
  return rows.find((row) => isVisibleToBuyer(row, visitor))?.closesAt ?? null;
}

/**
 * Loads the fees that price a cycle at a distributor, in one query: the coordinator's, each
 * supplier's incoming and this distributor's outgoing fee ids, each in its position, with their
 * definitions (archived fees still price the cycles that use them). Given `variantIds`, only the
 * incoming fees of those variants' suppliers: an order of four items needs two or three suppliers'
 * fees, not the two hundred of a large cycle.
 */
export async function loadShopPricing(
  cycleId: string,
  distributorId: string,
  scope: { variantIds?: readonly string[] } = {},
  db: Executor = getDb(),
): Promise<CyclePricing> {
  const suppliersOfVariants = scope.variantIds
    ? sql`and i.supplier_id in (select p.enterprise_id from ${variants} v join ${products} p on p.id = v.product_id where v.id = any(${sql.param([...scope.variantIds])}::text[]))`
    : sql``;
  const rows = await db.execute<StoredFeeRow & { place: "coordinator" | "incoming" | "outgoing"; supplierId: string | null }>(sql`
    select placed.place, placed.supplier_id as "supplierId", f.id, f.name, f.fee_type as "feeType", f.enterprise_id as "enterpriseId",
      e.name as "enterpriseName", f.calculator_type as "calculatorType", f.calculator_params as "calculatorParams",
      f.tax_rate_basis_points as "taxRateBasisPoints", f.tax_follows_product as "taxFollowsProduct"
    from (
      select 'coordinator' as place, null::text as supplier_id, c.position, c.fee_id
        from ${orderCycleCoordinatorFees} c where c.order_cycle_id = ${cycleId}
      union all
      select 'incoming', i.supplier_id, f.position, f.fee_id
        from ${incomingExchangeFees} f join ${incomingExchanges} i on i.id = f.exchange_id where i.order_cycle_id = ${cycleId} ${suppliersOfVariants}
      union all
      select 'outgoing', null, f.position, f.fee_id
        from ${outgoingExchangeFees} f join ${outgoingExchanges} o on o.id = f.exchange_id where o.order_cycle_id = ${cycleId} and o.distributor_id = ${distributorId}
    ) placed
    join ${enterpriseFees} f on f.id = placed.fee_id
    join ${enterprises} e on e.id = f.enterprise_id
    order by placed.position`);
  const coordinatorFees: FeeDefinition[] = [];
  const outgoingFees: FeeDefinition[] = [];
  const incomingFeesBySupplier = new Map<string, FeeDefinition[]>();
  for (const row of rows) {
    const fee = feeDefinitionOf(row);
    if (row.place === "coordinator") coordinatorFees.push(fee);
    else if (row.place === "outgoing") outgoingFees.push(fee);
    else incomingFeesBySupplier.set(row.supplierId!, [...(incomingFeesBySupplier.get(row.supplierId!) ?? []), fee]);
  }
  return { coordinatorFees, incomingFeesBySupplier, outgoingFees };
}

/** The cycle as this buyer may order from it at this shop: 404 when not visible, 409 when not open. */
export async function orderableCycle(distributorId: string, cycleId: string, buyer: Buyer, now: Date, db: Executor = getDb()) {
  const { shop, open, tags, paymentMethods: usable } = await shopCyclesForBuyer(distributorId, buyer, now, db);
  const candidate = open.find((entry) => entry.cycleId === cycleId);
  if (candidate) return { shop, candidate, tags, paymentMethods: usable };
  const [row] = await db
    .select({ opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt, ...visibilityColumns })
    .from(outgoingExchanges)
    .innerJoin(orderCycles, eq(orderCycles.id, outgoingExchanges.orderCycleId))
    .where(and(eq(outgoingExchanges.orderCycleId, cycleId), eq(outgoingExchanges.distributorId, distributorId)));
  // Unknown, unlisted without the right key, or tagged for others: the same 404, whatever the reason.
  if (!row || !isVisibleToBuyer(row, visitorOf(buyer, tags))) throw new DomainError("not_found");
  throw new DomainError("order_cycle_closed");
}

export type ShopProduct = {
  variantId: string;
  productId: string;
  productName: string;
  description: string;
  variantName: string;
  supplierId: string;
  supplierName: string;
  priceCents: number;
  /** What can still be ordered: the stock in whole cases (null unlimited). */
  available: number | null;
  /** At most this many per buyer in the cycle (docs/domain.md 12); null: no limit. */
  maxPerBuyer: number | null;
  fees: { enterpriseName: string; feeType: string; name: string; amountCents: number }[];
  supplierPriceCents: number;
  /** A key of the instance's category list; null: uncategorised. */
  category: string | null;
  /** Quantities step by this many. */
  unitsPerCase: number;
  /** The shop price per kg, for a variant with a weight; null otherwise. */
  unitPriceCents: number | null;
  unitPriceUnit: "kg" | null;
  /** The product's image (its files' hash and upright size: ../catalogue/images makes the addresses); null: none. */
  image: ImageFacts | null;
};

export type VariantRow = PricedVariantInput & {
  productId: string;
  productName: string;
  description: string;
  variantName: string;
  supplierName: string;
  stock: number | null;
  soldByWeight: boolean;
  category: string | null;
  unitsPerCase: number;
  maxPerBuyer: number | null;
  image: ImageFacts | null;
};

/** Variants of a cycle sold at a distributor, optionally only some ids, with what pricing needs. */
export async function loadShopVariants(
  cycleId: string,
  distributorId: string,
  options: { variantIds?: readonly string[]; search?: string; category?: string; limit?: number; offset?: number; includeOutOfStock?: boolean } = {},
  db: Executor = getDb(),
): Promise<VariantRow[]> {
  const search = options.search?.trim();
  const rows = await db
    .select({
      // The image comes in the same statement, by the product's unique image row: no query per product (docs/quality.md P1).
      image: { id: productImages.id, hash: productImages.hash, width: productImages.width, height: productImages.height },
      variantId: variants.id,
      productId: products.id,
      productName: products.name,
      description: products.description,
      variantName: variants.name,
      supplierId: products.enterpriseId,
      supplierName: enterprises.name,
      priceCents: variants.priceCents,
      weightGrams: variants.weightGrams,
      soldByWeight: variants.soldByWeight,
      taxRateBasisPoints: products.taxRateBasisPoints,
      stock: variants.stock,
      category: products.category,
      unitsPerCase: variants.unitsPerCase,
      // Its per-buyer limit, by the supplier's incoming exchange (unique per cycle and supplier) and its variant row (primary key).
      maxPerBuyer: sql<number | null>`(select iv.max_per_buyer from ${incomingExchanges} ie join ${incomingExchangeVariants} iv
        on iv.exchange_id = ie.id and iv.variant_id = ${variants.id} where ie.order_cycle_id = ${cycleId} and ie.supplier_id = ${products.enterpriseId})`,
    })
    .from(outgoingExchangeVariants)
    .innerJoin(outgoingExchanges, eq(outgoingExchanges.id, outgoingExchangeVariants.exchangeId))
    .innerJoin(variants, eq(variants.id, outgoingExchangeVariants.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(enterprises, eq(enterprises.id, products.enterpriseId))
    .leftJoin(productImages, eq(productImages.productId, products.id))
    .where(
      and(
        eq(outgoingExchanges.orderCycleId, cycleId),
        eq(outgoingExchanges.distributorId, distributorId),
        isNull(variants.archivedAt),
        isNull(products.archivedAt),
        // Out of stock: less than a case left (a variant sold singly has a case of 1, decision 0056).
        options.includeOutOfStock ? undefined : or(isNull(variants.stock), sql`${variants.stock} >= ${variants.unitsPerCase}`),
        options.variantIds ? inArray(variants.id, [...options.variantIds]) : undefined,
        options.category ? eq(products.category, options.category) : undefined,
        search
          ? or(
              ilike(products.name, `%${escapeLike(search)}%`),
              ilike(variants.name, `%${escapeLike(search)}%`),
              ilike(enterprises.name, `%${escapeLike(search)}%`),
            )
          : undefined,
      ),
    )
    .orderBy(asc(enterprises.name), asc(products.name), asc(variants.position), asc(variants.id))
    .limit(options.limit ?? 10_000)
    .offset(options.offset ?? 0);
  return rows;
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toShopProduct(row: VariantRow, pricing: CyclePricing): ShopProduct {
  const priced = priceVariant(row, pricing);
  return {
    variantId: row.variantId,
    productId: row.productId,
    productName: row.productName,
    description: row.description,
    variantName: row.variantName,
    supplierId: row.supplierId,
    supplierName: row.supplierName,
    priceCents: priced.shopPriceCents,
    supplierPriceCents: priced.supplierPriceCents,
    available: orderableStock(row.stock, row.unitsPerCase),
    category: row.category,
    unitsPerCase: row.unitsPerCase,
    unitPriceCents: pricePerKilogramCents(priced.shopPriceCents, row.weightGrams),
    unitPriceUnit: row.weightGrams && row.weightGrams > 0 ? "kg" : null,
    maxPerBuyer: row.maxPerBuyer,
    image: row.image,
    fees: priced.fees.map((fee) => ({ enterpriseName: fee.enterpriseName, feeType: fee.feeType, name: fee.name, amountCents: fee.amountCents })),
  };
}

/** A page of a cycle's products for a buyer, priced; `pageSize + 1` rows are read to know if more follow. */
export async function shopProducts(
  distributorId: string,
  cycleId: string,
  buyer: Buyer,
  options: { search?: string; category?: string; page?: number; pageSize?: number } = {},
  now = new Date(),
) {
  await orderableCycle(distributorId, cycleId, buyer, now);
  const pageSize = options.pageSize ?? 50;
  const page = Math.max(1, options.page ?? 1);
  const search = options.search?.trim() ?? "";
  // An unknown category filters nothing in: the list is empty, as for a search that matches nothing.
  const category = options.category?.trim() || undefined;
  const key = `${distributorId}:${cycleId}:${pageSize}:${page}:${category ?? ""}:${search}`;
  const cached = productPages.get(key);
  if (cached && cached.expires > now.getTime()) return withFreshStock(cached.value);
  const [rows, pricing] = await Promise.all([
    loadShopVariants(cycleId, distributorId, { search, category, limit: pageSize + 1, offset: (page - 1) * pageSize }),
    loadShopPricing(cycleId, distributorId),
  ]);
  const value = { items: rows.slice(0, pageSize).map((row) => toShopProduct(row, pricing)), hasMore: rows.length > pageSize, page };
  rememberPage(key, value, now);
  return value;
}

/**
 * A kept page with the stock of its variants read now, in one statement by primary key: what
 * rarely changes (names, prices, fee breakdowns) may be two seconds old, the number available
 * never is. A buyer or an ERP that orders or cancels and reads straight after sees the new stock.
 * A variant that ran out since is left out, as the list leaves out what is out of stock.
 */
async function withFreshStock(page: ProductPage): Promise<ProductPage> {
  if (page.items.length === 0) return page;
  const rows = await getDb()
    .select({ id: variants.id, stock: variants.stock })
    .from(variants)
    .where(
      inArray(
        variants.id,
        page.items.map((item) => item.variantId),
      ),
    );
  const stockOf = new Map(rows.map((row) => [row.id, row.stock]));
  const items: ShopProduct[] = [];
  for (const item of page.items) {
    const stock = stockOf.get(item.variantId);
    if (stock === undefined) continue;
    const available = orderableStock(stock, item.unitsPerCase);
    if (available !== null && available <= 0) continue;
    items.push(available === item.available ? item : { ...item, available });
  }
  return { ...page, items };
}

/**
 * Priced product pages, the same for every buyer allowed to see the cycle (that check runs on every
 * request, above), kept for two seconds without their stock: a busy shop is read far more often
 * than its products and prices change (withFreshStock).
 */
const PAGE_TTL_MS = 2_000;
const MAX_CACHED_PAGES = 500;
type ProductPage = { items: ShopProduct[]; hasMore: boolean; page: number };
const productPages = new Map<string, { expires: number; value: ProductPage }>();

/** `now`: the request's clock (the caller's `now`), so a test can step through the two seconds. */
function rememberPage(key: string, value: ProductPage, now: Date) {
  if (productPages.size >= MAX_CACHED_PAGES) {
    for (const [entryKey, entry] of productPages) if (entry.expires <= now.getTime() || productPages.size >= MAX_CACHED_PAGES) productPages.delete(entryKey);
  }
  productPages.set(key, { expires: now.getTime() + PAGE_TTL_MS, value });
}

/** Forget cached pages (tests that change a cycle and read it back at once). */
export function forgetShopPages() {
  productPages.clear();
}

/** The shipping and payment methods a buyer may choose for one cycle at this shop, with their details. */
export async function checkoutOptions(distributorId: string, cycleId: string, buyer: Buyer, now = new Date()) {
  const { candidate } = await orderableCycle(distributorId, cycleId, buyer, now);
  const db = getDb();
  const [shipping, payment, exchange] = await Promise.all([
    candidate.shippingMethodIds.length
      ? db
          .select()
          .from(shippingMethods)
          .where(inArray(shippingMethods.id, [...candidate.shippingMethodIds]))
      : Promise.resolve([]),
    candidate.paymentMethodIds.length
      ? db
          .select()
          .from(paymentMethods)
          .where(inArray(paymentMethods.id, [...candidate.paymentMethodIds]))
      : Promise.resolve([]),
    db
      .select({ pickupInstructions: outgoingExchanges.pickupInstructions, pickupTimes: outgoingExchanges.pickupTimes })
      .from(outgoingExchanges)
      .where(and(eq(outgoingExchanges.orderCycleId, cycleId), eq(outgoingExchanges.distributorId, distributorId))),
  ]);
  return {
    readyFor: candidate.readyFor,
    readyOn: candidate.readyOn,
    closesAt: candidate.closesAt!,
    full: candidate.full ?? false,
    shippingMethods: shipping.map((method) => ({
      full: candidate.fullShippingMethodIds?.includes(method.id) ?? false,
      id: method.id,
      name: method.name,
      kind: method.kind,
      address: method.address,
      openingHours: pickupHoursFor(exchange[0]?.pickupTimes, method.id, method.openingHours),
      description: method.description,
      feeCents: method.feeCents,
      taxRateBasisPoints: method.taxRateBasisPoints,
    })),
    paymentMethods: payment.filter(canPayWith).map((method) => ({ id: method.id, name: method.name, kind: method.kind, instructions: method.instructions })),
    hasPickupInstructions: Boolean(exchange[0]?.pickupInstructions),
  };
}
