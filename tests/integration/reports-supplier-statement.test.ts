// The supplier statement (docs/domain.md section 10): what was delivered after adjustments, at the
// supplier's share of each line (a weighed line by its weight), tax included; the supplier's own fees
// owed with it; the hub's and the shops' fees on its items beside. Exact cents, for each role.
// Shop prices: Carrots 1 kg (sold by weight, 1000 g, 5.5 % tax) 2.50 + Hub admin 0.10 (20 %) + River fund 0.10 = 2.70;
// Carrots 3 kg 7.00 + 0.20 = 7.20; Milk (at Lake Co-op only) 1.80 + Hub admin + B packing + Lake fund = 2.10.
// Farm A's packing is 1.50 per order on its items.
import { eq, inArray, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as reportRoute from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import { getDb } from "#db/connection.server";
import { enterpriseFees, orderCycles, products, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, placeOrderApi } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";
import { pdfText } from "#tests/support/invoices";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;

async function place(distributorId: string, methods: { shipping: { id: string }; payment: { id: string } }, lines: { variantId: string; quantity: number }[]) {
  const placed = await placeOrderApi(
    { distributorId, orderCycleId: cycleId, shippingMethodId: methods.shipping.id, paymentMethodId: methods.payment.id, lines },
    { token: buyer.token },
  );
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}: ${JSON.stringify(placed.body)}`);
  return placed.body.id as string;
}

async function adjust(orderId: string, lines: { variantId: string; quantity: number; actualWeightGrams?: number }[]) {
  const response = await callRoute(orderRoute, {
    method: "PATCH",
    path: `/api/v1/orders/${orderId}`,
    params: { orderId },
    token: w.people.hub.token,
    body: { lines, note: "Delivered" },
  });
  if (response.status !== 200) throw new Error(`PATCH answered ${response.status}: ${await response.text()}`);
}

async function statement(token: string, query = "") {
  const response = await callRoute(reportRoute, {
    path: `/api/v1/order-cycles/${cycleId}/reports/supplier-statement${query}`,
    params: { cycleId, name: "supplier-statement" },
    token,
  });
  return {
    status: response.status,
    body: response.status === 200 && !query.includes("csv") && !query.includes("pdf") ? await json(response) : undefined,
    response,
  };
}

const goods = (
  supplier: string,
  product: string,
  variant: string,
  quantity: number,
  taxRate: number,
  amount: number,
  tax: number,
  weighedGrams: number | null = null,
) => ({
  supplier,
  product,
  variant,
  fee: null,
  enterprise: null,
  quantity,
  weighedGrams,
  taxRate,
  excludingTaxCents: amount - tax,
  taxCents: tax,
  supplierAmountCents: amount,
  feesTakenCents: null,
});
const fee = (supplier: string, name: string, enterprise: string, taxRate: number, amount: number, own = false) => ({
  supplier,
  product: null,
  variant: null,
  fee: name,
  enterprise,
  quantity: null,
  weighedGrams: null,
  taxRate,
  excludingTaxCents: own ? amount : null,
  taxCents: own ? 0 : null,
  supplierAmountCents: own ? amount : null,
  feesTakenCents: own ? null : amount,
});

beforeAll(async () => {
  w = await coopPlus();
  const [c1, c3] = w.variants.a;
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  await getDb().update(variants).set({ weightGrams: 1000, soldByWeight: true }).where(eq(variants.id, c1));
  const [carrots] = await getDb().select({ productId: variants.productId }).from(variants).where(eq(variants.id, c1));
  await getDb().update(products).set({ taxRateBasisPoints: 550 }).where(eq(products.id, carrots.productId));
  await getDb().update(enterpriseFees).set({ taxRateBasisPoints: 2000 }).where(eq(enterpriseFees.id, w.fees.hub.id));
  await getDb()
    .update(enterpriseFees)
    .set({ calculatorType: "flat_rate", calculatorParams: { amountCents: 150 } })
    .where(eq(enterpriseFees.id, w.fees.supplierA.id));
  cycleId = await seedCycle(w, { name: "Statement week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  buyer = await createUser({ name: "Bea Buyer" });

  const milk = w.variants.b[0];
  const first = await place(w.distributor.id, w.methods.distributor, [{ variantId: c1, quantity: 2 }]);
  const second = await place(w.distributor.id, w.methods.distributor, [
    { variantId: c1, quantity: 3 },
    { variantId: c3, quantity: 1 },
  ]);
  await place(w.lake.id, w.methods.lake[0], [{ variantId: milk, quantity: 2 }]);
  await place(w.lake.id, w.methods.lake[0], [{ variantId: milk, quantity: 1 }]);
  const cancelled = await place(w.distributor.id, w.methods.distributor, [{ variantId: c3, quantity: 5 }]);
  expect((await cancelOrderApi(cancelled, { token: buyer.token })).status).toBe(200);

  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));
  // After the close: one crate of carrots short on the first order, the second's three weighed at 2.9 kg.
  await adjust(first, [{ variantId: c1, quantity: 1 }]);
  await adjust(second, [
    { variantId: c1, quantity: 3, actualWeightGrams: 2900 },
    { variantId: c3, quantity: 1 },
  ]);
});

describe("the supplier statement", () => {
  // Carrots 1 kg: 2.50 on the first order, 2.50 × 2.9 = 7.25 on the second (its fees 0.29 each); 5.5 % of 9.75 is 0.51, of 7.00 0.36.
  const farmA = [
    goods("Farm A", "Carrots", "1 kg", 4, 550, 975, 51, 2900),
    goods("Farm A", "Carrots", "3 kg", 1, 550, 700, 36),
    fee("Farm A", "A packing", "Farm A", 0, 300, true),
    fee("Farm A", "Hub admin", "Green Hub", 2000, 10 + 29 + 10),
    fee("Farm A", "River fund", "River Co-op", 0, 10 + 29 + 10),
  ];
  const farmB = [
    goods("Farm B", "Milk", "1 l", 3, 0, 540, 0),
    fee("Farm B", "B packing", "Farm B", 0, 30, true),
    fee("Farm B", "Hub admin", "Green Hub", 2000, 30),
    fee("Farm B", "Lake fund", "Lake Co-op", 0, 30),
  ];

  test("the coordinator reads every supplier's: delivered quantities after adjustments, weighed lines by weight, fees beside", async () => {
    const { status, body } = await statement(w.people.hub.token);
    expect(status).toBe(200);
    expect(body.rows).toEqual([...farmA, ...farmB]);
    expect(body.totals).toMatchObject({ supplierAmountCents: 975 + 700 + 300 + 540 + 30, feesTakenCents: 49 + 49 + 30 + 30, taxCents: 51 + 36 });
  });

  test("a supplier reads its own only, whichever shop sold its products", async () => {
    const { status, body } = await statement(w.people.supplierA.token);
    expect(status).toBe(200);
    expect(body.rows).toEqual(farmA);
    expect((await statement(w.people.supplierB.token)).body.rows).toEqual(farmB);
  });

  test("the coordinator filters by supplier and by shop", async () => {
    expect((await statement(w.people.hub.token, `?supplierId=${w.supplierB.id}`)).body.rows).toEqual(farmB);
    expect((await statement(w.people.hub.token, `?distributorId=${w.distributor.id}`)).body.rows).toEqual(farmA);
    expect((await statement(w.people.hub.token, `?distributorId=${w.lake.id}`)).body.rows).toEqual(farmB);
  });

  test("a distributor alone does not settle with suppliers: refused; someone outside the cycle: not found", async () => {
    expect((await statement(w.people.lake.token)).status).toBe(403);
    expect((await statement(w.people.unrelated.token)).status).toBe(404);
  });

  test("as CSV, in the reader's spreadsheet style", async () => {
    const { status, response } = await statement(w.people.supplierA.token, "?format=csv&csvStyle=semicolon");
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const text = await response.text();
    expect(text).toContain("Carrots;1 kg;;;4;2900;5,5;9,24;0,51;9,75;");
    expect(text).toContain("Farm A;;;Hub admin;Green Hub;;;20;;;;0,49");
  });

  test("as a PDF: each producer's block, what it is owed and the totals, in the reader's language", async () => {
    const { status, response } = await statement(w.people.hub.token, "?format=pdf");
    expect(status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const text = (await pdfText(await response.arrayBuffer())).join("\n");
    expect(text).toContain("Statement week");
    expect(text).toContain("Farm A");
    expect(text).toContain("Carrots · 1 kg");
    expect(text).toContain("Owed to Farm A");
    expect(text).toContain("€19.75"); // Farm A: 9.75 + 7.00 + 3.00
    expect(text).toContain("€25.45"); // every producer: 19.75 + 5.40 + 0.30
    // Dated the day it is printed where the coordinator is.
    const [{ time_zone: zone }] = await getDb().execute<{ time_zone: string }>(sql`select time_zone from enterprises where id = ${w.hub.id}`);
    const today = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: zone }).format(new Date());
    expect(text.replace(/\s+/g, " ")).toContain(today);
    // Another report has no PDF: said at the format, nothing else.
    const refused = await callRoute(reportRoute, {
      path: `/api/v1/order-cycles/${cycleId}/reports/fees?format=pdf`,
      params: { cycleId, name: "fees" },
      token: w.people.hub.token,
    });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.fields.format).toBeTruthy();
  });
});
