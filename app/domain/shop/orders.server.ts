// Placing, changing and cancelling orders. Stock leaves in the order's transaction through one
// conditional UPDATE of the order's variants, so two buyers never get the last unit (docs/quality.md R1, P4).
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises, orderAdjustments, orderCycles, orderLines, orders, outgoingExchanges, paymentMethods, shippingMethods, variants } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { findUserByEmail } from "#app/domain/accounts/accounts.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { priceOrder, type OrderLineInput } from "#app/domain/fees/pricing";
import { isOpen } from "#app/domain/order-cycles/state";
import { cycleIsOpenAt } from "#app/domain/order-cycles/state.server";
import { parseWith } from "#app/domain/validation";
import { isLocale, type Locale } from "#app/i18n/config";
import { queueConfirmationOf, queueOrderConfirmation } from "#emails/order-confirmation.server";
import { composeOrderSummary, orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { containsPattern, orderNumberIn, type OrderFilters } from "#app/domain/orders/filters";
import { loadShopPricing, loadShopVariants, canPayWith, orderableCycle, type Buyer } from "./catalogue.server";
import { formatMoney } from "#app/i18n/format";

const id = z.string().trim().min(1).max(64);
export const orderLinesSchema = z
  .array(z.object({ variantId: id, quantity: z.number().int().min(0).max(999) }))
  .max(200);

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
});

export type Customer = { userId: string | null; email: string; name: string };

/** Same variant twice adds up; zero quantities drop out. */
export function mergeLines(lines: readonly { variantId: string; quantity: number }[]) {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  return [...merged].filter(([, quantity]) => quantity > 0).map(([variantId, quantity]) => ({ variantId, quantity }));
}

/**
 * Takes stock for every line in one statement. The rows are locked first, in variant-id order, so
 * two orders sharing variants cannot deadlock; a line short of stock takes nothing and fails the
 * order (its transaction rolls back what the other lines took). The ids go as an array compared
 * with `= any(...)`, which the primary key answers: a set-returning function joined to variants
 * made PostgreSQL read the whole table, twice, for every order.
 */
export function takeStockStatement(lines: readonly { variantId: string; quantity: number }[]) {
  // sql.param keeps each array one parameter (drizzle spreads a bare array into a list of binds).
  const ids = sql.param(lines.map((line) => line.variantId));
  const quantities = sql.param(lines.map((line) => line.quantity));
  return sql`
    with locked as (select id from ${variants} where id = any(${ids}::text[]) order by id for update)
    update ${variants} v
    set stock = case when v.stock is null then null else v.stock - w.quantity end
    from unnest(${ids}::text[], ${quantities}::int[]) as w(id, quantity)
    where v.id = any(${ids}::text[]) and v.id = w.id and v.id in (select id from locked) and (v.stock is null or v.stock >= w.quantity)
    returning v.id`;
}

async function takeStock(tx: Executor, lines: readonly { variantId: string; quantity: number }[], names: ReadonlyMap<string, string>) {
  const taken = await tx.execute<{ id: string }>(takeStockStatement(lines));
  const takenIds = new Set(taken.map((row) => row.id));
  const short = [...lines].sort((x, y) => x.variantId.localeCompare(y.variantId)).find((line) => !takenIds.has(line.variantId));
  if (!short) return;
  // Say how many are left, so the buyer can ask for that many instead.
  const [row] = await tx.select({ stock: variants.stock }).from(variants).where(eq(variants.id, short.variantId));
  const left = Math.max(0, row?.stock ?? 0);
  const field = left > 0 ? { key: "stockLeft", values: { count: left } } : { key: "outOfStock" };
  throw new DomainError("out_of_stock", { [`lines.${short.variantId}`]: field }, { product: names.get(short.variantId) ?? "" });
}

async function returnStock(tx: Executor, lines: readonly { variantId: string; quantity: number }[]) {
  for (const line of [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId))) {
    await tx
      .update(variants)
      .set({ stock: sql`${variants.stock} + ${line.quantity}` })
      .where(and(eq(variants.id, line.variantId), sql`${variants.stock} is not null`));
  }
}

/** Prices the lines with the shipping method's fee, through the same priceOrder the checkout shows. */
async function priceLines(tx: Executor, cycleId: string, distributorId: string, lines: { variantId: string; quantity: number }[], shippingMethodId: string | null) {
  const [rows, pricing, [shipping]] = await Promise.all([
    loadShopVariants(cycleId, distributorId, { variantIds: lines.map((line) => line.variantId), includeOutOfStock: true }, tx),
    loadShopPricing(cycleId, distributorId, { variantIds: lines.map((line) => line.variantId) }, tx),
    shippingMethodId ? tx.select().from(shippingMethods).where(eq(shippingMethods.id, shippingMethodId)) : Promise.resolve([]),
  ]);
  const byId = new Map(rows.map((row) => [row.variantId, row]));
  for (const line of lines) if (!byId.has(line.variantId)) throw invalidField(`lines.${line.variantId}`, "notForSale");
  const inputs: OrderLineInput[] = lines.map((line) => ({ variant: byId.get(line.variantId)!, quantity: line.quantity }));
  return { priced: priceOrder(inputs, pricing, shipping ?? null), rows: byId, shipping };
}

/** The rows an order stores from its priced lines (lines, fee and shipping adjustments) and its totals. */
function orderContents(orderId: string, priced: ReturnType<typeof priceOrder>, rows: Awaited<ReturnType<typeof priceLines>>["rows"]) {
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
      taxRateBasisPoints: row.taxRateBasisPoints,
      fees: line.priced.fees,
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
  return { lines, adjustments, totals: { itemsTotalCents: priced.itemsTotalCents, feesTotalCents: priced.feesTotalCents, totalCents: priced.totalCents } };
}

type OrderContents = ReturnType<typeof orderContents>;

/** Writes an order's lines and adjustments, sent together. */
async function insertOrderContents(tx: Executor, contents: OrderContents) {
  await Promise.all([tx.insert(orderLines).values(contents.lines), contents.adjustments.length ? tx.insert(orderAdjustments).values(contents.adjustments) : undefined]);
}

async function rememberCustomer(tx: Executor, distributorId: string, customer: Customer) {
  // The unique index is on lower(email), which drizzle's conflict target cannot name.
  await tx.execute(sql`
    insert into customers (id, distributor_id, email, name, user_id)
    values (${randomUUID()}, ${distributorId}, ${customer.email}, ${customer.name}, ${customer.userId})
    on conflict (distributor_id, lower(email)) do update set
      -- A name the distributor keeps (or an earlier order gave) stays: the order has its own copy.
      name = case when customers.name = '' then excluded.name else customers.name end,
      user_id = coalesce(customers.user_id, excluded.user_id),
      updated_at = now()`);
}

/**
 * Called once the cycle was found open: locks it against its close being processed while the
 * order is written (docs/quality.md R7). Closing takes the row FOR UPDATE (and skips it while orders
 * hold it), so every order either commits before the close is processed, and is in the producers'
 * and coordinator's emails, or waits and is refused here. Orders refused as closed never lock.
 */
async function holdCycleOpen(tx: Executor, cycleId: string, now: Date, distributorId?: string) {
  const [row] = await tx
    .select({
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
      processedClosesAt: orderCycles.processedClosesAt,
      // What the confirmation email needs besides the order, read while here.
      // Outer columns spelled out: drizzle names them without their table inside a one-table select.
      timeZone: sql<string>`(select time_zone from ${enterprises} c where c.id = order_cycles.coordinator_id)`,
      distributorEmail: sql<string | null>`(select email from ${enterprises} d where d.id = ${distributorId ?? null})`,
      pickupInstructions: sql<string | null>`(select pickup_instructions from ${outgoingExchanges} x where x.order_cycle_id = order_cycles.id and x.distributor_id = ${distributorId ?? null})`,
      pickupTimes: sql<Record<string, string> | null>`(select pickup_times from ${outgoingExchanges} x where x.order_cycle_id = order_cycles.id and x.distributor_id = ${distributorId ?? null})`,
    })
    .from(orderCycles)
    .where(eq(orderCycles.id, cycleId))
    .for("key share", { of: orderCycles });
  // Read again under the lock: the dates may have moved, or the close been processed, while we waited.
  const processed = row?.processedClosesAt && row.closesAt && row.closesAt.getTime() <= row.processedClosesAt.getTime();
  if (!row || processed || !isOpen(row, now)) throw new DomainError("order_cycle_closed");
  return row;
}

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
  signedIn: { userId: string; email: string; name: string; locale?: string | null } | undefined,
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
    await takeStock(tx, lines, new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`])));

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
          paymentState: "unpaid",
          shippingMethodId: shipping.id,
          paymentMethodId: payment.id,
          deliveryAddress: shipping.kind === "delivery" ? data.deliveryAddress ?? "" : "",
          locale: isLocale(data.locale) ? data.locale : isLocale(signedIn?.locale) ? signedIn!.locale! : locale,
          placedAt: now,
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
    return summary;
  });
}

/** Who asks about an order: a signed-in actor, and/or a guest holding the order's link key. */
export type OrderRequester = { actor?: Actor; hasOrderKey?: boolean };

/** Who may see an order: its buyer (signed in, or with the emailed link), its distributor's managers, the cycle's coordinator managers. */
export async function orderAccess(requester: OrderRequester, orderId: string, db: Executor = getDb()) {
  const actor = requester.actor;
  const [row] = await db
    .select({ order: orders, coordinatorId: orderCycles.coordinatorId, opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt })
    .from(orders)
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .where(and(eq(orders.id, orderId), sql`${orders.state} <> 'cart'`));
  if (!row) throw new DomainError("not_found");
  const isBuyer = Boolean(requester.hasOrderKey) || (actor !== undefined && row.order.buyerId === actor.userId);
  const isDistributor = actor?.enterpriseIds.includes(row.order.distributorId) ?? false;
  const isCoordinator = actor?.enterpriseIds.includes(row.coordinatorId) ?? false;
  if (!isBuyer && !isDistributor && !isCoordinator) throw new DomainError("not_found");
  return { ...row, isBuyer, isDistributor, isCoordinator };
}

export async function orderDetails(orderId: string, db: Executor = getDb()) {
  const [order] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw new DomainError("not_found");
  const [lines, adjustments] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.productName), asc(orderLines.variantName)),
    db.select().from(orderAdjustments).where(eq(orderAdjustments.orderId, orderId)),
  ]);
  return { order, lines, adjustments };
}

/** The order in the API's shape. */
export async function orderJson(orderId: string, db: Executor = getDb()) {
  return orderJsonOf(await orderDetails(orderId, db));
}

const byProductThenVariant = (a: { productName: string; variantName: string }, b: { productName: string; variantName: string }) =>
  a.productName < b.productName ? -1 : a.productName > b.productName ? 1 : a.variantName < b.variantName ? -1 : a.variantName > b.variantName ? 1 : 0;

/** The API's shape of an order in hand; lines by product then variant, as orderDetails reads them. */
export function orderJsonOf({ order, lines, adjustments }: Pick<Awaited<ReturnType<typeof orderDetails>>, "order" | "lines" | "adjustments">) {
  return {
    id: order.id,
    number: String(order.number),
    state: order.state,
    paymentState: order.paymentState,
    distributorId: order.distributorId,
    orderCycleId: order.orderCycleId,
    email: order.email,
    lines: [...lines].sort(byProductThenVariant).map((line) => ({ variantId: line.variantId, productName: line.productName, variantName: line.variantName, quantity: line.quantity, unitPriceCents: line.unitPriceCents, totalCents: line.totalCents })),
    adjustments: adjustments.map((adjustment) => ({ label: adjustment.label, amountCents: adjustment.amountCents, feeType: adjustment.feeType, enterpriseName: adjustment.enterpriseName, place: adjustment.place, supplierName: adjustment.supplierName })),
    itemsTotalCents: order.itemsTotalCents,
    feesTotalCents: order.feesTotalCents,
    totalCents: order.totalCents,
    placedAt: order.placedAt?.toISOString() ?? null,
  };
}

/** A buyer changes their order while the cycle is open: stock is given back and taken again in one transaction. */
export async function changeOrderLines(requester: OrderRequester, orderId: string, input: unknown, now = new Date()) {
  const data = parseWith(z.object({ lines: orderLinesSchema }), input);
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    if (access.order.state !== "placed") throw new DomainError("conflict");
    if (!isOpen(access, now)) throw new DomainError("order_cycle_closed");
    await holdCycleOpen(tx, access.order.orderCycleId, now);
    // A card payment covers the order as it was; changing it would need a refund or a second payment.
    if (access.order.paymentState === "paid") throw new DomainError("conflict", { lines: { key: "paidOrder" } });
    const lines = mergeLines(data.lines);
    if (lines.length === 0) throw invalidField("lines", "chooseAtLeast", { min: 1 });
    const previous = await tx.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId));
    await returnStock(tx, previous);
    const { priced, rows } = await priceLines(tx, access.order.orderCycleId, access.order.distributorId, lines, access.order.shippingMethodId);
    await takeStock(tx, lines, new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`])));
    const contents = orderContents(orderId, priced, rows);
    await Promise.all([
      tx.delete(orderLines).where(eq(orderLines.orderId, orderId)),
      tx.delete(orderAdjustments).where(eq(orderAdjustments.orderId, orderId)),
    ]);
    await Promise.all([insertOrderContents(tx, contents), tx.update(orders).set({ ...contents.totals, updatedAt: now }).where(eq(orders.id, orderId))]);
    await queueOrderConfirmation(tx, orderId, "changed");
  });
}

/** Cancelling gives the stock back. The buyer may cancel while the cycle is open; distributor and coordinator at any time. */
export async function cancelOrder(requester: OrderRequester, orderId: string, now = new Date()) {
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from orders where id = ${orderId} for update`);
    const access = await orderAccess(requester, orderId, tx);
    if (access.order.state === "cancelled") return;
    const staff = access.isDistributor || access.isCoordinator;
    if (!staff) {
      if (!isOpen(access, now)) throw new DomainError("order_cycle_closed");
      await holdCycleOpen(tx, access.order.orderCycleId, now);
    }
    const lines = await tx.select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId));
    await returnStock(tx, lines);
    await tx.update(orders).set({ state: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(orders.id, orderId));
    await queueOrderConfirmation(tx, orderId, "cancelled");
  });
}

/** The order list of a cycle as staff see it: placed and cancelled orders, with methods, by number. */
function orderList(where: SQL | undefined) {
  return getDb()
    .select({
      id: orders.id,
      number: orders.number,
      distributorId: orders.distributorId,
      buyerName: orders.buyerName,
      email: orders.email,
      state: orders.state,
      paymentState: orders.paymentState,
      totalCents: orders.totalCents,
      placedAt: orders.placedAt,
      shippingMethodName: shippingMethods.name,
      paymentMethodName: paymentMethods.name,
    })
    .from(orders)
    .leftJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(and(inArray(orders.state, ["placed", "cancelled"]), where))
    .orderBy(asc(orders.number))
    .limit(5000);
}

async function coordinatorOf(cycleId: string) {
  const [cycle] = await getDb().select({ coordinatorId: orderCycles.coordinatorId }).from(orderCycles).where(eq(orderCycles.id, cycleId));
  if (!cycle) throw new DomainError("not_found");
  return cycle.coordinatorId;
}

/**
 * Which of a cycle's orders the caller may see at the hub's desk (docs/domain.md 3, "orders of the
 * cycle"): all of them for the coordinator, those of its own shops in the cycle for a distributor;
 * anyone else is told the cycle's orders do not exist for them.
 */
async function orderDeskScope(actor: Actor, cycleId: string): Promise<SQL | undefined> {
  if (actor.enterpriseIds.includes(await coordinatorOf(cycleId))) return undefined;
  const shops = actor.enterpriseIds.length
    ? await getDb()
        .select({ id: outgoingExchanges.distributorId })
        .from(outgoingExchanges)
        .where(and(eq(outgoingExchanges.orderCycleId, cycleId), inArray(outgoingExchanges.distributorId, [...actor.enterpriseIds])))
    : [];
  if (shops.length === 0) throw new DomainError("not_found");
  return inArray(orders.distributorId, shops.map((shop) => shop.id));
}

function orderFilterSql(filters: OrderFilters): SQL | undefined {
  const parts: SQL[] = [];
  if (filters.search) {
    const pattern = containsPattern(filters.search);
    const number = orderNumberIn(filters.search);
    parts.push(sql`(lower(${orders.buyerName}) like ${pattern} or lower(${orders.email}) like ${pattern}${number === undefined ? sql`` : sql` or ${orders.number} = ${number}`})`);
  }
  if (filters.shippingMethodId) parts.push(eq(orders.shippingMethodId, filters.shippingMethodId));
  if (filters.payment === "cancelled") parts.push(eq(orders.state, "cancelled"));
  else if (filters.payment) parts.push(and(eq(orders.state, "placed"), eq(orders.paymentState, filters.payment))!);
  return parts.length ? and(...parts) : undefined;
}

/** A cycle's orders as the caller may see them, narrowed by the hub's search and filters. */
export async function ordersOfCycleForActor(actor: Actor, cycleId: string, filters: OrderFilters = {}) {
  const scope = await orderDeskScope(actor, cycleId);
  return orderList(and(eq(orders.orderCycleId, cycleId), scope, orderFilterSql(filters)));
}

/** The pickup points and delivery methods the caller's visible orders of a cycle went through: the choices of its filter. */
export async function shippingMethodsOfCycleOrders(actor: Actor, cycleId: string) {
  const scope = await orderDeskScope(actor, cycleId);
  return getDb()
    .selectDistinct({ id: shippingMethods.id, name: shippingMethods.name })
    .from(orders)
    .innerJoin(shippingMethods, eq(shippingMethods.id, orders.shippingMethodId))
    .where(and(eq(orders.orderCycleId, cycleId), inArray(orders.state, ["placed", "cancelled"]), scope))
    .orderBy(asc(shippingMethods.name));
}

/**
 * One order as its hub sees it: the coordinator's and the order's own distributor's to open, with
 * the buyer's contact. 404 for anyone else (its buyer has /orders/:id), and for another cycle's order.
 */
export async function orderForHub(actor: Actor, cycleId: string, orderId: string) {
  const access = await orderAccess({ actor }, orderId);
  if (access.order.orderCycleId !== cycleId || !(access.isDistributor || access.isCoordinator)) throw new DomainError("not_found");
  return orderSummary(orderId);
}

/** A signed-in buyer's own orders, newest first: where, for when, how much, and their state. */
export async function ordersOfBuyer(userId: string, limit = 50) {
  const rows = await getDb()
    .select({
      id: orders.id,
      number: orders.number,
      state: orders.state,
      paymentState: orders.paymentState,
      totalCents: orders.totalCents,
      placedAt: orders.placedAt,
      shopName: enterprises.name,
      readyFor: outgoingExchanges.readyFor,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.distributorId))
    .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
    .where(and(eq(orders.buyerId, userId), inArray(orders.state, ["placed", "cancelled"])))
    .orderBy(sql`${orders.placedAt} desc nulls last`, desc(orders.number))
    .limit(limit);
  return rows.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null }));
}

/** A signed-in buyer's placed orders at one shop whose cycle is still open: they may still change them (docs/domain.md 5). */
export async function changeableOrdersAt(userId: string, distributorId: string, now = new Date()) {
  const rows = await getDb()
    .select({ id: orders.id, number: orders.number, orderCycleId: orders.orderCycleId, readyFor: outgoingExchanges.readyFor, readyOn: outgoingExchanges.readyOn })
    .from(orders)
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .leftJoin(outgoingExchanges, and(eq(outgoingExchanges.orderCycleId, orders.orderCycleId), eq(outgoingExchanges.distributorId, orders.distributorId)))
    .where(and(eq(orders.buyerId, userId), eq(orders.distributorId, distributorId), eq(orders.state, "placed"), cycleIsOpenAt(now)))
    .orderBy(asc(orders.number))
    .limit(20);
  return rows.map((row) => ({ ...row, number: String(row.number), readyFor: row.readyFor ?? "", readyOn: row.readyOn ?? null }));
}
