// What an order stores: its lines priced by the same build-up the shop and checkout show
// (decision 0022), its fee and shipping adjustments, and its totals.
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orderAdjustments, orderLines, shippingMethods } from "#db/schema";
import { invalidField } from "#app/domain/errors";
import { priceOrder, type CyclePricing, type OrderLineInput } from "#app/domain/fees/pricing";
import { loadShopPricing, loadShopVariants } from "#app/domain/shop/catalogue.server";
import { withPromo, type AppliedPromo } from "#app/domain/promotions/rules";

type LineToPrice = { variantId: string; quantity: number; actualWeightGrams?: number | null };
type ShopVariant = Awaited<ReturnType<typeof loadShopVariants>>[number];

/** Prices the lines with the shipping method's fee, through the same priceOrder the checkout shows. */
export async function priceLines(tx: Executor, cycleId: string, distributorId: string, lines: LineToPrice[], shippingMethodId: string | null) {
  const [rows, pricing, [shipping]] = await Promise.all([
    loadShopVariants(cycleId, distributorId, { variantIds: lines.map((line) => line.variantId), includeOutOfStock: true }, tx),
    loadShopPricing(cycleId, distributorId, { variantIds: lines.map((line) => line.variantId) }, tx),
    shippingMethodId ? tx.select().from(shippingMethods).where(eq(shippingMethods.id, shippingMethodId)) : Promise.resolve([]),
  ]);
  return priceWith(new Map(rows.map((row) => [row.variantId, row])), pricing, shipping ?? null, lines);
}

/**
 * Many orders of one cycle priced as priceLines prices each (a close re-pricing what its minimums
 * left): the catalogue and fees read once per distributor, the shipping methods in one query.
 */
export async function priceManyLines(
  tx: Executor,
  cycleId: string,
  orders: readonly { orderId: string; distributorId: string; shippingMethodId: string | null; lines: LineToPrice[] }[],
) {
  const byDistributor = new Map<string, Set<string>>();
  for (const order of orders) {
    const ids = byDistributor.get(order.distributorId) ?? new Set<string>();
    for (const line of order.lines) ids.add(line.variantId);
    byDistributor.set(order.distributorId, ids);
  }
  const methodIds = [...new Set(orders.map((order) => order.shippingMethodId).filter((id): id is string => id !== null))];
  const [shops, methods] = await Promise.all([
    Promise.all(
      [...byDistributor].map(async ([distributorId, ids]) => {
        const [rows, pricing] = await Promise.all([
          loadShopVariants(cycleId, distributorId, { variantIds: [...ids], includeOutOfStock: true }, tx),
          loadShopPricing(cycleId, distributorId, { variantIds: [...ids] }, tx),
        ]);
        return [distributorId, { rows: new Map(rows.map((row) => [row.variantId, row])), pricing }] as const;
      }),
    ),
    methodIds.length ? tx.select().from(shippingMethods).where(inArray(shippingMethods.id, methodIds)) : Promise.resolve([]),
  ]);
  const shopOf = new Map(shops);
  const methodOf = new Map(methods.map((method) => [method.id, method]));
  return new Map(
    orders.map((order) => {
      const shop = shopOf.get(order.distributorId)!;
      return [order.orderId, priceWith(shop.rows, shop.pricing, order.shippingMethodId ? (methodOf.get(order.shippingMethodId) ?? null) : null, order.lines)];
    }),
  );
}

/** Pure: the lines priced from the shop's rows (only those the lines name are kept), as priceLines answers. */
function priceWith(
  all: ReadonlyMap<string, ShopVariant>,
  pricing: CyclePricing,
  shipping: typeof shippingMethods.$inferSelect | null,
  lines: readonly LineToPrice[],
) {
  const byId = new Map(lines.filter((line) => all.has(line.variantId)).map((line) => [line.variantId, all.get(line.variantId)!]));
  for (const line of lines) if (!byId.has(line.variantId)) throw invalidField(`lines.${line.variantId}`, "notForSale");
  const inputs: OrderLineInput[] = lines.map((line) => ({
    variant: byId.get(line.variantId)!,
    quantity: line.quantity,
    actualWeightGrams: line.actualWeightGrams,
  }));
  return { priced: priceOrder(inputs, pricing, shipping), rows: byId, shipping: shipping ?? undefined };
}

/**
 * The rows an order stores from its priced lines (lines, fee and shipping adjustments, and the
 * promo code's discount when it holds one) and its totals. Each line records the case size it is
 * sold by: the variant's, or the one in `soldBy` for a line an adjustment leaves as it was, so a
 * minimum counted in cases does not move when a producer changes the size later (decision 0059).
 */
export function orderContents(
  orderId: string,
  pricedLines: ReturnType<typeof priceOrder>,
  rows: Awaited<ReturnType<typeof priceLines>>["rows"],
  promo?: AppliedPromo | null,
  soldBy: ReadonlyMap<string, number> = new Map(),
) {
  const priced = withPromo(
    pricedLines,
    pricedLines.lines.map((line) => ({ taxRateBasisPoints: rows.get(line.variantId)!.taxRateBasisPoints })),
    promo,
  );
  // Ids given here, so the rows as stored are known without reading them back.
  const lines = priced.lines.map((line): typeof orderLines.$inferSelect => {
    const row = rows.get(line.variantId)!;
    return {
      id: randomUUID(),
      orderId,
      variantId: line.variantId,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
      supplierId: row.supplierId,
      supplierPriceCents: line.priced.supplierPriceCents,
      productName: row.productName,
      variantName: row.variantName,
      unitsPerCase: soldBy.get(line.variantId) ?? row.unitsPerCase,
      taxRateBasisPoints: row.taxRateBasisPoints,
      fees: line.priced.fees,
      actualWeightGrams: line.actualWeightGrams,
    };
  });
  const adjustments = priced.adjustments.map((adjustment): typeof orderAdjustments.$inferSelect => ({
    id: randomUUID(),
    orderId,
    feeId: adjustment.feeId || null,
    label: adjustment.label,
    enterpriseName: adjustment.enterpriseName,
    feeType: adjustment.feeType,
    place: adjustment.place,
    supplierName: adjustment.supplierName,
    amountCents: adjustment.amountCents,
    taxRateBasisPoints: adjustment.taxRateBasisPoints,
  }));
  return {
    lines,
    adjustments,
    totals: {
      itemsTotalCents: priced.itemsTotalCents,
      feesTotalCents: priced.feesTotalCents,
      discountCents: priced.discountCents ?? 0,
      totalCents: priced.totalCents,
      promoCodeId: promo?.id ?? null,
    },
  };
}

export type OrderContents = ReturnType<typeof orderContents>;

/** Writes an order's lines and adjustments, sent together. */
export async function insertOrderContents(tx: Executor, contents: OrderContents) {
  await Promise.all([
    tx.insert(orderLines).values(contents.lines),
    contents.adjustments.length ? tx.insert(orderAdjustments).values(contents.adjustments) : undefined,
  ]);
}
