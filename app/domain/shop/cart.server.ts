// Carts: one per buyer and distributor, bound to one cycle; kept for signed-in buyers and guests.
// A cart is an `orders` row in state "cart" whose lines carry quantities only (prices are computed live).
import { createHash, randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { unitsOrderedBy } from "#app/domain/capacity/buyer-limits.server";
import { limitErrors } from "#app/domain/capacity/rules";
import { getDb, type Executor } from "#db/connection.server";
import { orderLines, orders, products, variants } from "#db/schema";
import { DomainError, invalidField } from "#app/domain/errors";
import { caseErrors, largestWholeCases, orderableStock } from "#app/domain/orders/cases";
import { priceOrder, type ShippingCharge } from "#app/domain/fees/pricing";
import type { Locale } from "#app/i18n/config";
import { checkPromoCode, type PromoBuyer } from "#app/domain/promotions/redeem.server";
import { withPromo } from "#app/domain/promotions/rules";

/** A promo code the buyer applies at checkout, with who they are (for its tags and their own uses). */
export type PromoAtCheckout = { code: string; buyer: PromoBuyer; locale: Locale };
import { parseWith } from "#app/domain/validation";
import { checkoutOptions, loadShopPricing, loadShopVariants, orderableCycle, type Buyer, type VariantRow } from "./catalogue.server";

export type CartOwner = { userId?: string | null; guestToken?: string | null; email?: string | null };

export function newGuestToken(): string {
  return randomBytes(24).toString("base64url");
}

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

function ownerCondition(owner: CartOwner) {
  if (owner.userId) return eq(orders.buyerId, owner.userId);
  if (owner.guestToken) return eq(orders.guestTokenHash, hashToken(owner.guestToken));
  return undefined;
}

/** The buyer's cart at this shop; `lock` holds its row until the transaction ends (one change at a time). */
export async function findCart(distributorId: string, owner: CartOwner, db: Executor = getDb(), options: { lock?: boolean } = {}) {
  const condition = ownerCondition(owner);
  if (!condition) return undefined;
  const query = db
    .select()
    .from(orders)
    .where(and(eq(orders.distributorId, distributorId), eq(orders.state, "cart"), condition))
    .orderBy(sql`${orders.updatedAt} desc`)
    .limit(1);
  const [cart] = options.lock ? await query.for("update") : await query;
  return cart;
}

/** What changed in a cart since the buyer filled it: a product gone from the cycle, or less stock than they wanted. */
export type CartChange = { productName: string; variantName: string } & ({ kind: "removed" } | { kind: "reduced"; from: number; to: number });

/**
 * The cart as it can still be bought. A line whose product left the cycle (archived, unticked,
 * out of the distributor's list) is removed, and a line asking for more than the stock left is cut
 * to it (in whole cases: orders/cases), in the database too, so checkout submits only what can be had; `changes` says what was
 * done, once (the next read finds nothing to change).
 */
async function reconcileCart(cartId: string, orderCycleId: string, distributorId: string) {
  const lines = await getDb().select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, cartId));
  if (lines.length === 0) return { lines, rows: new Map<string, VariantRow>(), changes: [] as CartChange[] };
  const rows = new Map(
    (await loadShopVariants(orderCycleId, distributorId, { variantIds: lines.map((line) => line.variantId), includeOutOfStock: true })).map((row) => [
      row.variantId,
      row,
    ]),
  );
  const gone = lines.filter((line) => !rows.has(line.variantId));
  // What can still be had is whole cases of the stock (decision 0056): 10 left of a case of 6 is one
  // case, and a line filled before its variant became sold by the case is cut to whole cases.
  const wanted = new Map(lines.map((line) => [line.variantId, line.quantity]));
  const orderable = (variantId: string) => {
    const row = rows.get(variantId)!;
    const quantity = wanted.get(variantId)!;
    return largestWholeCases(row.stock === null ? quantity : Math.min(quantity, orderableStock(row.stock, row.unitsPerCase)!), row.unitsPerCase);
  };
  const short = lines.filter((line) => rows.has(line.variantId) && line.quantity > orderable(line.variantId));
  if (gone.length === 0 && short.length === 0) return { lines, rows, changes: [] as CartChange[] };

  const goneNames = gone.length
    ? await getDb()
        .select({ id: variants.id, productName: products.name, variantName: variants.name })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(
          inArray(
            variants.id,
            gone.map((line) => line.variantId),
          ),
        )
    : [];
  const changes: CartChange[] = [
    ...gone.map((line): CartChange => {
      const named = goneNames.find((row) => row.id === line.variantId);
      return { kind: "removed", productName: named?.productName ?? "", variantName: named?.variantName ?? "" };
    }),
    ...short.map((line): CartChange => {
      const row = rows.get(line.variantId)!;
      return orderable(line.variantId) > 0
        ? { kind: "reduced", productName: row.productName, variantName: row.variantName, from: line.quantity, to: orderable(line.variantId) }
        : { kind: "removed", productName: row.productName, variantName: row.variantName };
    }),
  ];
  const emptied = new Set([...gone, ...short.filter((line) => orderable(line.variantId) === 0)].map((line) => line.variantId));
  const cut = short.filter((line) => !emptied.has(line.variantId)).map((line) => ({ variantId: line.variantId, quantity: orderable(line.variantId) }));
  await getDb().transaction(async (tx) => {
    if (emptied.size) await tx.delete(orderLines).where(and(eq(orderLines.orderId, cartId), inArray(orderLines.variantId, [...emptied])));
    if (cut.length) {
      await tx.execute(sql`
        update ${orderLines} l set quantity = c.quantity
        from unnest(${sql.param(cut.map((line) => line.variantId))}::text[], ${sql.param(cut.map((line) => line.quantity))}::int[]) as c(variant_id, quantity)
        where l.order_id = ${cartId} and l.variant_id = c.variant_id`);
    }
  });
  const cutTo = new Map(cut.map((line) => [line.variantId, line.quantity]));
  const kept = lines
    .filter((line) => !emptied.has(line.variantId))
    .map((line) => ({ variantId: line.variantId, quantity: cutTo.get(line.variantId) ?? line.quantity }));
  return { lines: kept, rows, changes };
}

type PricedOrder = ReturnType<typeof priceOrder>;

/** A priced order as the buyer sees it: fee adjustments and totals (the shipping fee among them once a method is chosen). */
function totalsOf(priced: PricedOrder) {
  return {
    adjustments: priced.adjustments.map((adjustment) => ({
      label: adjustment.label,
      amountCents: adjustment.amountCents,
      enterpriseName: adjustment.enterpriseName,
      feeType: adjustment.feeType,
      place: adjustment.place,
      supplierName: adjustment.supplierName,
    })),
    itemsTotalCents: priced.itemsTotalCents,
    feesTotalCents: priced.feesTotalCents,
    discountCents: priced.discountCents ?? 0,
    totalCents: priced.totalCents,
    taxByRate: priced.taxByRate,
  };
}

type CartTotals = ReturnType<typeof totalsOf>;

/**
 * The cart with its lines priced for the shop, after reconcileCart; `changes` tells the buyer what
 * moved. `quote` prices the same lines with a shipping method, through the priceOrder that
 * placeOrder uses, so the checkout's total is the order's.
 */
async function pricedCart(cart: typeof orders.$inferSelect, distributorId: string, now: Date, promo?: PromoAtCheckout) {
  const [{ lines, rows: byId, changes }, pricing] = await Promise.all([
    reconcileCart(cart.id, cart.orderCycleId, distributorId),
    loadShopPricing(cart.orderCycleId, distributorId),
  ]);
  const inputs = lines.map((line) => ({ variant: byId.get(line.variantId)!, quantity: line.quantity }));
  const priced = priceOrder(inputs, pricing);
  // The code the buyer applied, checked against these items (its use is taken only when the order is placed).
  const applied = promo?.code.trim()
    ? await checkPromoCode(getDb(), {
        code: promo.code,
        distributorId,
        orderCycleId: cart.orderCycleId,
        itemsTotalCents: priced.itemsTotalCents,
        buyer: promo.buyer,
        now,
        locale: promo.locale,
      }).catch((error: unknown) => {
        if (error instanceof DomainError) return error;
        throw error;
      })
    : undefined;
  const discounted = applied && !(applied instanceof DomainError) ? applied : null;
  const rates = inputs.map((input) => ({ taxRateBasisPoints: input.variant.taxRateBasisPoints }));
  return {
    view: {
      id: cart.id,
      orderCycleId: cart.orderCycleId,
      lines: priced.lines.map((line) => {
        const row = byId.get(line.variantId)!;
        return {
          variantId: line.variantId,
          productName: row.productName,
          variantName: row.variantName,
          supplierName: row.supplierName,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          totalCents: line.totalCents,
          stock: row.stock,
          unitsPerCase: row.unitsPerCase,
        };
      }),
      ...totalsOf(priced),
      changes,
      now: now.toISOString(),
    },
    quote: (shipping: ShippingCharge): CartTotals => totalsOf(withPromo(priceOrder(inputs, pricing, shipping), rates, discounted)),
    promo: applied instanceof DomainError ? { refusal: applied } : discounted ? { code: discounted.code } : undefined,
  };
}

export async function cartView(distributorId: string, owner: CartOwner, now = new Date()) {
  const cart = await findCart(distributorId, owner);
  if (!cart) return undefined;
  return (await pricedCart(cart, distributorId, now)).view;
}

/**
 * The checkout: the cart, the cycle's methods (null once the cycle closed), and the cart's totals
 * with each shipping method, by method id. The page shows the one for the chosen method.
 */
export async function checkoutView(distributorId: string, owner: CartOwner, buyer: Buyer, now = new Date(), promoCode?: PromoAtCheckout) {
  const cart = await findCart(distributorId, owner);
  if (!cart) return undefined;
  // Both at once; the methods' failure matters only for a cart that still has lines to check out.
  const [{ view, quote, promo }, optionsOrError] = await Promise.all([
    pricedCart(cart, distributorId, now, promoCode),
    checkoutOptions(distributorId, cart.orderCycleId, buyer, now).catch((error: unknown) => ({ error })),
  ]);
  if (view.lines.length === 0) return { cart: view, options: null, totalsByShippingMethod: {} as Record<string, CartTotals>, promo };
  if ("error" in optionsOrError && !(optionsOrError.error instanceof DomainError && optionsOrError.error.code === "order_cycle_closed"))
    throw optionsOrError.error;
  const options = "error" in optionsOrError ? null : optionsOrError;
  const totalsByShippingMethod: Record<string, CartTotals> = Object.fromEntries((options?.shippingMethods ?? []).map((method) => [method.id, quote(method)]));
  return { cart: view, options, totalsByShippingMethod, promo };
}

export const setCartLineSchema = z.object({
  orderCycleId: z.string().trim().min(1).max(64),
  variantId: z.string().trim().min(1).max(64),
  quantity: z.coerce.number().int().min(0).max(999),
  confirmSwitch: z.boolean().optional(),
});

/**
 * Sets a line's quantity. Adding from another cycle asks first (409 with `switchCycle`), then
 * empties the cart. Stock is checked here and enforced again at checkout.
 */
export async function setCartLine(
  distributorId: string,
  owner: CartOwner,
  buyer: Buyer,
  input: unknown,
  now = new Date(),
): Promise<{ cartId: string; guestToken?: string }> {
  const data = parseWith(setCartLineSchema, input);
  await orderableCycle(distributorId, data.orderCycleId, buyer, now);
  const [variant] = await loadShopVariants(data.orderCycleId, distributorId, { variantIds: [data.variantId], includeOutOfStock: true });
  if (!variant) throw invalidField("variantId", "notForSale");
  // Sold by the case: whole cases only (decision 0056), refused before stock so the buyer learns the step first.
  const notWholeCases = caseErrors([data], new Map([[data.variantId, variant.unitsPerCase]]), () => "quantity");
  if (notWholeCases.quantity) throw new DomainError("validation_failed", notWholeCases, { product: variant.productName });
  if (variant.stock !== null && data.quantity > variant.stock)
    throw new DomainError("out_of_stock", { quantity: { key: "outOfStock" } }, { product: variant.productName });
  // Its per-buyer limit, counting what this buyer's placed orders already hold (checked again, exactly, at checkout).
  if (variant.maxPerBuyer !== null && data.quantity > 0) {
    const ordered = buyer.email
      ? await unitsOrderedBy(getDb(), data.orderCycleId, { email: buyer.email, userId: buyer.userId }, [data.variantId])
      : new Map<string, number>();
    const errors = limitErrors([{ variantId: data.variantId, quantity: data.quantity }], new Map([[data.variantId, variant.maxPerBuyer]]), ordered);
    const error = errors[`lines.${data.variantId}`];
    if (error) throw new DomainError("limit_exceeded", { quantity: error }, { product: variant.productName });
  }

  return getDb().transaction(async (tx) => {
    let guestToken: string | undefined;
    let cart = await findCart(distributorId, owner, tx, { lock: true });
    if (!cart) {
      if (!owner.userId && !owner.guestToken) guestToken = newGuestToken();
      const token = owner.guestToken ?? guestToken;
      const [made] = await tx
        .insert(orders)
        .values({
          orderCycleId: data.orderCycleId,
          distributorId,
          buyerId: owner.userId ?? null,
          guestTokenHash: owner.userId ? null : hashToken(token!),
          email: owner.email ?? "",
          state: "cart",
        })
        .onConflictDoNothing()
        .returning();
      // Two first adds at once (a double click, two tabs): the unique index lets one make the cart,
      // and the other waits for it and adds to that cart.
      cart = made ?? (await findCart(distributorId, owner, tx, { lock: true }));
      if (!cart) throw new DomainError("conflict");
    }
    if (cart.orderCycleId !== data.orderCycleId) {
      if (!data.confirmSwitch) throw new DomainError("conflict", { orderCycleId: { key: "switchCycle" } });
      await tx.delete(orderLines).where(eq(orderLines.orderId, cart.id));
      await tx.update(orders).set({ orderCycleId: data.orderCycleId, updatedAt: now }).where(eq(orders.id, cart.id));
    }
    await tx.delete(orderLines).where(and(eq(orderLines.orderId, cart.id), eq(orderLines.variantId, data.variantId)));
    if (data.quantity > 0) {
      await tx.insert(orderLines).values({ orderId: cart.id, variantId: data.variantId, quantity: data.quantity, unitPriceCents: 0, totalCents: 0 });
    }
    await tx.update(orders).set({ updatedAt: now }).where(eq(orders.id, cart.id));
    return { cartId: cart.id, guestToken };
  });
}

export async function emptyCart(distributorId: string, owner: CartOwner, db: Executor = getDb()) {
  const cart = await findCart(distributorId, owner, db);
  if (cart) await db.delete(orders).where(eq(orders.id, cart.id));
}

/** When a guest signs in, their cart becomes the account's (unless the account already has one there). */
export async function adoptGuestCart(distributorId: string, guestToken: string, userId: string) {
  const existing = await findCart(distributorId, { userId });
  if (existing) return;
  // This shop's cart only: one guest cookie serves every shop, and the account may have carts elsewhere.
  await getDb()
    .update(orders)
    .set({ buyerId: userId, guestTokenHash: null })
    .where(and(eq(orders.distributorId, distributorId), eq(orders.state, "cart"), eq(orders.guestTokenHash, hashToken(guestToken))))
    .catch((error: unknown) => {
      // The account made a cart here meanwhile (another tab): it keeps that one, as above.
      const failure = error as { code?: string; cause?: { code?: string } };
      if ((failure.code ?? failure.cause?.code) !== "23505") throw error;
    });
}

export async function cartLines(cartId: string, db: Executor = getDb()) {
  return db.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, cartId));
}
