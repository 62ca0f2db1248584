// Who may state what a supplier will deliver (PUT /order-cycles/:id/incoming/:supplierId/confirmation):
// the supplier's managers and the coordinator; a manager of another supplier or of a distributor
// of the cycle sees the cycle but may not (403); anyone else is not told the cycle exists (404);
// no token is 401. The rule is one pure function (canConfirmSupplierDelivery); every refusal
// changes nothing in the whole database, and an allowed statement writes exactly its rows.
import { inArray } from "drizzle-orm";
import { canConfirmSupplierDelivery } from "#app/domain/access/cycle-rules";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as confirmApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId.confirmation";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let secondSupplierManager: TestUser;

beforeAll(async () => {
  w = await coopPlus();
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
  cycleId = await seedCycle(w, { name: "Permissions week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
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
  await processDueCycles(new Date(Date.now() + 2 * 3_600_000));
  // A second manager of Farm A answers like the first.
  secondSupplierManager = await createUser({ name: "Second manager of Farm A" });
  await getDb().insert(enterpriseManagers).values({ enterpriseId: w.supplierA.id, userId: secondSupplierManager.id });
});

describe("canConfirmSupplierDelivery (pure)", () => {
  test.each([
    [{ coordinator: true, suppliers: [], distributors: [] }, true],
    [{ coordinator: false, suppliers: ["A"], distributors: [] }, true],
    [{ coordinator: false, suppliers: ["B"], distributors: [] }, false],
    [{ coordinator: false, suppliers: [], distributors: ["A"] }, false],
    [{ coordinator: false, suppliers: [], distributors: [] }, false],
  ])("%o for supplier A: %s", (roles, allowed) => {
    expect(canConfirmSupplierDelivery(roles, "A")).toBe(allowed);
  });
});

type Row = { who: string; token: () => string | undefined; status: number };
const rows: Row[] = [
  { who: "the coordinator's manager", token: () => w.people.hub.token, status: 200 },
  { who: "Farm A's manager", token: () => w.people.supplierA.token, status: 200 },
  { who: "Farm A's second manager", token: () => secondSupplierManager.token, status: 200 },
  { who: "Farm B's manager (another supplier of the cycle)", token: () => w.people.supplierB.token, status: 403 },
  { who: "River's manager (a distributor of the cycle)", token: () => w.people.distributor.token, status: 403 },
  { who: "Far Hub's manager (no part in the cycle)", token: () => w.people.unrelated.token, status: 404 },
  { who: "a user managing nothing", token: () => w.people.nobody.token, status: 404 },
  { who: "no token", token: () => undefined, status: 401 },
];

describe("PUT /order-cycles/:id/incoming/:supplierId/confirmation for Farm A", () => {
  test.each(rows)("$who: $status", async (row) => {
    const { token, status } = row;
    const before = await snapshotDatabase();
    const response = await callRoute(confirmApi, {
      method: "PUT",
      token: token(),
      params: { cycleId, supplierId: w.supplierA.id },
      body: { lines: [{ variantId: w.variants.a[0], deliverQuantity: 2 }] },
    });
    expect(response.status).toBe(status);
    const changes = changesBetween(before, await snapshotDatabase());
    if (status !== 200) {
      expect(changes).toEqual({});
      return;
    }
    expect(await json(response)).toEqual({ state: "confirmed", shortages: [] });
    // Only the statement and its lines (written the first time, replaced after), the coordinator's email and its delivery job, the cycle's history.
    const allowed = ["graphile_worker._private_jobs", "order_cycle_history", "outbox_emails", "supplier_confirmation_lines", "supplier_confirmations"];
    expect(Object.keys(changes).filter((table) => !allowed.includes(table))).toEqual([]);
    expect(changes.supplier_confirmations).toEqual({ added: 1, removed: status === 200 && rows.indexOf(row) === 0 ? 0 : 1 });
    expect(changes.outbox_emails).toEqual({ added: 1, removed: 0 });
    expect(changes.order_cycle_history).toEqual({ added: 1, removed: 0 });
  });

  test("a supplier that is no party of the cycle answers 404, even to the coordinator", async () => {
    const before = await snapshotDatabase();
    const response = await callRoute(confirmApi, { method: "PUT", token: w.people.hub.token, params: { cycleId, supplierId: w.unrelated.id }, body: {} });
    expect(response.status).toBe(404);
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("GET is not a way in", async () => {
    const response = await callRoute(confirmApi, { token: w.people.hub.token, params: { cycleId, supplierId: w.supplierA.id } });
    expect([404, 405]).toContain(response.status);
  });
});
