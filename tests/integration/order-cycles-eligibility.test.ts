// Who may join a cycle (docs/domain.md section 2): suppliers that granted add_to_order_cycle and have
// products; distributors that are shops, granted it, and have a shipping and a payment method.
// The editor lists the others with the reason; revoking a permission never rewrites a cycle.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as incomingApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as outgoingApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import { cycleEditorData } from "#app/domain/order-cycles/editor.server";
import { cyclesStillIncluding, viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { getDb } from "#db/connection.server";
import { enterprisePermissions, shippingMethods } from "#db/schema";
import { actorFor, coopPlus, insertEnterprise, insertGrant, insertMethods, insertProduct, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let others: Awaited<ReturnType<typeof moreEnterprises>>;

/** Enterprises around the coordinator, each failing one condition. */
async function moreEnterprises(w: CoopPlus) {
  const owner = await createUser({ name: "Owner of the rest" });
  const farmNoGrant = await insertEnterprise(owner, { name: "Farm D (no grant)", kind: "producer" });
  await insertProduct(farmNoGrant.id, "Eggs", [{ name: "Dozen", priceCents: 400 }]);
  const profile = await insertEnterprise(owner, { name: "Profile P", kind: "profile" });
  await insertGrant(profile.id, w.hub.id);
  await insertMethods(profile.id);
  const bareHub = await insertEnterprise(owner, { name: "Bare Hub (no methods)", kind: "hub" });
  await insertGrant(bareHub.id, w.hub.id);
  const halfHub = await insertEnterprise(owner, { name: "Half Hub (shipping only)", kind: "hub" });
  await insertGrant(halfHub.id, w.hub.id);
  await getDb().insert(shippingMethods).values({ enterpriseId: halfHub.id, name: "Van", kind: "delivery" });
  const shopless = await insertEnterprise(owner, { name: "Farm E (no shop)", kind: "producer" });
  await insertGrant(shopless.id, w.hub.id);
  await insertMethods(shopless.id);
  const farmShop = await insertEnterprise(owner, { name: "Farm F (shop)", kind: "producer", sellsOwnProducts: true });
  await insertGrant(farmShop.id, w.hub.id);
  await insertMethods(farmShop.id);
  // A hub the coordinator's manager also runs, that never granted the coordinator add_to_order_cycle.
  const sisterHub = await insertEnterprise(w.people.hub, { name: "Sister Hub (no grant)", kind: "hub" });
  await insertMethods(sisterHub.id);
  // A hub the coordinator works with (it lets the coordinator edit its profile) but that did not grant add_to_order_cycle.
  const partnerHub = await insertEnterprise(owner, { name: "Partner Hub (other grant)", kind: "hub" });
  await insertGrant(partnerHub.id, w.hub.id, "edit_profile");
  await insertMethods(partnerHub.id);
  return { farmNoGrant, profile, bareHub, halfHub, shopless, farmShop, sisterHub, partnerHub };
}

beforeAll(async () => {
  w = await coopPlus();
  others = await moreEnterprises(w);
  w.actors.hub = await actorFor(w.people.hub); // now also manages Sister Hub
  cycleId = await seedCycle(w);
});

const putIncoming = (supplierId: string, body: unknown = { variantIds: [] }) =>
  callRoute(incomingApi, { method: "PUT", token: w.people.hub.token, params: { cycleId, supplierId }, body });
const putOutgoing = (distributorId: string, body: unknown = {}) =>
  callRoute(outgoingApi, { method: "PUT", token: w.people.hub.token, params: { cycleId, distributorId }, body });

/** What is stored of a cycle: the view without what the caller could do with it (that follows the grants of today). */
function stored(view: Awaited<ReturnType<typeof viewCycleForActor>>) {
  return {
    ...view,
    // What the caller may do, and whether a permission was withdrawn, are not what the cycle stores.
    incoming: view.incoming.map(({ canEdit, permissionWithdrawn, ...exchange }) => exchange),
    outgoing: view.outgoing.map(({ editableVariantIds, canEditDetails, permissionWithdrawn, ...exchange }) => exchange),
  };
}

async function expect422(res: Response, field: string) {
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(422);
  expect(body.error.code).toBe("validation_failed");
  expect(Object.keys(body.error.fields)).toEqual([field]);
}

describe("suppliers", () => {
  it("a producer that did not grant add_to_order_cycle is refused with 422 on supplierId, and is not offered", async () => {
    await expect422(await putIncoming(others.farmNoGrant.id), "supplierId");
    const editor = await cycleEditorData(w.actors.hub, cycleId);
    expect(editor.candidateSuppliers.map((c) => c.id)).not.toContain(others.farmNoGrant.id);
    expect((await viewCycleForActor(w.actors.hub, cycleId)).incoming.map((e) => e.supplier.id)).not.toContain(others.farmNoGrant.id);
  });

  it("a profile (sells nothing) is refused as a supplier with 422 on supplierId, and is not offered", async () => {
    await expect422(await putIncoming(others.profile.id), "supplierId");
    const editor = await cycleEditorData(w.actors.hub, cycleId);
    expect(editor.candidateSuppliers.map((c) => c.id)).not.toContain(others.profile.id);
  });

  it("the incoming form shows the reason next to the supplier field", async () => {
    const res = await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", supplierId: others.farmNoGrant.id } });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({
      ok: false,
      intent: "add",
      fieldErrorKeys: { supplierId: "supplierNotPermitted" },
      fieldErrors: { supplierId: expect.stringContaining("not allowed") },
    });
  });

  it("offers producers that granted permission and are not in the cycle yet", async () => {
    const editor = await cycleEditorData(w.actors.hub, cycleId);
    expect(editor.candidateSuppliers.map((c) => c.id)).toContain(w.supplierC.id);
    expect(editor.candidateSuppliers.map((c) => c.id)).not.toContain(w.supplierA.id);
  });

  it("flags a producer that has nothing to sell yet, so the coordinator knows before adding it", async () => {
    const owner = await createUser({ name: "New farmer" });
    const empty = await insertEnterprise(owner, { name: "Farm E (no products)", kind: "producer" });
    await insertGrant(empty.id, w.hub.id);
    const candidates = (await cycleEditorData(w.actors.hub, cycleId)).candidateSuppliers;
    expect(candidates.find((c) => c.id === empty.id)).toMatchObject({ hasProducts: false });
    expect(candidates.find((c) => c.id === w.supplierC.id)).toMatchObject({ hasProducts: true });
  });
});

describe("distributors", () => {
  const reasonsOf = async (id: string) => (await cycleEditorData(w.actors.hub, cycleId)).candidateDistributors.find((c) => c.id === id)?.reasons;

  it("a hub without shipping or payment method: 422 on distributorId; listed with both reasons", async () => {
    await expect422(await putOutgoing(others.bareHub.id), "distributorId");
    expect(await reasonsOf(others.bareHub.id)).toEqual(["no_shipping_method", "no_payment_method"]);
    await expect422(await putOutgoing(others.halfHub.id), "distributorId");
    expect(await reasonsOf(others.halfHub.id)).toEqual(["no_payment_method"]);
  });

  it("a producer without a shop and a profile: 422; listed as not a shop", async () => {
    await expect422(await putOutgoing(others.shopless.id), "distributorId");
    expect(await reasonsOf(others.shopless.id)).toEqual(["not_a_shop"]);
    await expect422(await putOutgoing(others.profile.id), "distributorId");
    expect(await reasonsOf(others.profile.id)).toEqual(["not_a_shop"]);
  });

  it("a hub that did not grant add_to_order_cycle: 422; listed with the reason when the coordinator knows it (same manager, or another permission)", async () => {
    await expect422(await putOutgoing(others.sisterHub.id), "distributorId");
    await expect422(await putOutgoing(others.partnerHub.id), "distributorId");
    expect(await reasonsOf(others.sisterHub.id)).toEqual(["no_permission"]);
    expect(await reasonsOf(others.partnerHub.id)).toEqual(["no_permission"]);
  });

  it("does not list hubs that have nothing to do with the coordinator", async () => {
    expect(await reasonsOf(w.unrelated.id)).toBeUndefined();
  });

  it("a producer shop that granted permission and has methods is eligible and can be added", async () => {
    expect(await reasonsOf(others.farmShop.id)).toEqual([]);
    expect(await reasonsOf(w.hill.id)).toEqual([]);
    const res = await putOutgoing(others.farmShop.id, { readyFor: "Farm gate" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ distributor: { id: others.farmShop.id }, readyFor: "Farm gate" });
  });

  it("the outgoing form shows the reason next to the distributor field, and nothing is added", async () => {
    const res = await callRoute(outgoingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", distributorId: others.bareHub.id } });
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ ok: false, intent: "add", fieldErrors: { distributorId: expect.any(String) } });
    expect((await viewCycleForActor(w.actors.hub, cycleId)).outgoing.map((e) => e.distributor.id)).not.toContain(others.bareHub.id);
  });

  it("other parties' editor data lists no candidates", async () => {
    const editor = await cycleEditorData(w.actors.supplierA, cycleId);
    expect(editor.candidateDistributors).toEqual([]);
    expect(editor.candidateSuppliers).toEqual([]);
  });
});

describe("warnings in the cycle editor", () => {
  it("name the distributors whose buyers cannot check out in this cycle, for the coordinator and that distributor only", async () => {
    const cycleId = await seedCycle(w, { name: "No way to pay" });
    expect((await cycleEditorData(w.actors.hub, cycleId)).distributorsWithoutCheckout).toEqual([]);
    // River offers only a method it then archives: nobody could check out at River.
    await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.hub.token,
      params: { cycleId, distributorId: w.distributor.id },
      body: { shippingMethodIds: [w.methods.distributor.shipping.id], paymentMethodIds: [w.methods.distributor.payment.id] },
    });
    await getDb().update(shippingMethods).set({ archivedAt: new Date() }).where(eq(shippingMethods.id, w.methods.distributor.shipping.id));
    try {
      expect((await cycleEditorData(w.actors.hub, cycleId)).distributorsWithoutCheckout).toEqual(["River Co-op"]);
      expect((await cycleEditorData(w.actors.distributor, cycleId)).distributorsWithoutCheckout).toEqual(["River Co-op"]);
      expect((await cycleEditorData(w.actors.lake, cycleId)).distributorsWithoutCheckout).toEqual([]);
    } finally {
      await getDb().update(shippingMethods).set({ archivedAt: null }).where(eq(shippingMethods.id, w.methods.distributor.shipping.id));
    }
  });
});

describe("revoking a permission", () => {
  it("keeps the exchanges of a closed cycle untouched; edits elsewhere in it keep them too; adding again is refused", async () => {
    const closed = await seedCycle(w, { name: "Last week", opensAt: minuteFromNow(-14 * 24 * 60), closesAt: minuteFromNow(-7 * 24 * 60) });
    const before = await viewCycleForActor(w.actors.hub, closed);
    expect(before.state).toBe("closed");
    await getDb()
      .delete(enterprisePermissions)
      .where(and(eq(enterprisePermissions.grantorId, w.supplierA.id), eq(enterprisePermissions.permission, "add_to_order_cycle")));
    try {
      expect(stored(await viewCycleForActor(w.actors.hub, closed))).toEqual(stored(before));

      // The coordinator edits B's exchange and River's details: A's exchange and A's products in River's list stay.
      const b = await callRoute(incomingApi, {
        method: "PUT",
        token: w.people.hub.token,
        params: { cycleId: closed, supplierId: w.supplierB.id },
        body: { variantIds: w.variants.b },
      });
      expect(b.status).toBe(200);
      const river = await callRoute(outgoingApi, {
        method: "PUT",
        token: w.people.hub.token,
        params: { cycleId: closed, distributorId: w.distributor.id },
        body: { readyFor: "Moved" },
      });
      expect(river.status).toBe(200);
      const after = await viewCycleForActor(w.actors.hub, closed);
      expect(stored(after).incoming.find((e) => e.supplier.id === w.supplierA.id)).toEqual(
        stored(before).incoming.find((e) => e.supplier.id === w.supplierA.id),
      );
      expect(after.outgoing.find((e) => e.distributor.id === w.distributor.id)?.variantIds).toEqual(
        before.outgoing.find((e) => e.distributor.id === w.distributor.id)?.variantIds,
      );

      // Removing A and adding it back is a new addition: refused now.
      await callRoute(incomingApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId: closed, supplierId: w.supplierA.id } });
      const again = await callRoute(incomingApi, {
        method: "PUT",
        token: w.people.hub.token,
        params: { cycleId: closed, supplierId: w.supplierA.id },
        body: { variantIds: w.variants.a },
      });
      expect(again.status).toBe(422);
      expect((await json(again)).error.fields.supplierId).toBeDefined();
    } finally {
      await insertGrant(w.supplierA.id, w.hub.id);
      await insertGrant(w.supplierA.id, w.distributor.id);
      await insertGrant(w.supplierA.id, w.lake.id);
    }
  });

  it("the coordinator can still take a supplier's products out of a distributor's list once that supplier stopped granting the distributor", async () => {
    const open = await seedCycle(w);
    await getDb()
      .delete(enterprisePermissions)
      .where(and(eq(enterprisePermissions.grantorId, w.supplierA.id), eq(enterprisePermissions.granteeId, w.distributor.id)));
    try {
      // A's products can no longer be added to River's list...
      const add = await callRoute(outgoingApi, {
        method: "PUT",
        token: w.people.hub.token,
        params: { cycleId: open, distributorId: w.distributor.id },
        body: { variantIds: w.variants.a },
      });
      expect(add.status).toBe(403);
      // ...but the coordinator can take them out (the revocation is why it wants to).
      const res = await callRoute(outgoingApi, {
        method: "PUT",
        token: w.people.hub.token,
        params: { cycleId: open, distributorId: w.distributor.id },
        body: { variantIds: [w.variants.a[0]] },
      });
      expect(res.status).toBe(200);
      const view = await viewCycleForActor(w.actors.hub, open);
      expect(view.outgoing.find((e) => e.distributor.id === w.distributor.id)?.variantIds).toEqual([w.variants.a[0]]);
    } finally {
      await insertGrant(w.supplierA.id, w.distributor.id);
    }
  });

  it("shows the coordinator, and only the coordinator, which parties of the cycle withdrew their permission", async () => {
    const open = await seedCycle(w, { name: "After the revoke", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await getDb()
      .delete(enterprisePermissions)
      .where(
        and(
          eq(enterprisePermissions.grantorId, w.supplierA.id),
          eq(enterprisePermissions.granteeId, w.hub.id),
          eq(enterprisePermissions.permission, "add_to_order_cycle"),
        ),
      );
    try {
      const withdrawn = (view: Awaited<ReturnType<typeof viewCycleForActor>>) => [
        ...view.incoming.filter((e) => e.permissionWithdrawn).map((e) => e.supplier.name),
        ...view.outgoing.filter((e) => e.permissionWithdrawn).map((e) => e.distributor.name),
      ];
      expect(withdrawn(await viewCycleForActor(w.actors.hub, open))).toEqual(["Farm A"]);
      expect(withdrawn((await cycleEditorData(w.actors.hub, open)).cycle)).toEqual(["Farm A"]);
      expect(withdrawn(await viewCycleForActor(w.actors.supplierA, open))).toEqual([]);
      expect(withdrawn(await viewCycleForActor(w.actors.distributor, open))).toEqual([]);
    } finally {
      await insertGrant(w.supplierA.id, w.hub.id);
    }
    expect((await viewCycleForActor(w.actors.hub, open)).incoming.every((e) => !e.permissionWithdrawn)).toBe(true);
  });

  it("lists the open and upcoming cycles that still include the enterprise, not the closed ones", async () => {
    const upcoming = await seedCycle(w, { name: "Still including" });
    const closed = await seedCycle(w, { name: "Done", opensAt: minuteFromNow(-3 * 24 * 60), closesAt: minuteFromNow(-2 * 24 * 60) });
    const ids = (await cyclesStillIncluding([w.hub.id], w.supplierA.id)).map((c) => c.id);
    expect(ids).toContain(upcoming);
    expect(ids).not.toContain(closed);
    expect((await cyclesStillIncluding([w.hub.id], w.distributor.id)).map((c) => c.id)).toContain(upcoming);
  });
});
