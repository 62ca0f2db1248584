// Promo codes (issue 20, docs/domain.md 13, docs/quality.md R11, decision 0051): created by the
// owner's managers only, refused at their field when wrong; applied to POST /orders as a negative
// adjustment off the items only; each refusal at the promoCode field; uses counted exactly under
// 200 racing buyers; a cancellation gives its use back; the reports and the invoice show it.
import { eq, sql } from "drizzle-orm";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as codesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.promo-codes";
import * as codeRoute from "#app/routes/api.v1.promo-codes.$promoCodeId";
import * as reportRoute from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { getDb } from "#db/connection.server";
import { orders, promoCodes } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { serveRoute } from "#tests/support/http-server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { cancelOrderApi, changeOrderApi, placeOrderApi, putCustomerTags, setStock } from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let otherCycleId: string;
let buyer: { token: string; email: string };

beforeAll(async () => {
  w = await coopPlus();
  for (const variantId of w.variants.a) await setStock(variantId, null);
  cycleId = await openCycle("Promo week");
  otherCycleId = await openCycle("Other week");
  const user = await createUser({ name: "Tagged buyer" });
  buyer = { token: user.token, email: user.email };
}, 60_000);

async function openCycle(name: string) {
  const id = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, id, w.distributor.id, { tags: [] });
  return id;
}

const orderBody = (email: string | undefined, promoCode?: string, options: { cycle?: string; quantity?: number } = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: options.cycle ?? cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  ...(email ? { email } : {}),
  lines: [{ variantId: w.variants.a[0], quantity: options.quantity ?? 4 }],
  ...(promoCode !== undefined ? { promoCode } : {}),
});

async function createCode(token: string, body: Record<string, unknown>, enterpriseId = w.distributor.id) {
  const response = await callRoute(codesRoute, {
    method: "POST",
    path: `/api/v1/enterprises/${enterpriseId}/promo-codes`,
    params: { enterpriseId },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

async function listCodes(token: string, enterpriseId = w.distributor.id) {
  const response = await callRoute(codesRoute, { path: `/api/v1/enterprises/${enterpriseId}/promo-codes`, params: { enterpriseId }, token });
  return { status: response.status, body: await json(response) };
}

async function patchCode(token: string, promoCodeId: string, body: Record<string, unknown>) {
  const response = await callRoute(codeRoute, { method: "PATCH", path: `/api/v1/promo-codes/${promoCodeId}`, params: { promoCodeId }, token, body });
  return { status: response.status, body: await json(response) };
}

async function usesOf(promoCodeId: string) {
  const [row] = await getDb().select({ uses: promoCodes.uses }).from(promoCodes).where(eq(promoCodes.id, promoCodeId));
  return row.uses;
}

async function report(name: string, id = cycleId) {
  const response = await callRoute(reportRoute, {
    path: `/api/v1/order-cycles/${id}/reports/${name}`,
    params: { cycleId: id, name },
    token: w.people.hub.token,
  });
  return json(response);
}

describe("creating promo codes", () => {
  test("a manager of the distributor creates one and lists it with its uses", async () => {
    const created = await createCode(w.people.distributor.token, { code: "Spring10", kind: "percent", percent: 10, maxUses: 5 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: "Spring10", kind: "percent", percent: 10, maxUses: 5, uses: 0, active: true });
    const listed = await listCodes(w.people.distributor.token);
    expect(listed.body.items.map((item: { code: string }) => item.code)).toContain("Spring10");
  });

  test.each([
    ["a percent of 0", { code: "ZERO", kind: "percent", percent: 0 }, "percent"],
    ["a percent above 100", { code: "BIG", kind: "percent", percent: 120 }, "percent"],
    ["a negative amount", { code: "NEG", kind: "amount", amountCents: -500 }, "amountCents"],
    ["a duplicate whatever its case", { code: "SPRING10", kind: "amount", amountCents: 500 }, "code"],
    ["an unknown field", { code: "ODD", kind: "amount", amountCents: 500, colour: "red" }, "_"],
  ])("%s is refused at its field, nothing created", async (_, body, field) => {
    const before = (await listCodes(w.people.distributor.token)).body.items.length;
    const answer = await createCode(w.people.distributor.token, body);
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.error.fields)).toContain(field);
    expect((await listCodes(w.people.distributor.token)).body.items.length).toBe(before);
  });

  test("only the owner's managers: a supplier or another hub may neither create nor list, a change by them is refused", async () => {
    expect((await createCode(w.people.supplierA.token, { code: "MINE", kind: "percent", percent: 5 })).status).toBe(404);
    expect((await listCodes(w.people.unrelated.token)).status).toBe(404);
    expect((await listCodes(w.people.hub.token)).status).toBe(404);
    const [code] = (await listCodes(w.people.distributor.token)).body.items;
    expect((await patchCode(w.people.hub.token, code.id, { active: false })).status).toBe(404);
    expect((await patchCode(w.people.distributor.token, code.id, { maxUses: 9 })).body.maxUses).toBe(9);
  });
});

describe("a promo code at checkout (POST /orders promoCode)", () => {
  test("takes its percent off the items only, as a negative adjustment labelled with the code; the fees are untouched", async () => {
    await createCode(w.people.distributor.token, { code: "REDUC10", kind: "percent", percent: 10 });
    const without = await placeOrderApi(orderBody("plain@example.org"));
    const withCode = await placeOrderApi(orderBody("promo@example.org", "reduc10"));
    expect(withCode.status).toBe(201);
    expect(withCode.body.itemsTotalCents).toBe(without.body.itemsTotalCents);
    expect(withCode.body.feesTotalCents).toBe(without.body.feesTotalCents);
    const discount = Math.floor((without.body.itemsTotalCents * 10) / 100 + 0.5);
    expect(withCode.body.discountCents).toBe(discount);
    expect(withCode.body.totalCents).toBe(without.body.totalCents - discount);
    expect(withCode.body.promoCode).toBe("REDUC10");
    expect(withCode.body.adjustments.filter((a: { place: string }) => a.place === "promo")).toEqual([
      expect.objectContaining({ label: "REDUC10", amountCents: -discount, feeType: "discount", enterpriseName: "River Co-op" }),
    ]);
  });

  test("an amount never takes the order below its fees", async () => {
    await createCode(w.people.distributor.token, { code: "HUGE", kind: "amount", amountCents: 100_000 });
    const placed = await placeOrderApi(orderBody("huge@example.org", "HUGE", { quantity: 1 }));
    expect(placed.status).toBe(201);
    expect(placed.body.discountCents).toBe(placed.body.itemsTotalCents);
    expect(placed.body.totalCents).toBe(placed.body.feesTotalCents);
  });

  test("the coordinator's code applies in the cycles it coordinates", async () => {
    expect((await createCode(w.people.hub.token, { code: "HUBWIDE", kind: "amount", amountCents: 100 }, w.hub.id)).status).toBe(201);
    const placed = await placeOrderApi(orderBody("hubwide@example.org", "HUBWIDE"));
    expect([placed.status, placed.body.discountCents]).toEqual([201, 100]);
  });

  const refusals: [string, Record<string, unknown>, string | undefined, number, string, string][] = [
    ["unknown", {}, "NOSUCH", 422, "validation_failed", "This promo code does not exist here. Check how it is spelt."],
    ["expired", { endsAt: minuteFromNow(-5).toISOString() }, undefined, 422, "validation_failed", "This promo code has expired."],
    ["not yet valid", { startsAt: minuteFromNow(60).toISOString() }, undefined, 422, "validation_failed", "This promo code is not valid yet."],
    ["for another cycle", { orderCycleIds: ["__other__"] }, undefined, 422, "validation_failed", "This promo code is not valid for this sale."],
    ["for a tag the buyer lacks", { tags: ["vip"] }, undefined, 422, "validation_failed", "This promo code is reserved for some customers of the shop."],
    [
      "below its minimum",
      { minSubtotalCents: 100_000 },
      undefined,
      422,
      "validation_failed",
      "This promo code needs at least €1,000.00 of products in the order.",
    ],
    ["used up", { maxUses: 1 }, "__twice__", 409, "promo_code_exhausted", "This promo code has been used as many times as it allows."],
    [
      "used up by this customer",
      { maxUsesPerCustomer: 1 },
      "__mine__",
      422,
      "validation_failed",
      "You have already used this promo code as many times as it allows.",
    ],
  ];
  test.each(refusals)("a code %s is refused at the promoCode field, nothing written", async (name, terms, typed, status, code, message) => {
    const text = `R${name
      .replace(/[^a-z]/gi, "")
      .slice(0, 20)
      .toUpperCase()}`;
    const extra = { ...terms, ...(terms.orderCycleIds ? { orderCycleIds: [otherCycleId] } : {}) };
    if (typed !== "NOSUCH") expect((await createCode(w.people.distributor.token, { code: text, kind: "percent", percent: 5, ...extra })).status).toBe(201);
    if (typed === "__twice__") expect((await placeOrderApi(orderBody("first-of-one@example.org", text))).status).toBe(201);
    if (typed === "__mine__") expect((await placeOrderApi(orderBody("me@example.org", text))).status).toBe(201);
    const email = typed === "__mine__" ? "ME@example.org" : `refused-${text.toLowerCase()}@example.org`;
    const before = await getDb()
      .select({ count: sql<number>`count(*)::int` })
      .from(orders);
    const answer = await placeOrderApi(orderBody(email, typed === "NOSUCH" ? "NOSUCH" : text));
    expect([answer.status, answer.body.error.code]).toEqual([status, code]);
    expect(answer.body.error.fields).toEqual({ promoCode: message });
    expect(
      await getDb()
        .select({ count: sql<number>`count(*)::int` })
        .from(orders),
    ).toEqual(before);
  });

  test("a tagged customer of the shop (signed in) may use a tag-gated code; a guest typing their email may not", async () => {
    await createCode(w.people.distributor.token, { code: "VIPONLY", kind: "percent", percent: 20, tags: ["VIP"] });
    await putCustomerTags(w.people.distributor.token, w.distributor.id, buyer.email, ["vip"]);
    const asGuest = await placeOrderApi({ ...orderBody(buyer.email, "VIPONLY"), asGuest: true });
    expect(asGuest.status).toBe(422);
    const signedIn = await placeOrderApi(orderBody(undefined, "VIPONLY"), { token: buyer.token });
    expect(signedIn.status).toBe(201);
    expect(signedIn.body.discountCents).toBeGreaterThan(0);
  });

  test("a cancelled order gives its use back; re-pricing keeps the discount following the items", async () => {
    const created = await createCode(w.people.distributor.token, { code: "ONEONLY", kind: "percent", percent: 50, maxUses: 1 });
    const first = await placeOrderApi(orderBody("one@example.org", "ONEONLY"));
    expect(first.status).toBe(201);
    expect(await usesOf(created.body.id)).toBe(1);
    expect((await placeOrderApi(orderBody("two@example.org", "ONEONLY"))).status).toBe(409);

    const changed = await changeOrderApi(first.body.id, [{ variantId: w.variants.a[0], quantity: 2 }], { token: w.people.distributor.token });
    expect(changed.status).toBe(200);
    expect(changed.body.discountCents).toBe(Math.round(changed.body.itemsTotalCents / 2));
    expect(changed.body.totalCents).toBe(changed.body.itemsTotalCents + changed.body.feesTotalCents - changed.body.discountCents);

    expect((await cancelOrderApi(first.body.id, { token: w.people.distributor.token })).status).toBe(200);
    expect(await usesOf(created.body.id)).toBe(0);
    await cancelOrderApi(first.body.id, { token: w.people.distributor.token });
    expect(await usesOf(created.body.id)).toBe(0);
    expect((await placeOrderApi(orderBody("two@example.org", "ONEONLY"))).status).toBe(201);
    expect(await usesOf(created.body.id)).toBe(1);
  });

  test("a maximum below the uses taken is refused at its field; a code switched off is refused at checkout", async () => {
    const created = await createCode(w.people.distributor.token, { code: "SWITCH", kind: "amount", amountCents: 50 });
    expect((await placeOrderApi(orderBody("sw1@example.org", "SWITCH"))).status).toBe(201);
    expect((await placeOrderApi(orderBody("sw2@example.org", "SWITCH"))).status).toBe(201);
    const lowered = await patchCode(w.people.distributor.token, created.body.id, { maxUses: 1 });
    expect([lowered.status, Object.keys(lowered.body.error.fields)]).toEqual([422, ["maxUses"]]);
    expect((await patchCode(w.people.distributor.token, created.body.id, { active: false })).body.active).toBe(false);
    const refused = await placeOrderApi(orderBody("sw3@example.org", "SWITCH"));
    expect(refused.body.error.fields).toEqual({ promoCode: "This promo code is no longer valid." });
  });

  test("the reports list the discounts; the fees report leaves them out", async () => {
    const discounts = await report("discounts");
    expect(discounts.rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "REDUC10", enterprise: "River Co-op", distributor: "River Co-op", orders: 1 })]),
    );
    const totals = await report("distributor-totals");
    const river = totals.rows.find((row: { distributor: string }) => row.distributor === "River Co-op");
    expect(river.discountCents).toBeGreaterThan(0);
    expect(river.itemsCents + river.feesCents - river.discountCents).toBe(river.totalCents);
    const fees = await report("fees");
    expect(fees.rows.some((row: { feeType: string }) => row.feeType === "discount")).toBe(false);
  });
});

describe("a promo code on an order entered for a customer (POST /orders onBehalfOf)", () => {
  it("takes the customer's code as checkout does, counts its use, and refuses an unknown one at promoCode", async () => {
    const created = await createCode(w.people.distributor.token, { code: "PHONE5", kind: "amount", amountCents: 50, maxUses: 3 });
    expect(created.status).toBe(201);
    const entered = {
      ...orderBody(undefined, "phone5"),
      onBehalfOf: { email: "caller@example.org", name: "Caller", phone: "06 12 34 56 78" },
    };
    const placed = await placeOrderApi(entered, { token: w.people.distributor.token });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ promoCode: "PHONE5", discountCents: 50 });
    expect(await usesOf(created.body.id)).toBe(1);

    const [before] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from orders where state = 'placed'`);
    const unknown = await placeOrderApi({ ...entered, promoCode: "NOPE" }, { token: w.people.distributor.token });
    expect(unknown.status).toBe(422);
    expect(Object.keys(unknown.body.error.fields)).toEqual(["promoCode"]);
    const [after] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from orders where state = 'placed'`);
    expect(after.count).toBe(before.count);
  });
});

describe("R11: uses counted strictly", () => {
  test("200 buyers racing over real HTTP for a code limited to 30 uses: exactly 30 orders hold it, the others refused with promo_code_exhausted and nothing written", async () => {
    const raceCycle = await openCycle("Promo rush");
    const created = await createCode(w.people.distributor.token, { code: "RUSH30", kind: "percent", percent: 10, maxUses: 30 });
    const server = await serveRoute(ordersRoute, {});
    let answers: { status: number; body: any }[];
    try {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          fetch(`${server.url}/api/v1/orders`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(orderBody(`rush-${i}@example.org`, "RUSH30", { cycle: raceCycle, quantity: 1 })),
          }),
        ),
      );
      answers = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as any })));
    } finally {
      await server.close();
    }
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(30);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.error.code}`))).toEqual(new Set(["409 promo_code_exhausted"]));
    const [row] = await getDb().execute<{ placed: number; holding: number }>(sql`
      select count(*)::int as placed, count(*) filter (where promo_code_id = ${created.body.id})::int as holding
      from orders where order_cycle_id = ${raceCycle} and state = 'placed'`);
    expect(row).toEqual({ placed: 30, holding: 30 });
    expect(await usesOf(created.body.id)).toBe(30);
  }, 120_000);
});
