// The admin catalogue pages: the inline-edit products table, the new-product form, the product
// editor, and their access rules, called as Remix would with a signed-in session.
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as productsPageRoute from "#app/routes/admin.enterprises.$enterpriseId.products._index";
import * as newProductRoute from "#app/routes/admin.enterprises.$enterpriseId.products.new";
import * as productEditorRoute from "#app/routes/admin.enterprises.$enterpriseId.products.$productId";
import { startSession } from "#app/auth/session.server";
import { getDb, queryCount } from "#db/connection.server";
import { enterprisePermissions, products, variants } from "#db/schema";
import { insertEnterprise, insertGrant, insertProduct } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";

async function cookieFor(user: TestUser) {
  return (await startSession(user.id)).split(";")[0];
}

async function world() {
  const farmer = await createUser({ name: "Farmer" });
  const hubManager = await createUser({ name: "Hub manager" });
  const stranger = await createUser({ name: "Stranger" });
  const farm = await insertEnterprise(farmer, { name: "Farm", kind: "producer" });
  const hub = await insertEnterprise(hubManager, { name: "Hub", kind: "hub" });
  await insertEnterprise(stranger, { name: "Elsewhere", kind: "producer" });
  return {
    farmer,
    hubManager,
    stranger,
    farm,
    hub,
    cookies: { farmer: await cookieFor(farmer), hub: await cookieFor(hubManager), stranger: await cookieFor(stranger) },
  };
}

const pagePath = (enterpriseId: string, query = "") => `/admin/enterprises/${enterpriseId}/products${query}`;
const loadPage = (cookie: string, enterpriseId: string, query = "") =>
  callRoute(productsPageRoute, { cookie, params: { enterpriseId }, path: pagePath(enterpriseId, query) });

async function variantRows(ids: string[]) {
  const rows = await getDb().select().from(variants).where(inArray(variants.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

describe("products page", () => {
  it("runs the same number of SQL queries for 3 products as for 60", async () => {
    const farmWith = async (productCount: number) => {
      const user = await createUser();
      const farm = await insertEnterprise(user, { name: `Farm ${productCount}`, kind: "producer" });
      for (let i = 0; i < productCount; i++) {
        await insertProduct(farm.id, `Product ${String(i).padStart(2, "0")}`, [
          { name: "small", priceCents: 100 },
          { name: "large", priceCents: 300, stock: null },
        ]);
      }
      return { farm, cookie: await cookieFor(user) };
    };
    const few = await farmWith(3);
    const many = await farmWith(60);
    // Warm the connection pool first: a new connection asks Postgres for its types once.
    await loadPage(few.cookie, few.farm.id);
    await loadPage(many.cookie, many.farm.id);
    const queriesFor = async ({ farm, cookie }: typeof few, expected: number) => {
      const before = queryCount();
      const res = await loadPage(cookie, farm.id);
      const used = queryCount() - before;
      expect(res.status).toBe(200);
      expect((await json(res)).items).toHaveLength(expected);
      return used;
    };
    const forFew = await queriesFor(few, 3);
    const forMany = await queriesFor(many, 60);
    expect(forMany).toBe(forFew);
    expect(forFew).toBeLessThanOrEqual(8);
  });

  it("pages 100 products at a time with a next cursor, and searches by name", async () => {
    const w = await world();
    const values = Array.from({ length: 105 }, (_, i) => ({ enterpriseId: w.farm.id, name: `Item ${String(i).padStart(3, "0")}` }));
    await getDb().insert(products).values(values);
    const first = await json(await loadPage(w.cookies.farmer, w.farm.id));
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toBeTruthy();
    const second = await json(await loadPage(w.cookies.farmer, w.farm.id, `?cursor=${first.nextCursor}`));
    expect(second.items.map((p: any) => p.name)).toEqual(["Item 100", "Item 101", "Item 102", "Item 103", "Item 104"]);
    expect(second.nextCursor).toBeNull();
    const found = await json(await loadPage(w.cookies.farmer, w.farm.id, "?q=item%20042"));
    expect(found.items.map((p: any) => p.name)).toEqual(["Item 042"]);
    // A stale cursor shows the first page rather than an error.
    expect((await loadPage(w.cookies.farmer, w.farm.id, "?cursor=%%%")).status).toBe(200);
  });

  it("the bulk form saves exactly the changed rows, and never writes back a stock nobody touched", async () => {
    const w = await world();
    const a = await insertProduct(w.farm.id, "Apples", [
      { name: "1 kg", priceCents: 350, stock: 80 },
      { name: "5 kg", priceCents: 1500, stock: 10 },
    ]);
    const b = await insertProduct(w.farm.id, "Pears", [{ name: "1 kg", priceCents: 390, stock: 40 }]);
    const [apple1, apple5] = a.variants;
    const [pear] = b.variants;
    // What the page showed, then a checkout takes 3 pears and 2 small apples before the manager saves.
    const shown = { [apple1.id]: { price: "3.50", stock: "80" }, [apple5.id]: { price: "15.00", stock: "10" }, [pear.id]: { price: "3.90", stock: "40" } };
    await getDb().execute(sql`update variants set stock = stock - 3 where id = ${pear.id}`);
    await getDb().execute(sql`update variants set stock = stock - 2 where id = ${apple1.id}`);
    const form: Record<string, string> = {};
    for (const [id, cells] of Object.entries(shown)) {
      form[`price.${id}`] = cells.price;
      form[`priceWas.${id}`] = cells.price;
      form[`stock.${id}`] = cells.stock;
      form[`stockWas.${id}`] = cells.stock;
    }
    form[`price.${apple1.id}`] = "3,70"; // price changed, stock untouched
    form[`stock.${apple5.id}`] = ""; // now unlimited
    form[`price.${pear.id}`] = "3.9"; // the same price written differently: not a change
    const res = await callRoute(productsPageRoute, { cookie: w.cookies.farmer, params: { enterpriseId: w.farm.id }, path: pagePath(w.farm.id), form });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ ok: true, saved: 2 });
    const rows = await variantRows([apple1.id, apple5.id, pear.id]);
    expect(rows.get(apple1.id)).toMatchObject({ priceCents: 370, stock: 78 });
    expect(rows.get(apple5.id)).toMatchObject({ priceCents: 1500, stock: null });
    expect(rows.get(pear.id)).toMatchObject({ priceCents: 390, stock: 37 });
  });

  it("a bulk save with one bad cell saves nothing and puts the error next to that cell", async () => {
    const w = await world();
    const a = await insertProduct(w.farm.id, "Apples", [
      { name: "1 kg", priceCents: 350, stock: 80 },
      { name: "5 kg", priceCents: 1500, stock: 10 },
    ]);
    const [apple1, apple5] = a.variants;
    const form = {
      [`price.${apple1.id}`]: "4.00",
      [`priceWas.${apple1.id}`]: "3.50",
      [`stock.${apple1.id}`]: "80",
      [`stockWas.${apple1.id}`]: "80",
      [`price.${apple5.id}`]: "-2",
      [`priceWas.${apple5.id}`]: "15.00",
      [`stock.${apple5.id}`]: "-1",
      [`stockWas.${apple5.id}`]: "10",
    };
    const res = await callRoute(productsPageRoute, { cookie: w.cookies.farmer, params: { enterpriseId: w.farm.id }, path: pagePath(w.farm.id), form });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(Object.keys(body.fieldErrors).sort()).toEqual([`price.${apple5.id}`, `stock.${apple5.id}`].sort());
    expect(body.values[`price.${apple1.id}`]).toBe("4.00");
    const rows = await variantRows([apple1.id, apple5.id]);
    expect(rows.get(apple1.id)).toMatchObject({ priceCents: 350, stock: 80 });
    expect(rows.get(apple5.id)).toMatchObject({ priceCents: 1500, stock: 10 });
  });

  it("a bulk save cannot reach a variant of another enterprise", async () => {
    const w = await world();
    const theirs = await insertProduct(w.hub.id, "Not yours", [{ name: "one", priceCents: 100, stock: 5 }]);
    await insertProduct(w.farm.id, "Mine", [{ name: "one", priceCents: 100, stock: 5 }]);
    const id = theirs.variants[0].id;
    const res = await callRoute(productsPageRoute, {
      cookie: w.cookies.farmer,
      params: { enterpriseId: w.farm.id },
      path: pagePath(w.farm.id),
      form: { [`stock.${id}`]: "0", [`stockWas.${id}`]: "5" },
    });
    expect(res.status).toBe(422);
    expect((await variantRows([id])).get(id)!.stock).toBe(5);
  });

  it("a manager of an enterprise granted manage_products reaches the grantor's page and saves stock; revoking closes it", async () => {
    const w = await world();
    const a = await insertProduct(w.farm.id, "Apples", [{ name: "1 kg", priceCents: 350, stock: 80 }]);
    const id = a.variants[0].id;
    expect((await loadPage(w.cookies.hub, w.farm.id)).status).toBe(403);
    await insertGrant(w.farm.id, w.hub.id, "manage_products");
    expect((await loadPage(w.cookies.hub, w.farm.id)).status).toBe(200);
    const save = () =>
      callRoute(productsPageRoute, {
        cookie: w.cookies.hub,
        params: { enterpriseId: w.farm.id },
        path: pagePath(w.farm.id),
        form: { [`stock.${id}`]: "12", [`stockWas.${id}`]: "80" },
      });
    expect((await save()).status).toBe(200);
    expect((await variantRows([id])).get(id)!.stock).toBe(12);
    // An unrelated manager still cannot.
    expect((await loadPage(w.cookies.stranger, w.farm.id)).status).toBe(403);

    await getDb()
      .delete(enterprisePermissions)
      .where(and(eq(enterprisePermissions.grantorId, w.farm.id), eq(enterprisePermissions.granteeId, w.hub.id)));
    expect((await loadPage(w.cookies.hub, w.farm.id)).status).toBe(403);
    await getDb().update(variants).set({ stock: 80 }).where(eq(variants.id, id));
    expect((await save()).status).toBe(403);
    expect((await variantRows([id])).get(id)!.stock).toBe(80);
  });

  it("sends a signed-out visitor to the login page and answers 404 for an unknown enterprise", async () => {
    const w = await world();
    const res = await callRoute(productsPageRoute, { params: { enterpriseId: w.farm.id }, path: pagePath(w.farm.id) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    expect((await loadPage(w.cookies.farmer, "missing")).status).toBe(404);
  });

  it("says a hub without products of its own has no products, rather than offering the form", async () => {
    const w = await world();
    const page = await json(await loadPage(w.cookies.hub, w.hub.id));
    expect(page.enterprise.canHaveProducts).toBe(false);
    const form = await json(await callRoute(newProductRoute, { cookie: w.cookies.hub, params: { enterpriseId: w.hub.id }, path: pagePath(w.hub.id, "/new") }));
    expect(form.enterprise.canHaveProducts).toBe(false);
  });
});

describe("new product form", () => {
  it("creates a product from money typed with a comma, an empty stock as unlimited, skipping blank rows", async () => {
    const w = await world();
    const res = await callRoute(newProductRoute, {
      cookie: w.cookies.farmer,
      params: { enterpriseId: w.farm.id },
      path: pagePath(w.farm.id, "/new"),
      form: {
        name: "Honey",
        description: "Wildflower",
        taxRate: "5,5",
        "variants.0.name": "340 g jar",
        "variants.0.price": "7,80",
        "variants.0.stock": "24",
        "variants.0.weight": "450",
        "variants.1.name": "",
        "variants.1.price": "",
        "variants.1.stock": "",
        "variants.1.weight": "",
        "variants.2.name": "1 kg jar",
        "variants.2.price": "18.00",
        "variants.2.stock": "",
        "variants.2.weight": "",
      },
    });
    expect(res.status).toBe(302);
    const [product] = await getDb()
      .select()
      .from(products)
      .where(and(eq(products.enterpriseId, w.farm.id), eq(products.name, "Honey")));
    expect(res.headers.get("Location")).toBe(`/admin/enterprises/${w.farm.id}/products/${product.id}?created=1`);
    expect(product).toMatchObject({ description: "Wildflower", taxRateBasisPoints: 550 });
    const rows = await getDb().select().from(variants).where(eq(variants.productId, product.id)).orderBy(variants.position);
    expect(rows.map((row) => [row.name, row.priceCents, row.stock, row.weightGrams])).toEqual([
      ["340 g jar", 780, 24, 450],
      ["1 kg jar", 1800, null, null],
    ]);
  });

  it("shows every error at once next to its row, keeps the input, and creates nothing", async () => {
    const w = await world();
    const res = await callRoute(newProductRoute, {
      cookie: w.cookies.farmer,
      params: { enterpriseId: w.farm.id },
      path: pagePath(w.farm.id, "/new"),
      form: {
        name: "",
        taxRate: "120",
        "variants.0.name": "",
        "variants.0.price": "",
        "variants.0.stock": "",
        "variants.1.name": "",
        "variants.1.price": "",
        "variants.1.stock": "",
        "variants.2.name": "Big",
        "variants.2.price": "four",
        "variants.2.stock": "-3",
      },
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.fieldErrors).toMatchObject({
      name: expect.any(String),
      taxRate: expect.stringMatching(/percentage/i),
      "variants.2.price": expect.stringMatching(/amount/i),
      "variants.2.stock": expect.stringMatching(/whole number/i),
    });
    expect(body.values["variants.2.name"]).toBe("Big");
    expect(await getDb().select().from(products).where(eq(products.enterpriseId, w.farm.id))).toHaveLength(0);
  });

  it("asks for at least one variant", async () => {
    const w = await world();
    const res = await callRoute(newProductRoute, {
      cookie: w.cookies.farmer,
      params: { enterpriseId: w.farm.id },
      path: pagePath(w.farm.id, "/new"),
      form: { name: "Nothing", "variants.0.name": "" },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors.variants).toBe("Add at least one variant.");
  });

  it("is refused to an unrelated manager (403)", async () => {
    const w = await world();
    expect(
      (await callRoute(newProductRoute, { cookie: w.cookies.stranger, params: { enterpriseId: w.farm.id }, path: pagePath(w.farm.id, "/new") })).status,
    ).toBe(403);
    const res = await callRoute(newProductRoute, {
      cookie: w.cookies.stranger,
      params: { enterpriseId: w.farm.id },
      path: pagePath(w.farm.id, "/new"),
      form: { name: "Sneaky", "variants.0.name": "x", "variants.0.price": "1" },
    });
    expect(res.status).toBe(403);
    expect(await getDb().select().from(products).where(eq(products.enterpriseId, w.farm.id))).toHaveLength(0);
  });
});

describe("product editor", () => {
  const editorPath = (enterpriseId: string, productId: string) => `/admin/enterprises/${enterpriseId}/products/${productId}`;

  it("renames, adds a variant, archives a variant, then archives the product out of the list", async () => {
    const w = await world();
    const {
      product,
      variants: [small, large],
    } = await insertProduct(w.farm.id, "Apples", [
      { name: "1 kg", priceCents: 350, stock: 80 },
      { name: "5 kg", priceCents: 1500, stock: 10 },
    ]);
    const post = (form: Record<string, string>) =>
      callRoute(productEditorRoute, {
        cookie: w.cookies.farmer,
        params: { enterpriseId: w.farm.id, productId: product.id },
        path: editorPath(w.farm.id, product.id),
        form,
      });

    expect((await post({ intent: "details", name: "Heritage apples", description: "Mixed", taxRate: "5.5" })).status).toBe(200);
    expect((await post({ intent: "addVariant", name: "10 kg", price: "27,50", stock: "", weight: "10000" })).status).toBe(200);
    expect((await post({ intent: "archiveVariant", variantId: large.id })).status).toBe(200);
    expect(
      (
        await post({
          intent: "variants",
          [`name.${small.id}`]: "1 kg bag",
          [`nameWas.${small.id}`]: "1 kg",
          [`weight.${small.id}`]: "1000",
          [`weightWas.${small.id}`]: "",
        })
      ).status,
    ).toBe(200);

    const editor = await json(
      await callRoute(productEditorRoute, {
        cookie: w.cookies.farmer,
        params: { enterpriseId: w.farm.id, productId: product.id },
        path: editorPath(w.farm.id, product.id),
      }),
    );
    expect(editor.product).toMatchObject({ name: "Heritage apples", description: "Mixed", taxRateBasisPoints: 550 });
    expect(editor.product.variants.map((v: any) => [v.name, v.priceCents, v.stock, v.weightGrams])).toEqual([
      ["1 kg bag", 350, 80, 1000],
      ["10 kg", 2750, null, 10000],
    ]);

    const archived = await post({ intent: "archiveProduct" });
    expect(archived.status).toBe(302);
    expect(archived.headers.get("Location")).toBe(`/admin/enterprises/${w.farm.id}/products?archived=1`);
    expect((await json(await loadPage(w.cookies.farmer, w.farm.id))).items).toEqual([]);
    expect(
      (
        await callRoute(productEditorRoute, {
          cookie: w.cookies.farmer,
          params: { enterpriseId: w.farm.id, productId: product.id },
          path: editorPath(w.farm.id, product.id),
        })
      ).status,
    ).toBe(404);
  });

  it("refuses to archive the last variant, with the reason", async () => {
    const w = await world();
    const {
      product,
      variants: [only],
    } = await insertProduct(w.farm.id, "Leeks", [{ name: "Bunch", priceCents: 300 }]);
    const res = await callRoute(productEditorRoute, {
      cookie: w.cookies.farmer,
      params: { enterpriseId: w.farm.id, productId: product.id },
      path: editorPath(w.farm.id, product.id),
      form: { intent: "archiveVariant", variantId: only.id },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors.variant).toMatch(/archive the product/i);
    expect((await variantRows([only.id])).get(only.id)!.archivedAt).toBeNull();
  });
});
