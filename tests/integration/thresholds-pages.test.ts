// The pages of minimum thresholds: the editor's Minimums step (the coordinator adds one with the
// minimum typed as money, errors at the field in the manager's language, nothing changed; another
// party sees them without the form and may not post), the cycles list's indicator, and the shop
// page and checkout carrying the chosen cycle's public thresholds.
import { eq } from "drizzle-orm";
import * as minimumsPage from "#app/routes/admin.order-cycles.$cycleId.minimums";
import * as listPage from "#app/routes/admin.order-cycles._index";
import * as shopPage from "#app/routes/shop.$distributorId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { orderCycleThresholds, users } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

const postForm = (form: Record<string, string>, cookie = w.sessions.hub) =>
  callRoute(minimumsPage, { path: `/admin/order-cycles/${cycleId}/minimums`, params: { cycleId }, cookie, form });

describe("the Minimums step", () => {
  test("the coordinator adds a supplier's minimum typed as money (150,50 → 15050 cents)", async () => {
    const response = await postForm({ intent: "add", target: `supplier:${w.supplierA.id}`, measure: "amount", minimum: "150,50", policy: "cancel" });
    expect(await json(response)).toMatchObject({ ok: true, intent: "add" });
    const rows = await getDb().select().from(orderCycleThresholds).where(eq(orderCycleThresholds.orderCycleId, cycleId));
    expect(rows.map((row) => [row.scope, row.supplierId, row.measure, row.minimum, row.policy])).toEqual([
      ["supplier", w.supplierA.id, "amount", 15050, "cancel"],
    ]);
    const page = (await json(
      await callRoute(minimumsPage, { path: `/admin/order-cycles/${cycleId}/minimums`, params: { cycleId }, cookie: w.sessions.hub }),
    )) as {
      thresholds: { label: string; currentValue: number }[];
    };
    expect(page.thresholds).toMatchObject([{ label: "Farm A", currentValue: 0 }]);
  });

  test.each([
    [{ minimum: "abc", measure: "amount" }, "minimum", "Saisissez un montant, par exemple 4,50."],
    [{ minimum: "0", measure: "units" }, "minimum", null],
    [{ policy: "extend", extendDays: "31" }, "extendDays", null],
    [{ policy: "extend", extendDays: "" }, "extendDays", "Indiquez de combien de jours la clôture est repoussée (1 à 30)."],
    [{ target: `pickup:${"nope"}:${"nope"}` }, "distributorId", "Ce distributeur ne fait pas partie de ce cycle."],
  ])("%o: an error at %s in French, nothing changed", async (changes, field, message) => {
    await getDb().update(users).set({ locale: "fr" }).where(eq(users.id, w.people.hub.id));
    const before = await snapshotDatabase();
    const response = await postForm({ intent: "add", target: "cycle", measure: "amount", minimum: "100", policy: "cancel", ...changes });
    expect(response.status).toBe(422);
    const answer = (await json(response)) as { fieldErrors: Record<string, string> };
    expect(Object.keys(answer.fieldErrors)).toEqual([field]);
    if (message) expect(answer.fieldErrors[field]).toBe(message);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    await getDb().update(users).set({ locale: "en" }).where(eq(users.id, w.people.hub.id));
  });

  test("a supplier of the cycle sees the minimums but may not add one", async () => {
    const page = await callRoute(minimumsPage, { path: `/admin/order-cycles/${cycleId}/minimums`, params: { cycleId }, cookie: w.sessions.supplierA });
    expect(page.status).toBe(200);
    const before = await snapshotDatabase();
    const response = await postForm({ intent: "add", target: "cycle", measure: "units", minimum: "5", policy: "proceed" }, w.sessions.supplierA);
    expect(response.status).toBe(403);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });
});

describe("live progress where it is read", () => {
  test("the cycles list counts each cycle's minimums reached, and the shop page carries the chosen cycle's", async () => {
    await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email: "ana@example.org",
        name: "Ana",
        lines: [{ variantId: w.variants.a[0], quantity: 2 }],
      },
      undefined,
    );
    const list = (await json(await callRoute(listPage, { path: "/admin/order-cycles", cookie: w.sessions.hub }))) as {
      minimums: Record<string, { count: number; reached: number; percent: number }>;
    };
    // Farm A: 2 × 250 = 500 of 15050 cents, 3 %.
    expect(list.minimums[cycleId]).toEqual({ count: 1, reached: 0, percent: 3 });
    const shop = (await json(
      await callRoute(shopPage, { path: `/shop/${w.distributor.id}?cycle=${cycleId}`, params: { distributorId: w.distributor.id } }),
    )) as {
      thresholds: unknown[];
    };
    expect(shop.thresholds).toEqual([{ scope: "supplier", label: "Farm A", measure: "amount", minimum: 15050, currentValue: 500, reached: false }]);
  });
});
