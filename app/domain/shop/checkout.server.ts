// Checkout: a buyer places an order from a shop. What the buyer's path decides (the cycle offered to
// this buyer, its methods, a guest with an account's email, the total they were shown) is checked
// here; stock, pricing and the cycle's hold are the order's own (app/domain/orders/place.server).
import { z } from "zod";
import { getDb } from "#db/connection.server";
import { findUserByEmail } from "#app/domain/accounts/accounts.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { mergeLines, orderLinesSchema } from "#app/domain/orders/lines";
import { writePlacedOrder } from "#app/domain/orders/place.server";
import type { OrderSummary } from "#app/domain/orders/summary.server";
import { parseWith } from "#app/domain/validation";
import { isLocale, type Locale } from "#app/i18n/config";
import { cartLines, findCart, type CartOwner } from "./cart.server";
import { canPayWith, orderableCycle, type Buyer } from "./catalogue.server";
import { externalIdField } from "#app/domain/external-ids/rules";
import { payWithCredit } from "#app/domain/loyalty/checkout.server";
import { grantMarketingConsent } from "#app/domain/marketing/consent.server";

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
  /** An unlisted sale's share key (decision 0047): needed unless the caller manages the cycle. */
  shareKey: z.string().trim().max(64).optional(),
  /** Loyalty credit paying part or all of the order (decision 0052): signed-in buyers only. */
  useCreditCents: z.number().int().min(0).max(100_000_000).optional(),
  /** The buyer ticked "Send me news of this shop's cycles" (unticked by default; decision 0053). */
  marketingConsent: z.boolean().optional(),
  /** A promo code of the distributor or the cycle's coordinator (docs/domain.md 13); blank is none. */
  promoCode: z.string().trim().max(40).optional(),
});

/** The buyer's account, when signed in: the order is theirs, with their email, name and language. */
export type SignedInBuyer = { userId: string; email: string; name: string; locale?: string | null; managedEnterpriseIds?: readonly string[] };

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
  options: { cartId?: string; confirm?: boolean; shareKeys?: readonly string[] } = {},
): Promise<OrderSummary> {
  const data = parseWith(placeOrderSchema, input);
  const email = signedIn?.email ?? data.email;
  if (!email) throw invalidField("email", "required");
  if (data.useCreditCents && !signedIn) throw invalidField("useCreditCents", "creditNeedsAccount");
  // Tags belong to the signed-in account: a guest's typed email proves nothing, so a guest holds no tag.
  // Share keys are anyone's who has the link; a cycle's managers need none.
  const shareKeys = [...(data.shareKey ? [data.shareKey] : []), ...(options.shareKeys ?? [])];
  const buyer: Buyer = signedIn
    ? { userId: signedIn.userId, email: signedIn.email, shareKeys, managedEnterpriseIds: signedIn.managedEnterpriseIds ?? [] }
    : { shareKeys };
  const lines = mergeLines(data.lines);
  if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });

  return getDb().transaction(async (tx) => {
    const { candidate, shop, paymentMethods } = await orderableCycle(data.distributorId, data.orderCycleId, buyer, now, tx);
    if (!candidate.shippingMethodIds.includes(data.shippingMethodId)) throw invalidField("shippingMethodId", "invalidChoice");
    if (!candidate.paymentMethodIds.includes(data.paymentMethodId)) throw invalidField("paymentMethodId", "invalidChoice");
    // Already full when the shop was read: refused before anything is locked (takePlace in writePlacedOrder is the exact check).
    if (candidate.fullShippingMethodIds?.includes(data.shippingMethodId))
      throw new DomainError("capacity_reached", { shippingMethodId: { key: "pickupPointFull" } });
    if (candidate.full) throw new DomainError("capacity_reached", { orderCycleId: { key: "cycleFull" } });
    const summary = await writePlacedOrder(
      tx,
      { ...data, lines },
      {
        userId: signedIn?.userId ?? null,
        email,
        name: data.name ?? signedIn?.name ?? "",
        phone: data.phone ?? "",
        locale: isLocale(data.locale) ? data.locale : isLocale(signedIn?.locale) ? signedIn!.locale! : locale,
      },
      { shopName: shop.name, readyFor: candidate.readyFor, readyOn: candidate.readyOn },
      now,
      locale,
      {
        cartId: options.cartId,
        // Demo orders are seeded without emails; every buyer-placed order is confirmed.
        confirm: options.confirm,
        paymentRefusal: (payment) => (canPayWith(payment) ? undefined : "invalidChoice"),
        // Already read with the shop: the order need not read it again.
        payment: paymentMethods.find((method) => method.id === data.paymentMethodId),
        guestEmailAccount: signedIn || data.asGuest ? undefined : findUserByEmail(email, tx),
      },
    );
    if (data.useCreditCents) {
      await payWithCredit(tx, {
        orderId: summary.order.id,
        distributorId: data.distributorId,
        email,
        userId: signedIn?.userId ?? null,
        amountCents: data.useCreditCents,
        totalCents: summary.order.totalCents,
        now,
      });
    }
    // Unticked says nothing: an earlier consent stays until the customer unsubscribes.
    if (data.marketingConsent) await grantMarketingConsent(tx, data.distributorId, email, "checkout", now);
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
  shareKeys: readonly string[] = [],
): Promise<string | undefined> {
  const cart = await findCart(distributorId, owner);
  if (!cart) return undefined;
  const lines = await cartLines(cart.id);
  return placeOrder({ ...details, distributorId, orderCycleId: cart.orderCycleId, lines }, signedIn, now, locale, { cartId: cart.id, shareKeys });
}
