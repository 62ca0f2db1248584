// docs/quality.md "Cost must grow at most linearly": placing an order or editing stock reads what it
// names, not what the catalogue or the cycle holds: variants through the primary key, and the
// incoming fees of the order's own suppliers only.
import { sql, type SQL } from "drizzle-orm";
import { variantEditsStatement } from "#app/domain/catalogue/commands.server";
import { loadShopPricing } from "#app/domain/shop/catalogue.server";
import { takeStockStatement } from "#app/domain/orders/stock.server";
import { getDb } from "#db/connection.server";
import { products, variants } from "#db/schema";
import { coopPlus, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let someVariantIds: string[];

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** How the planner reads the variants table for `statement`: one entry per plan node on it. */
async function variantReadsOf(statement: SQL) {
  const [row] = await getDb().execute<{ "QUERY PLAN": { Plan: PlanNode }[] }>(sql`explain (format json) ${statement}`);
  return nodesOf(row["QUERY PLAN"][0].Plan)
    .filter((node) => node["Relation Name"] === "variants")
    .map((node) => node["Node Type"]);
}

beforeAll(async () => {
  w = await coopPlus();
  // A catalogue large enough that reading all of it would be the planner's worst choice.
  const [product] = await getDb().insert(products).values({ enterpriseId: w.supplierA.id, name: "Catalogue filler" }).returning({ id: products.id });
  const rows = await getDb()
    .insert(variants)
    .values(Array.from({ length: 5000 }, (_, i) => ({ productId: product.id, position: i, name: `size ${i}`, priceCents: 100, stock: 10 })))
    .returning({ id: variants.id });
  someVariantIds = rows.filter((_, i) => i % 1000 === 7).map((row) => row.id);
  await getDb().execute(sql`analyze variants`);
}, 60_000);

describe("taking an order's stock", () => {
  test("reads variants by primary key, not the whole table", async () => {
    const reads = await variantReadsOf(takeStockStatement(someVariantIds.map((variantId) => ({ variantId, quantity: 1 }))));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads).not.toContain("Seq Scan");
  });

  test("takes exactly the quantities asked for, and nothing from a variant short of stock", async () => {
    const [first, second] = someVariantIds;
    const seen: { taken: string[]; stock: Record<string, number> }[] = [];
    const undo = new Error("roll back");
    await getDb()
      .transaction(async (tx) => {
        const rows = await tx.execute<{ id: string }>(
          takeStockStatement([
            { variantId: first, quantity: 3 },
            { variantId: second, quantity: 11 },
          ]),
        );
        const stock = await tx.execute<{ id: string; stock: number }>(sql`select id, stock from variants where id in (${first}, ${second})`);
        seen.push({ taken: rows.map((row) => row.id), stock: Object.fromEntries(stock.map((row) => [row.id, row.stock])) });
        throw undo;
      })
      .catch((error) => {
        if (error !== undo) throw error;
      });
    expect(seen).toEqual([{ taken: [first], stock: { [first]: 7, [second]: 10 } }]);
  });
});

describe("editing variants (a producer's stock, one row or a table of them)", () => {
  test("reads the edited variants by primary key, not the whole table", async () => {
    const reads = await variantReadsOf(variantEditsStatement(someVariantIds.map((id) => ({ id, stock: 4 }))));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads).not.toContain("Seq Scan");
  });
});

describe("the fees that price an order", () => {
  test("are the cycle's and the distributor's, and the incoming fees of the order's own suppliers only", async () => {
    const cycleId = await seedCycle(w);
    const names = (fees: readonly { name: string }[]) => fees.map((fee) => fee.name);
    const whole = await loadShopPricing(cycleId, w.lake.id);
    const forA = await loadShopPricing(cycleId, w.lake.id, { variantIds: [w.variants.a[0]] });
    const forBoth = await loadShopPricing(cycleId, w.lake.id, { variantIds: [w.variants.a[0], w.variants.b[0]] });

    expect([...whole.incomingFeesBySupplier.keys()].sort()).toEqual([w.supplierA.id, w.supplierB.id].sort());
    expect([...forA.incomingFeesBySupplier.keys()]).toEqual([w.supplierA.id]);
    expect(names(forA.incomingFeesBySupplier.get(w.supplierA.id)!)).toEqual(names(whole.incomingFeesBySupplier.get(w.supplierA.id)!));
    expect(forBoth.incomingFeesBySupplier).toEqual(whole.incomingFeesBySupplier);
    for (const scoped of [forA, forBoth]) {
      expect(names(scoped.coordinatorFees)).toEqual(names(whole.coordinatorFees));
      expect(names(scoped.outgoingFees)).toEqual(names(whole.outgoingFees));
    }
  });
});
