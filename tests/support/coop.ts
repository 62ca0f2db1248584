// A cooperative in a line: a coordinating hub, two producers, a second distributor and an
// unrelated hub, each with a manager, products, fees and methods, and the usual grants.
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterpriseManagers, enterprisePermissions, enterprises, paymentMethods, products, shippingMethods, variants } from "#db/schema";
import { createUser, type TestUser } from "./world";

type Kind = "producer" | "hub" | "profile";

export async function insertEnterprise(owner: TestUser, fields: { name: string; kind: Kind; isProducer?: boolean; sellsOwnProducts?: boolean; timeZone?: string; locale?: string }) {
  const [row] = await getDb()
    .insert(enterprises)
    .values({ ...fields, isProducer: fields.isProducer ?? fields.kind === "producer", email: owner.email, ownerId: owner.id, timeZone: fields.timeZone ?? "Europe/Paris" })
    .returning();
  await getDb().insert(enterpriseManagers).values({ enterpriseId: row.id, userId: owner.id });
  return row;
}

export async function insertGrant(grantorId: string, granteeId: string, permission = "add_to_order_cycle") {
  await getDb().insert(enterprisePermissions).values({ grantorId, granteeId, permission }).onConflictDoNothing();
}

export async function insertProduct(enterpriseId: string, name: string, variantSpecs: { name: string; priceCents: number; stock?: number | null; weightGrams?: number }[]) {
  const [product] = await getDb().insert(products).values({ enterpriseId, name }).returning();
  const rows = await getDb()
    .insert(variants)
    .values(variantSpecs.map((spec, position) => ({ productId: product.id, position, name: spec.name, priceCents: spec.priceCents, stock: spec.stock ?? 10, weightGrams: spec.weightGrams })))
    .returning();
  return { product, variants: rows };
}

export async function insertMethods(enterpriseId: string) {
  const [shipping] = await getDb().insert(shippingMethods).values({ enterpriseId, name: "Pickup", kind: "pickup", address: "1 Barn Lane" }).returning();
  const [payment] = await getDb().insert(paymentMethods).values({ enterpriseId, name: "Cash", kind: "cash" }).returning();
  return { shipping, payment };
}

export async function insertFee(enterpriseId: string, name: string, calculatorType = "per_item", calculatorParams: Record<string, number> = { amountCents: 10 }) {
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

  const carrots = await insertProduct(supplierA.id, "Carrots", [{ name: "1 kg", priceCents: 250 }, { name: "3 kg", priceCents: 700 }]);
  const leeks = await insertProduct(supplierA.id, "Leeks", [{ name: "Bunch", priceCents: 300 }]);
  const milk = await insertProduct(supplierB.id, "Milk", [{ name: "1 l", priceCents: 180 }, { name: "2 l", priceCents: 340 }]);

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
