// Writing a placed order, whoever places it: the buyer at checkout (shop/checkout.server) or a
// manager entering a phone or paper order for a customer (./for-customer.server, decision 0048).
// One path for the cycle's hold, stock, pricing, the customer list, the confirmation and the
// webhook event, so an order typed in by the hub costs what the shop would have charged.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orders, paymentMethods } from "#db/schema";
import { DomainError, invalidField } from "#app/domain/errors";
import type { Locale } from "#app/i18n/config";
import { formatMoney } from "#app/i18n/format";
import { queueConfirmationOf } from "#app/domain/notifications/order-confirmation.server";
import { scheduleSupplierAmendments } from "#app/domain/notifications/amendments.server";
import { rememberCustomer } from "#app/domain/shop/customers.server";
import { caseErrors } from "./cases";
import { insertOrderContents, orderContents, priceLines } from "./contents.server";
import { holdCycleOpen } from "./cycle-hold.server";
import { emitOrderEvent } from "./events.server";
import { takeStock } from "./stock.server";
import { checkBuyerLimits } from "#app/domain/capacity/buyer-limits.server";
import { takePlace } from "#app/domain/capacity/places.server";
import { checkPromoCode, takePromoUse } from "#app/domain/promotions/redeem.server";
import { composeOrderSummary, type OrderSummary } from "./summary.server";

/** What the order is for: its cycle and shop, its lines (merged), its methods and what the buyer committed to. */
export type OrderToWrite = {
  distributorId: string;
  orderCycleId: string;
  lines: { variantId: string; quantity: number }[];
  shippingMethodId: string;
  paymentMethodId: string;
  deliveryAddress?: string;
  expectedTotalCents?: number;
  externalId?: string | null;
  /** A promo code the buyer typed (docs/domain.md 13): checked, and its use taken, with the order. */
  promoCode?: string;
};

/** Who the order is for, as stored on it and in the distributor's customer list. */
export type OrderBuyer = { userId: string | null; email: string; name: string; phone: string; locale: Locale };

/** The exchange the order goes through, as its confirmation tells it. */
export type OrderExchange = { shopName: string; readyFor: string | null; readyOn: string | null };

export type WriteOptions = {
  /** The cart this order replaces, deleted with it. */
  cartId?: string;
  /** False: no confirmation email (demo orders are seeded without). */
  confirm?: boolean;
  /** Why this payment method may not pay here, as a field error key (a card needs the buyer present, Stripe configured). */
  paymentRefusal?: (payment: { kind: string }) => string | undefined;
  /** A lookup whose answer, when truthy, refuses the order as an account's email (a guest's checkout); sent with the others. */
  guestEmailAccount?: Promise<unknown>;
  /** The payment method chosen, when the caller has already read it (checkout reads the shop's with the shop). */
  payment?: typeof paymentMethods.$inferSelect;
  /** A manager entering the order for the customer: recorded on it; the hub's side also orders after the close. */
  enteredBy?: { userId: string; enterpriseId: string };
};

/**
 * Writes the order in the caller's transaction: holds the cycle (open, or for the hub's side also
 * closed), checks the methods, takes stock, prices through priceOrder, inserts the order and its
 * contents, remembers the customer, queues the confirmation and the `order.placed` event. Statements
 * that do not depend on each other are sent together (postgres.js pipelines them on the
 * transaction's connection), so an order costs about ten round trips whatever its size
 * (docs/performance.md, P3).
 */
export async function writePlacedOrder(
  tx: Executor,
  data: OrderToWrite,
  buyer: OrderBuyer,
  exchange: OrderExchange,
  now: Date,
  locale: Locale,
  options: WriteOptions = {},
): Promise<OrderSummary> {
  const lines = data.lines;
  const [cycle, [payment], { priced, rows, shipping }, account] = await Promise.all([
    holdCycleOpen(tx, data.orderCycleId, now, data.distributorId, { afterClose: options.enteredBy !== undefined }),
    options.payment?.id === data.paymentMethodId ? [options.payment] : tx.select().from(paymentMethods).where(eq(paymentMethods.id, data.paymentMethodId)),
    priceLines(tx, data.orderCycleId, data.distributorId, lines, data.shippingMethodId),
    options.guestEmailAccount,
  ]);
  // A guest order is never attached to an account by its email (the email proves nothing), so a
  // guest typing an account's email is asked first: log in to keep the order with the account, or
  // confirm. Asked only once the cycle is known to be offered to them.
  if (account) throw new DomainError("email_taken", { email: { key: "accountExists" } });
  if (!shipping) throw invalidField("shippingMethodId", "invalidChoice");
  if (!payment) throw invalidField("paymentMethodId", "invalidChoice");
  const paymentRefused = options.paymentRefusal?.(payment);
  if (paymentRefused) throw invalidField("paymentMethodId", paymentRefused);
  if (shipping.kind === "delivery" && !data.deliveryAddress) throw invalidField("deliveryAddress", "required");
  // Sold by the case: whole cases only, for the buyer and for an order entered for them (decision 0056).
  const notWholeCases = caseErrors(lines, new Map([...rows].map(([variantId, row]) => [variantId, row.unitsPerCase])));
  if (Object.keys(notWholeCases).length) throw new DomainError("validation_failed", notWholeCases);
  const names = new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`]));
  // The buyer's per-buyer limits first (their lock comes before any stock's, as in a buyer's
  // change), then stock, then a place in a capped cycle and pickup point (decision 0046). An order
  // entered for a customer is theirs: the same limits and caps hold.
  // The limits came with the variants, read after the cycle's hold (they change only under its FOR UPDATE).
  const limits = new Map([...rows].flatMap(([variantId, row]) => (row.maxPerBuyer === null ? [] : [[variantId, row.maxPerBuyer] as const])));
  await checkBuyerLimits(tx, { cycleId: data.orderCycleId, buyer: { email: buyer.email, userId: buyer.userId ?? undefined }, lines, names, limits });
  await takeStock(tx, lines, names);
  await takePlace(tx, { orderCycleId: data.orderCycleId, distributorId: data.distributorId, shippingMethodId: shipping.id });
  // A promo code last: its rules read the priced items, and its counters' row locks are held for
  // the shortest time (decision 0051). Tags count for an account, or a customer the hub orders for.
  const promo = data.promoCode?.trim()
    ? await checkPromoCode(tx, {
        code: data.promoCode,
        distributorId: data.distributorId,
        orderCycleId: data.orderCycleId,
        itemsTotalCents: priced.itemsTotalCents,
        buyer: { email: buyer.email, userId: buyer.userId, tagsCount: buyer.userId !== null || options.enteredBy !== undefined },
        now,
        locale,
      })
    : null;
  if (promo) await takePromoUse(tx, promo, buyer.email);

  const orderId = randomUUID();
  const contents = orderContents(orderId, priced, rows, promo);
  // The buyer commits to the total they were shown: if it moved (another shipping method chosen
  // without JavaScript, a fee or price changed meanwhile), nothing is placed and they see the new one.
  if (data.expectedTotalCents !== undefined && data.expectedTotalCents !== contents.totals.totalCents) {
    throw new DomainError("total_changed", {}, { total: formatMoney(contents.totals.totalCents, locale) });
  }
  // The order first (its lines refer to it); what does not depend on it goes along.
  const [[order]] = await Promise.all([
    tx
      .insert(orders)
      .values({
        id: orderId,
        orderCycleId: data.orderCycleId,
        distributorId: data.distributorId,
        buyerId: buyer.userId,
        email: buyer.email,
        buyerName: buyer.name,
        phone: buyer.phone,
        state: "placed",
        shippingMethodId: shipping.id,
        paymentMethodId: payment.id,
        deliveryAddress: shipping.kind === "delivery" ? (data.deliveryAddress ?? "") : "",
        locale: buyer.locale,
        placedAt: now,
        externalId: data.externalId ?? null,
        enteredByUserId: options.enteredBy?.userId ?? null,
        enteredByEnterpriseId: options.enteredBy?.enterpriseId ?? null,
        ...contents.totals,
      })
      .returning(),
    rememberCustomer(tx, data.distributorId, { userId: buyer.userId, email: buyer.email, name: buyer.name, phone: buyer.phone }),
    // The cart becomes the order: it goes in the same transaction, so a failure keeps it intact.
    options.cartId ? tx.delete(orders).where(and(eq(orders.id, options.cartId), eq(orders.state, "cart"))) : undefined,
  ]);
  const summary = composeOrderSummary(
    {
      order,
      distributorName: exchange.shopName,
      distributorEmail: cycle.distributorEmail,
      readyFor: exchange.readyFor,
      readyOn: exchange.readyOn,
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
      distributorTimeZone: cycle.distributorTimeZone,
    },
    contents.lines,
    contents.adjustments,
  );
  // The lines need the order row, the email its number: these go together after it. An order
  // entered after the close reaches producers already told what to bring as an amendment.
  const supplierIds = [...new Set(contents.lines.map((line) => line.supplierId).filter((id): id is string => Boolean(id)))];
  await Promise.all([
    insertOrderContents(tx, contents),
    options.confirm !== false ? queueConfirmationOf(tx, summary, "placed") : undefined,
    options.enteredBy ? scheduleSupplierAmendments(tx, { orderCycleId: data.orderCycleId, supplierIds, now }) : undefined,
  ]);
  await emitOrderEvent(tx, "order.placed", order.id, now);
  return summary;
}
