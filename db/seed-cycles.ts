// Demo order cycles, built through the domain commands as a hub manager would: two simultaneous
// open cycles (a weekly one and a "pro" one for tagged buyers), one upcoming and one closed, whose
// producers were told what to bring and answered (one in full, one short), and whose orders are
// paid in full and in part; the weekly cycle has a producer's minimum still short and one reached.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { processDueCycles } from "../app/domain/notifications/closing.server";
import { confirmSupplierDelivery } from "../app/domain/notifications/confirmation.server";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "../app/domain/order-cycles/commands.server";
import { getDb } from "./connection.server";
import { placeOrder } from "../app/domain/shop/checkout.server";
import { placeOrderForCustomer } from "../app/domain/orders/for-customer.server";
import { applyOrderAdjustment } from "../app/domain/orders/adjust.server";
import { collectOrder } from "../app/domain/pickup/commands.server";
import { recordPayment } from "../app/domain/payments/commands.server";
import { balanceCentsSql } from "../app/domain/payments/balance.server";
import { issueInvoice } from "../app/domain/invoices/issue.server";
import { createThreshold } from "../app/domain/thresholds/commands.server";
import { updateShopPreferences } from "../app/domain/enterprises/commands.server";
import { adjustCustomerCredit } from "../app/domain/loyalty/commands.server";
import { createPromoCode } from "../app/domain/promotions/commands.server";
import {
  customers,
  enterpriseFees,
  orderChanges,
  orderCycleThresholds,
  orders,
  outgoingExchanges,
  paymentMethods,
  products,
  shippingMethods,
  variants,
} from "./schema";

type DemoIds = { userIds: Record<string, string>; hub: string; riverside: string; marie: string; dairy: string; orchard: string };

const DAY = 24 * 60 * 60 * 1000;

async function variantIdsOf(enterpriseId: string) {
  const rows = await getDb()
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, enterpriseId), isNull(variants.archivedAt)));
  return rows.map((row) => row.id);
}

async function feeIdsOf(enterpriseIds: string[]) {
  const rows = await getDb()
    .select({ id: enterpriseFees.id, ownerId: enterpriseFees.enterpriseId })
    .from(enterpriseFees)
    .where(inArray(enterpriseFees.enterpriseId, enterpriseIds));
  return (ownerId: string) => rows.filter((row) => row.ownerId === ownerId).map((row) => row.id);
}

function atHour(base: number, dayOffset: number, hourUtc: number) {
  const date = new Date(base + dayOffset * DAY);
  date.setUTCHours(hourUtc, 0, 0, 0);
  return date.toISOString();
}

export async function seedDemoCycles(ids: DemoIds, now = Date.now()) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const fees = await feeIdsOf([ids.hub, ids.riverside, ids.marie, ids.dairy]);
  const supply = { [ids.marie]: await variantIdsOf(ids.marie), [ids.dairy]: await variantIdsOf(ids.dairy), [ids.orchard]: await variantIdsOf(ids.orchard) };

  const build = async (
    name: string,
    opensAt: string,
    closesAt: string,
    outlets: {
      distributorId: string;
      readyFor: string;
      tags?: string[];
      pickupInstructions: string;
      readyOn: string;
      /** An unlisted sale behind a share link, its offer locked by the hub (docs/domain.md 12). */
      unlistedAndLocked?: boolean;
    }[],
  ) => {
    const cycleId = await createOrderCycle(
      hubManager,
      {
        name,
        coordinatorId: ids.hub,
        opensAt,
        closesAt,
        coordinatorFeeIds: fees(ids.hub).slice(0, 1),
        automaticNotifications: true,
        confirmClosed: true,
        // The hub's accounting numbers its cycles by opening day (decision 0044).
        externalId: `HUB-${opensAt.slice(0, 10)}-${name.length}`,
      },
      new Date(now),
    );
    await putIncomingExchange(hubManager, cycleId, ids.marie, {
      variantIds: supply[ids.marie],
      feeIds: fees(ids.marie),
      receivalInstructions: "Drop off at the barn by Friday 10:00, crates labelled by distributor.",
    });
    await putIncomingExchange(hubManager, cycleId, ids.dairy, {
      variantIds: supply[ids.dairy],
      feeIds: fees(ids.dairy),
      receivalInstructions: "Cold room, Friday 09:00–11:00.",
    });
    await putIncomingExchange(hubManager, cycleId, ids.orchard, { variantIds: supply[ids.orchard], receivalInstructions: "Friday morning, side door." });
    for (const outlet of outlets) {
      const sellable = outlet.distributorId === ids.hub ? Object.values(supply).flat() : [...supply[ids.marie], ...supply[ids.dairy], ...supply[ids.orchard]];
      await putOutgoingExchange(hubManager, cycleId, outlet.distributorId, {
        variantIds: sellable,
        readyFor: outlet.readyFor,
        readyOn: outlet.readyOn,
        pickupInstructions: outlet.pickupInstructions,
        tags: outlet.tags ?? [],
        feeIds: outlet.distributorId === ids.riverside ? fees(ids.riverside).slice(0, 1) : [],
        ...(outlet.unlistedAndLocked ? { visibility: "unlisted", variantsLocked: true } : {}),
      });
    }
    return cycleId;
  };

  const readyDate = (offset: number) => new Date(now + offset * DAY).toISOString().slice(0, 10);
  const weekly = await build("Weekly veg box", atHour(now, -2, 7), atHour(now, 3, 17), [
    {
      distributorId: ids.hub,
      readyFor: "Friday, barn pickup",
      readyOn: readyDate(4),
      pickupInstructions: "Bring your own bags. The barn is behind the mill, follow the signs.",
    },
    {
      distributorId: ids.riverside,
      readyFor: "Saturday morning at the market hall",
      readyOn: readyDate(5),
      pickupInstructions: "Ask at the co-op stall, under the clock.",
    },
  ]);
  const pro = await build("Restaurants (pro)", atHour(now, -1, 7), atHour(now, 2, 17), [
    {
      distributorId: ids.riverside,
      readyFor: "Thursday delivery for restaurants",
      readyOn: readyDate(3),
      pickupInstructions: "Delivered to your kitchen door before 10:00.",
      tags: ["pro"],
    },
  ]);
  // A works council's group order through Riverside: in no listing, opened by its share link.
  const council = await build("Works council sale", atHour(now, -1, 7), atHour(now, 4, 17), [
    {
      distributorId: ids.riverside,
      readyFor: "Friday at the works canteen",
      readyOn: readyDate(5),
      pickupInstructions: "Collect at the canteen, 12:00–14:00.",
      unlistedAndLocked: true,
    },
  ]);
  const [shared] = await getDb()
    .select({ shareKey: outgoingExchanges.shareKey })
    .from(outgoingExchanges)
    .where(and(eq(outgoingExchanges.orderCycleId, council), eq(outgoingExchanges.distributorId, ids.riverside)));
  await build("Christmas market", atHour(now, 10, 7), atHour(now, 20, 17), [
    { distributorId: ids.hub, readyFor: "Saturday before Christmas", readyOn: readyDate(22), pickupInstructions: "Barn pickup with mulled cider." },
  ]);
  const lastWeek = await build("Weekly veg box (last week)", atHour(now, -9, 7), atHour(now, -4, 17), [
    { distributorId: ids.hub, readyFor: "Friday, barn pickup", readyOn: readyDate(-3), pickupInstructions: "Bring your own bags." },
  ]);
  return { weekly, pro, lastWeek, shareLink: { name: "Works council sale", path: `/shop/${ids.riverside}?key=${shared.shareKey}` } };
}

type DemoCycles = Awaited<ReturnType<typeof seedDemoCycles>>;

/** A handful of orders placed through the shop's own checkout, so lists, reports and closing have data. */
export async function seedDemoOrders(ids: DemoIds, cycles: DemoCycles, buyer: { userId: string; email: string; name: string }, now = Date.now()) {
  const db = getDb();
  // The demo buyer is a restaurant at Riverside: the "pro" cycle is visible to them.
  await db.insert(customers).values([
    {
      distributorId: ids.riverside,
      email: buyer.email,
      name: buyer.name,
      userId: buyer.userId,
      tags: ["pro"],
      externalId: "CRM-RIV-0001",
      // The demo buyer ticked "Send me news" at checkout: announcements and closing reminders reach them.
      marketingConsentAt: new Date(now - 30 * 86_400_000),
      marketingConsentSource: "checkout",
    },
    // Neighbours on Riverside's list: two asked for news (one in person), one did not.
    {
      distributorId: ids.riverside,
      email: "ines.moreau@demo.circuit.coop",
      name: "Inès Moreau",
      marketingConsentAt: new Date(now - 12 * 86_400_000),
      marketingConsentSource: "distributor",
    },
    {
      distributorId: ids.riverside,
      email: "tom.baker@demo.circuit.coop",
      name: "Tom Baker",
      marketingConsentAt: new Date(now - 5 * 86_400_000),
      marketingConsentSource: "checkout",
    },
    { distributorId: ids.riverside, email: "lea.martin@demo.circuit.coop", name: "Léa Martin" },
  ]);
  const variantsOf = async (enterpriseId: string) => {
    const rows = await db
      .select({ id: variants.id, stock: variants.stock })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(and(eq(products.enterpriseId, enterpriseId), isNull(variants.archivedAt)))
      .orderBy(products.name, variants.position);
    return rows.map((row) => row.id);
  };
  const [veg, dairy, fruit] = [await variantsOf(ids.marie), await variantsOf(ids.dairy), await variantsOf(ids.orchard)];
  const methodsOf = async (enterpriseId: string) => ({
    shipping: (
      await db.select({ id: shippingMethods.id }).from(shippingMethods).where(eq(shippingMethods.enterpriseId, enterpriseId)).orderBy(shippingMethods.name)
    )[0].id,
    payment: (
      await db.select({ id: paymentMethods.id }).from(paymentMethods).where(eq(paymentMethods.enterpriseId, enterpriseId)).orderBy(paymentMethods.name)
    )[0].id,
  });
  const hubMethods = await methodsOf(ids.hub);
  const riversideMethods = await methodsOf(ids.riverside);
  const place = (
    cycleId: string,
    distributorId: string,
    methods: { shipping: string; payment: string },
    guest: { email: string; name: string } | undefined,
    lines: [string, number][],
    at: number,
  ) =>
    placeOrder(
      {
        distributorId,
        orderCycleId: cycleId,
        shippingMethodId: methods.shipping,
        paymentMethodId: methods.payment,
        email: guest?.email,
        name: guest?.name,
        lines: lines.map(([variantId, quantity]) => ({ variantId, quantity })),
      },
      guest ? undefined : { userId: buyer.userId, email: buyer.email, name: buyer.name, locale: "en" },
      new Date(at),
      "en",
      { confirm: false },
    );

  const hour = 60 * 60 * 1000;
  await place(
    cycles.weekly,
    ids.hub,
    hubMethods,
    undefined,
    [
      [veg[0], 2],
      [dairy[0], 1],
      [fruit[0], 1],
    ],
    now - 30 * hour,
  );
  await place(
    cycles.weekly,
    ids.hub,
    hubMethods,
    { email: "camille@example.org", name: "Camille Durand" },
    [
      [veg[1], 1],
      [veg[3], 2],
      [dairy[2], 2],
    ],
    now - 20 * hour,
  );
  await place(
    cycles.weekly,
    ids.hub,
    hubMethods,
    { email: "sam@example.org", name: "Sam Okafor" },
    [
      [fruit[1], 3],
      [dairy[1], 1],
    ],
    now - 5 * hour,
  );
  await place(
    cycles.weekly,
    ids.riverside,
    riversideMethods,
    { email: "lea@example.org", name: "Léa Martin" },
    [
      [veg[0], 1],
      [veg[2], 1],
      [fruit[2], 2],
    ],
    now - 3 * hour,
  );
  await place(
    cycles.pro,
    ids.riverside,
    riversideMethods,
    undefined,
    [
      [veg[4], 6],
      [dairy[3], 4],
    ],
    now - 2 * hour,
  );
  // A phone order: a restaurant without an account rang the hub, whose manager typed it in for
  // Riverside's pro sale (docs/domain.md 12); the order page says who entered it.
  await placeOrderForCustomer(
    { userId: ids.userIds.hub, enterpriseIds: [ids.hub] },
    {
      distributorId: ids.riverside,
      orderCycleId: cycles.pro,
      shippingMethodId: riversideMethods.shipping,
      paymentMethodId: riversideMethods.payment,
      lines: [
        { variantId: veg[4], quantity: 3 },
        { variantId: dairy[3], quantity: 2 },
      ],
      onBehalfOf: { email: "gerard.roux@example.org", name: "Gérard Roux (Bistrot du Quai)", phone: "06 12 34 56 78", locale: "fr" },
    },
    new Date(now - hour),
    "en",
    { confirm: false },
  );
  // Last week's cycle is closed now; its orders were placed while it was open.
  const [cheese] = await db
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, ids.dairy), eq(variants.soldByWeight, true)));
  const camille = await place(
    cycles.lastWeek,
    ids.hub,
    hubMethods,
    { email: "camille@example.org", name: "Camille Durand" },
    [
      [veg[0], 1],
      [dairy[0], 2],
      [cheese.id, 1],
    ],
    now - 6 * 24 * hour,
  );
  // After the close the hub weighed the cheese and had one butter fewer: the order page shows the history.
  const adjustedAt = new Date(now - 3 * 24 * hour);
  await db.transaction((tx) =>
    applyOrderAdjustment(tx, {
      orderId: camille,
      actor: { userId: ids.userIds.hub, enterpriseId: ids.hub, source: "staff" },
      changes: [
        { variantId: cheese.id, quantity: 1, actualWeightGrams: 470 },
        { variantId: dairy[0], quantity: 1 },
      ],
      note: "One butter was missing from the delivery.",
      now: adjustedAt,
    }),
  );
  // Told long ago: the demo sends no email for it.
  await db.update(orderChanges).set({ notifiedAt: adjustedAt }).where(eq(orderChanges.orderId, camille));
  await place(
    cycles.lastWeek,
    ids.hub,
    hubMethods,
    undefined,
    [
      [fruit[0], 2],
      [veg[2], 1],
    ],
    now - 5 * 24 * hour,
  );
}

/**
 * Group buying's caps and limits (docs/domain.md 12): Riverside's market hall pickup in the weekly
 * cycle holds 2 orders and 1 is placed ("1 of 2 orders" in the editor, one place left in the shop);
 * the dairy's butter is limited to 2 per buyer ("At most 2 per buyer" in the shop). Set through the
 * commands, after the orders, so the counter starts from them as it would for a coordinator.
 */
export async function seedDemoCaps(ids: DemoIds, cycles: DemoCycles) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const [hall] = await getDb()
    .select({ id: shippingMethods.id })
    .from(shippingMethods)
    .where(and(eq(shippingMethods.enterpriseId, ids.riverside), eq(shippingMethods.name, "Market hall pickup")));
  await putOutgoingExchange(hubManager, cycles.weekly, ids.riverside, { shippingMethodCaps: [{ shippingMethodId: hall.id, maxOrders: 2 }] });
  const [butter] = await getDb()
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, ids.dairy), eq(products.name, "Butter")));
  await putIncomingExchange(hubManager, cycles.weekly, ids.dairy, { limits: [{ variantId: butter.id, maxPerBuyer: 2 }] });
}

/**
 * Last week's close, processed as the worker would (the hub invoices at the close), and its
 * producers' answers: the dairy confirmed everything, Les Jardins de Marie is short of leeks (the
 * order placed last loses them). The orchard has not answered. The hub then brings its invoices
 * up to date: the order that lost its leeks gets a credit note and a new invoice.
 */
export async function seedDemoConfirmations(ids: DemoIds, cycles: DemoCycles, now = Date.now()) {
  await processDueCycles(new Date(now));
  const dairyOrders = await getDb().execute<{ variant_id: string; quantity: number }>(sql`
    select ol.variant_id, sum(ol.quantity)::int as quantity from order_lines ol join orders o on o.id = ol.order_id
    where o.order_cycle_id = ${cycles.lastWeek} and o.state = 'placed' and ol.supplier_id = ${ids.dairy}
    group by ol.variant_id`);
  await confirmSupplierDelivery(
    { actor: { userId: ids.userIds.dairy, enterpriseIds: [ids.dairy] }, cycleId: cycles.lastWeek, supplierId: ids.dairy },
    { lines: dairyOrders.map((row) => ({ variantId: row.variant_id, deliverQuantity: Number(row.quantity) })) },
    new Date(now - 3 * DAY),
  );
  const [leeks] = await getDb()
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, ids.marie), eq(products.name, "Leeks")));
  await confirmSupplierDelivery(
    { actor: { userId: ids.userIds.marie, enterpriseIds: [ids.marie] }, cycleId: cycles.lastWeek, supplierId: ids.marie },
    { lines: [{ variantId: leeks.id, deliverQuantity: 0 }], note: "La grêle a abîmé les poireaux cette semaine." },
    new Date(now - 3 * DAY + 2 * 60 * 60 * 1000),
  );
  const hubOrders = await getDb()
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycles.lastWeek), eq(orders.distributorId, ids.hub), eq(orders.state, "placed")))
    .orderBy(orders.number);
  for (const order of hubOrders) await issueInvoice({ userId: ids.userIds.hub, enterpriseIds: [ids.hub] }, order.id, { now: new Date(now) });
}

/**
 * Money already in, so the order pages and the orders list show each state: last week Camille paid
 * in cash at pickup, in full, and the demo buyer sent a bank transfer for part of it (a balance due);
 * this week Sam left a deposit (partly paid).
 */
export async function seedDemoPayments(ids: DemoIds, cycles: DemoCycles, buyerEmail: string, now = Date.now()) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const lastWeek = await getDb()
    .select({ id: orders.id, email: orders.email, totalCents: orders.totalCents })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycles.lastWeek), eq(orders.state, "placed")));
  const camille = lastWeek.find((order) => order.email === "camille@example.org");
  const buyer = lastWeek.find((order) => order.email === buyerEmail);
  const pickedUp = new Date(now - 3 * DAY + 3 * 60 * 60 * 1000);
  if (camille) {
    await recordPayment(hubManager, camille.id, { amountCents: camille.totalCents, method: "cash", note: "Paid at the barn." }, { now: pickedUp });
  }
  if (buyer && buyer.totalCents > 100) {
    const part = Math.floor(buyer.totalCents / 200) * 100;
    await recordPayment(
      hubManager,
      buyer.id,
      { amountCents: part, method: "bank_transfer", receivedAt: new Date(now - 5 * DAY).toISOString(), note: "Transfer ref. VEG-BOX" },
      { now: pickedUp },
    );
  }
  const [sam] = await getDb()
    .select({ id: orders.id, totalCents: orders.totalCents })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycles.weekly), eq(orders.email, "sam@example.org"), eq(orders.state, "placed")));
  if (sam && sam.totalCents > 1) {
    await recordPayment(
      hubManager,
      sam.id,
      { amountCents: Math.min(1000, sam.totalCents - 1), method: "bank_transfer", note: "Deposit" },
      { now: new Date(now - 60 * 60 * 1000) },
    );
  }
}

/**
 * Last week's pickup day, half done: Camille paid her balance in cash at the counter and collected
 * her order; the other order at the same pickup point is still to collect (docs/domain.md 11).
 */
export async function seedDemoPickup(ids: DemoIds, cycles: DemoCycles, now = Date.now()) {
  const [camille] = await getDb()
    .select({ id: orders.id, balanceCents: balanceCentsSql() })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycles.lastWeek), eq(orders.email, "camille@example.org"), eq(orders.state, "placed")));
  if (!camille) return;
  const volunteer = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const pickedUpAt = new Date(now - 2 * DAY);
  const due = Number(camille.balanceCents);
  if (due > 0) await recordPayment(volunteer, camille.id, { amountCents: due, method: "cash", receivedAt: pickedUpAt.toISOString() }, { now: pickedUpAt });
  await collectOrder(volunteer, camille.id, { now: pickedUpAt });
}

/**
 * Minimums on the open weekly cycle (docs/domain.md 12): Hillside Dairy's franco, €38.00 short of
 * what is ordered (the shop says "€38.00 more and Hillside Dairy delivers"; cancelled if still
 * short at the close), and the whole cycle's minimum of items, already reached. On the restaurants'
 * cycle Hillside Dairy counts its delivery in cases (decision 0059): two short of what is ordered,
 * so a restaurant reads "2 more cases and Hillside Dairy delivers" (a crate of 6 litres is one).
 */
export async function seedDemoThresholds(ids: DemoIds, cycles: DemoCycles) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  const dairy = await createThreshold(hubManager, cycles.weekly, { scope: "supplier", supplierId: ids.dairy, measure: "amount", minimum: 1, policy: "cancel" });
  await getDb()
    .update(orderCycleThresholds)
    .set({ minimum: dairy.currentValue + 3800 })
    .where(eq(orderCycleThresholds.id, dairy.id));
  const items = await createThreshold(hubManager, cycles.weekly, { scope: "cycle", measure: "units", minimum: 1, policy: "proceed" });
  await getDb()
    .update(orderCycleThresholds)
    .set({ minimum: Math.max(1, Math.floor(items.currentValue / 5) * 5) })
    .where(eq(orderCycleThresholds.id, items.id));
  const crates = await createThreshold(hubManager, cycles.pro, { scope: "supplier", supplierId: ids.dairy, measure: "cases", minimum: 1, policy: "proceed" });
  await getDb()
    .update(orderCycleThresholds)
    .set({ minimum: crates.currentValue + 2 })
    .where(eq(orderCycleThresholds.id, crates.id));
}

/**
 * Loyalty credit at Riverside (docs/domain.md 13, decision 0052): 1 point per euro, 5 cents a
 * point, `vip` after 5 collected orders. The demo buyer was given €5.00 to welcome them and paid
 * their pro order in advance, which earned its points: the account page shows a balance and its
 * history, the customers page the credit, and the checkout offers "Use my credit".
 */
export async function seedDemoLoyalty(ids: DemoIds, cycles: DemoCycles, buyerEmail: string, now = Date.now()) {
  const manager = { userId: ids.userIds.riverside, enterpriseIds: [ids.riverside] };
  await updateShopPreferences(manager, ids.riverside, { loyalty: { pointsPerEuro: 1, centsPerPoint: 5 }, autoTags: [{ tag: "vip", afterCollectedOrders: 5 }] });
  await adjustCustomerCredit(manager, ids.riverside, buyerEmail, { amountCents: 500, note: "Welcome to Riverside’s loyalty credit" }, new Date(now - 3 * DAY));
  const [order] = await getDb()
    .select({ id: orders.id, balanceCents: balanceCentsSql() })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycles.pro), eq(orders.distributorId, ids.riverside), eq(orders.email, buyerEmail), eq(orders.state, "placed")));
  const due = Number(order?.balanceCents ?? 0);
  if (order && due > 0)
    await recordPayment(manager, order.id, { amountCents: due, method: "bank_transfer", note: "Paid in advance" }, { now: new Date(now - DAY) });
}

/**
 * A promo code on the open weekly cycle (docs/domain.md 13, decision 0051): the hub's REDUC10, 10 %
 * off the products, 30 uses, used by two guests' delivered orders ("2 of 30" on the Promo codes page, a
 * discount line on their orders and in the cycle's Promo codes report). Placed after the others,
 * so the demo's other numbers stay as they were.
 */
export async function seedDemoPromoCodes(ids: DemoIds, cycles: DemoCycles, now = Date.now()) {
  const hubManager = { userId: ids.userIds.hub, enterpriseIds: [ids.hub] };
  await createPromoCode(hubManager, ids.hub, { code: "REDUC10", kind: "percent", percent: 10, maxUses: 30, orderCycleIds: [cycles.weekly] });
  const db = getDb();
  const [veg] = await db
    .select({ id: variants.id })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, ids.marie), isNull(variants.archivedAt)))
    .orderBy(products.name, variants.position)
    .limit(1);
  // Delivered (its fee is not discounted), so the barn's pickup keeps the demo's three orders.
  const [shipping] = await db
    .select({ id: shippingMethods.id })
    .from(shippingMethods)
    .where(and(eq(shippingMethods.enterpriseId, ids.hub), eq(shippingMethods.kind, "delivery")))
    .orderBy(shippingMethods.name);
  const [payment] = await db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(eq(paymentMethods.enterpriseId, ids.hub))
    .orderBy(paymentMethods.name);
  for (const [index, guest] of [
    { email: "noah@example.org", name: "Noah Petit" },
    { email: "ines@example.org", name: "Inès Moreau" },
  ].entries()) {
    await placeOrder(
      {
        distributorId: ids.hub,
        orderCycleId: cycles.weekly,
        shippingMethodId: shipping.id,
        paymentMethodId: payment.id,
        email: guest.email,
        name: guest.name,
        lines: [{ variantId: veg.id, quantity: 2 }],
        deliveryAddress: `${index + 3} rue de la République, Lyon`,
        promoCode: "reduc10",
      },
      undefined,
      new Date(now - (3 - index) * 60 * 60 * 1000),
      "en",
      { confirm: false },
    );
  }
}
