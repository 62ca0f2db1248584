// A client generated from GET /api/v1/openapi.json (openapi-typescript types, committed and held up to
// date here; openapi-fetch calls) runs a whole cycle against the API over real HTTP: accounts,
// enterprises, permissions, products, methods, a cycle with suppliers and distributors, an order in
// the shop, the close, a report. tsc checks every call and answer below against the document.
import { readFileSync } from "node:fs";
import createClient, { type Middleware } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openApiDocument } from "#app/http/openapi/document.server";
import { operations } from "#app/http/openapi/operations.server";
import { errorEnvelope } from "#app/http/openapi/shapes";
import { openApiTypes, typesFile } from "../../scripts/openapi-types";
import type { paths } from "#tests/support/api-types.generated";
import { serveApi } from "#tests/support/api-routes";

let server: Awaited<ReturnType<typeof serveApi>>;
beforeAll(async () => {
  server = await serveApi();
});
afterAll(() => server.close());

// Every answer the client gets is held to the document: its status is one the operation lists, and
// its body parses with the shape documented for that status (the error envelope for a refusal).
const checked: string[] = [];
const answersAsDocumented: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const method = request.method.toLowerCase();
    const documented = (openApiDocument().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[schemaPath]?.[method];
    expect(documented, `${method} ${schemaPath} is in the document`).toBeDefined();
    expect(Object.keys(documented.responses), `${method} ${schemaPath} lists ${response.status}`).toContain(String(response.status));
    const answer = operations
      .find((operation) => operation.method === method && operation.path === schemaPath)!
      .answers.find((a) => a.status === response.status && (response.headers.get("Content-Type") ?? "").startsWith(a.contentType ?? "application/json"));
    const schema = response.status >= 400 ? errorEnvelope : answer?.schema;
    if (schema) {
      const isJson = (response.headers.get("Content-Type") ?? "").startsWith("application/json");
      const parsed = schema.safeParse(isJson ? await response.clone().json() : await response.clone().text());
      expect(parsed.success, `${method} ${schemaPath} ${response.status}: ${parsed.error?.message}`).toBe(true);
    }
    checked.push(`${method} ${schemaPath} ${response.status}`);
  },
};

const client = (token?: string) => {
  const api = createClient<paths>({ baseUrl: `${server.url}/api/v1`, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  api.use(answersAsDocumented);
  return api;
};

const unique = () => Math.random().toString(36).slice(2, 10);

async function signedUp(name: string) {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${unique()}@example.test`;
  const password = "correct horse battery";
  const user = await client().POST("/users", { body: { email, password, name } });
  expect(user.response.status).toBe(201);
  const session = await client().POST("/sessions", { body: { email, password } });
  expect(session.response.status).toBe(201);
  expect(session.data!.userId).toBe(user.data!.id);
  return client(session.data!.token);
}

describe("a client generated from the OpenAPI document", () => {
  test("the committed types are the document's", async () => {
    expect(readFileSync(typesFile, "utf8"), "run npx tsx scripts/openapi-types.ts").toBe(await openApiTypes());
  });

  test("drives a whole cycle: set up, order, close, report", async () => {
    const hubApi = await signedUp("Hub manager");
    const farmApi = await signedUp("Farm manager");
    const shopApi = await signedUp("Shop manager");
    const buyerApi = await signedUp("Buyer");

    const hub = (await hubApi.POST("/enterprises", { body: { name: "Green Hub", kind: "hub" } })).data!;
    const farm = (await farmApi.POST("/enterprises", { body: { name: "Farm A", kind: "producer" } })).data!;
    const shop = (await shopApi.POST("/enterprises", { body: { name: "River Co-op", kind: "hub" } })).data!;
    // The farm lets the hub add it to cycles and the shop sell its products; the shop lets the hub add it.
    for (const [api, grantor, grantee] of [
      [farmApi, farm, hub],
      [farmApi, farm, shop],
      [shopApi, shop, hub],
    ] as const) {
      const granted = await api.POST("/enterprises/{enterpriseId}/permissions", {
        params: { path: { enterpriseId: grantor.id } },
        body: { granteeId: grantee.id, permissions: ["add_to_order_cycle"] },
      });
      expect(granted.response.status).toBe(201);
    }

    const carrots = await farmApi.POST("/enterprises/{enterpriseId}/products", {
      params: { path: { enterpriseId: farm.id } },
      body: { name: "Carrots", variants: [{ name: "1 kg", priceCents: 250, stock: 40 }] },
    });
    expect(carrots.response.status).toBe(201);
    const variantId = carrots.data!.variants[0].id;

    // A shop takes orders, and a coordinator runs a cycle, once it has a way to hand over and to be paid.
    const methods = async (api: typeof hubApi, enterpriseId: string) => {
      const params = { path: { enterpriseId } };
      const pickup = await api.POST("/enterprises/{enterpriseId}/shipping-methods", {
        params,
        body: { name: "Barn pickup", kind: "pickup", address: "1 Barn Lane" },
      });
      const cash = await api.POST("/enterprises/{enterpriseId}/payment-methods", { params, body: { name: "Cash", kind: "cash" } });
      expect([pickup.response.status, cash.response.status]).toEqual([201, 201]);
      return { pickup: pickup.data!, cash: cash.data! };
    };
    await methods(hubApi, hub.id);
    const { pickup, cash } = await methods(shopApi, shop.id);

    const opensAt = new Date(Date.now() - 86_400_000).toISOString();
    const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await hubApi.POST("/order-cycles", { body: { name: "Week 49", coordinatorId: hub.id, opensAt, closesAt } });
    expect(created.response.status).toBe(201);
    const cycleId = created.data!.id;
    expect(created.data!.state).toBe("open");

    const incoming = await hubApi.PUT("/order-cycles/{cycleId}/incoming/{supplierId}", {
      params: { path: { cycleId, supplierId: farm.id } },
      body: { variantIds: [variantId], receivalInstructions: "Barn by 8am" },
    });
    expect(incoming.response.status).toBe(200);
    expect(incoming.data!.supplier.id).toBe(farm.id);
    const outgoing = await hubApi.PUT("/order-cycles/{cycleId}/outgoing/{distributorId}", {
      params: { path: { cycleId, distributorId: shop.id } },
      body: { variantIds: [variantId], readyFor: "Friday" },
    });
    expect(outgoing.response.status, JSON.stringify(outgoing.error)).toBe(200);
    expect(outgoing.data!.variantIds).toEqual([variantId]);

    // A typed refusal: the error envelope with the field that failed.
    const refused = await hubApi.PUT("/order-cycles/{cycleId}/outgoing/{distributorId}", {
      params: { path: { cycleId, distributorId: shop.id } },
      body: { variantIds: [variantId], readyFor: "x".repeat(201) },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error!.error.code).toBe("validation_failed");
    expect(Object.keys(refused.error!.error.fields ?? {})).toContain("readyFor");

    const open = await buyerApi.GET("/shops/{distributorId}/order-cycles", { params: { path: { distributorId: shop.id } } });
    expect(open.data!.items.map((item) => item.id)).toEqual([cycleId]);
    const priced = await buyerApi.GET("/shops/{distributorId}/order-cycles/{cycleId}/products", { params: { path: { distributorId: shop.id, cycleId } } });
    expect(priced.data!.items).toMatchObject([{ variantId, productName: "Carrots", variantName: "1 kg", priceCents: 250, available: 40 }]);

    const order = await buyerApi.POST("/orders", {
      body: {
        distributorId: shop.id,
        orderCycleId: cycleId,
        lines: [{ variantId, quantity: 3 }],
        shippingMethodId: pickup.id,
        paymentMethodId: cash.id,
      },
    });
    expect(order.response.status).toBe(201);
    expect(order.data!.lines).toMatchObject([{ variantId, quantity: 3, totalCents: 750 }]);
    expect(order.data!.totalCents).toBe(750);

    const closed = await hubApi.PATCH("/order-cycles/{cycleId}", {
      params: { path: { cycleId } },
      body: { closesAt: new Date(Date.now() - 1000).toISOString() },
    });
    expect(closed.response.status).toBe(200);
    expect(closed.data!.state).toBe("closed");

    const late = await buyerApi.POST("/orders", {
      body: {
        distributorId: shop.id,
        orderCycleId: cycleId,
        lines: [{ variantId, quantity: 1 }],
        shippingMethodId: pickup.id,
        paymentMethodId: cash.id,
      },
    });
    expect(late.response.status).toBe(409);
    expect(late.error!.error.code).toBe("order_cycle_closed");

    const report = await hubApi.GET("/order-cycles/{cycleId}/reports/{name}", { params: { path: { cycleId, name: "supplier-totals" } } });
    expect(report.response.status).toBe(200);
    // The document offers JSON or CSV for this answer; without format=csv it is JSON.
    const totals = report.data!;
    if (typeof totals === "string") throw new Error("a CSV answer to a JSON request");
    expect(totals.name).toBe("supplier-totals");
    expect(totals.rows).toHaveLength(1);
    expect(JSON.stringify(totals.rows[0])).toContain("Carrots");
    const csv = await hubApi.GET("/order-cycles/{cycleId}/reports/{name}", {
      params: { path: { cycleId, name: "supplier-totals" }, query: { format: "csv" } },
      parseAs: "text",
    });
    expect(csv.response.headers.get("Content-Type")).toContain("text/csv");
    expect(csv.data).toContain("Carrots");

    const read = await buyerApi.GET("/orders/{orderId}", { params: { path: { orderId: order.data!.id } } });
    expect(read.data!.number).toBe(order.data!.number);

    // After the close: paid at the counter, invoiced, handed over; then the lists read back.
    const orderId = order.data!.id;
    const paid = await shopApi.POST("/orders/{orderId}/payments", { params: { path: { orderId } }, body: { amountCents: 750, method: "cash" } });
    expect(paid.response.status).toBe(201);
    expect((await shopApi.GET("/orders/{orderId}/payments", { params: { path: { orderId } } })).response.status).toBe(200);
    const collected = await shopApi.POST("/orders/{orderId}/collect", { params: { path: { orderId } } });
    expect(collected.data!.fulfilmentState).toBe("collected");
    await shopApi.PATCH("/enterprises/{enterpriseId}", {
      params: { path: { enterpriseId: shop.id } },
      body: { legalName: "River Co-op SCIC", invoicePrefix: "RIV" },
    });
    const invoiced = await shopApi.POST("/orders/{orderId}/invoice", { params: { path: { orderId } } });
    expect(invoiced.response.status).toBe(201);
    const invoice = await buyerApi.GET("/invoices/{invoiceId}", { params: { path: { invoiceId: invoiced.data!.id } } });
    expect(invoice.response.status).toBe(200);

    const lists = [
      await hubApi.GET("/enterprises"),
      await hubApi.GET("/enterprises/{enterpriseId}", { params: { path: { enterpriseId: hub.id } } }),
      await hubApi.GET("/order-cycles"),
      await hubApi.GET("/enterprises/{enterpriseId}/managers", { params: { path: { enterpriseId: hub.id } } }),
      await farmApi.GET("/enterprises/{enterpriseId}/permissions", { params: { path: { enterpriseId: farm.id } } }),
      await hubApi.GET("/enterprises/{enterpriseId}/fees", { params: { path: { enterpriseId: hub.id } } }),
      await hubApi.GET("/enterprises/{enterpriseId}/webhooks", { params: { path: { enterpriseId: hub.id } } }),
      await shopApi.GET("/enterprises/{enterpriseId}/shipping-methods", { params: { path: { enterpriseId: shop.id } } }),
      await shopApi.GET("/enterprises/{enterpriseId}/payment-methods", { params: { path: { enterpriseId: shop.id } } }),
      await shopApi.GET("/enterprises/{enterpriseId}/customers", { params: { path: { enterpriseId: shop.id } } }),
      await farmApi.GET("/enterprises/{enterpriseId}/products", { params: { path: { enterpriseId: farm.id } } }),
      await farmApi.GET("/products/{productId}", { params: { path: { productId: carrots.data!.id } } }),
    ];
    expect(lists.map((answer) => answer.response.status)).toEqual(lists.map(() => 200));

    // The other writes, each answer held to the document too.
    const writes = [
      await farmApi.POST("/products/{productId}/variants", {
        params: { path: { productId: carrots.data!.id } },
        body: { name: "3 kg", priceCents: 700, stock: null },
      }),
      await farmApi.PATCH("/variants/{variantId}", { params: { path: { variantId } }, body: { stock: 30 } }),
      await farmApi.PATCH("/products/{productId}", { params: { path: { productId: carrots.data!.id } }, body: { description: "Sandy soil" } }),
      await farmApi.PUT("/order-cycles/{cycleId}/incoming/{supplierId}/confirmation", {
        params: { path: { cycleId, supplierId: farm.id } },
        body: { lines: [{ variantId, deliverQuantity: 3 }] },
      }),
      await hubApi.POST("/enterprises/{enterpriseId}/fees", {
        params: { path: { enterpriseId: hub.id } },
        body: { name: "Hub admin", feeType: "admin", calculator: { type: "flat_rate", amountCents: 100 } },
      }),
      await hubApi.POST("/order-cycles/{cycleId}/clone", { params: { path: { cycleId } } }),
      await hubApi.POST("/order-cycles/{cycleId}/notify-producers", { params: { path: { cycleId } } }),
      await shopApi.PUT("/enterprises/{enterpriseId}/customers/{email}", {
        params: { path: { enterpriseId: shop.id, email: "someone@example.test" } },
        body: { tags: ["Pro"] },
      }),
      await shopApi.PATCH("/enterprises/{enterpriseId}/shop-preferences", {
        params: { path: { enterpriseId: shop.id } },
        body: { suppliersSeeBuyerNames: true },
      }),
      await shopApi.POST("/orders/{orderId}/refunds", { params: { path: { orderId } }, body: { amountCents: 100, method: "cash" } }),
      await shopApi.POST("/order-cycles/{cycleId}/outgoing/{distributorId}/invoices", { params: { path: { cycleId, distributorId: shop.id } } }),
    ];
    expect(writes.map((answer) => answer.response.status)).toEqual([201, 200, 200, 200, 201, 201, 202, 200, 200, 201, 200]);
    expect(new Set(checked).size).toBeGreaterThan(40);
  });
});
