// External ids (docs/domain.md 14, decision 0044): set through each resource's create and PATCH
// routes, answered in its JSON, searched with ?externalId=, unique per owning enterprise (the same
// id in two enterprises is fine); a duplicate is a 422 at `externalId` in the caller's language
// with nothing written, and two creates racing with one id make one record and one 422.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb } from "#db/connection.server";
import { customers, orderCycles, orders, products, variants } from "#db/schema";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as customersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers";
import * as productsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products";
import * as cycleRoute from "#app/routes/api.v1.order-cycles.$cycleId";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as productRoute from "#app/routes/api.v1.products.$productId";
import * as productVariantsRoute from "#app/routes/api.v1.products.$productId.variants";
import * as variantRoute from "#app/routes/api.v1.variants.$variantId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { serveRoute } from "#tests/support/http-server";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
}, 60_000);

const newProduct = (name: string, externalId?: string | null, variantExternalId?: string) => ({
  name,
  ...(externalId !== undefined ? { externalId } : {}),
  variants: [{ name: "1 kg", priceCents: 100, stock: null, ...(variantExternalId ? { externalId: variantExternalId } : {}) }],
});

function createProduct(enterpriseId: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  return callRoute(productsRoute, { method: "POST", path: "/x", params: { enterpriseId }, token, body, headers });
}

async function rowCount(table: typeof products | typeof variants | typeof orderCycles | typeof customers | typeof orders) {
  const [row] = await getDb().select({ n: count() }).from(table);
  return row.n;
}

describe("products and variants", () => {
  test("set on create, answered, searched, changed and cleared by PATCH", async () => {
    const created = await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Beets", "ERP-BEET-1", "SKU-BEET-1KG"));
    expect(created.status).toBe(201);
    const product = await json(created);
    expect(product.externalId).toBe("ERP-BEET-1");
    expect(product.variants[0].externalId).toBe("SKU-BEET-1KG");

    const byProduct = await json(
      await callRoute(productsRoute, { path: "/x?externalId=ERP-BEET-1", params: { enterpriseId: w.supplierA.id }, token: w.people.supplierA.token }),
    );
    expect(byProduct.items.map((item: { id: string }) => item.id)).toEqual([product.id]);
    const byVariant = await json(
      await callRoute(productsRoute, { path: "/x?externalId=SKU-BEET-1KG", params: { enterpriseId: w.supplierA.id }, token: w.people.supplierA.token }),
    );
    expect(byVariant.items.map((item: { id: string }) => item.id)).toEqual([product.id]);

    const patched = await callRoute(productRoute, {
      method: "PATCH",
      path: "/x",
      params: { productId: product.id },
      token: w.people.supplierA.token,
      body: { externalId: "  ERP-BEET-2 " },
    });
    expect(patched.status).toBe(200);
    expect((await json(patched)).externalId).toBe("ERP-BEET-2");
    const variantPatched = await callRoute(variantRoute, {
      method: "PATCH",
      path: "/x",
      params: { variantId: product.variants[0].id },
      token: w.people.supplierA.token,
      body: { externalId: null },
    });
    expect(variantPatched.status).toBe(200);
    expect((await json(variantPatched)).externalId).toBeNull();
    const [row] = await getDb().select().from(variants).where(eq(variants.id, product.variants[0].id));
    expect([row.externalId, row.externalIdOwnerId]).toEqual([null, null]);

    const added = await callRoute(productVariantsRoute, {
      method: "POST",
      path: "/x",
      params: { productId: product.id },
      token: w.people.supplierA.token,
      body: { name: "5 kg", priceCents: 400, stock: 3, externalId: "SKU-BEET-5KG" },
    });
    expect(added.status).toBe(201);
    expect((await json(added)).externalId).toBe("SKU-BEET-5KG");
  });

  test("unique per enterprise: the same id elsewhere is fine, a duplicate is refused at the field with nothing written", async () => {
    expect((await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Onions", "ONION", "ONION-V"))).status).toBe(201);
    // Farm B may use the same ids for its own records.
    expect((await createProduct(w.supplierB.id, w.people.supplierB.token, newProduct("Cream", "ONION", "ONION-V"))).status).toBe(201);

    const before = [await rowCount(products), await rowCount(variants)];
    const again = await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Onions again", "ONION"));
    expect(again.status).toBe(422);
    expect((await json(again)).error.fields.externalId).toBe("Another record of this enterprise already has this external id.");
    const variantAgain = await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Shallots", "SHALLOT", "ONION-V"), {
      "Accept-Language": "fr",
    });
    expect(variantAgain.status).toBe(422);
    expect((await json(variantAgain)).error.fields.externalId).toBe("Un autre enregistrement de cette entreprise a déjà cet identifiant externe.");
    expect([await rowCount(products), await rowCount(variants)]).toEqual(before);

    const [carrots] = await getDb().select().from(variants).where(eq(variants.id, w.variants.a[0]));
    const clash = await callRoute(variantRoute, {
      method: "PATCH",
      path: "/x",
      params: { variantId: carrots.id },
      token: w.people.supplierA.token,
      body: { externalId: "ONION-V", priceCents: 999 },
    });
    expect(clash.status).toBe(422);
    expect(Object.keys((await json(clash)).error.fields)).toEqual(["externalId"]);
    const [unchanged] = await getDb().select().from(variants).where(eq(variants.id, carrots.id));
    expect(unchanged).toEqual(carrots);
  });

  test("characters and length are checked, at the field", async () => {
    for (const externalId of ["", "has space", "x".repeat(101), "quote'd"]) {
      const response = await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Bad id", externalId));
      expect(response.status).toBe(422);
      expect((await json(response)).error.fields.externalId).toBeTruthy();
    }
    expect((await createProduct(w.supplierA.id, w.people.supplierA.token, newProduct("Good id", "erp:42/a_b.c#1-x"))).status).toBe(201);
  });

  test("two creates racing with one external id: one 201, one 422, one product", async () => {
    const server = await serveRoute(productsRoute, { enterpriseId: w.supplierA.id });
    try {
      const send = (name: string) =>
        fetch(`${server.url}/api/v1/enterprises/${w.supplierA.id}/products`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${w.people.supplierA.token}` },
          body: JSON.stringify(newProduct(name, "RACE-1")),
        });
      const statuses = (await Promise.all([send("Racer one"), send("Racer two")])).map((response) => response.status).sort();
      expect(statuses).toEqual([201, 422]);
      const rows = await getDb().select().from(products).where(eq(products.externalId, "RACE-1"));
      expect(rows).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("order cycles", () => {
  test("set, answered, searched (a closed one too), unique per coordinator", async () => {
    const body = {
      name: "Mapped",
      coordinatorId: w.hub.id,
      opensAt: minuteFromNow(-600).toISOString(),
      closesAt: minuteFromNow(-300).toISOString(),
      externalId: "CYCLE-7",
    };
    const created = await callRoute(cyclesRoute, { method: "POST", path: "/x", token: w.people.hub.token, body });
    expect(created.status).toBe(201);
    const cycle = await json(created);
    expect(cycle.externalId).toBe("CYCLE-7");
    // Lake coordinates its own cycles with its own ids.
    const lakeCycle = await callRoute(cyclesRoute, { method: "POST", path: "/x", token: w.people.lake.token, body: { ...body, coordinatorId: w.lake.id } });
    expect(lakeCycle.status).toBe(201);

    const before = await rowCount(orderCycles);
    const duplicate = await callRoute(cyclesRoute, { method: "POST", path: "/x", token: w.people.hub.token, body: { ...body, name: "Mapped twice" } });
    expect(duplicate.status).toBe(422);
    expect((await json(duplicate)).error.fields.externalId).toBe("Another record of this enterprise already has this external id.");
    expect(await rowCount(orderCycles)).toBe(before);

    const found = await json(await callRoute(cyclesRoute, { path: "/x?externalId=CYCLE-7&includeClosedDays=0", token: w.people.hub.token }));
    expect(found.items.map((item: { id: string }) => item.id)).toEqual([cycle.id]);
    expect(found.items[0].externalId).toBe("CYCLE-7");

    const other = await json(
      await callRoute(cyclesRoute, { method: "POST", path: "/x", token: w.people.hub.token, body: { ...body, name: "Other", externalId: undefined } }),
    );
    const clash = await callRoute(cycleRoute, {
      method: "PATCH",
      path: "/x",
      params: { cycleId: other.id },
      token: w.people.hub.token,
      body: { externalId: "CYCLE-7", name: "Renamed" },
    });
    expect(clash.status).toBe(422);
    const [kept] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, other.id));
    expect([kept.name, kept.externalId]).toEqual(["Other", null]);
    const set = await callRoute(cycleRoute, {
      method: "PATCH",
      path: "/x",
      params: { cycleId: other.id },
      token: w.people.hub.token,
      body: { externalId: "CYCLE-8" },
    });
    expect(set.status).toBe(200);
    expect((await json(set)).externalId).toBe("CYCLE-8");
  });
});

describe("customers", () => {
  test("set by PUT, kept when absent, cleared by null, searched, unique per distributor", async () => {
    const put = (enterpriseId: string, token: string, email: string, body: Record<string, unknown>) =>
      callRoute(customerRoute, { method: "PUT", path: "/x", params: { enterpriseId, email }, token, body: { tags: [], ...body } });
    const first = await put(w.distributor.id, w.people.distributor.token, "ann@example.org", { externalId: "CRM-1" });
    expect(first.status).toBe(200);
    expect((await json(first)).externalId).toBe("CRM-1");
    expect((await json(await put(w.distributor.id, w.people.distributor.token, "ann@example.org", { tags: ["vip"] }))).externalId).toBe("CRM-1");
    expect((await put(w.lake.id, w.people.lake.token, "bob@example.org", { externalId: "CRM-1" })).status).toBe(200);

    const before = await rowCount(customers);
    const duplicate = await put(w.distributor.id, w.people.distributor.token, "bob@example.org", { externalId: "CRM-1" });
    expect(duplicate.status).toBe(422);
    expect((await json(duplicate)).error.fields.externalId).toBeTruthy();
    expect(await rowCount(customers)).toBe(before);

    const found = await json(
      await callRoute(customersRoute, { path: "/x?externalId=CRM-1", params: { enterpriseId: w.distributor.id }, token: w.people.distributor.token }),
    );
    expect(found.items.map((item: { email: string; externalId: string }) => [item.email, item.externalId])).toEqual([["ann@example.org", "CRM-1"]]);
    expect((await json(await put(w.distributor.id, w.people.distributor.token, "ann@example.org", { externalId: null }))).externalId).toBeNull();
  });
});

describe("orders", () => {
  test("POST /orders takes one, unique per distributor; a duplicate places nothing and takes no stock", async () => {
    const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
    await getDb().update(variants).set({ stock: 10 }).where(eq(variants.id, w.variants.a[0]));
    const body = (externalId: string, distributor: "river" | "lake" = "river") => ({
      distributorId: distributor === "river" ? w.distributor.id : w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: distributor === "river" ? w.methods.distributor.shipping.id : w.methods.lake[0].shipping.id,
      paymentMethodId: distributor === "river" ? w.methods.distributor.payment.id : w.methods.lake[0].payment.id,
      email: "guest@example.org",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      externalId,
    });
    const placed = await callRoute(ordersRoute, { method: "POST", path: "/x", body: body("SHOPIFY-1001") });
    expect(placed.status).toBe(201);
    expect((await json(placed)).externalId).toBe("SHOPIFY-1001");
    expect((await callRoute(ordersRoute, { method: "POST", path: "/x", body: body("SHOPIFY-1001", "lake") })).status).toBe(201);

    const before = await rowCount(orders);
    const duplicate = await callRoute(ordersRoute, { method: "POST", path: "/x", body: body("SHOPIFY-1001") });
    expect(duplicate.status).toBe(422);
    expect((await json(duplicate)).error.fields.externalId).toBe("Another record of this enterprise already has this external id.");
    expect(await rowCount(orders)).toBe(before);
    const [stock] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, w.variants.a[0]));
    expect(stock.stock).toBe(8);

    // PATCH /orders/:id: the hub's side sets it; the buyer may not.
    const mine = await callRoute(ordersRoute, {
      method: "POST",
      path: "/x",
      token: w.people.nobody.token,
      body: { ...body("SHOPIFY-1002"), email: undefined },
    });
    expect(mine.status).toBe(201);
    const orderId = (await json(mine)).id as string;
    const patch = (token: string, patchBody: unknown) => callRoute(orderRoute, { method: "PATCH", path: "/x", params: { orderId }, token, body: patchBody });
    const byBuyer = await patch(w.people.nobody.token, { externalId: "MINE" });
    expect(byBuyer.status).toBe(403);
    expect((await json(byBuyer)).error.fields.externalId).toBeTruthy();
    const clash = await patch(w.people.distributor.token, { externalId: "SHOPIFY-1001" });
    expect(clash.status).toBe(422);
    expect((await json(clash)).error.fields.externalId).toBe("Another record of this enterprise already has this external id.");
    const set = await patch(w.people.hub.token, { externalId: "SHOPIFY-2002" });
    expect(set.status).toBe(200);
    expect((await json(set)).externalId).toBe("SHOPIFY-2002");
    const [row] = await getDb().select({ externalId: orders.externalId }).from(orders).where(eq(orders.id, orderId));
    expect(row.externalId).toBe("SHOPIFY-2002");

    // Two checkouts racing with one id: one order, one 422, one unit of stock taken.
    const server = await serveRoute(ordersRoute, {});
    try {
      const [stockBefore] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, w.variants.a[0]));
      const send = () =>
        fetch(`${server.url}/api/v1/orders`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body("RACE-ORDER")) });
      const statuses = (await Promise.all([send(), send()])).map((response) => response.status).sort();
      expect(statuses).toEqual([201, 422]);
      expect(await getDb().select({ id: orders.id }).from(orders).where(eq(orders.externalId, "RACE-ORDER"))).toHaveLength(1);
      const [stockAfter] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, w.variants.a[0]));
      expect(stockAfter.stock).toBe(stockBefore.stock! - 1);
    } finally {
      await server.close();
    }
  });
});
