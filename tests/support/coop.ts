// A cooperative in a line: a coordinating hub, two producers, a second distributor and an
// unrelated hub, each with a manager, products, fees and methods, and the usual grants.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import {
  enterpriseFees,
  enterpriseManagers,
  enterprisePermissions,
  enterprises,
  incomingExchangeFees,
  incomingExchanges,
  incomingExchangeVariants,
  orderCycleCoordinatorFees,
  orderCycles,
  outgoingExchangeFees,
  outgoingExchanges,
  outgoingExchangeVariants,
  paymentMethods,
  products,
  shippingMethods,
  variants,
} from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { startSession } from "#app/auth/session.server";
import { managedEnterpriseIds } from "#app/domain/enterprises/managers.server";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { createUser, type TestUser } from "./world";

type Kind = "producer" | "hub" | "profile";

export async function insertEnterprise(
  owner: TestUser,
  fields: { name: string; kind: Kind; isProducer?: boolean; sellsOwnProducts?: boolean; timeZone?: string; locale?: string },
) {
  const [row] = await getDb()
    .insert(enterprises)
    .values({
      ...fields,
      isProducer: fields.isProducer ?? fields.kind === "producer",
      email: owner.email,
      ownerId: owner.id,
      timeZone: fields.timeZone ?? "Europe/Paris",
    })
    .returning();
  await getDb().insert(enterpriseManagers).values({ enterpriseId: row.id, userId: owner.id });
  return row;
}

export async function insertGrant(grantorId: string, granteeId: string, permission = "add_to_order_cycle") {
  await getDb().insert(enterprisePermissions).values({ grantorId, granteeId, permission }).onConflictDoNothing();
}

export async function insertProduct(
  enterpriseId: string,
  name: string,
  variantSpecs: { name: string; priceCents: number; stock?: number | null; weightGrams?: number }[],
) {
  const [product] = await getDb().insert(products).values({ enterpriseId, name }).returning();
  const rows = await getDb()
    .insert(variants)
    .values(
      variantSpecs.map((spec, position) => ({
        productId: product.id,
        position,
        name: spec.name,
        priceCents: spec.priceCents,
        stock: spec.stock ?? 10,
        weightGrams: spec.weightGrams,
      })),
    )
    .returning();
  return { product, variants: rows };
}

export async function insertMethods(enterpriseId: string) {
  const [shipping] = await getDb().insert(shippingMethods).values({ enterpriseId, name: "Pickup", kind: "pickup", address: "1 Barn Lane" }).returning();
  const [payment] = await getDb().insert(paymentMethods).values({ enterpriseId, name: "Cash", kind: "cash" }).returning();
  return { shipping, payment };
}

export async function insertFee(
  enterpriseId: string,
  name: string,
  calculatorType = "per_item",
  calculatorParams: Record<string, number> = { amountCents: 10 },
) {
  const [fee] = await getDb().insert(enterpriseFees).values({ enterpriseId, name, feeType: "admin", calculatorType, calculatorParams }).returning();
  return fee;
}

export async function coop() {
  const people = {
    hub: await createUser({ name: "Hub manager" }),
    supplierA: await createUser({ name: "Supplier A manager" }),
    supplierB: await createUser({ name: "Supplier B manager" }),
    distributor: await createUser({ name: "Distributor manager" }),
    unrelated: await createUser({ name: "Unrelated manager" }),
    nobody: await createUser({ name: "Plain user" }),
  };
  const hub = await insertEnterprise(people.hub, { name: "Green Hub", kind: "hub" });
  const supplierA = await insertEnterprise(people.supplierA, { name: "Farm A", kind: "producer" });
  const supplierB = await insertEnterprise(people.supplierB, { name: "Farm B", kind: "producer" });
  const distributor = await insertEnterprise(people.distributor, { name: "River Co-op", kind: "hub" });
  const unrelated = await insertEnterprise(people.unrelated, { name: "Far Hub", kind: "hub" });

  await insertGrant(supplierA.id, hub.id);
  await insertGrant(supplierB.id, hub.id);
  await insertGrant(distributor.id, hub.id);
  await insertGrant(supplierA.id, distributor.id);
  const hubMethods = await insertMethods(hub.id);
  const distributorMethods = await insertMethods(distributor.id);
  await insertMethods(unrelated.id);

  const carrots = await insertProduct(supplierA.id, "Carrots", [
    { name: "1 kg", priceCents: 250 },
    { name: "3 kg", priceCents: 700 },
  ]);
  const leeks = await insertProduct(supplierA.id, "Leeks", [{ name: "Bunch", priceCents: 300 }]);
  const milk = await insertProduct(supplierB.id, "Milk", [
    { name: "1 l", priceCents: 180 },
    { name: "2 l", priceCents: 340 },
  ]);

  const fees = {
    hub: await insertFee(hub.id, "Hub admin"),
    supplierA: await insertFee(supplierA.id, "A packing"),
    supplierB: await insertFee(supplierB.id, "B packing"),
    distributor: await insertFee(distributor.id, "River fund"),
    unrelated: await insertFee(unrelated.id, "Far fee"),
  };

  return {
    people,
    hub,
    supplierA,
    supplierB,
    distributor,
    unrelated,
    methods: { hub: hubMethods, distributor: distributorMethods },
    variants: {
      a: [...carrots.variants, ...leeks.variants].map((v) => v.id),
      b: milk.variants.map((v) => v.id),
    },
    fees,
  };
}

export type Coop = Awaited<ReturnType<typeof coop>>;

// ---- A wider cooperative for the permission table and the acceptance tests of order cycles ----

/** An actor as the domain sees it (the enterprises this user manages), for calling commands directly. */
export async function actorFor(user: TestUser): Promise<Actor> {
  return { userId: user.id, enterpriseIds: await managedEnterpriseIds(user.id) };
}

/** A browser session for a user: the Cookie header value to pass to callRoute. */
export async function sessionCookie(user: TestUser): Promise<string> {
  return (await startSession(user.id)).split(";")[0];
}

/**
 * coop() plus a second distributor (Lake Co-op) that A and B supply but that did NOT grant
 * supplier A add_to_order_cycle, while River (the first distributor) did; a producer not yet in
 * any cycle (Farm C) and an eligible hub not yet distributing (Hill Co-op); second fees and
 * methods so that every list can change; browser sessions and domain actors for each manager.
 */
export async function coopPlus() {
  const w = await coop();
  const people = {
    ...w.people,
    lake: await createUser({ name: "Lake manager" }),
    supplierC: await createUser({ name: "Supplier C manager" }),
    hill: await createUser({ name: "Hill manager" }),
  };
  const lake = await insertEnterprise(people.lake, { name: "Lake Co-op", kind: "hub" });
  const supplierC = await insertEnterprise(people.supplierC, { name: "Farm C", kind: "producer" });
  const hill = await insertEnterprise(people.hill, { name: "Hill Co-op", kind: "hub" });
  await insertGrant(lake.id, w.hub.id);
  await insertGrant(w.supplierA.id, lake.id);
  await insertGrant(w.supplierB.id, lake.id);
  await insertGrant(w.distributor.id, w.supplierA.id); // River lets A edit A's products in River's list; Lake does not.
  await insertGrant(supplierC.id, w.hub.id);
  await insertGrant(hill.id, w.hub.id);
  const riverSecond = await insertMethods(w.distributor.id);
  const lakeMethods = [await insertMethods(lake.id), await insertMethods(lake.id)];
  await insertMethods(hill.id);
  const cheese = await insertProduct(supplierC.id, "Cheese", [{ name: "Wheel", priceCents: 900 }]);
  const fees = {
    ...w.fees,
    hub2: await insertFee(w.hub.id, "Hub transport"),
    supplierA2: await insertFee(w.supplierA.id, "A crates"),
    distributor2: await insertFee(w.distributor.id, "River delivery"),
    lake: await insertFee(lake.id, "Lake fund"),
    lake2: await insertFee(lake.id, "Lake delivery"),
  };
  const sessions: Record<keyof typeof people, string> = {} as never;
  const actors: Record<keyof typeof people, Actor> = {} as never;
  for (const key of Object.keys(people) as (keyof typeof people)[]) {
    sessions[key] = await sessionCookie(people[key]);
    actors[key] = await actorFor(people[key]);
  }
  return {
    ...w,
    people,
    lake,
    supplierC,
    hill,
    fees,
    sessions,
    actors,
    methods: {
      ...w.methods,
      distributorAll: [w.methods.distributor, riverSecond],
      lake: lakeMethods,
    },
    variants: { ...w.variants, c: cheese.variants.map((v) => v.id) },
  };
}

export type CoopPlus = Awaited<ReturnType<typeof coopPlus>>;

/** A wall-clock minute (seconds cut), so forms that round to the minute send back the same instant. */
export function minuteFromNow(minutes: number): Date {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000);
}

/**
 * A calendar day (YYYY-MM-DD) `days` after today in a zone: ready-on dates and the like, which a
 * fixed date would let slip into the past (and refused, as before the cycle opens) as the calendar moves.
 */
export function dayFromToday(days: number, zone = "Europe/Paris"): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [year, month, day] = parts.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * An upcoming cycle of the wider coop, built through the domain commands:
 * incoming A (3 variants, A packing, "Barn by 8am"), incoming B (first milk variant, B packing,
 * "Dairy door"); outgoing River (first two A variants, River fund, ready "Friday river", pickup
 * "Back door", tag "vip-river", all River's methods); outgoing Lake (first A and first B variant,
 * Lake fund, ready "Saturday lake", pickup "Lake shed", tag "vip-lake", all Lake's methods).
 */
export async function seedCycle(w: CoopPlus, options: { name?: string; opensAt?: Date | null; closesAt?: Date | null } = {}) {
  const hub = w.actors.hub;
  const opensAt = options.opensAt === undefined ? minuteFromNow(24 * 60) : options.opensAt;
  const closesAt = options.closesAt === undefined ? minuteFromNow(8 * 24 * 60) : options.closesAt;
  const id = await createOrderCycle(hub, {
    name: options.name ?? "Week 48",
    coordinatorId: w.hub.id,
    opensAt: opensAt?.toISOString() ?? null,
    closesAt: closesAt?.toISOString() ?? null,
    coordinatorFeeIds: [w.fees.hub.id],
    confirmClosed: true,
  });
  await putIncomingExchange(hub, id, w.supplierA.id, { variantIds: w.variants.a, feeIds: [w.fees.supplierA.id], receivalInstructions: "Barn by 8am" });
  await putIncomingExchange(hub, id, w.supplierB.id, { variantIds: [w.variants.b[0]], feeIds: [w.fees.supplierB.id], receivalInstructions: "Dairy door" });
  await putOutgoingExchange(hub, id, w.distributor.id, {
    variantIds: w.variants.a.slice(0, 2),
    feeIds: [w.fees.distributor.id],
    readyFor: "Friday river",
    pickupInstructions: "Back door",
    tags: ["vip-river"],
  });
  await putOutgoingExchange(hub, id, w.lake.id, {
    variantIds: [w.variants.a[0], w.variants.b[0]],
    feeIds: [w.fees.lake.id],
    readyFor: "Saturday lake",
    pickupInstructions: "Lake shed",
    tags: ["vip-lake"],
  });
  return id;
}

/**
 * A coordinator with `suppliers` producers of `variantsEach` variants all in one cycle, and
 * `distributors` hubs each selling every other variant with its own fee and methods, built with
 * a handful of multi-row INSERTs (docs/quality.md P2 sizes: 200 x 20 and 10). Every producer and hub
 * granted the coordinator add_to_order_cycle, every producer granted every distributor, and two
 * more producers and two more hubs are candidates not yet in the cycle.
 */
export async function insertLargeCycle({ suppliers, variantsEach, distributors }: { suppliers: number; variantsEach: number; distributors: number }) {
  const db = getDb();
  const manager = await createUser({ name: `Coordinator of ${suppliers}x${variantsEach}` });
  const growers = await createUser({ name: "Owner of many farms" });
  const hub = await insertEnterprise(manager, { name: `Big Hub ${suppliers}`, kind: "hub" });
  const tag = randomUUID().slice(0, 8);
  const farms = await db
    .insert(enterprises)
    .values(
      Array.from({ length: suppliers + 2 }, (_, i) => ({
        name: `Farm ${String(i).padStart(3, "0")} ${tag}`,
        kind: "producer",
        isProducer: true,
        email: growers.email,
        ownerId: growers.id,
        timeZone: "Europe/Paris",
      })),
    )
    .returning({ id: enterprises.id });
  const shops = await db
    .insert(enterprises)
    .values(
      Array.from({ length: distributors + 2 }, (_, i) => ({
        name: `Shop ${String(i).padStart(2, "0")} ${tag}`,
        kind: "hub",
        email: growers.email,
        ownerId: growers.id,
        timeZone: "Europe/Paris",
      })),
    )
    .returning({ id: enterprises.id });
  const inCycleFarms = farms.slice(0, suppliers).map((row) => row.id);
  const inCycleShops = shops.slice(0, distributors).map((row) => row.id);
  await db
    .insert(enterprisePermissions)
    .values([
      ...[...farms, ...shops].map((row) => ({ grantorId: row.id, granteeId: hub.id, permission: "add_to_order_cycle" })),
      ...inCycleFarms.flatMap((farmId) => inCycleShops.map((shopId) => ({ grantorId: farmId, granteeId: shopId, permission: "add_to_order_cycle" }))),
    ]);
  await db.insert(shippingMethods).values([hub.id, ...shops.map((row) => row.id)].map((enterpriseId) => ({ enterpriseId, name: "Pickup", kind: "pickup" })));
  await db.insert(paymentMethods).values([hub.id, ...shops.map((row) => row.id)].map((enterpriseId) => ({ enterpriseId, name: "Cash", kind: "cash" })));
  const productRows = await db
    .insert(products)
    .values(farms.map((row, i) => ({ enterpriseId: row.id, name: `Produce ${i}` })))
    .returning({ id: products.id, enterpriseId: products.enterpriseId });
  const variantRows = await db
    .insert(variants)
    .values(
      productRows.flatMap((product) =>
        Array.from({ length: variantsEach }, (_, position) => ({
          productId: product.id,
          position,
          name: `Size ${position}`,
          priceCents: 100 + position,
          stock: 50,
        })),
      ),
    )
    .returning({ id: variants.id, productId: variants.productId });
  const feeRows = await db
    .insert(enterpriseFees)
    .values(
      [hub.id, ...inCycleFarms, ...inCycleShops].map((enterpriseId) => ({
        enterpriseId,
        name: "Fee",
        feeType: "admin",
        calculatorType: "per_item",
        calculatorParams: { amountCents: 5 },
      })),
    )
    .returning({ id: enterpriseFees.id, enterpriseId: enterpriseFees.enterpriseId });
  const feeOf = new Map(feeRows.map((row) => [row.enterpriseId, row.id]));
  const farmOfProduct = new Map(productRows.map((row) => [row.id, row.enterpriseId]));
  const inCycle = new Set(inCycleFarms);
  const cycleVariants = variantRows.filter((row) => inCycle.has(farmOfProduct.get(row.productId)!));

  const [cycle] = await db
    .insert(orderCycles)
    .values({
      name: `Big cycle ${suppliers}`,
      coordinatorId: hub.id,
      opensAt: new Date(Date.now() - 60_000),
      closesAt: new Date(Date.now() + 7 * 24 * 3600_000),
    })
    .returning({ id: orderCycles.id });
  await db.insert(orderCycleCoordinatorFees).values({ orderCycleId: cycle.id, feeId: feeOf.get(hub.id)! });
  const incoming = await db
    .insert(incomingExchanges)
    .values(inCycleFarms.map((supplierId) => ({ orderCycleId: cycle.id, supplierId, receivalInstructions: "Barn" })))
    .returning({ id: incomingExchanges.id, supplierId: incomingExchanges.supplierId });
  const incomingOf = new Map(incoming.map((row) => [row.supplierId, row.id]));
  await db
    .insert(incomingExchangeVariants)
    .values(cycleVariants.map((row) => ({ exchangeId: incomingOf.get(farmOfProduct.get(row.productId)!)!, variantId: row.id })));
  await db.insert(incomingExchangeFees).values(incoming.map((row) => ({ exchangeId: row.id, feeId: feeOf.get(row.supplierId)! })));
  const outgoing = await db
    .insert(outgoingExchanges)
    .values(inCycleShops.map((distributorId, i) => ({ orderCycleId: cycle.id, distributorId, readyFor: `Day ${i}`, tags: [] })))
    .returning({ id: outgoingExchanges.id, distributorId: outgoingExchanges.distributorId });
  const sold = cycleVariants.filter((_, i) => i % 2 === 0);
  await db.insert(outgoingExchangeVariants).values(outgoing.flatMap((exchange) => sold.map((row) => ({ exchangeId: exchange.id, variantId: row.id }))));
  await db.insert(outgoingExchangeFees).values(outgoing.map((row) => ({ exchangeId: row.id, feeId: feeOf.get(row.distributorId)! })));
  await db.execute(sql`
    insert into outgoing_exchange_shipping_methods (exchange_id, shipping_method_id)
    select oe.id, sm.id from outgoing_exchanges oe join shipping_methods sm on sm.enterprise_id = oe.distributor_id where oe.order_cycle_id = ${cycle.id}`);
  await db.execute(sql`
    insert into outgoing_exchange_payment_methods (exchange_id, payment_method_id)
    select oe.id, pm.id from outgoing_exchanges oe join payment_methods pm on pm.enterprise_id = oe.distributor_id where oe.order_cycle_id = ${cycle.id}`);
  return { manager, hubId: hub.id, cycleId: cycle.id, supplierIds: inCycleFarms, distributorIds: inCycleShops, variantIds: cycleVariants.map((row) => row.id) };
}
