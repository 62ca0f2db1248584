// Checkout: a buyer places an order from a shop. What the buyer's path decides (the cycle offered to
// this buyer, its methods, a guest with an account's email, the total they were shown) is checked
// here; stock, pricing and the cycle's hold are the order's own (app/domain/orders/).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "#db/connection.server";
import { orders, paymentMethods } from "#db/schema";
import { findUserByEmail } from "#app/domain/accounts/accounts.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { insertOrderContents, orderContents, priceLines } from "#app/domain/orders/contents.server";
import { holdCycleOpen } from "#app/domain/orders/cycle-hold.server";
import { mergeLines, orderLinesSchema } from "#app/domain/orders/lines";
import { takeStock } from "#app/domain/orders/stock.server";
import { checkBuyerLimits } from "#app/domain/capacity/buyer-limits.server";
import { takePlace } from "#app/domain/capacity/places.server";
import { composeOrderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { parseWith } from "#app/domain/validation";
import { isLocale, type Locale } from "#app/i18n/config";
import { formatMoney } from "#app/i18n/format";
import { queueConfirmationOf } from "#app/domain/notifications/order-confirmation.server";
import { cartLines, findCart, type CartOwner } from "./cart.server";
import { canPayWith, orderableCycle, type Buyer } from "./catalogue.server";
import { rememberCustomer } from "./customers.server";
import { emitOrderEvent } from "#app/domain/orders/events.server";
import { externalIdField } from "#app/domain/external-ids/rules";

const id = z.string().trim().min(1).max(64);
export const placeOrderSchema = z.object({
  distributorId: id,
  orderCycleId: id,
  lines: orderLinesSchema.min(1),
  shippingMethodId: id,
  paymentMethodId: id,
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional(),
  name: z.string().trim().max(120).optional(),
  phone: z.string().trim().max(40).optional(),
  deliveryAddress: z.string().trim().max(500).optional(),
  locale: z.string().optional(),
  /** A guest whose email is an account's confirms ordering as a guest: the order then stays off that account. */
  asGuest: z.boolean().optional(),
  /** The total the buyer was shown; when given, an order that would cost anything else is not placed. */
  expectedTotalCents: z.number().int().min(0).optional(),
  /** Another system's id for the order, unique within the distributor (decision 0044). */
  externalId: externalIdField,
});

/** The buyer's account, when signed in: the order is theirs, with their email, name and language. */
export type SignedInBuyer = { userId: string; email: string; name: string; locale?: string | null };

/** Places an order in one transaction: checks the cycle is open and visible, takes stock, prices, queues the email. */
export async function placeOrder(...args: Parameters<typeof placeOrderInFull>): Promise<string> {
  return (await placeOrderInFull(...args)).order.id;
}

/**
 * placeOrder, returning the order as stored. Statements that do not depend on each other are
 * sent together (postgres.js pipelines them on the transaction's connection), so an order costs
 * about ten round trips whatever its size (docs/performance.md, P3).
 */
export async function placeOrderInFull(
  input: unknown,
  signedIn: SignedInBuyer | undefined,
  now = new Date(),
  locale: Locale = "en",
  options: { cartId?: string; confirm?: boolean } = {},
): Promise<OrderSummary> {
  const data = parseWith(placeOrderSchema, input);
  const email = signedIn?.email ?? data.email;
  if (!email) throw invalidField("email", "required");
  // Tags belong to the signed-in account: a guest's typed email proves nothing, so a guest holds no tag.
  const buyer: Buyer = signedIn ? { userId: signedIn.userId, email: signedIn.email } : {};
  const lines = mergeLines(data.lines);
  if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });

  return getDb().transaction(async (tx) => {
    const { candidate, shop } = await orderableCycle(data.distributorId, data.orderCycleId, buyer, now, tx);
    if (!candidate.shippingMethodIds.includes(data.shippingMethodId)) throw invalidField("shippingMethodId", "invalidChoice");
    if (!candidate.paymentMethodIds.includes(data.paymentMethodId)) throw invalidField("paymentMethodId", "invalidChoice");
    // Already full when the shop was read: refused before anything is locked (takePlace below is the exact check).
    if (candidate.fullShippingMethodIds?.includes(data.shippingMethodId))
      throw new DomainError("capacity_reached", { shippingMethodId: { key: "pickupPointFull" } });
    if (candidate.full) throw new DomainError("capacity_reached", { orderCycleId: { key: "cycleFull" } });
    const [cycle, [payment], { priced, rows, shipping }, account] = await Promise.all([
      holdCycleOpen(tx, data.orderCycleId, now, data.distributorId),
      tx.select().from(paymentMethods).where(eq(paymentMethods.id, data.paymentMethodId)),
      priceLines(tx, data.orderCycleId, data.distributorId, lines, data.shippingMethodId),
      signedIn || data.asGuest ? undefined : findUserByEmail(email, tx),
    ]);
    // A guest order is never attached to an account by its email (the email proves nothing), so a
    // guest typing an account's email is asked first: log in to keep the order with the account, or
    // confirm. Asked only once the cycle is known to be offered to them.
    if (account) throw new DomainError("email_taken", { email: { key: "accountExists" } });
    if (!shipping) throw invalidField("shippingMethodId", "invalidChoice");
    if (!canPayWith(payment)) throw invalidField("paymentMethodId", "invalidChoice");
    if (shipping.kind === "delivery" && !data.deliveryAddress) throw invalidField("deliveryAddress", "required");
    const names = new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`]));
    // The buyer's per-buyer limits first (their lock comes before any stock's, as in a buyer's
    // change), then stock, then a place in a capped cycle and pickup point (decision 0046).
    await checkBuyerLimits(tx, { cycleId: data.orderCycleId, buyer: { email, userId: signedIn?.userId }, lines, names });
    await takeStock(tx, lines, names);
    await takePlace(tx, { orderCycleId: data.orderCycleId, distributorId: data.distributorId, shippingMethodId: shipping.id });

    const orderId = randomUUID();
    const contents = orderContents(orderId, priced, rows);
    // The buyer commits to the total they were shown: if it moved (another shipping method chosen
    // without JavaScript, a fee or price changed meanwhile), nothing is placed and they see the new one.
    if (data.expectedTotalCents !== undefined && data.expectedTotalCents !== contents.totals.totalCents) {
      throw new DomainError("total_changed", {}, { total: formatMoney(contents.totals.totalCents, locale) });
    }
    const buyerName = data.name ?? signedIn?.name ?? "";
    // The order first (its lines refer to it); what does not depend on it goes along.
    const [[order]] = await Promise.all([
      tx
        .insert(orders)
        .values({
          id: orderId,
          orderCycleId: data.orderCycleId,
          distributorId: data.distributorId,
          buyerId: signedIn?.userId ?? null,
          email,
          buyerName,
          phone: data.phone ?? "",
          state: "placed",
          shippingMethodId: shipping.id,
          paymentMethodId: payment.id,
          deliveryAddress: shipping.kind === "delivery" ? (data.deliveryAddress ?? "") : "",
          locale: isLocale(data.locale) ? data.locale : isLocale(signedIn?.locale) ? signedIn!.locale! : locale,
          placedAt: now,
          externalId: data.externalId ?? null,
          ...contents.totals,
        })
        .returning(),
      rememberCustomer(tx, data.distributorId, { userId: signedIn?.userId ?? null, email, name: buyerName }),
      // The cart becomes the order: it goes in the same transaction, so a failure keeps it intact.
      options.cartId ? tx.delete(orders).where(and(eq(orders.id, options.cartId), eq(orders.state, "cart"))) : undefined,
    ]);
    const summary = composeOrderSummary(
      {
        order,
        distributorName: shop.name,
        distributorEmail: cycle.distributorEmail,
        readyFor: candidate.readyFor,
        readyOn: candidate.readyOn,
        pickupInstructions: cycle.pickupInstructions,
        pickupTimes: cycle.pickupTimes,
        shippingName: shipping.name,
        shippingKind: shipping.kind,
        shippingAddress: shipping.address,
        openingHours: shipping.openingHours,
        shippingDescription: shipping.description,
        paymentName: payment.name,
        paymentInstructions: payment.instructions,
        paymentKind: payment.kind,
        opensAt: cycle.opensAt,
        closesAt: cycle.closesAt,
        timeZone: cycle.timeZone,
      },
      contents.lines,
      contents.adjustments,
    );
    // Demo orders are seeded without emails; every buyer-placed order is confirmed.
    // The lines need the order row, the email its number: these three go together after it.
    await Promise.all([insertOrderContents(tx, contents), options.confirm !== false ? queueConfirmationOf(tx, summary, "placed") : undefined]);
    await emitOrderEvent(tx, "order.placed", order.id, now);
    return summary;
  });
}

/** What the checkout form gives besides the cart: contact, methods, the total shown, and a guest's choice to stay a guest. */
export type CheckoutDetails = Omit<z.input<typeof placeOrderSchema>, "distributorId" | "orderCycleId" | "lines">;

/**
 * The buyer's cart at this shop becomes an order, and goes in the same transaction. Undefined when
 * they have no cart here (placed or emptied meanwhile, in another tab).
 */
export async function checkOutCart(
  distributorId: string,
  owner: CartOwner,
  signedIn: SignedInBuyer | undefined,
  details: CheckoutDetails,
  locale: Locale,
  now = new Date(),
): Promise<string | undefined> {
  const cart = await findCart(distributorId, owner);
  if (!cart) return undefined;
  const lines = await cartLines(cart.id);
  return placeOrder({ ...details, distributorId, orderCycleId: cart.orderCycleId, lines }, signedIn, now, locale, { cartId: cart.id });
}
