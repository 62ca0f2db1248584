// Minimums counted in cases (decision 0059, issue 22): each order line records the case size it was
// sold by, and a threshold measured in `cases` counts each line's whole cases (11 of a case of 6,
// left by the hub, is one). The count agrees with the pure lineValue, does not move when a producer
// changes the variant's size afterwards, decides the close (value_at_close, the supplier's email in
// cases) and reads in cases through the API, the shop and the editor's form. A per-buyer limit set
// on a variant sold by the case must be whole cases, at the form's field and the API's.
import { and, eq, inArray } from "drizzle-orm";
import * as thresholdsApi from "#app/routes/api.v1.order-cycles.$cycleId.thresholds";
import * as shopCyclesApi from "#app/routes/api.v1.shops.$distributorId.order-cycles";
import * as minimumsPage from "#app/routes/admin.order-cycles.$cycleId.minimums";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as incomingRoute from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as variantRoute from "#app/routes/api.v1.variants.$variantId";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { thresholdsOfCycles } from "#app/domain/thresholds/queries.server";
import { lineValue } from "#app/domain/thresholds/rules";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { incomingExchanges, incomingExchangeVariants, orderCycleThresholds, orderLines, orders, outboxEmails, users, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";
import { changeOrderApi } from "#tests/support/shop";

let w: CoopPlus;
/** Farm A's carrots 1 kg, sold by the case of 6. */
let crate: string;
/** Farm A's carrots 3 kg, sold singly. */
let single: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  [crate, single] = [w.variants.a[0], w.variants.a[1]];
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  await getDb().update(variants).set({ unitsPerCase: 6 }).where(eq(variants.id, crate));
});

/** An open cycle sold at River, closing in `hours`. */
async function openCycle(name: string, hours: number) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(hours * 60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  return cycleId;
}

const river = (cycleId: string) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});

const order = (cycleId: string, email: string, lines: { variantId: string; quantity: number }[]) =>
  placeOrder({ ...river(cycleId), email, name: "Buyer", lines }, undefined, new Date(), "en");

const linesOf = (orderId: string) =>
  getDb()
    .select({ variantId: orderLines.variantId, quantity: orderLines.quantity, unitsPerCase: orderLines.unitsPerCase })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));

async function addThreshold(cycleId: string, body: object) {
  const response = await callRoute(thresholdsApi, { method: "POST", token: w.people.hub.token, params: { cycleId }, body });
  expect(response.status).toBe(201);
  return (await json(response)) as { id: string; measure: string; currentValue: number; reached: boolean };
}

async function listed(cycleId: string) {
  const response = await callRoute(thresholdsApi, { token: w.people.hub.token, params: { cycleId } });
  return ((await json(response)) as { items: { id: string; measure: string; minimum: number; currentValue: number; reached: boolean }[] }).items;
}

describe("a minimum counted in whole cases", () => {
  let cycleId: string;
  let first: string;
  let farmA: { id: string };
  let cycleMinimum: { id: string };

  beforeAll(async () => {
    cycleId = await openCycle("Crate week", 72);
    farmA = await addThreshold(cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "cases", minimum: 5, policy: "cancel" });
    cycleMinimum = await addThreshold(cycleId, { scope: "cycle", measure: "cases", minimum: 3, policy: "proceed" });
    first = await order(cycleId, "crates@example.org", [
      { variantId: crate, quantity: 12 },
      { variantId: single, quantity: 2 },
    ]);
  });

  test("a placed line records the case size it was sold by", async () => {
    expect(await linesOf(first)).toEqual(
      expect.arrayContaining([
        { variantId: crate, quantity: 12, unitsPerCase: 6 },
        { variantId: single, quantity: 2, unitsPerCase: 1 },
      ]),
    );
  });

  test("the API creates and lists it in cases: two cases of 6, and two carrots sold singly are two cases of one", async () => {
    const items = await listed(cycleId);
    expect(items.find((item) => item.id === farmA.id)).toMatchObject({ measure: "cases", minimum: 5, currentValue: 4, reached: false });
    expect(items.find((item) => item.id === cycleMinimum.id)).toMatchObject({ measure: "cases", minimum: 3, currentValue: 4, reached: true });
    const shop = await callRoute(shopCyclesApi, { params: { distributorId: w.distributor.id } });
    const cycle = ((await json(shop)) as { items: { id: string; thresholds: unknown[] }[] }).items.find((item) => item.id === cycleId)!;
    expect(cycle.thresholds).toContainEqual({ scope: "supplier", label: "Farm A", measure: "cases", minimum: 5, currentValue: 4, reached: false });
  });

  test("a case the hub leaves short counts for nothing, and the SQL agrees with lineValue for every measure", async () => {
    // A producer one carrot short: the River manager records 11 of the case of 6.
    const adjusted = await changeOrderApi(first, [{ variantId: crate, quantity: 11 }], { token: w.people.distributor.token });
    expect(adjusted.status).toBe(200);
    expect((await listed(cycleId)).find((item) => item.id === farmA.id)!.currentValue).toBe(3);
    await addThreshold(cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "units", minimum: 1, policy: "proceed" });
    await addThreshold(cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "amount", minimum: 1, policy: "proceed" });
    await addThreshold(cycleId, { scope: "cycle", measure: "amount", minimum: 1, policy: "proceed" });
    await order(cycleId, "second@example.org", [{ variantId: crate, quantity: 6 }]);

    const lines = await getDb()
      .select({
        supplierId: orderLines.supplierId,
        quantity: orderLines.quantity,
        unitsPerCase: orderLines.unitsPerCase,
        supplierPriceCents: orderLines.supplierPriceCents,
        totalCents: orderLines.totalCents,
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(and(eq(orders.orderCycleId, cycleId), eq(orders.state, "placed")));
    const views = await thresholdsOfCycles([cycleId]);
    expect(views).toHaveLength(5);
    for (const view of views) {
      const counted = lines.filter((line) => view.scope !== "supplier" || line.supplierId === view.supplierId);
      expect(view.currentValue).toBe(counted.reduce((sum, line) => sum + lineValue(view, line), 0));
    }
    // 11 of 6 is one case, the two single carrots two, the new order one.
    expect(views.find((view) => view.id === farmA.id)!.currentValue).toBe(4);
  });

  test("a producer changing the case size afterwards moves nothing counted, even through an adjustment of another line", async () => {
    const before = (await listed(cycleId)).find((item) => item.id === farmA.id)!.currentValue;
    const resized = await callRoute(variantRoute, {
      method: "PATCH",
      path: `/api/v1/variants/${crate}`,
      params: { variantId: crate },
      token: w.people.supplierA.token,
      body: { unitsPerCase: 4 },
    });
    expect(resized.status).toBe(200);
    expect((await listed(cycleId)).find((item) => item.id === farmA.id)!.currentValue).toBe(before);
    // The hub adds a carrot sold singly: the crate line, untouched, keeps its case of 6.
    const changed = await changeOrderApi(first, [{ variantId: single, quantity: 3 }], { token: w.people.distributor.token });
    expect(changed.status).toBe(200);
    expect(await linesOf(first)).toEqual(expect.arrayContaining([{ variantId: crate, quantity: 11, unitsPerCase: 6 }]));
    expect((await listed(cycleId)).find((item) => item.id === farmA.id)!.currentValue).toBe(before + 1);
    await getDb().update(variants).set({ unitsPerCase: 6 }).where(eq(variants.id, crate));
  });

  test("the editor's form adds a minimum in cases", async () => {
    const response = await callRoute(minimumsPage, {
      path: `/admin/order-cycles/${cycleId}/minimums`,
      params: { cycleId },
      cookie: w.sessions.hub,
      form: { intent: "add", target: `supplier:${w.supplierA.id}`, measure: "cases", minimum: "10", policy: "cancel" },
    });
    expect(await json(response)).toMatchObject({ ok: true, intent: "add" });
    const rows = await getDb().select().from(orderCycleThresholds).where(eq(orderCycleThresholds.orderCycleId, cycleId));
    expect(rows.filter((row) => row.measure === "cases").map((row) => row.minimum)).toEqual(expect.arrayContaining([5, 3, 10]));
  });
});

describe("at the close", () => {
  let cycleId: string;
  let short: { id: string };
  let reached: { id: string };
  let crates: string;

  beforeAll(async () => {
    cycleId = await openCycle("Crate close", 1);
    short = await addThreshold(cycleId, { scope: "supplier", supplierId: w.supplierA.id, measure: "cases", minimum: 4, policy: "cancel" });
    reached = await addThreshold(cycleId, { scope: "cycle", measure: "cases", minimum: 3, policy: "proceed" });
    // Three cases of carrots: Farm A has 3 of its 4 cases, the cycle 3 of 3.
    crates = await order(cycleId, "close@example.org", [{ variantId: crate, quantity: 18 }]);
    await getDb().update(variants).set({ unitsPerCase: 9 }).where(eq(variants.id, crate));
    expect(await processDueCycles(new Date(Date.now() + 2 * HOUR))).toContain(cycleId);
    await getDb().update(variants).set({ unitsPerCase: 6 }).where(eq(variants.id, crate));
  });

  test("each outcome is decided on whole cases as sold, and value_at_close keeps the count", async () => {
    const rows = await getDb().select().from(orderCycleThresholds).where(eq(orderCycleThresholds.orderCycleId, cycleId));
    // The size changed to 9 before the close: the lines still count their cases of 6.
    expect(rows.find((row) => row.id === short.id)).toMatchObject({ outcome: "cancelled", valueAtClose: 3 });
    expect(rows.find((row) => row.id === reached.id)!.outcome).toBe("reached");
    const [cancelled] = await getDb().select({ state: orders.state }).from(orders).where(eq(orders.id, crates));
    expect(cancelled.state).toBe("cancelled");
  });

  test("Farm A is told its minimum in cases", async () => {
    const emails = await getDb()
      .select({ kind: outboxEmails.kind, text: outboxEmails.text })
      .from(outboxEmails)
      .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.kind, "threshold_missed_supplier")));
    expect(emails).toHaveLength(1);
    expect(emails[0].text).toContain("Farm A's minimum of 4 cases was not reached (3 cases ordered).");
  });
});

describe("a per-buyer limit on a variant sold by the case", () => {
  let cycleId: string;

  beforeAll(async () => {
    cycleId = await openCycle("Limit week", 96);
  });

  const limitsOf = async () =>
    getDb()
      .select({ variantId: incomingExchangeVariants.variantId, max: incomingExchangeVariants.maxPerBuyer })
      .from(incomingExchangeVariants)
      .innerJoin(incomingExchanges, eq(incomingExchanges.id, incomingExchangeVariants.exchangeId))
      .where(and(eq(incomingExchanges.orderCycleId, cycleId), eq(incomingExchangeVariants.variantId, crate)));

  const saveForm = (limit: string) =>
    callRoute(incomingPage, {
      cookie: w.sessions.hub,
      params: { cycleId },
      form: { intent: "save", supplierId: w.supplierA.id, variantIds: w.variants.a, limitsShown: "1", [`limit:${crate}`]: limit },
    });

  test("the coordinator's form refuses one that is not whole cases at its field, in French, and writes nothing", async () => {
    await getDb().update(users).set({ locale: "fr" }).where(eq(users.id, w.people.hub.id));
    const before = await snapshotDatabase();
    const refused = await saveForm("5");
    expect(refused.status).toBe(422);
    const body = (await json(refused)) as { fieldErrors: Record<string, string>; fieldErrorKeys: Record<string, string> };
    expect(body.fieldErrorKeys).toEqual({ [`limits.${crate}`]: "limitWholeCases" });
    expect(body.fieldErrors[`limits.${crate}`]).toBe(
      "Vendu par colis de 6 : une limite par acheteur se compte en colis entiers, 6, 12, 18… (ou vide pour aucune).",
    );
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, w.people.hub.id));
    expect((await saveForm("12")).status).toBe(200);
    expect(await limitsOf()).toEqual([{ variantId: crate, max: 12 }]);
  });

  test("the API refuses it at limits.<variantId> with 422", async () => {
    const response = await callRoute(incomingRoute, {
      method: "PUT",
      path: `/api/v1/order-cycles/${cycleId}/incoming/${w.supplierA.id}`,
      params: { cycleId, supplierId: w.supplierA.id },
      token: w.people.hub.token,
      body: { limits: [{ variantId: crate, maxPerBuyer: 8 }] },
    });
    expect(response.status).toBe(422);
    const body = (await json(response)) as { error: { fields: Record<string, string> } };
    expect(body.error.fields).toEqual({ [`limits.${crate}`]: "Sold by the case of 6: a limit per buyer is whole cases, 6, 12, 18… (or empty for none)." });
    expect(await limitsOf()).toEqual([{ variantId: crate, max: 12 }]);
  });

  test("a limit kept as it was is not refused after the producer changes the case size under it", async () => {
    await getDb().update(variants).set({ unitsPerCase: 5 }).where(eq(variants.id, crate));
    expect((await saveForm("12")).status).toBe(200);
    expect(await limitsOf()).toEqual([{ variantId: crate, max: 12 }]);
    expect((await saveForm("13")).status).toBe(422);
    await getDb().update(variants).set({ unitsPerCase: 6 }).where(eq(variants.id, crate));
  });
});
