// A product's category and a variant's case size (docs/domain.md 15): set through the API, shown in
// the shop's products with the price per kg, and the shop filtered by category.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { putOutgoingExchange, putIncomingExchange } from "#app/domain/order-cycles/commands.server";
import * as enterpriseProductsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products";
import * as productRoute from "#app/routes/api.v1.products.$productId";
import { getDb } from "#db/connection.server";
import { products } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { shopProductsPage } from "#tests/support/shop";

describe("categories and case sizes", () => {
  it("are stored from the API, refused when unknown, and reach the shop with the price per kg; the shop filters by category", async () => {
    const w = await coopPlus();
    const created = await callRoute(enterpriseProductsRoute, {
      token: w.people.supplierA.token,
      params: { enterpriseId: w.supplierA.id },
      body: { name: "Apples", category: "fruit", variants: [{ name: "Crate 6 kg", priceCents: 1200, stock: null, weightGrams: 6000, unitsPerCase: 6 }] },
    });
    expect(created.status).toBe(201);
    const apples = await json(created);
    expect(apples.category).toBe("fruit");
    expect(apples.variants[0].unitsPerCase).toBe(6);

    const unknown = await callRoute(enterpriseProductsRoute, {
      token: w.people.supplierA.token,
      params: { enterpriseId: w.supplierA.id },
      body: { name: "Rocks", category: "minerals", variants: [{ name: "1", priceCents: 1, stock: null, unitsPerCase: 0 }] },
    });
    expect(unknown.status).toBe(422);
    expect(Object.keys((await json(unknown)).error.fields).sort()).toEqual(["category", "variants.0.unitsPerCase"]);
    expect(await getDb().select().from(products).where(eq(products.name, "Rocks"))).toHaveLength(0);

    const cleared = await callRoute(productRoute, {
      method: "PATCH",
      token: w.people.supplierA.token,
      params: { productId: apples.id },
      body: { category: null },
    });
    expect((await json(cleared)).category).toBeNull();
    await callRoute(productRoute, { method: "PATCH", token: w.people.supplierA.token, params: { productId: apples.id }, body: { category: "fruit" } });

    const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { variantIds: [...w.variants.a, apples.variants[0].id] });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [], variantIds: [w.variants.a[0], apples.variants[0].id] });

    const all = await shopProductsPage(w.distributor.id, cycleId);
    expect(all.status).toBe(200);
    const crate = all.body.items.find((item: { variantId: string }) => item.variantId === apples.variants[0].id);
    expect(crate).toMatchObject({ category: "fruit", unitsPerCase: 6, unitPriceUnit: "kg" });
    expect(crate.unitPriceCents).toBe(Math.floor((crate.priceCents * 1000 * 2 + 6000) / 12000));
    expect(all.body.items.length).toBe(2);

    const fruit = await shopProductsPage(w.distributor.id, cycleId, {}, "?category=fruit");
    expect(fruit.body.items.map((item: { variantId: string }) => item.variantId)).toEqual([apples.variants[0].id]);
    const dairy = await shopProductsPage(w.distributor.id, cycleId, {}, "?category=dairy");
    expect(dairy.body.items).toEqual([]);
    const bad = await shopProductsPage(w.distributor.id, cycleId, {}, "?category=minerals");
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields)).toEqual(["category"]);
  });
});
