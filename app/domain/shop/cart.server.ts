// Carts: one per buyer and distributor, bound to one cycle; kept for signed-in buyers and guests.
// A cart is an `orders` row in state "cart" whose lines carry quantities only (prices are computed live).
import { createHash, randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { orderLines, orders } from "#db/schema";
import { DomainError, invalidField } from "#app/domain/errors";
import { priceOrder } from "#app/domain/fees/pricing";
import { parseWith } from "#app/http/validation";
import { loadShopPricing, loadShopVariants, orderableCycle, type Buyer } from "./catalogue.server";

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

export async function findCart(distributorId: string, owner: CartOwner, db: Executor = getDb()) {
  const condition = ownerCondition(owner);
  if (!condition) return undefined;
  const [cart] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.distributorId, distributorId), eq(orders.state, "cart"), condition))
    .orderBy(sql`${orders.updatedAt} desc`)
    .limit(1);
  return cart;
}

/** The cart with its lines priced for the shop; lines no longer for sale are dropped from view. */
export async function cartView(distributorId: string, owner: CartOwner, now = new Date()) {
  const cart = await findCart(distributorId, owner);
  if (!cart) return undefined;
  const lines = await getDb().select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, cart.id));
  const [rows, pricing] = await Promise.all([
    lines.length ? loadShopVariants(cart.orderCycleId, distributorId, { variantIds: lines.map((line) => line.variantId), includeOutOfStock: true }) : Promise.resolve([]),
    loadShopPricing(cart.orderCycleId, distributorId),
  ]);
  const byId = new Map(rows.map((row) => [row.variantId, row]));
  const available = lines.filter((line) => byId.has(line.variantId));
  const priced = priceOrder(available.map((line) => ({ variant: byId.get(line.variantId)!, quantity: line.quantity })), pricing);
  return {
    id: cart.id,
    orderCycleId: cart.orderCycleId,
    lines: priced.lines.map((line) => {
      const row = byId.get(line.variantId)!;
      return { variantId: line.variantId, productName: row.productName, variantName: row.variantName, supplierName: row.supplierName, quantity: line.quantity, unitPriceCents: line.unitPriceCents, totalCents: line.totalCents, stock: row.stock };
    }),
    adjustments: priced.adjustments.map((adjustment) => ({ label: adjustment.label, amountCents: adjustment.amountCents, enterpriseName: adjustment.enterpriseName, feeType: adjustment.feeType })),
    itemsTotalCents: priced.itemsTotalCents,
    feesTotalCents: priced.feesTotalCents,
    totalCents: priced.totalCents,
    taxByRate: priced.taxByRate,
    now: now.toISOString(),
  };
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
export async function setCartLine(distributorId: string, owner: CartOwner, buyer: Buyer, input: unknown, now = new Date()): Promise<{ cartId: string; guestToken?: string }> {
  const data = parseWith(setCartLineSchema, input);
  await orderableCycle(distributorId, data.orderCycleId, buyer, now);
  const [variant] = await loadShopVariants(data.orderCycleId, distributorId, { variantIds: [data.variantId], includeOutOfStock: true });
  if (!variant) throw invalidField("variantId", "notForSale");
  if (variant.stock !== null && data.quantity > variant.stock) throw new DomainError("out_of_stock", { quantity: { key: "outOfStock" } }, { product: variant.productName });

  return getDb().transaction(async (tx) => {
    let guestToken: string | undefined;
    // One change at a time per cart: two first adds at once (a double click, two tabs) would
    // otherwise both find no cart and make two.
    const ownerKey = owner.userId ?? (owner.guestToken ? hashToken(owner.guestToken) : undefined);
    if (ownerKey) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`cart:${distributorId}:${ownerKey}`}))`);
    let cart = await findCart(distributorId, owner, tx);
    if (cart && cart.orderCycleId !== data.orderCycleId) {
      if (!data.confirmSwitch) throw new DomainError("conflict", { orderCycleId: { key: "switchCycle" } });
      await tx.delete(orderLines).where(eq(orderLines.orderId, cart.id));
      await tx.update(orders).set({ orderCycleId: data.orderCycleId, updatedAt: now }).where(eq(orders.id, cart.id));
    }
    if (!cart) {
      if (!owner.userId && !owner.guestToken) guestToken = newGuestToken();
      const token = owner.guestToken ?? guestToken;
      [cart] = await tx
        .insert(orders)
        .values({
          orderCycleId: data.orderCycleId,
          distributorId,
          buyerId: owner.userId ?? null,
          guestTokenHash: owner.userId ? null : hashToken(token!),
          email: owner.email ?? "",
          state: "cart",
        })
        .returning();
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
    .where(and(eq(orders.distributorId, distributorId), eq(orders.state, "cart"), eq(orders.guestTokenHash, hashToken(guestToken))));
}

export async function cartLines(cartId: string, db: Executor = getDb()) {
  return db.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, cartId));
}
