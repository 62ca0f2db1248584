import { describe, expect, it } from "vitest";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import * as cycleRoute from "#app/routes/api.v1.order-cycles.$cycleId";
import * as cloneRoute from "#app/routes/api.v1.order-cycles.$cycleId.clone";
import * as incomingRoute from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as outgoingRoute from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import { getDb } from "#db/connection.server";
import { orders, orderCycleHistory } from "#db/schema";
import { eq } from "drizzle-orm";
import { coop, type Coop } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

/**
 * An instant written with a +01:00 offset, as a client in Paris in winter sends it: `days` from
 * today at `hour` o'clock, so the cycle is open whatever the day the suite runs (fixed dates in
 * late 2026 made it silently closed once the calendar passed them).
 */
function parisWinterInstant(days: number, hour: number): { iso: string; utc: string } {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const utc = new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+01:00`);
  return { iso: `${day}T${String(hour).padStart(2, "0")}:00:00+01:00`, utc: utc.toISOString() };
}

const opens = parisWinterInstant(-12, 8);
const closes = parisWinterInstant(14, 18);

async function setUpCycle(w: Coop) {
  const created = await callRoute(cyclesRoute, {
    token: w.people.hub.token,
    body: { name: "Week 48", coordinatorId: w.hub.id, opensAt: opens.iso, closesAt: closes.iso, coordinatorFeeIds: [w.fees.hub.id] },
  });
  expect(created.status).toBe(201);
  const cycle = await json(created);
  const put = (route: typeof incomingRoute | typeof outgoingRoute, key: string, id: string, body: unknown, token = w.people.hub.token) =>
    callRoute(route, { method: "PUT", token, params: { cycleId: cycle.id, [key]: id }, body });
  expect(
    (await put(incomingRoute, "supplierId", w.supplierA.id, { variantIds: w.variants.a, feeIds: [w.fees.supplierA.id], receivalInstructions: "Barn by 8am" }))
      .status,
  ).toBe(200);
  expect((await put(incomingRoute, "supplierId", w.supplierB.id, { variantIds: w.variants.b })).status).toBe(200);
  expect((await put(outgoingRoute, "distributorId", w.distributor.id, { variantIds: w.variants.a, readyFor: "Friday", tags: ["Pro"] })).status).toBe(200);
  expect((await put(outgoingRoute, "distributorId", w.hub.id, { variantIds: [...w.variants.a, ...w.variants.b], readyFor: "Saturday" })).status).toBe(200);
  return { cycle, put };
}

describe("order cycles API", () => {
  it("creates a cycle with exchanges and shows it whole to the coordinator, with UTC instants", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    const view = await json(await callRoute(cycleRoute, { token: w.people.hub.token, params: { cycleId: cycle.id } }));
    expect(view.state).toBe("open");
    // 08:00 and 18:00 at +01:00 are 07:00 and 17:00 UTC.
    expect(view.opensAt).toBe(opens.utc);
    expect(view.opensAt).toMatch(/T07:00:00\.000Z$/);
    expect(view.closesAt).toBe(closes.utc);
    expect(view.closesAt).toMatch(/T17:00:00\.000Z$/);
    expect(view.coordinator).toEqual({ id: w.hub.id, name: "Green Hub" });
    expect(view.incoming.map((e: any) => e.supplier.id).sort()).toEqual([w.supplierA.id, w.supplierB.id].sort());
    expect(view.incoming.find((e: any) => e.supplier.id === w.supplierA.id)).toMatchObject({
      receivalInstructions: "Barn by 8am",
      feeIds: [w.fees.supplierA.id],
    });
    expect(view.outgoing.find((e: any) => e.distributor.id === w.distributor.id)).toMatchObject({ readyFor: "Friday", tags: ["pro"] });
    // The distributor's methods default to all of its own.
    expect(view.outgoing.find((e: any) => e.distributor.id === w.distributor.id).shippingMethodIds).toEqual([w.methods.distributor.shipping.id]);
  });

  it("a supplier cannot see another supplier's incoming exchange, and sees only its own products in outgoing ones", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    const view = await json(await callRoute(cycleRoute, { token: w.people.supplierB.token, params: { cycleId: cycle.id } }));
    expect(view.incoming.map((e: any) => e.supplier.id)).toEqual([w.supplierB.id]);
    const hubShop = view.outgoing.find((e: any) => e.distributor.id === w.hub.id);
    expect(hubShop.variantIds.sort()).toEqual([...w.variants.b].sort());
    expect(hubShop.tags).toBeUndefined();
  });

  it("a distributor sees only incoming exchanges of suppliers that granted it permission, without their fees", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    const view = await json(await callRoute(cycleRoute, { token: w.people.distributor.token, params: { cycleId: cycle.id } }));
    expect(view.incoming.map((e: any) => e.supplier.id)).toEqual([w.supplierA.id]);
    expect(view.incoming[0].receivalInstructions).toBeUndefined();
    expect(view.outgoing.map((e: any) => e.distributor.id)).toEqual([w.distributor.id]);
  });

  it("an unrelated manager gets 404 for the cycle and its parts", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    expect((await callRoute(cycleRoute, { token: w.people.unrelated.token, params: { cycleId: cycle.id } })).status).toBe(404);
    expect((await callRoute(cycleRoute, { method: "PATCH", token: w.people.unrelated.token, params: { cycleId: cycle.id }, body: { name: "x" } })).status).toBe(
      404,
    );
  });

  it("a supplier may not rename the cycle (403) and the name stays", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    const res = await callRoute(cycleRoute, { method: "PATCH", token: w.people.supplierA.token, params: { cycleId: cycle.id }, body: { name: "Hacked" } });
    expect(res.status).toBe(403);
    const view = await json(await callRoute(cycleRoute, { token: w.people.hub.token, params: { cycleId: cycle.id } }));
    expect(view.name).toBe("Week 48");
  });

  it("a supplier unticks its own variant; a forbidden field in the same request refuses it whole", async () => {
    const w = await coop();
    const { cycle, put } = await setUpCycle(w);
    const keep = w.variants.a.slice(1);
    const refused = await put(incomingRoute, "supplierId", w.supplierA.id, { variantIds: keep, feeIds: [w.fees.hub.id] }, w.people.supplierA.token);
    expect(refused.status).toBe(403);
    let view = await json(await callRoute(cycleRoute, { token: w.people.hub.token, params: { cycleId: cycle.id } }));
    expect(view.incoming.find((e: any) => e.supplier.id === w.supplierA.id).variantIds).toHaveLength(3);

    const ok = await put(incomingRoute, "supplierId", w.supplierA.id, { variantIds: keep }, w.people.supplierA.token);
    expect(ok.status).toBe(200);
    view = await json(await callRoute(cycleRoute, { token: w.people.hub.token, params: { cycleId: cycle.id } }));
    expect(view.incoming.find((e: any) => e.supplier.id === w.supplierA.id).variantIds.sort()).toEqual([...keep].sort());
    // Outgoing exchanges only sell what comes in.
    expect(view.outgoing.find((e: any) => e.distributor.id === w.distributor.id).variantIds.sort()).toEqual([...keep].sort());
  });

  it("refuses a supplier that did not grant permission (422) and a distributor without methods (422)", async () => {
    const w = await coop();
    const { put } = await setUpCycle(w);
    const bad = await put(incomingRoute, "supplierId", w.unrelated.id, { variantIds: [] });
    expect(bad.status).toBe(422);
    const notDistributor = await put(outgoingRoute, "distributorId", w.supplierB.id, { variantIds: [] });
    expect(notDistributor.status).toBe(422);
  });

  it("clones with exchanges, no dates, and 'COPY OF' name; delete is refused once an order exists", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    const copy = await json(await callRoute(cloneRoute, { method: "POST", token: w.people.hub.token, params: { cycleId: cycle.id } }));
    expect(copy.name).toBe("COPY OF Week 48");
    expect(copy.opensAt).toBeNull();
    expect(copy.state).toBe("undated");
    expect(copy.incoming).toHaveLength(2);
    expect(copy.outgoing.find((e: any) => e.distributor.id === w.distributor.id)).toMatchObject({ readyFor: "Friday", tags: ["pro"] });

    await getDb().insert(orders).values({ orderCycleId: cycle.id, distributorId: w.hub.id, email: "b@example.test", state: "placed" });
    const refused = await callRoute(cycleRoute, { method: "DELETE", token: w.people.hub.token, params: { cycleId: cycle.id } });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe("has_orders");
    expect((await callRoute(cycleRoute, { method: "DELETE", token: w.people.hub.token, params: { cycleId: copy.id } })).status).toBe(204);
  });

  it("records who changed what in the history", async () => {
    const w = await coop();
    const { cycle } = await setUpCycle(w);
    await callRoute(cycleRoute, { method: "PATCH", token: w.people.hub.token, params: { cycleId: cycle.id }, body: { name: "Week 49" } });
    const rows = await getDb().select().from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, cycle.id));
    const renamed = rows.find((row) => row.action === "updated");
    expect(renamed?.userId).toBe(w.people.hub.id);
    expect(renamed?.details).toMatchObject({ name: { from: "Week 48", to: "Week 49" } });
  });
});
