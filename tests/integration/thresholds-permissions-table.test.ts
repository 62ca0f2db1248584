// Who may add and remove a cycle's minimum thresholds (docs/domain.md 3 and 12): the coordinator's
// managers (both of them answer alike); a supplier's or a distributor's manager of the cycle sees
// the thresholds but may not change them (403); anyone else is not told the cycle exists (404); no
// token is 401. Every refusal changes nothing in the whole database; an allowed change writes
// exactly its threshold row and the cycle's history.
import { canManageThresholds } from "#app/domain/access/cycle-rules";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as thresholdsApi from "#app/routes/api.v1.order-cycles.$cycleId.thresholds";
import * as thresholdApi from "#app/routes/api.v1.order-cycles.$cycleId.thresholds.$thresholdId";
import { createThreshold } from "#app/domain/thresholds/commands.server";
import { getDb } from "#db/connection.server";
import { enterpriseManagers } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase } from "#tests/support/db-snapshot";
import { callRoute } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let secondHubManager: TestUser;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  secondHubManager = await createUser({ name: "Second manager of Green Hub" });
  await getDb().insert(enterpriseManagers).values({ enterpriseId: w.hub.id, userId: secondHubManager.id });
});

describe("canManageThresholds (pure)", () => {
  test.each([
    [{ coordinator: true, suppliers: [], distributors: [] }, true],
    [{ coordinator: false, suppliers: ["A"], distributors: [] }, false],
    [{ coordinator: false, suppliers: [], distributors: ["R"] }, false],
    [{ coordinator: false, suppliers: [], distributors: [] }, false],
  ])("%o: %s", (roles, allowed) => {
    expect(canManageThresholds(roles)).toBe(allowed);
  });
});

type Row = { who: string; token: () => string | undefined; see: number; change: number };
const rows: Row[] = [
  { who: "the coordinator's manager", token: () => w.people.hub.token, see: 200, change: 200 },
  { who: "the coordinator's second manager", token: () => secondHubManager.token, see: 200, change: 200 },
  { who: "Farm A's manager (a supplier of the cycle)", token: () => w.people.supplierA.token, see: 200, change: 403 },
  { who: "River's manager (a distributor of the cycle)", token: () => w.people.distributor.token, see: 200, change: 403 },
  { who: "Far Hub's manager (no part in the cycle)", token: () => w.people.unrelated.token, see: 404, change: 404 },
  { who: "a user managing nothing", token: () => w.people.nobody.token, see: 404, change: 404 },
  { who: "no token", token: () => undefined, see: 401, change: 401 },
];

const body = () => ({ scope: "supplier", supplierId: w.supplierA.id, measure: "amount", minimum: 5000, policy: "cancel" });

describe("GET /order-cycles/:id/thresholds", () => {
  test.each(rows)("$who: $see", async ({ token, see }) => {
    const response = await callRoute(thresholdsApi, { token: token(), params: { cycleId } });
    expect(response.status).toBe(see);
  });
});

describe("POST /order-cycles/:id/thresholds", () => {
  test.each(rows)("$who: $change", async ({ token, change }) => {
    const before = await snapshotDatabase();
    const response = await callRoute(thresholdsApi, { method: "POST", token: token(), params: { cycleId }, body: body() });
    expect(response.status).toBe(change === 200 ? 201 : change);
    const changes = changesBetween(before, await snapshotDatabase());
    if (change !== 200) expect(changes).toEqual({});
    else expect(changes).toEqual({ order_cycle_thresholds: { added: 1, removed: 0 }, order_cycle_history: { added: 1, removed: 0 } });
  });
});

describe("DELETE /order-cycles/:id/thresholds/:thresholdId", () => {
  test.each(rows)("$who: $change", async ({ token, change }) => {
    const threshold = await createThreshold(w.actors.hub, cycleId, body());
    const before = await snapshotDatabase();
    const response = await callRoute(thresholdApi, { method: "DELETE", token: token(), params: { cycleId, thresholdId: threshold.id } });
    expect(response.status).toBe(change === 200 ? 204 : change);
    const changes = changesBetween(before, await snapshotDatabase());
    if (change !== 200) expect(changes).toEqual({});
    else expect(changes).toEqual({ order_cycle_thresholds: { added: 0, removed: 1 }, order_cycle_history: { added: 1, removed: 0 } });
  });

  test("a threshold of another cycle is not found through this one", async () => {
    const other = await seedCycle(w, { name: "Other week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    const threshold = await createThreshold(w.actors.hub, other, body());
    const response = await callRoute(thresholdApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId, thresholdId: threshold.id } });
    expect(response.status).toBe(404);
  });
});
