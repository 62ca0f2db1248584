// Cloning and deleting a cycle (docs/domain.md section 2): the copy keeps coordinator, fees, exchanges,
// variants, instructions, tags and method choices, without dates or notification record; a cycle
// with a placed order cannot be deleted, carts do not count and go with it.
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as cycleApi from "#app/routes/api.v1.order-cycles.$cycleId";
import * as cloneApi from "#app/routes/api.v1.order-cycles.$cycleId.clone";
import * as outgoingApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { localeCookie } from "#app/i18n/locale.server";
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterprisePermissions, orderCycleHistory, orderCycles, orderLines, orders } from "#db/schema";
import { coopPlus, dayFromToday, insertGrant, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

/** The parts of a cycle a clone must keep, in a form that ignores ordering. */
function contents(view: Awaited<ReturnType<typeof viewCycleForActor>>) {
  const sort = (ids: readonly string[] | undefined) => [...(ids ?? [])].sort();
  return {
    coordinator: view.coordinator,
    coordinatorFeeIds: view.coordinatorFeeIds,
    automaticNotifications: view.automaticNotifications,
    incoming: view.incoming
      .map((e) => ({ supplierId: e.supplier.id, variantIds: sort(e.variantIds), feeIds: e.feeIds, receivalInstructions: e.receivalInstructions }))
      .sort((a, b) => a.supplierId.localeCompare(b.supplierId)),
    outgoing: view.outgoing
      .map((e: any) => ({
        distributorId: e.distributor.id,
        variantIds: sort(e.variantIds),
        feeIds: e.feeIds,
        readyFor: e.readyFor,
        readyOn: e.readyOn,
        pickupInstructions: e.pickupInstructions,
        tags: e.tags,
        shippingMethodIds: sort(e.shippingMethodIds),
        paymentMethodIds: sort(e.paymentMethodIds),
      }))
      .sort((a, b) => a.distributorId.localeCompare(b.distributorId)),
  };
}

describe("clone", () => {
  it("copies coordinator, coordinator fees, exchanges, variants, fees, instructions, tags and method choices; 'COPY OF' name, no dates nor ready-on dates, undated, no notification record", async () => {
    const source = await seedCycle(w);
    // A richer source: a second coordinator fee, a ready date, one of River's two methods, the notification flag and record.
    await callRoute(cycleApi, {
      method: "PATCH",
      token: w.people.hub.token,
      params: { cycleId: source },
      body: { coordinatorFeeIds: [w.fees.hub.id, w.fees.hub2.id], automaticNotifications: true },
    });
    const river = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.hub.token,
      params: { cycleId: source, distributorId: w.distributor.id },
      body: {
        readyOn: dayFromToday(5),
        shippingMethodIds: [w.methods.distributorAll[1].shipping.id],
        paymentMethodIds: [w.methods.distributorAll[0].payment.id],
        feeIds: [w.fees.distributor.id, w.fees.hub2.id],
      },
    });
    expect(river.status).toBe(200);
    await getDb().update(orderCycles).set({ notifiedAt: new Date() }).where(eq(orderCycles.id, source));
    const original = await viewCycleForActor(w.actors.hub, source);

    const res = await callRoute(cloneApi, { method: "POST", token: w.people.hub.token, params: { cycleId: source } });
    expect(res.status).toBe(201);
    const copy = await json(res);
    expect(copy.id).not.toBe(source);
    expect(copy).toMatchObject({ name: "COPY OF Week 48", opensAt: null, closesAt: null, state: "undated", notifiedAt: null });
    const stored = await viewCycleForActor(w.actors.hub, copy.id);
    // Everything but the ready-on dates, which drive reminders: the copy's are left empty (issue 13).
    const expected = contents(original);
    expect(contents(stored)).toEqual({ ...expected, outgoing: expected.outgoing.map((e) => ({ ...e, readyOn: null })) });
    expect(contents(stored).outgoing.find((e) => e.distributorId === w.distributor.id)).toMatchObject({
      readyFor: "Friday river",
      readyOn: null,
      pickupInstructions: "Back door",
      tags: ["vip-river"],
      shippingMethodIds: [w.methods.distributorAll[1].shipping.id],
    });
    expect(contents(stored).incoming.find((e) => e.supplierId === w.supplierA.id)).toMatchObject({
      receivalInstructions: "Barn by 8am",
      feeIds: [w.fees.supplierA.id],
    });
    // The copy's history says where it came from; the source is untouched.
    const history = await getDb().select().from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, copy.id));
    expect(history.map((row) => row.action)).toEqual(["cloned_from"]);
    expect(await viewCycleForActor(w.actors.hub, source)).toEqual(original);
  });

  it("through the General form the coordinator is redirected to the copy", async () => {
    const source = await seedCycle(w, { name: "Pro cycle" });
    const res = await callRoute(generalPage, { cookie: w.sessions.hub, params: { cycleId: source }, form: { intent: "clone" } });
    expect(res.status).toBe(302);
    const location = res.headers.get("Location")!;
    const copyId = location.replace("/admin/order-cycles/", "");
    expect(location).toMatch(/^\/admin\/order-cycles\/[^/]+$/);
    expect((await viewCycleForActor(w.actors.hub, copyId)).name).toBe("COPY OF Pro cycle");
  });

  it("leaves out parties that withdrew their permission, and archived fees and methods, and names who was left out", async () => {
    const source = await seedCycle(w, { name: "Before the revoke" });
    const archivedFee = w.fees.supplierA.id;
    await getDb().update(enterpriseFees).set({ archivedAt: new Date() }).where(eq(enterpriseFees.id, archivedFee));
    await getDb()
      .delete(enterprisePermissions)
      .where(
        and(
          eq(enterprisePermissions.grantorId, w.supplierB.id),
          eq(enterprisePermissions.granteeId, w.hub.id),
          eq(enterprisePermissions.permission, "add_to_order_cycle"),
        ),
      );
    try {
      const copy = await json(await callRoute(cloneApi, { method: "POST", token: w.people.hub.token, params: { cycleId: source } }));
      const stored = contents(await viewCycleForActor(w.actors.hub, copy.id));
      // Farm B is gone, with its milk from Lake's list; Farm A stays without its archived fee.
      expect(stored.incoming.map((e) => [e.supplierId, e.feeIds])).toEqual([[w.supplierA.id, []]]);
      expect(stored.outgoing.find((e) => e.distributorId === w.lake.id)?.variantIds).toEqual([w.variants.a[0]]);
      expect(stored.outgoing.map((e) => e.distributorId).sort()).toEqual([w.distributor.id, w.lake.id].sort());
      const [history] = await getDb().select().from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, copy.id));
      expect(history.details).toMatchObject({ leftOut: { supplierIds: [w.supplierB.id], distributorIds: [], names: ["Farm B"] } });
      // The source keeps everything: revoking never rewrites a cycle.
      expect(contents(await viewCycleForActor(w.actors.hub, source)).incoming).toHaveLength(2);
    } finally {
      await getDb().update(enterpriseFees).set({ archivedAt: null }).where(eq(enterpriseFees.id, archivedFee));
      await insertGrant(w.supplierB.id, w.hub.id);
    }
  });

  it("a copy made in French is named 'COPIE DE …', in the page and through the API", async () => {
    const source = await seedCycle(w, { name: "Semaine 48" });
    const viaApi = await json(
      await callRoute(cloneApi, { method: "POST", token: w.people.hub.token, headers: { "Accept-Language": "fr-FR,fr;q=0.9" }, params: { cycleId: source } }),
    );
    expect(viaApi.name).toBe("COPIE DE Semaine 48");
    const res = await callRoute(generalPage, {
      cookie: `${w.sessions.hub}; ${await localeCookie.serialize("fr")}`,
      params: { cycleId: source },
      form: { intent: "clone" },
    });
    const copyId = res.headers.get("Location")!.replace("/admin/order-cycles/", "");
    expect((await viewCycleForActor(w.actors.hub, copyId)).name).toBe("COPIE DE Semaine 48");
  });

  it("a long name is cut to the 120 characters a name may have", async () => {
    const source = await seedCycle(w, { name: "x".repeat(120) });
    const copy = await json(await callRoute(cloneApi, { method: "POST", token: w.people.hub.token, params: { cycleId: source } }));
    expect(copy.name).toBe(`COPY OF ${"x".repeat(112)}`);
  });
});

describe("delete", () => {
  async function insertOrder(cycleId: string, state: "cart" | "placed" | "cancelled") {
    const [order] = await getDb()
      .insert(orders)
      .values({ orderCycleId: cycleId, distributorId: w.distributor.id, email: "buyer@example.test", state, placedAt: state === "cart" ? null : new Date() })
      .returning();
    await getDb().insert(orderLines).values({ orderId: order.id, variantId: w.variants.a[0], quantity: 2, unitPriceCents: 260, totalCents: 520 });
    return order;
  }

  it("is refused with 409 has_orders once a placed order exists, with a message suggesting to close it; nothing is deleted", async () => {
    const cycleId = await seedCycle(w);
    const placed = await insertOrder(cycleId, "placed");
    const before = await viewCycleForActor(w.actors.hub, cycleId);
    const res = await callRoute(cycleApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId } });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.error.code).toBe("has_orders");
    expect(body.error.message).toMatch(/close/i);
    expect(await viewCycleForActor(w.actors.hub, cycleId)).toEqual(before);
    expect(await getDb().select().from(orders).where(eq(orders.id, placed.id))).toHaveLength(1);
  });

  it("the General form answers 409 with the message, in the user's language", async () => {
    const cycleId = await seedCycle(w);
    await insertOrder(cycleId, "placed");
    const res = await callRoute(generalPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "delete" }, headers: { "Accept-Language": "fr" } });
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ ok: false, formError: expect.stringMatching(/close|ferm/i) });
    expect(await viewCycleForActor(w.actors.hub, cycleId)).toBeDefined();
  });

  it("is allowed with only a cart: 204, and the cart and its lines are gone", async () => {
    const cycleId = await seedCycle(w);
    const cart = await insertOrder(cycleId, "cart");
    const res = await callRoute(cycleApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId } });
    expect(res.status).toBe(204);
    expect(await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId))).toHaveLength(0);
    expect(await getDb().select().from(orders).where(eq(orders.id, cart.id))).toHaveLength(0);
    expect(
      await getDb()
        .select()
        .from(orderLines)
        .where(inArray(orderLines.orderId, [cart.id])),
    ).toHaveLength(0);
    expect((await callRoute(cycleApi, { token: w.people.hub.token, params: { cycleId } })).status).toBe(404);
  });

  it("the General form deletes a cycle without orders and redirects to the list", async () => {
    const cycleId = await seedCycle(w);
    const res = await callRoute(generalPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "delete" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/order-cycles");
    expect(await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId))).toHaveLength(0);
  });

  it("a cycle whose only order was cancelled still counts as having orders (it was placed)", async () => {
    const cycleId = await seedCycle(w);
    await insertOrder(cycleId, "cancelled");
    const res = await callRoute(cycleApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId } });
    expect(res.status).toBe(409);
  });
});
