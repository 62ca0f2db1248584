// Orders for others (docs/domain.md 12, decision 0048): a manager of the order's distributor, or
// of the cycle's coordinator, types in an order phoned or handed to them, for a customer of the
// shop (found in its customer list, or new by email, name and phone), while the cycle is open or
// after its close. The order is written by the checkout's own path (./place.server): same stock,
// same prices, same confirmation, in the customer's language; it records who entered it.
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { customers, enterprises, orderCycles, orders, outgoingExchanges, paymentMethods, shippingMethods, users } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { orderEntryEnterprise } from "#app/domain/access/order-rules";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { findUserByEmail } from "#app/domain/accounts/accounts.server";
import { forbidden, invalidField } from "#app/domain/errors";
import { externalIdField } from "#app/domain/external-ids/rules";
import { priceVariant } from "#app/domain/fees/pricing";
import { candidateColumns, loadShopPricing, loadShopVariants } from "#app/domain/shop/catalogue.server";
import { containsPattern } from "#app/domain/paging";
import { parseWith } from "#app/domain/validation";
import { isLocale, type Locale } from "#app/i18n/config";
import { customerContactSchema } from "./customer-contact";
import { priceLines } from "./contents.server";
import { mergeLines, orderLinesSchema } from "./lines";
import { writePlacedOrder } from "./place.server";
import type { OrderSummary } from "./summary.server";

const id = z.string().trim().min(1).max(64);
const where = z.object({ distributorId: id, orderCycleId: id });

export const orderForCustomerSchema = z.object({
  distributorId: id,
  orderCycleId: id,
  lines: orderLinesSchema.min(1),
  shippingMethodId: id,
  paymentMethodId: id,
  deliveryAddress: z.string().trim().max(500).optional(),
  expectedTotalCents: z.number().int().min(0).optional(),
  externalId: externalIdField,
  /** The customer's promo code, as at checkout (docs/domain.md 13): checked and counted the same way. */
  promoCode: z.string().trim().max(40).optional(),
  onBehalfOf: customerContactSchema,
});

/** A card is paid by its holder on the order's page: a manager taking an order by phone chooses cash, transfer or the like. */
const offlinePayment = (method: { kind: string }) => method.kind !== "stripe";

/** Access first (someone outside the cycle gets 404, a supplier or another shop 403): nothing is learnt from a validation error. */
async function entryAccess(actor: Actor, input: unknown, db: Executor = getDb()) {
  const ids = parseWith(where, input);
  const { cycle, roles } = await cycleForActor(actor, ids.orderCycleId, { db });
  const enterpriseId = orderEntryEnterprise(roles, ids.distributorId, cycle.coordinatorId);
  if (!enterpriseId) throw forbidden();
  return { ...ids, enterpriseId };
}

/** The distributor's exchange in the cycle, with its live methods and the shop's name and language. */
async function exchangeOf(db: Executor, cycleId: string, distributorId: string) {
  const [row] = await db
    .select({ ...candidateColumns, shopName: enterprises.name, shopLocale: enterprises.locale })
    .from(outgoingExchanges)
    .innerJoin(orderCycles, eq(orderCycles.id, outgoingExchanges.orderCycleId))
    .innerJoin(enterprises, eq(enterprises.id, outgoingExchanges.distributorId))
    .where(and(eq(outgoingExchanges.orderCycleId, cycleId), eq(outgoingExchanges.distributorId, distributorId)));
  if (!row) throw invalidField("distributorId", "invalidChoice");
  return row;
}

/** The language of the customer's emails: the one chosen, their account's, their last order's at this shop, else the shop's. */
async function customerLocale(db: Executor, distributorId: string, email: string, chosen: Locale | undefined, account: { locale: string | null } | undefined) {
  if (chosen) return chosen;
  if (isLocale(account?.locale)) return account.locale;
  const [last] = await db
    .select({ locale: orders.locale })
    .from(orders)
    .where(and(eq(orders.distributorId, distributorId), sql`lower(${orders.email}) = ${email}`, sql`${orders.state} <> 'cart'`))
    .orderBy(desc(orders.placedAt))
    .limit(1);
  return isLocale(last?.locale) ? last.locale : undefined;
}

/**
 * Places the order for the customer. Their row in the shop's customer list is found by email
 * (compared case-insensitively) or made with the name and phone given; an account with that email
 * gets the order (it shows among their orders, decision 0048). Returns the order as stored.
 */
export async function placeOrderForCustomer(
  actor: Actor,
  input: unknown,
  now = new Date(),
  locale: Locale = "en",
  options: { confirm?: boolean } = {},
): Promise<OrderSummary> {
  const access = await entryAccess(actor, input);
  const data = parseWith(orderForCustomerSchema, input);
  const lines = mergeLines(data.lines);
  if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });
  const contact = data.onBehalfOf;
  return getDb().transaction(async (tx) => {
    const [exchange, account, [known]] = await Promise.all([
      exchangeOf(tx, data.orderCycleId, data.distributorId),
      findUserByEmail(contact.email, tx),
      tx
        .select({ name: customers.name, phone: customers.phone })
        .from(customers)
        .where(and(eq(customers.distributorId, data.distributorId), sql`lower(${customers.email}) = ${contact.email}`)),
    ]);
    if (!exchange.shippingMethodIds.includes(data.shippingMethodId)) throw invalidField("shippingMethodId", "invalidChoice");
    if (!exchange.paymentMethodIds.includes(data.paymentMethodId)) throw invalidField("paymentMethodId", "invalidChoice");
    const buyerLocale =
      (await customerLocale(tx, data.distributorId, contact.email, contact.locale, account)) ?? (isLocale(exchange.shopLocale) ? exchange.shopLocale : locale);
    return writePlacedOrder(
      tx,
      { ...data, lines },
      {
        userId: account?.id ?? null,
        email: contact.email,
        name: contact.name || known?.name || account?.name || "",
        phone: contact.phone || known?.phone || "",
        locale: buyerLocale,
      },
      { shopName: exchange.shopName, readyFor: exchange.readyFor, readyOn: exchange.readyOn },
      now,
      locale,
      {
        enteredBy: { userId: actor.userId, enterpriseId: access.enterpriseId },
        // Demo orders are seeded without emails; every order entered at the desk is confirmed.
        confirm: options.confirm,
        paymentRefusal: (payment) => (offlinePayment(payment) ? undefined : "cardNeedsBuyer"),
      },
    );
  });
}

/** The shops of this cycle the actor may enter orders for: all of them for the coordinator's managers, their own for a distributor's. */
async function enterableDistributors(actor: Actor, cycleId: string) {
  const { cycle, roles } = await cycleForActor(actor, cycleId);
  const ids = cycle.outgoing
    .map((exchange) => exchange.distributorId)
    .filter((distributorId) => orderEntryEnterprise(roles, distributorId, cycle.coordinatorId));
  if (ids.length === 0) throw forbidden();
  const rows = await getDb()
    .select({ id: enterprises.id, name: enterprises.name })
    .from(enterprises)
    .where(inArray(enterprises.id, ids))
    .orderBy(asc(enterprises.name));
  return { cycle, distributors: rows };
}

/** Customers found by name or email, at most this many. */
const CUSTOMER_MATCHES = 10;

/**
 * What the "new order for a customer" form needs: the shops the actor may enter for, the chosen
 * one's products priced as its shop prices them (with stock), its pickup points and delivery
 * methods, its payment methods a manager may take (no card), and the customers matching a search.
 */
export async function orderEntryForm(actor: Actor, cycleId: string, options: { distributorId?: string | null; search?: string | null } = {}) {
  const { cycle, distributors } = await enterableDistributors(actor, cycleId);
  const distributor = distributors.find((entry) => entry.id === options.distributorId) ?? (distributors.length === 1 ? distributors[0] : undefined);
  if (!distributor) return { cycleName: cycle.name, distributors, distributor: null, products: [], shippingMethods: [], paymentMethods: [], matches: [] };
  const db = getDb();
  const search = options.search?.trim().slice(0, 120) ?? "";
  const [exchange, rows, pricing, matches] = await Promise.all([
    exchangeOf(db, cycleId, distributor.id),
    loadShopVariants(cycleId, distributor.id, { includeOutOfStock: true }),
    loadShopPricing(cycleId, distributor.id),
    search
      ? db
          .select({ email: customers.email, name: customers.name, phone: customers.phone })
          .from(customers)
          .where(
            and(
              eq(customers.distributorId, distributor.id),
              or(ilike(customers.email, containsPattern(search)), ilike(customers.name, containsPattern(search))),
            ),
          )
          .orderBy(asc(sql`lower(${customers.name})`), asc(sql`lower(${customers.email})`))
          .limit(CUSTOMER_MATCHES)
      : Promise.resolve([]),
  ]);
  const [shipping, payment] = await Promise.all([
    exchange.shippingMethodIds.length
      ? db
          .select({ id: shippingMethods.id, name: shippingMethods.name, kind: shippingMethods.kind, feeCents: shippingMethods.feeCents })
          .from(shippingMethods)
          .where(and(inArray(shippingMethods.id, exchange.shippingMethodIds), isNull(shippingMethods.archivedAt)))
          .orderBy(asc(shippingMethods.name))
      : Promise.resolve([]),
    exchange.paymentMethodIds.length
      ? db
          .select({ id: paymentMethods.id, name: paymentMethods.name, kind: paymentMethods.kind })
          .from(paymentMethods)
          .where(and(inArray(paymentMethods.id, exchange.paymentMethodIds), isNull(paymentMethods.archivedAt)))
          .orderBy(asc(paymentMethods.name))
      : Promise.resolve([]),
  ]);
  return {
    cycleName: cycle.name,
    distributors,
    distributor,
    products: rows.map((row) => ({
      variantId: row.variantId,
      productName: row.productName,
      variantName: row.variantName,
      supplierName: row.supplierName,
      priceCents: priceVariant(row, pricing).shopPriceCents,
      stock: row.stock,
      unitsPerCase: row.unitsPerCase,
    })),
    shippingMethods: shipping,
    paymentMethods: payment.filter(offlinePayment),
    matches,
  };
}

/** The total the order would cost now (the same priceOrder the order is written with); nothing is written or taken. */
export async function quoteOrderForCustomer(actor: Actor, input: unknown) {
  await entryAccess(actor, input);
  const data = parseWith(z.object({ distributorId: id, orderCycleId: id, lines: orderLinesSchema, shippingMethodId: id.optional() }), input);
  const lines = mergeLines(data.lines);
  const db = getDb();
  const exchange = await exchangeOf(db, data.orderCycleId, data.distributorId);
  const shippingMethodId = data.shippingMethodId && exchange.shippingMethodIds.includes(data.shippingMethodId) ? data.shippingMethodId : null;
  if (lines.length === 0) return { itemsTotalCents: 0, feesTotalCents: 0, totalCents: 0 };
  const { priced } = await priceLines(db, data.orderCycleId, data.distributorId, lines, shippingMethodId);
  return { itemsTotalCents: priced.itemsTotalCents, feesTotalCents: priced.feesTotalCents, totalCents: priced.totalCents };
}

/** Who entered an order for its customer, for the hub's order page: null when the buyer placed it. */
export async function enteredByOf(orderId: string, db: Executor = getDb()) {
  const [row] = await db
    .select({ userName: users.name, userEmail: users.email, enterpriseName: enterprises.name })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.enteredByUserId))
    .leftJoin(enterprises, eq(enterprises.id, orders.enteredByEnterpriseId))
    .where(eq(orders.id, orderId));
  return row ?? null;
}
