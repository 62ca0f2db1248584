// CSV imports and exports through the API (docs/api.md "Connecting other systems", docs/quality.md
// R14, decision 0045): a dry run writes nothing at all, a failing row writes nothing at all, 50,000
// rows import and are counted exactly, exports neutralise formula cells, an export imported back
// changes nothing, consent follows its rules, two imports racing create each record once.
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb } from "#db/connection.server";
import { customers, products, variants } from "#db/schema";
import * as importProductsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.imports.products";
import * as importCustomersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.imports.customers";
import * as productsCsvRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products[.]csv";
import * as customersCsvRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers[.]csv";
import * as productVariantsRoute from "#app/routes/api.v1.products.$productId.variants";
import * as productsImportPage from "#app/routes/admin.enterprises.$enterpriseId.products.import";
import * as customersImportPage from "#app/routes/admin.enterprises.$enterpriseId.customers_.import";
import { MAX_IMPORT_BYTES } from "#app/http/imports.server";
import { coopPlus, insertEnterprise, insertProduct, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { serveRoute } from "#tests/support/http-server";
import { BASE_URL, callRoute, json } from "#tests/support/http";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
}, 60_000);

type Route = { action: (args: never) => unknown };

async function post(
  route: Route,
  enterpriseId: string,
  token: string,
  body: string | Uint8Array,
  options: { dryRun?: boolean; type?: string; locale?: string } = {},
) {
  const request = new Request(new URL(`/api/v1/x${options.dryRun ? "?dryRun=true" : ""}`, BASE_URL), {
    method: "POST",
    headers: { "Content-Type": options.type ?? "text/csv", Authorization: `Bearer ${token}`, ...(options.locale ? { "Accept-Language": options.locale } : {}) },
    body: body as BodyInit,
  });
  return (await route.action({ request, params: { enterpriseId }, context: {} } as never)) as Response;
}

const importProducts = (enterpriseId: string, token: string, body: string | Uint8Array, options?: Parameters<typeof post>[4]) =>
  post(importProductsRoute, enterpriseId, token, body, options);
const importCustomers = (enterpriseId: string, token: string, body: string | Uint8Array, options?: Parameters<typeof post>[4]) =>
  post(importCustomersRoute, enterpriseId, token, body, options);

async function exportCsv(route: typeof productsCsvRoute | typeof customersCsvRoute, enterpriseId: string, token: string) {
  const response = await callRoute(route, { params: { enterpriseId }, token });
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("text/csv");
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A byte order mark first, so spreadsheets read the accents right (the import drops it).
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes);
}

async function liveVariantsOf(enterpriseId: string) {
  return getDb()
    .select({ product: products.name, variant: variants.name, priceCents: variants.priceCents, stock: variants.stock, category: products.category })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(products.enterpriseId, enterpriseId))
    .orderBy(products.name, variants.position);
}

describe("products", () => {
  test("a dry run reports what would change and writes nothing at all", async () => {
    const file = "product,variant,price,stock\nCarrots,1 kg,2.60,\nCarrots,5 kg,11,4\nBeets,1 kg,3,\n";
    const before = await snapshotDatabase();
    const response = await importProducts(w.supplierA.id, w.people.supplierA.token, file, { dryRun: true });
    expect(response.status).toBe(200);
    const result = await json(response);
    // Carrots 1 kg changes price (2.50 → 2.60) and stock (10 → unlimited); 5 kg and Beets are new.
    expect(result).toMatchObject({ dryRun: true, created: 2, updated: 1, unchanged: 0, errors: [] });
    expect(result.sample.map((change: { row: number; action: string }) => [change.row, change.action])).toEqual([
      [1, "update"],
      [2, "create"],
      [3, "create"],
    ]);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("one failing row: every row listed with its reason, nothing written at all, created and updated 0", async () => {
    const file = "product;variant;price;category\nCarrots;1 kg;2,60;vegetables\nParsnips;1 kg;3,2,1;\nParsnips;2 kg;6;cheeses\n";
    const before = await snapshotDatabase();
    const response = await importProducts(w.supplierA.id, w.people.supplierA.token, file, { locale: "fr" });
    expect(response.status).toBe(200);
    const result = await json(response);
    expect(result).toMatchObject({ dryRun: false, created: 0, updated: 0 });
    expect(result.errors).toEqual([
      { row: 2, column: "price", code: "notAPrice", message: "« 3,2,1 » n’est pas un prix : écrivez-le comme 3,50 ou 3.50." },
      { row: 3, column: "category", code: "unknownCategory", message: "Catégorie inconnue « cheeses »." },
    ]);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("a row failing only against the catalogue (another product's variant id) also writes nothing", async () => {
    await importProducts(w.supplierA.id, w.people.supplierA.token, "product,variant,price,variant_external_id\nKale,Bunch,2,SKU-KALE\n");
    const before = await snapshotDatabase();
    const result = await json(
      await importProducts(w.supplierA.id, w.people.supplierA.token, "product,variant,price,variant_external_id\nNew thing,One,1,\nChard,Bunch,2,SKU-KALE\n"),
    );
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, column: "variant_external_id", code: "variantOfAnotherProduct" })]);
    expect(result.created).toBe(0);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("applied: a Latin-1 file creates and updates exactly what its rows say", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Latin farm", kind: "producer" });
    await insertProduct(farm.id, "Pâté", [{ name: "200 g", priceCents: 450, stock: 3 }]);
    const text =
      "product;variant;price;stock;category;units_per_case\nPâté;200 g;4,50;3;;1\nPâté;400 g;8,20;;Épicerie;6\nCrème fraîche;25 cl;2,10;12;produits laitiers;\n";
    const latin1 = Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
    const result = await json(await importProducts(farm.id, w.people.supplierC.token, latin1));
    expect(result).toMatchObject({ created: 2, updated: 1, unchanged: 0, errors: [] });
    expect(await liveVariantsOf(farm.id)).toEqual([
      { product: "Crème fraîche", variant: "25 cl", priceCents: 210, stock: 12, category: "dairy" },
      { product: "Pâté", variant: "200 g", priceCents: 450, stock: 3, category: "pantry" },
      { product: "Pâté", variant: "400 g", priceCents: 820, stock: null, category: "pantry" },
    ]);
    const [{ unitsPerCase }] = await getDb().select({ unitsPerCase: variants.unitsPerCase }).from(variants).where(eq(variants.name, "400 g"));
    expect(unitsPerCase).toBe(6);
  });

  test("export: formula cells neutralised; the export imported back changes nothing", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Formula farm", kind: "producer" });
    const file = [
      "product,variant,price,stock,weight_grams,units_per_case,category,product_external_id,variant_external_id",
      `"=HYPERLINK(""http://x"")",@one,1.00,,,1,,,`,
      "Apples,+1 kg,2.99,40,1000,6,fruit,ERP-APPLE,SKU-APPLE-1",
      "Apples,Crate,19.50,,,1,fruit,ERP-APPLE,",
    ].join("\n");
    expect(await json(await importProducts(farm.id, w.people.supplierC.token, file))).toMatchObject({ created: 3, errors: [] });
    const exported = await exportCsv(productsCsvRoute, farm.id, w.people.supplierC.token);
    expect(exported.split("\r\n")).toEqual([
      "product,variant,price,stock,weight_grams,units_per_case,category,product_external_id,variant_external_id",
      `"'=HYPERLINK(""http://x"")",'@one,1.00,,,1,,,`,
      "Apples,'+1 kg,2.99,40,1000,6,fruit,ERP-APPLE,SKU-APPLE-1",
      "Apples,Crate,19.50,,,1,fruit,ERP-APPLE,",
      "",
    ]);
    // The neutralised rows come back as new text (an apostrophe is data); the others change nothing.
    const plain = exported
      .split("\r\n")
      .filter((line) => !line.includes("'"))
      .join("\r\n");
    const before = await snapshotDatabase();
    const again = await json(await importProducts(farm.id, w.people.supplierC.token, plain));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, errors: [] });
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("round trip of a whole catalogue: export, import, nothing created or changed", async () => {
    const exported = await exportCsv(productsCsvRoute, w.supplierA.id, w.people.supplierA.token);
    const before = await snapshotDatabase();
    const result = await json(await importProducts(w.supplierA.id, w.people.supplierA.token, exported));
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(result.unchanged).toBe(exported.trim().split("\r\n").length - 1);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("50,000 rows import in one go and are counted exactly", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Big farm", kind: "producer" });
    const lines = ["product,variant,price,stock,product_external_id,variant_external_id"];
    for (let i = 0; i < 50_000; i += 1) {
      const product = Math.floor(i / 5);
      lines.push(`Product ${product},Size ${i % 5},${(i % 900) + 1}.${String(i % 100).padStart(2, "0")},${i % 7 === 0 ? "" : i % 50},P-${product},V-${i}`);
    }
    const file = lines.join("\n");
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await json(await importProducts(farm.id, w.people.supplierC.token, file));
    expect(result).toMatchObject({ created: 50_000, updated: 0, errors: [] });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(1024 * 1024 * 1024);
    const [{ n: productCount }] = await getDb().select({ n: count() }).from(products).where(eq(products.enterpriseId, farm.id));
    const [{ n: variantCount }] = await getDb().select({ n: count() }).from(variants).where(eq(variants.externalIdOwnerId, farm.id));
    expect([productCount, variantCount]).toEqual([10_000, 50_000]);
    const [sample] = await getDb()
      .select()
      .from(variants)
      .where(and(eq(variants.externalIdOwnerId, farm.id), eq(variants.externalId, "V-12345")));
    expect([sample.priceCents, sample.stock]).toEqual([(12345 % 900) * 100 + 100 + 45, 12345 % 50]);
    // Imported again with one price changed: one update, the rest unchanged.
    const changed = file.replace(/^Product 3,Size 2,[^,]+,/m, "Product 3,Size 2,999.99,");
    expect(await json(await importProducts(farm.id, w.people.supplierC.token, changed, { dryRun: true }))).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 49_999,
    });
  }, 120_000);

  test("two imports racing with the same new products create them once", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Race farm", kind: "producer" });
    const server = await serveRoute(importProductsRoute, { enterpriseId: farm.id });
    const file = Array.from({ length: 200 }, (_, i) => `Race ${i},1 kg,1.00`).join("\n");
    try {
      const send = () =>
        fetch(`${server.url}/api/v1/enterprises/${farm.id}/imports/products`, {
          method: "POST",
          headers: { "Content-Type": "text/csv", Authorization: `Bearer ${w.people.supplierC.token}` },
          body: `product,variant,price\n${file}`,
        }).then((response) => response.json());
      const results = await Promise.all([send(), send(), send()]);
      expect(results.map((result) => result.created).sort((a, b) => a - b)).toEqual([0, 0, 200]);
      const [{ n }] = await getDb().select({ n: count() }).from(products).where(eq(products.enterpriseId, farm.id));
      expect(n).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe("the variant limit", () => {
  test("a dry run says a product would pass 50 variants; an import racing a new variant leaves exactly 50", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Limit farm", kind: "producer" });
    const { product } = await insertProduct(
      farm.id,
      "Seeds",
      Array.from({ length: 49 }, (_, i) => ({ name: `Packet ${i}`, priceCents: 100 })),
    );
    const two = "product,variant,price\nSeeds,Packet new 1,1\nSeeds,Packet new 2,1\n";
    const dry = await json(await importProducts(farm.id, w.people.supplierC.token, two, { dryRun: true }));
    expect(dry.errors).toEqual([expect.objectContaining({ row: 1, column: "variant", code: "tooManyVariants" })]);

    const importServer = await serveRoute(importProductsRoute, { enterpriseId: farm.id });
    const variantServer = await serveRoute(productVariantsRoute, { productId: product.id });
    const headers = { Authorization: `Bearer ${w.people.supplierC.token}` };
    try {
      const [imported, added] = await Promise.all([
        fetch(`${importServer.url}/x`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "text/csv" },
          body: "product,variant,price\nSeeds,By import,1\n",
        }).then((response) => response.json()),
        fetch(`${variantServer.url}/x`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify({ name: "By hand", priceCents: 100, stock: null }),
        }),
      ]);
      // Whichever came first took the 50th place; the other was refused.
      expect([imported.created === 1, added.status === 201].filter(Boolean)).toHaveLength(1);
      if (imported.created === 0) expect(imported.errors).toEqual([expect.objectContaining({ code: "tooManyVariants" })]);
      else expect(added.status).toBe(422);
    } finally {
      await importServer.close();
      await variantServer.close();
    }
    const [{ n }] = await getDb()
      .select({ n: count() })
      .from(variants)
      .where(and(eq(variants.productId, product.id)));
    expect(n).toBe(50);
  });
});

describe("customers", () => {
  test("created, matched by email in any case, tags and consent by their rules", async () => {
    const river = w.distributor.id;
    const token = w.people.distributor.token;
    const first = "email,name,phone,tags,marketing_consent\nAnne@Example.org,Anne,+33 6 00 00 00 01,Box;Veg,yes\nbob@example.org,Bob,,,no\n";
    expect(await json(await importCustomers(river, token, first))).toMatchObject({ created: 2, updated: 0, errors: [] });
    const anne = async () =>
      (
        await getDb()
          .select()
          .from(customers)
          .where(and(eq(customers.distributorId, river), eq(customers.email, "anne@example.org")))
      )[0];
    const given = await anne();
    expect([given.name, given.phone, given.tags, given.marketingConsentSource]).toEqual(["Anne", "+33 6 00 00 00 01", ["box", "veg"], "import"]);
    expect(given.marketingConsentAt).toBeInstanceOf(Date);

    // "yes" again keeps the first consent (its date); a column left out keeps the customer's own.
    expect(await json(await importCustomers(river, token, "email,marketing_consent,tags\nANNE@example.org,oui,veg;box\n"))).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    expect((await anne()).marketingConsentAt).toEqual(given.marketingConsentAt);
    expect(await json(await importCustomers(river, token, "email,marketing_consent\nanne@example.org,non\n"))).toMatchObject({ updated: 1 });
    const refused = await anne();
    expect([refused.marketingConsentAt, refused.marketingConsentSource, refused.name, refused.tags]).toEqual([null, null, "Anne", ["box", "veg"]]);
  });

  test("a bad email fails the import: nothing written", async () => {
    const before = await snapshotDatabase();
    const result = await json(await importCustomers(w.distributor.id, w.people.distributor.token, "email,name\nnew@example.org,New\nnot-an-email,Bad\n"));
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(result.errors).toEqual([{ row: 2, column: "email", code: "invalidEmail", message: "Enter a valid email address." }]);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("export neutralises formula cells, and imported back changes nothing", async () => {
    const lake = w.lake.id;
    const token = w.people.lake.token;
    await importCustomers(lake, token, 'email,name,phone,tags,marketing_consent\nc@example.org,"=1+2",+44 20 7946 0000,@vip,yes\nd@example.org,Dee,,,\n');
    const exported = await exportCsv(customersCsvRoute, lake, token);
    expect(exported.split("\r\n")).toEqual([
      "email,name,phone,tags,marketing_consent",
      "c@example.org,'=1+2,'+44 20 7946 0000,'@vip,yes",
      "d@example.org,Dee,,,no",
      "",
    ]);
    const withoutFormulas = exported.replace("'=1+2", "=1+2").replace("'@vip", "@vip");
    const before = await snapshotDatabase();
    expect(await json(await importCustomers(lake, token, withoutFormulas))).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });
});

describe("the edge", () => {
  test("outsiders get 404, a producer without a shop cannot import customers (403), a hub has no products to import (403)", async () => {
    const csv = "product,variant,price\nX,Y,1\n";
    expect((await importProducts(w.supplierA.id, w.people.unrelated.token, csv)).status).toBe(404);
    // The hub works with supplier A (it sees A's products in its cycles) but A's imports are A's own.
    expect((await importProducts(w.supplierA.id, w.people.hub.token, csv)).status).toBe(404);
    expect((await callRoute(productsCsvRoute, { params: { enterpriseId: w.supplierA.id }, token: w.people.hub.token })).status).toBe(404);
    expect((await importCustomers(w.supplierA.id, w.people.supplierA.token, "email\na@example.org\n")).status).toBe(403);
    expect((await callRoute(customersCsvRoute, { params: { enterpriseId: w.supplierA.id }, token: w.people.supplierA.token })).status).toBe(403);
    expect((await importProducts(w.distributor.id, w.people.distributor.token, csv)).status).toBe(403);
    expect((await importCustomers(w.distributor.id, w.people.supplierA.token, "email\na@example.org\n")).status).toBe(404);
  });

  test("a body over the limit is 413 in JSON, another content type 400; nothing written", async () => {
    const before = await snapshotDatabase();
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x41);
    const tooLarge = await importProducts(w.supplierA.id, w.people.supplierA.token, big);
    expect(tooLarge.status).toBe(413);
    expect((await json(tooLarge)).error.code).toBe("too_large");
    const wrongType = await importProducts(w.supplierA.id, w.people.supplierA.token, '{"a":1}', { type: "application/json" });
    expect(wrongType.status).toBe(400);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });
});

describe("the page", () => {
  const pagePath = (enterpriseId: string, what: string) => `/admin/enterprises/${enterpriseId}/${what}/import`;

  test("checking writes nothing, applying the checked text writes it; no file is an error at the field", async () => {
    const farm = await insertEnterprise(w.people.supplierC, { name: "Page farm", kind: "producer" });
    const cookie = w.sessions.supplierC;
    const send = (form: Record<string, string>) =>
      callRoute(productsImportPage, { cookie, params: { enterpriseId: farm.id }, path: pagePath(farm.id, "products"), form });
    const empty = await json(await send({ intent: "check", content: "  " }));
    expect(empty.fieldErrors).toEqual({ file: "Choose a file or paste its content." });

    const content = "product;variant;price\nHoney;Jar;7,50\n";
    const before = await snapshotDatabase();
    const checked = await json(await send({ intent: "check", content }));
    expect(checked).toMatchObject({ ok: true, intent: "check", content, result: { dryRun: true, created: 1, errors: [] } });
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    const applied = await json(await send({ intent: "apply", content: checked.content }));
    expect(applied).toMatchObject({ ok: true, intent: "apply", result: { dryRun: false, created: 1 } });
    expect(await liveVariantsOf(farm.id)).toEqual([{ product: "Honey", variant: "Jar", priceCents: 750, stock: null, category: null }]);
  });

  test("outsiders get 404; a producer without a shop has no customers page to import to (403)", async () => {
    const outsider = await callRoute(productsImportPage, {
      cookie: w.sessions.unrelated,
      params: { enterpriseId: w.supplierA.id },
      path: pagePath(w.supplierA.id, "products"),
    });
    expect(outsider.status).toBe(404);
    const noShop = await callRoute(customersImportPage, {
      cookie: w.sessions.supplierA,
      params: { enterpriseId: w.supplierA.id },
      path: pagePath(w.supplierA.id, "customers"),
    });
    expect(noShop.status).toBe(403);
    const own = await callRoute(customersImportPage, {
      cookie: w.sessions.distributor,
      params: { enterpriseId: w.distributor.id },
      path: pagePath(w.distributor.id, "customers"),
    });
    expect(own.status).toBe(200);
  });
});
