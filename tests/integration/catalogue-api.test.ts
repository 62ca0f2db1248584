// The catalogue API: products, variants and stock, with the manage_products permission between enterprises.
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as enterpriseProductsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products";
import * as productRoute from "#app/routes/api.v1.products.$productId";
import * as productVariantsRoute from "#app/routes/api.v1.products.$productId.variants";
import * as variantRoute from "#app/routes/api.v1.variants.$variantId";
import { getDb } from "#db/connection.server";
import { enterprisePermissions, products, variants } from "#db/schema";
import { insertEnterprise, insertGrant } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

async function world() {
  const farmer = await createUser({ name: "Farmer" });
  const hubManager = await createUser({ name: "Hub manager" });
  const stranger = await createUser({ name: "Stranger" });
  const nobody = await createUser({ name: "No enterprise" });
  const farm = await insertEnterprise(farmer, { name: "Farm", kind: "producer" });
  const hub = await insertEnterprise(hubManager, { name: "Hub", kind: "hub" });
  const far = await insertEnterprise(stranger, { name: "Far away", kind: "hub", isProducer: true });
  return { farmer, hubManager, stranger, nobody, farm, hub, far };
}

const carrots = {
  name: "Carrots",
  description: "Sweet",
  taxRateBasisPoints: 550,
  variants: [
    { name: "1 kg", priceCents: 280, stock: 60, weightGrams: 1000 },
    { name: "3 kg", priceCents: 750, stock: null },
  ],
};

async function createCarrots(token: string, enterpriseId: string) {
  const res = await callRoute(enterpriseProductsRoute, { token, params: { enterpriseId }, body: carrots });
  expect(res.status).toBe(201);
  return json(res);
}

const patchVariant = (token: string, variantId: string, body: unknown) => callRoute(variantRoute, { method: "PATCH", token, params: { variantId }, body });

const productsOf = (enterpriseId: string) => getDb().select().from(products).where(eq(products.enterpriseId, enterpriseId));

async function variantRow(id: string) {
  const [row] = await getDb().select().from(variants).where(eq(variants.id, id));
  return row;
}

describe("catalogue API", () => {
  it("creates a product with its variants (201) and answers ids as strings, unlimited stock as null", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    expect(typeof product.id).toBe("string");
    expect(product).toMatchObject({ enterpriseId: w.farm.id, name: "Carrots", description: "Sweet", taxRateBasisPoints: 550 });
    expect(product.variants).toHaveLength(2);
    expect(product.variants[0]).toMatchObject({ name: "1 kg", priceCents: 280, stock: 60, weightGrams: 1000 });
    expect(product.variants[1]).toMatchObject({ name: "3 kg", priceCents: 750, stock: null, weightGrams: null });
    expect(typeof product.variants[0].id).toBe("string");
  });

  it("answers 401 without a token", async () => {
    const w = await world();
    const res = await callRoute(enterpriseProductsRoute, { params: { enterpriseId: w.farm.id }, body: carrots });
    expect(res.status).toBe(401);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const w = await world();
    const res = await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: w.farm.id }, body: "{not json" });
    expect(res.status).toBe(400);
  });

  it("refuses a product from an unrelated manager with 403, and from anyone for an unknown enterprise with 404", async () => {
    const w = await world();
    const before = await snapshotDatabase();
    const refused = await callRoute(enterpriseProductsRoute, { token: w.stranger.token, params: { enterpriseId: w.farm.id }, body: carrots });
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe("forbidden");
    const missing = await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: "no-such-enterprise" }, body: carrots });
    expect(missing.status).toBe(404);
    // No product, variant or anything else, anywhere.
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  it("refuses products for a hub that does not produce, with a clear reason (422)", async () => {
    const w = await world();
    const res = await callRoute(enterpriseProductsRoute, { token: w.hubManager.token, params: { enterpriseId: w.hub.id }, body: carrots });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error.fields.enterpriseId).toMatch(/producer/i);
    // A producer hub may.
    const ok = await callRoute(enterpriseProductsRoute, { token: w.stranger.token, params: { enterpriseId: w.far.id }, body: carrots });
    expect(ok.status).toBe(201);
  });

  it("refuses invalid products with field errors and writes nothing", async () => {
    const w = await world();
    const cases: [unknown, string][] = [
      [{ ...carrots, variants: [] }, "variants"],
      [{ ...carrots, name: "  " }, "name"],
      [{ ...carrots, taxRateBasisPoints: 10_001 }, "taxRateBasisPoints"],
      [{ ...carrots, variants: [{ name: "1 kg", priceCents: -1, stock: 3 }] }, "variants.0.priceCents"],
      [{ ...carrots, variants: [{ name: "1 kg", priceCents: 2.5, stock: 3 }] }, "variants.0.priceCents"],
      [{ ...carrots, variants: [{ name: "1 kg", priceCents: 100, stock: -4 }] }, "variants.0.stock"],
      [{ ...carrots, variants: [{ name: "1 kg", priceCents: 100 }] }, "variants.0.stock"],
      [{ ...carrots, variants: Array.from({ length: 51 }, (_, i) => ({ name: `v${i}`, priceCents: 1, stock: 1 })) }, "variants"],
    ];
    for (const [body, field] of cases) {
      const res = await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: w.farm.id }, body });
      expect(res.status, field).toBe(422);
      expect(Object.keys((await json(res)).error.fields)).toContain(field);
    }
    expect(await productsOf(w.farm.id)).toHaveLength(0);
  });

  it("updates price and stock of a variant (200) and sets stock to unlimited with null", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const variantId = product.variants[0].id;
    const res = await patchVariant(w.farmer.token, variantId, { priceCents: 300, stock: 12 });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ id: variantId, priceCents: 300, stock: 12 });
    const unlimited = await json(await patchVariant(w.farmer.token, variantId, { stock: null }));
    expect(unlimited.stock).toBeNull();
    expect((await variantRow(variantId)).stock).toBeNull();
    expect((await variantRow(variantId)).priceCents).toBe(300);
  });

  it("refuses a negative stock or price (422) and changes nothing", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const variantId = product.variants[0].id;
    for (const body of [{ stock: -1 }, { priceCents: -5 }, { priceCents: 300, stock: -1 }, { stock: "ten" }, { stock: 1.5 }]) {
      const res = await patchVariant(w.farmer.token, variantId, body);
      expect(res.status).toBe(422);
    }
    expect(await variantRow(variantId)).toMatchObject({ priceCents: 280, stock: 60 });
  });

  it("a price-only edit leaves the stock as a checkout left it (no read-modify-write of stock)", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const variantId = product.variants[0].id;
    // A checkout takes 5 in SQL; a price-only edit afterwards leaves the stock it found.
    await getDb().execute(sql`update variants set stock = stock - 5 where id = ${variantId}`);
    await patchVariant(w.farmer.token, variantId, { priceCents: 290 });
    expect(await variantRow(variantId)).toMatchObject({ priceCents: 290, stock: 55 });
  });

  it("an unrelated manager gets 404 for a variant and a product they cannot see, and nothing changes", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const variantId = product.variants[0].id;
    expect((await patchVariant(w.stranger.token, variantId, { stock: 0 })).status).toBe(404);
    expect((await patchVariant(w.nobody.token, variantId, { stock: 0 })).status).toBe(404);
    expect((await callRoute(productRoute, { token: w.stranger.token, params: { productId: product.id } })).status).toBe(404);
    expect((await callRoute(productRoute, { method: "DELETE", token: w.stranger.token, params: { productId: product.id } })).status).toBe(404);
    expect((await variantRow(variantId)).stock).toBe(60);
  });

  it("a partner that may only add the producer to cycles sees its products but may not change them (403)", async () => {
    const w = await world();
    await insertGrant(w.farm.id, w.hub.id, "add_to_order_cycle");
    const product = await createCarrots(w.farmer.token, w.farm.id);
    expect((await callRoute(productRoute, { token: w.hubManager.token, params: { productId: product.id } })).status).toBe(200);
    expect((await patchVariant(w.hubManager.token, product.variants[0].id, { stock: 0 })).status).toBe(403);
    const list = await callRoute(enterpriseProductsRoute, { token: w.hubManager.token, params: { enterpriseId: w.farm.id } });
    expect(list.status).toBe(200);
    expect((await callRoute(enterpriseProductsRoute, { token: w.stranger.token, params: { enterpriseId: w.farm.id } })).status).toBe(403);
  });

  it("a manager of an enterprise granted manage_products edits the grantor's products and stock; revoking ends it", async () => {
    const w = await world();
    await insertGrant(w.farm.id, w.hub.id, "manage_products");
    const product = await createCarrots(w.hubManager.token, w.farm.id);
    const variantId = product.variants[0].id;
    expect((await patchVariant(w.hubManager.token, variantId, { stock: 7, priceCents: 310 })).status).toBe(200);
    const renamed = await callRoute(productRoute, {
      method: "PATCH",
      token: w.hubManager.token,
      params: { productId: product.id },
      body: { name: "Nantes carrots" },
    });
    expect(renamed.status).toBe(200);
    expect((await json(renamed)).name).toBe("Nantes carrots");
    // An unrelated manager still cannot.
    expect((await patchVariant(w.stranger.token, variantId, { stock: 1 })).status).toBe(404);

    await getDb()
      .delete(enterprisePermissions)
      .where(and(eq(enterprisePermissions.grantorId, w.farm.id), eq(enterprisePermissions.granteeId, w.hub.id)));
    const before = await snapshotDatabase();
    expect((await patchVariant(w.hubManager.token, variantId, { stock: 0 })).status).toBe(404);
    expect((await callRoute(enterpriseProductsRoute, { token: w.hubManager.token, params: { enterpriseId: w.farm.id }, body: carrots })).status).toBe(403);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    expect(await variantRow(variantId)).toMatchObject({ stock: 7, priceCents: 310 });
  });

  it("updates a product's name, description and tax rate; refuses a bad tax rate", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const patch = (body: unknown) => callRoute(productRoute, { method: "PATCH", token: w.farmer.token, params: { productId: product.id }, body });
    const ok = await json(await patch({ description: "Unwashed", taxRateBasisPoints: 2000 }));
    expect(ok).toMatchObject({ name: "Carrots", description: "Unwashed", taxRateBasisPoints: 2000 });
    expect((await patch({ taxRateBasisPoints: -1 })).status).toBe(422);
    expect((await patch({ name: "" })).status).toBe(422);
    const [row] = await getDb().select().from(products).where(eq(products.id, product.id));
    expect(row).toMatchObject({ name: "Carrots", taxRateBasisPoints: 2000 });
  });

  it("adds a variant after the existing ones and refuses the last archive of a product's variants", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const added = await callRoute(productVariantsRoute, {
      token: w.farmer.token,
      params: { productId: product.id },
      body: { name: "5 kg", priceCents: 1100, stock: 4 },
    });
    expect(added.status).toBe(201);
    const addedVariant = await json(added);
    expect(addedVariant).toMatchObject({ name: "5 kg", position: 2, stock: 4 });

    const [first, second] = product.variants;
    expect((await callRoute(variantRoute, { method: "DELETE", token: w.farmer.token, params: { variantId: first.id } })).status).toBe(204);
    expect((await callRoute(variantRoute, { method: "DELETE", token: w.farmer.token, params: { variantId: second.id } })).status).toBe(204);
    const last = addedVariant.id;
    const refused = await callRoute(variantRoute, { method: "DELETE", token: w.farmer.token, params: { variantId: last } });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).error.fields)).toEqual(["variant"]);
    // Archived rows stay in the database for past orders.
    expect((await variantRow(first.id)).archivedAt).not.toBeNull();
  });

  it("archived products and variants are hidden from lists and answer 404 afterwards", async () => {
    const w = await world();
    const kept = await createCarrots(w.farmer.token, w.farm.id);
    const gone = await json(
      await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: w.farm.id }, body: { ...carrots, name: "Leeks" } }),
    );
    expect((await callRoute(productRoute, { method: "DELETE", token: w.farmer.token, params: { productId: gone.id } })).status).toBe(204);
    expect((await callRoute(variantRoute, { method: "DELETE", token: w.farmer.token, params: { variantId: kept.variants[1].id } })).status).toBe(204);

    const list = await json(await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: w.farm.id } }));
    expect(list.items.map((p: any) => p.name)).toEqual(["Carrots"]);
    expect(list.items[0].variants.map((v: any) => v.name)).toEqual(["1 kg"]);
    expect(list.nextCursor).toBeNull();
    expect((await callRoute(productRoute, { token: w.farmer.token, params: { productId: gone.id } })).status).toBe(404);
    expect((await patchVariant(w.farmer.token, gone.variants[0].id, { stock: 3 })).status).toBe(404);
    expect((await patchVariant(w.farmer.token, kept.variants[1].id, { stock: 3 })).status).toBe(404);
    // The archived product's variants are archived with it, and its rows are kept.
    expect((await variantRow(gone.variants[0].id)).archivedAt).not.toBeNull();
  });

  it("lists products by name with cursor paging and a name search", async () => {
    const w = await world();
    for (const name of ["delta", "Alpha", "charlie", "Bravo", "echo 100%"]) {
      await getDb().insert(products).values({ enterpriseId: w.farm.id, name });
    }
    const page = (query: string) =>
      callRoute(enterpriseProductsRoute, {
        token: w.farmer.token,
        params: { enterpriseId: w.farm.id },
        path: `/api/v1/enterprises/${w.farm.id}/products?${query}`,
      });
    const first = await json(await page("limit=2"));
    expect(first.items.map((p: any) => p.name)).toEqual(["Alpha", "Bravo"]);
    const second = await json(await page(`limit=2&cursor=${first.nextCursor}`));
    expect(second.items.map((p: any) => p.name)).toEqual(["charlie", "delta"]);
    const third = await json(await page(`limit=2&cursor=${second.nextCursor}`));
    expect(third.items.map((p: any) => p.name)).toEqual(["echo 100%"]);
    expect(third.nextCursor).toBeNull();
    expect((await json(await page("search=AR"))).items.map((p: any) => p.name)).toEqual(["charlie"]);
    expect((await json(await page("search=%25"))).items.map((p: any) => p.name)).toEqual(["echo 100%"]);
    expect((await page("cursor=garbage")).status).toBe(422);
    expect((await page("limit=lots")).status).toBe(422);
  });

  it("never answers 500 to hostile bodies, and a refused request changes nothing", async () => {
    const w = await world();
    const product = await createCarrots(w.farmer.token, w.farm.id);
    const variantId = product.variants[0].id;
    const hostile = fc.oneof(
      fc.object({ maxDepth: 2 }),
      fc.record(
        {
          name: fc.string(),
          priceCents: fc.oneof(fc.integer(), fc.double(), fc.string()),
          stock: fc.oneof(fc.integer(), fc.constant(null), fc.string()),
          variants: fc.array(fc.object({ maxDepth: 1 }), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      fc.record({ name: fc.string({ unit: "binary" }), variants: fc.constant([{ name: "\u0000", priceCents: 1, stock: 1 }]) }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (body) => {
        const created = await callRoute(enterpriseProductsRoute, { token: w.farmer.token, params: { enterpriseId: w.farm.id }, body });
        expect(created.status).toBeLessThan(500);
        const patched = await patchVariant(w.farmer.token, variantId, body);
        expect(patched.status).toBeLessThan(500);
        if (patched.status !== 200) expect(await variantRow(variantId)).toMatchObject({ priceCents: 280, stock: 60 });
        else await getDb().update(variants).set({ priceCents: 280, stock: 60, name: "1 kg", weightGrams: 1000 }).where(eq(variants.id, variantId));
      }),
      { numRuns: 60 },
    );
  });
});
