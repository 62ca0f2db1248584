// Demo data for a fresh database: a coordinating hub, three producers who granted it permissions,
// a second distributor, products with stock, shipping and payment methods, and fees.
import { sql } from "drizzle-orm";
import { hashPassword } from "../app/auth/passwords.server";
import { repeatOrderCycle } from "../app/domain/order-cycles/repeat.server";
import {
  seedDemoCaps,
  seedDemoConfirmations,
  seedDemoCycles,
  seedDemoOrders,
  seedDemoPayments,
  seedDemoPickup,
  seedDemoPromoCodes,
  seedDemoThresholds,
  seedDemoLoyalty,
} from "./seed-cycles";
import { getDb } from "./connection.server";
import { seedDemoImages } from "./seed-images";
import { enterpriseFees, enterpriseManagers, enterprisePermissions, enterprises, paymentMethods, products, shippingMethods, users, variants } from "./schema";

export const DEMO_PASSWORD = "circuit-demo";

type DemoLogin = { role: string; email: string };

const people = {
  hub: { email: "hub@demo.circuit.coop", name: "Hannah Hubbard", locale: "en", role: "Hub manager (coordinator)" },
  marie: { email: "marie@demo.circuit.coop", name: "Marie Lefèvre", locale: "fr", role: "Producer (vegetables)" },
  dairy: { email: "dairy@demo.circuit.coop", name: "Dev Patel", locale: "en", role: "Producer (dairy)" },
  orchard: { email: "orchard@demo.circuit.coop", name: "Olga Berg", locale: "en", role: "Producer (orchard)" },
  riverside: { email: "riverside@demo.circuit.coop", name: "Rui Costa", locale: "en", role: "Second distributor" },
  buyer: { email: "buyer@demo.circuit.coop", name: "Bea Buyer", locale: "en", role: "Buyer" },
} as const;

type Catalogue = {
  name: string;
  description: string;
  variants: { name: string; priceCents: number; stock: number | null; weightGrams?: number; soldByWeight?: boolean; unitsPerCase?: number }[];
}[];

/** The demo's products in the instance's categories, so the shop's category filter has something to show. */
function categoryOf(owner: "marie" | "dairy" | "orchard", product: string): string {
  if (owner === "marie") return "vegetables";
  if (owner === "dairy") return "dairy";
  return product === "Apple juice" ? "drinks" : product === "Honey" ? "pantry" : "fruit";
}

const catalogues: Record<"marie" | "dairy" | "orchard", Catalogue> = {
  marie: [
    {
      name: "Carrots",
      description: "Sweet Nantes carrots, unwashed.",
      variants: [
        { name: "1 kg bag", priceCents: 280, stock: 60, weightGrams: 1000 },
        { name: "3 kg bag", priceCents: 750, stock: 20, weightGrams: 3000 },
      ],
    },
    { name: "Leeks", description: "Winter leeks.", variants: [{ name: "Bunch of 3", priceCents: 320, stock: 40, weightGrams: 900 }] },
    { name: "Mixed salad", description: "Seasonal leaves, washed.", variants: [{ name: "200 g", priceCents: 290, stock: 30, weightGrams: 200 }] },
    {
      name: "Potatoes",
      description: "Charlotte potatoes.",
      variants: [
        { name: "2 kg", priceCents: 480, stock: 50, weightGrams: 2000 },
        { name: "5 kg", priceCents: 1050, stock: 15, weightGrams: 5000 },
      ],
    },
    { name: "Pumpkin", description: "Red kuri squash.", variants: [{ name: "Each (about 1.5 kg)", priceCents: 390, stock: 25, weightGrams: 1500 }] },
  ],
  dairy: [
    {
      name: "Whole milk",
      description: "Raw whole milk, glass bottle (deposit included).",
      // The restaurant crate is sold by the case of 6 (decision 0056): 27 litres in stock is 4 whole crates in the shop.
      // Kept last of the dairy's variants, so the demo orders' variant positions do not move.
      variants: [
        { name: "1 litre", priceCents: 180, stock: null, weightGrams: 1030 },
        { name: "1 litre, restaurant crate", priceCents: 165, stock: 27, weightGrams: 1030, unitsPerCase: 6 },
      ],
    },
    { name: "Natural yoghurt", description: "Set yoghurt.", variants: [{ name: "500 g", priceCents: 340, stock: 40, weightGrams: 500 }] },
    {
      name: "Farmhouse cheddar",
      description: "Aged 12 months.",
      variants: [
        { name: "250 g", priceCents: 650, stock: 30, weightGrams: 250 },
        // Cut from the wheel: priced for 500 g, weighed after the close (docs/domain.md 8).
        { name: "500 g", priceCents: 1200, stock: 12, weightGrams: 500, soldByWeight: true },
      ],
    },
    { name: "Butter", description: "Salted butter.", variants: [{ name: "250 g", priceCents: 420, stock: 35, weightGrams: 250 }] },
  ],
  orchard: [
    {
      name: "Apples",
      description: "Mixed heritage apples.",
      variants: [
        { name: "1 kg", priceCents: 350, stock: 80, weightGrams: 1000 },
        { name: "5 kg box", priceCents: 1500, stock: 10, weightGrams: 5000 },
      ],
    },
    { name: "Pears", description: "Conference pears.", variants: [{ name: "1 kg", priceCents: 390, stock: 40, weightGrams: 1000 }] },
    { name: "Apple juice", description: "Pressed on the farm.", variants: [{ name: "75 cl", priceCents: 450, stock: 60, weightGrams: 1200 }] },
    { name: "Honey", description: "Wildflower honey.", variants: [{ name: "340 g jar", priceCents: 780, stock: 24, weightGrams: 450 }] },
  ],
};

export async function seedDemoIfEmpty(): Promise<{ password: string; users: DemoLogin[]; shareLinks: { name: string; path: string }[] } | undefined> {
  const db = getDb();
  const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  if (count > 0) return undefined;

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = await db.transaction(async (tx) => {
    const userIds: Record<keyof typeof people, string> = {} as never;
    for (const [key, person] of Object.entries(people) as [keyof typeof people, (typeof people)[keyof typeof people]][]) {
      const [row] = await tx.insert(users).values({ email: person.email, name: person.name, locale: person.locale, passwordHash }).returning({ id: users.id });
      userIds[key] = row.id;
    }

    const addEnterprise = async (owner: keyof typeof people, values: Omit<typeof enterprises.$inferInsert, "ownerId" | "email">) => {
      const [row] = await tx
        .insert(enterprises)
        .values({ ...values, ownerId: userIds[owner], email: people[owner].email })
        .returning({ id: enterprises.id });
      await tx.insert(enterpriseManagers).values({ enterpriseId: row.id, userId: userIds[owner] });
      return row.id;
    };

    const hub = await addEnterprise("hub", {
      name: "Green Valley Food Hub",
      kind: "hub",
      timeZone: "Europe/Paris",
      locale: "en",
      address: "Old Barn, 12 Mill Lane\n69000 Lyon",
      description: "A cooperative food hub sourcing from farms within 50 km.",
      // Its invoices name it as a seller and are issued at each close (docs/domain.md 10).
      legalName: "Green Valley Food Hub SCIC SAS",
      companyNumber: "912 345 678 00012",
      vatNumber: "FR32912345678",
      invoicePrefix: "GV",
      invoiceAtClose: true,
      // Its buyers are reminded a week, three days and the day before pickup (decision 0054).
      pickupReminderDays: [1, 3, 7],
    });
    const riverside = await addEnterprise("riverside", {
      name: "Riverside Co-op",
      kind: "hub",
      timeZone: "Europe/Paris",
      locale: "en",
      address: "Market Hall, Quai Saint-Vincent\n69001 Lyon",
      description: "A neighbourhood co-op and pickup point.",
      // Its consenting customers hear of each cycle as it opens, and of a basket left waiting (decision 0053).
      announceOpenCycles: true,
      closingReminderHours: 24,
    });
    const marie = await addEnterprise("marie", {
      name: "Les Jardins de Marie",
      kind: "producer",
      isProducer: true,
      sellsOwnProducts: true,
      timeZone: "Europe/Paris",
      locale: "fr",
      address: "Chemin des Vignes\n69390 Vernaison",
      description: "Maraîchage biologique.",
    });
    const dairy = await addEnterprise("dairy", {
      name: "Hillside Dairy",
      kind: "producer",
      isProducer: true,
      timeZone: "Europe/Paris",
      locale: "en",
      address: "Hillside Farm\n69610 Sainte-Foy-l'Argentière",
    });
    const orchard = await addEnterprise("orchard", {
      name: "Orchard Lane",
      kind: "producer",
      isProducer: true,
      timeZone: "Europe/Paris",
      locale: "en",
      address: "Orchard Lane\n69440 Mornant",
    });

    const grants: { grantorId: string; granteeId: string; permission: string }[] = [];
    for (const producer of [marie, dairy, orchard]) {
      grants.push({ grantorId: producer, granteeId: hub, permission: "add_to_order_cycle" });
      grants.push({ grantorId: producer, granteeId: riverside, permission: "add_to_order_cycle" });
    }
    grants.push({ grantorId: dairy, granteeId: hub, permission: "manage_products" });
    grants.push({ grantorId: riverside, granteeId: hub, permission: "add_to_order_cycle" });
    await tx.insert(enterprisePermissions).values(grants);

    for (const [owner, enterpriseId] of [
      ["marie", marie],
      ["dairy", dairy],
      ["orchard", orchard],
    ] as const) {
      for (const [index, product] of catalogues[owner].entries()) {
        // External ids as a producer's own stock system would number them (decision 0044).
        const externalId = `${owner.toUpperCase()}-${String(index + 1).padStart(3, "0")}`;
        const [row] = await tx
          .insert(products)
          .values({
            enterpriseId,
            name: product.name,
            description: product.description,
            taxRateBasisPoints: 550,
            externalId,
            category: categoryOf(owner, product.name),
          })
          .returning({ id: products.id });
        await tx.insert(variants).values(
          product.variants.map((variant, position) => ({
            ...variant,
            productId: row.id,
            position,
            externalId: `${externalId}-${position + 1}`,
            externalIdOwnerId: enterpriseId,
          })),
        );
      }
    }

    await tx.insert(shippingMethods).values([
      { enterpriseId: hub, name: "Barn pickup", kind: "pickup", address: "Old Barn, 12 Mill Lane, Lyon", openingHours: "Friday 16:00–19:00" },
      { enterpriseId: hub, name: "Home delivery (Lyon)", kind: "delivery", feeCents: 500, description: "Within the Lyon ring road, Saturday morning." },
      {
        enterpriseId: riverside,
        name: "Market hall pickup",
        kind: "pickup",
        address: "Market Hall, Quai Saint-Vincent, Lyon",
        openingHours: "Saturday 09:00–12:00",
      },
      { enterpriseId: marie, name: "Farm gate", kind: "pickup", address: "Chemin des Vignes, Vernaison", openingHours: "Wednesday 17:00–19:00" },
    ]);
    await tx.insert(paymentMethods).values([
      { enterpriseId: hub, name: "Cash on pickup", kind: "cash" },
      {
        enterpriseId: hub,
        name: "Bank transfer",
        kind: "bank_transfer",
        instructions: "IBAN FR76 3000 6000 0112 3456 7890 189, reference: your order number.",
      },
      { enterpriseId: riverside, name: "Cash on pickup", kind: "cash" },
      { enterpriseId: marie, name: "Espèces au retrait", kind: "cash" },
    ]);
    await tx.insert(enterpriseFees).values([
      { enterpriseId: hub, name: "Hub admin", feeType: "admin", calculatorType: "percent", calculatorParams: { percent: 10 }, taxFollowsProduct: true },
      {
        enterpriseId: hub,
        name: "Cold-chain transport",
        feeType: "transport",
        calculatorType: "flat_rate",
        calculatorParams: { amountCents: 150 },
        taxRateBasisPoints: 2000,
      },
      { enterpriseId: marie, name: "Packing", feeType: "packing", calculatorType: "per_item", calculatorParams: { amountCents: 20 }, taxFollowsProduct: true },
      {
        enterpriseId: dairy,
        name: "Bottle washing",
        feeType: "packing",
        calculatorType: "weight",
        calculatorParams: { centsPerKg: 15 },
        taxRateBasisPoints: 2000,
      },
      {
        enterpriseId: riverside,
        name: "Co-op fund",
        feeType: "fundraising",
        calculatorType: "flexible",
        calculatorParams: { firstItemCents: 100, additionalItemCents: 20, maxItems: 10 },
        taxRateBasisPoints: 0,
      },
      {
        enterpriseId: riverside,
        name: "Small order surcharge",
        feeType: "sales",
        calculatorType: "price_sack",
        calculatorParams: { thresholdCents: 2000, normalCents: 200, discountCents: 0 },
        taxRateBasisPoints: 2000,
      },
    ]);
    return { userIds, hub, riverside, marie, dairy, orchard };
  });
  const cycles = await seedDemoCycles(ids);
  await seedDemoOrders(ids, cycles, { userId: ids.userIds.buyer, email: people.buyer.email, name: people.buyer.name });
  await seedDemoCaps(ids, cycles);
  await seedDemoConfirmations(ids, cycles);
  await seedDemoPayments(ids, cycles, people.buyer.email);
  await seedDemoPickup(ids, cycles);
  await seedDemoThresholds(ids, cycles);
  await seedDemoPromoCodes(ids, cycles);
  await seedDemoLoyalty(ids, cycles, people.buyer.email);
  // Pictures for some products (the others show their placeholder): docs/domain.md 15.
  await seedDemoImages(ids);
  // The weekly box repeated three weeks ahead: a series in the cycle list (docs/domain.md 15).
  await repeatOrderCycle({ userId: ids.userIds.hub, enterpriseIds: [ids.hub] }, cycles.weekly, { every: { weeks: 1 }, count: 3 });

  return {
    password: DEMO_PASSWORD,
    users: Object.values(people).map((person) => ({ role: person.role, email: person.email })),
    shareLinks: [cycles.shareLink],
  };
}
