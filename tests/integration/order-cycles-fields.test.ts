// Field-level authorisation in order-cycle exchanges (docs/domain.md section 3, docs/api.md "PUT"): what a
// party may not change refuses the whole request, ids that do not belong are 422, another
// party's hidden exchange is 404. Every refusal leaves the cycle exactly as it was.
import { beforeAll, describe, expect, it } from "vitest";
import * as cycleApi from "#app/routes/api.v1.order-cycles.$cycleId";
import * as cyclesApi from "#app/routes/api.v1.order-cycles";
import * as incomingApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as outgoingApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import * as checkoutPage from "#app/routes/admin.order-cycles.$cycleId.checkout";
import * as editorPage from "#app/routes/admin.order-cycles.$cycleId";
import * as newCyclePage from "#app/routes/admin.order-cycles.new";
import { keptChoices } from "#app/ui/form";
import { eq } from "drizzle-orm";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { getDb } from "#db/connection.server";
import { enterpriseFees, orderCycleHistory, orderCycles, paymentMethods, shippingMethods } from "#db/schema";
import { coopPlus, insertFee, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w);
});

const coordinatorView = () => viewCycleForActor(w.actors.hub, cycleId);
const putIncoming = (token: string, supplierId: string, body: unknown) =>
  callRoute(incomingApi, { method: "PUT", token, params: { cycleId, supplierId }, body });
const putOutgoing = (token: string, distributorId: string, body: unknown) =>
  callRoute(outgoingApi, { method: "PUT", token, params: { cycleId, distributorId }, body });

/** Runs a request that must be refused with `status` (and `field` in the error), and proves nothing changed. */
async function refused(request: () => Promise<Response>, status: number, field?: string) {
  const before = await coordinatorView();
  const res = await request();
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  if (field) {
    const fields = body.error?.fields ?? body.fieldErrors;
    expect(Object.keys(fields)).toContain(field);
  }
  expect(await coordinatorView()).toEqual(before);
  return body;
}

describe("incoming fees: a supplier attaches only its own", () => {
  it("a supplier sending a coordinator fee in its incoming feeIds gets 403 on feeIds and nothing changes, even the variants it may change", async () => {
    const body = await refused(
      () =>
        putIncoming(w.people.supplierA.token, w.supplierA.id, {
          variantIds: [w.variants.a[0]],
          feeIds: [w.fees.supplierA.id, w.fees.hub.id],
          receivalInstructions: "Changed",
        }),
      403,
      "feeIds",
    );
    expect(body.error.code).toBe("forbidden");
  });

  it("the same refusal through the incoming form: 403 with the error next to feeIds", async () => {
    const body = await refused(
      () =>
        callRoute(incomingPage, {
          cookie: w.sessions.supplierA,
          params: { cycleId },
          form: {
            intent: "save",
            supplierId: w.supplierA.id,
            variantIds: w.variants.a,
            receivalInstructions: "Barn by 8am",
            feesShown: "1",
            feeIds: [w.fees.supplierA.id, w.fees.hub.id],
          },
        }),
      403,
      "feeIds",
    );
    expect(body).toMatchObject({ ok: false, fieldErrorKeys: { feeIds: "notYours" } });
  });

  it("a supplier may not detach a coordinator fee from its exchange either: the fee stays while its own change goes through", async () => {
    const own = await seedCycle(w);
    const put = (token: string, feeIds: string[]) =>
      callRoute(incomingApi, { method: "PUT", token, params: { cycleId: own, supplierId: w.supplierA.id }, body: { feeIds } });
    expect((await put(w.people.hub.token, [w.fees.supplierA.id, w.fees.hub.id])).status).toBe(200);
    // docs/api.md: ids it may not edit stay as they are; the supplier swaps its own fees.
    expect((await put(w.people.supplierA.token, [w.fees.supplierA2.id])).status).toBe(200);
    const view = await viewCycleForActor(w.actors.hub, own);
    expect([...view.incoming.find((e) => e.supplier.id === w.supplierA.id)!.feeIds!].sort()).toEqual([w.fees.hub.id, w.fees.supplierA2.id].sort());
  });

  it("a supplier attaching another supplier's fee gets 422 (it does not belong in this exchange)", async () => {
    await refused(() => putIncoming(w.people.supplierA.token, w.supplierA.id, { feeIds: [w.fees.supplierB.id] }), 422, "feeIds");
  });

  it("a supplier putting another supplier's variant into its own exchange gets 422", async () => {
    await refused(() => putIncoming(w.people.supplierA.token, w.supplierA.id, { variantIds: [...w.variants.a, w.variants.b[1]] }), 422, "variantIds");
  });
});

describe("outgoing fees: a distributor attaches only its own", () => {
  it("a distributor attaching another enterprise's fee gets 422 on feeIds and nothing changes", async () => {
    await refused(
      () => putOutgoing(w.people.distributor.token, w.distributor.id, { feeIds: [w.fees.distributor.id, w.fees.unrelated.id], readyFor: "Changed" }),
      422,
      "feeIds",
    );
    await refused(() => putOutgoing(w.people.distributor.token, w.distributor.id, { feeIds: [w.fees.supplierA.id] }), 422, "feeIds");
    await refused(() => putOutgoing(w.people.distributor.token, w.distributor.id, { feeIds: [w.fees.lake.id] }), 422, "feeIds");
  });

  it("the same through the outgoing form: 422 with the error next to the fees", async () => {
    const body = await refused(
      () =>
        callRoute(outgoingPage, {
          cookie: w.sessions.distributor,
          params: { cycleId },
          form: {
            intent: "save",
            distributorId: w.distributor.id,
            variantIds: w.variants.a.slice(0, 2),
            readyFor: "Friday river",
            readyOn: "",
            pickupInstructions: "Back door",
            tags: "vip-river",
            feesShown: "1",
            feeIds: [w.fees.unrelated.id],
          },
        }),
      422,
      "feeIds",
    );
    expect(body.fieldErrorKeys.feeIds).toBe("unknownIds");
  });

  it("a distributor attaching the coordinator's fee gets 403 (it belongs there, but is the coordinator's to add)", async () => {
    await refused(() => putOutgoing(w.people.distributor.token, w.distributor.id, { feeIds: [w.fees.distributor.id, w.fees.hub.id] }), 403, "feeIds");
  });

  it("a distributor offering another enterprise's shipping method gets 422, through the API and the checkout form", async () => {
    await refused(
      () => putOutgoing(w.people.distributor.token, w.distributor.id, { shippingMethodIds: [w.methods.lake[0].shipping.id] }),
      422,
      "shippingMethodIds",
    );
    await refused(
      () =>
        callRoute(checkoutPage, {
          cookie: w.sessions.distributor,
          params: { cycleId },
          form: { distributorId: w.distributor.id, shippingMethodIds: [w.methods.distributor.shipping.id], paymentMethodIds: [w.methods.hub.payment.id] },
        }),
      422,
      "paymentMethodIds",
    );
  });
});

describe("another party's exchange", () => {
  it("a supplier sending receival instructions for another supplier gets 404 (it cannot see that exchange)", async () => {
    const body = await refused(() => putIncoming(w.people.supplierA.token, w.supplierB.id, { receivalInstructions: "Mine now" }), 404);
    expect(body.error.code).toBe("not_found");
    await refused(
      () =>
        callRoute(incomingPage, {
          cookie: w.sessions.supplierA,
          params: { cycleId },
          form: { intent: "save", supplierId: w.supplierB.id, receivalInstructions: "Mine now" },
        }),
      404,
    );
  });

  it("a distributor sending receival instructions for a supplier it may see gets 403", async () => {
    await refused(() => putIncoming(w.people.distributor.token, w.supplierA.id, { receivalInstructions: "Mine now" }), 403);
  });

  it("a distributor sending tags for another distributor gets 404, through the API and the form", async () => {
    await refused(() => putOutgoing(w.people.distributor.token, w.lake.id, { tags: ["mine"] }), 404);
    await refused(
      () =>
        callRoute(outgoingPage, {
          cookie: w.sessions.distributor,
          params: { cycleId },
          form: { intent: "save", distributorId: w.lake.id, variantIds: [], readyFor: "", readyOn: "", pickupInstructions: "", tags: "mine" },
        }),
      404,
    );
  });

  it("a supplier sending a distributor's details unchanged is not refused (only a different value is); a different value is 403 on that field", async () => {
    const same = await putOutgoing(w.people.supplierA.token, w.distributor.id, { variantIds: w.variants.a.slice(0, 2), readyFor: "Friday river" });
    expect(same.status).toBe(200);
    await refused(() => putOutgoing(w.people.supplierA.token, w.distributor.id, { variantIds: w.variants.a, readyFor: "Sunday" }), 403, "readyFor");
    await refused(() => putOutgoing(w.people.supplierA.token, w.distributor.id, { pickupInstructions: "" }), 403, "pickupInstructions");
  });

  it("nobody can move a cycle to another coordinator (422), and a supplier sending the same coordinator is still 403", async () => {
    await refused(
      () => callRoute(cycleApi, { method: "PATCH", token: w.people.hub.token, params: { cycleId }, body: { coordinatorId: w.distributor.id } }),
      422,
      "coordinatorId",
    );
    await refused(() => callRoute(cycleApi, { method: "PATCH", token: w.people.supplierA.token, params: { cycleId }, body: { coordinatorId: w.hub.id } }), 403);
  });
});

describe("a request that changes nothing", () => {
  it("answers 200 and writes nothing: no history row, no new updated_at (incoming and outgoing, any role)", async () => {
    const own = await seedCycle(w);
    const traces = async () => ({
      history: (await getDb().select().from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, own))).length,
      updatedAt: (await getDb().select({ at: orderCycles.updatedAt }).from(orderCycles).where(eq(orderCycles.id, own)))[0].at.toISOString(),
    });
    const before = await traces();
    const calls = [
      () =>
        callRoute(incomingApi, {
          method: "PUT",
          token: w.people.supplierA.token,
          params: { cycleId: own, supplierId: w.supplierA.id },
          body: { variantIds: [...w.variants.a].reverse(), receivalInstructions: "Barn by 8am" },
        }),
      () => callRoute(incomingApi, { method: "PUT", token: w.people.hub.token, params: { cycleId: own, supplierId: w.supplierB.id }, body: {} }),
      () =>
        callRoute(outgoingApi, {
          method: "PUT",
          token: w.people.distributor.token,
          params: { cycleId: own, distributorId: w.distributor.id },
          body: { readyFor: "Friday river", tags: ["vip-river"] },
        }),
      () =>
        callRoute(outgoingApi, {
          method: "PUT",
          token: w.people.supplierA.token,
          params: { cycleId: own, distributorId: w.lake.id },
          body: { variantIds: [] },
        }),
    ];
    for (const call of calls) expect((await call()).status).toBe(200);
    expect(await traces()).toEqual(before);
  });
});

describe("archived fees and methods", () => {
  it("are not added to an exchange anew (422), but one already there stays and may be removed", async () => {
    const own = await seedCycle(w);
    const put = (token: string, body: unknown) => callRoute(incomingApi, { method: "PUT", token, params: { cycleId: own, supplierId: w.supplierA.id }, body });
    const feesOfA = async () => (await viewCycleForActor(w.actors.hub, own)).incoming.find((e) => e.supplier.id === w.supplierA.id)!.feeIds!;
    const kept = await insertFee(w.supplierA.id, "Crates (old)");
    const retired = await insertFee(w.supplierA.id, "Boxes (retired)");
    expect((await put(w.people.supplierA.token, { feeIds: [kept.id] })).status).toBe(200);
    const archive = (id: string) => getDb().update(enterpriseFees).set({ archivedAt: new Date() }).where(eq(enterpriseFees.id, id));
    await archive(kept.id);
    await archive(retired.id);

    const refusedAdd = await put(w.people.supplierA.token, { feeIds: [kept.id, retired.id] });
    expect(refusedAdd.status).toBe(422);
    expect((await json(refusedAdd)).error.fields).toHaveProperty("feeIds");
    expect(await feesOfA()).toEqual([kept.id]);

    expect((await put(w.people.supplierA.token, { feeIds: [kept.id], receivalInstructions: "Back gate" })).status).toBe(200);
    expect(await feesOfA()).toEqual([kept.id]);
    expect((await put(w.people.supplierA.token, { feeIds: [] })).status).toBe(200);
    expect(await feesOfA()).toEqual([]);
  });

  it("the editor still shows an archived fee where it is used, flagged, so saving the form keeps it", async () => {
    const own = await seedCycle(w);
    const kept = await insertFee(w.supplierA.id, "Pallets (old)");
    expect(
      (
        await callRoute(incomingApi, {
          method: "PUT",
          token: w.people.supplierA.token,
          params: { cycleId: own, supplierId: w.supplierA.id },
          body: { feeIds: [kept.id] },
        })
      ).status,
    ).toBe(200);
    await getDb().update(enterpriseFees).set({ archivedAt: new Date() }).where(eq(enterpriseFees.id, kept.id));

    const { editor } = await json(
      await callRoute(editorPage, { cookie: w.sessions.supplierA, params: { cycleId: own }, path: `/admin/order-cycles/${own}/incoming` }),
    );
    expect(editor.fees).toContainEqual(expect.objectContaining({ id: kept.id, archived: true }));
    const saved = await callRoute(incomingPage, {
      cookie: w.sessions.supplierA,
      params: { cycleId: own },
      form: { intent: "save", supplierId: w.supplierA.id, variantIds: w.variants.a, receivalInstructions: "Gate B", feesShown: "1", feeIds: [kept.id] },
    });
    expect(saved.status).toBe(200);
    const view = await viewCycleForActor(w.actors.hub, own);
    expect(view.incoming.find((e) => e.supplier.id === w.supplierA.id)!.feeIds).toEqual([kept.id]);
  });

  it("an archived coordinator fee may stay on the cycle but not be added to another", async () => {
    const withFee = await seedCycle(w);
    const hubFee = await insertFee(w.hub.id, "Hub levy (old)");
    const patch = (cycle: string, coordinatorFeeIds: string[]) =>
      callRoute(cycleApi, { method: "PATCH", token: w.people.hub.token, params: { cycleId: cycle }, body: { coordinatorFeeIds } });
    expect((await patch(withFee, [hubFee.id])).status).toBe(200);
    await getDb().update(enterpriseFees).set({ archivedAt: new Date() }).where(eq(enterpriseFees.id, hubFee.id));
    expect((await patch(withFee, [hubFee.id])).status).toBe(200);
    const other = await seedCycle(w);
    const refusedAdd = await patch(other, [hubFee.id]);
    expect(refusedAdd.status).toBe(422);
    expect((await json(refusedAdd)).error.fields).toHaveProperty("coordinatorFeeIds");
  });

  it("an archived shipping method is not offered anew at a pickup point (422 on shippingMethodIds)", async () => {
    const own = await seedCycle(w);
    const [old] = await getDb()
      .insert(shippingMethods)
      .values({ enterpriseId: w.distributor.id, name: "Old market stall", kind: "pickup", address: "Market square", archivedAt: new Date() })
      .returning();
    const res = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.distributor.token,
      params: { cycleId: own, distributorId: w.distributor.id },
      body: { shippingMethodIds: [old.id] },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields).toHaveProperty("shippingMethodIds");
  });
});

describe("archived fees and methods are never attached anew (issue 14)", () => {
  const archiveFee = (id: string) => getDb().update(enterpriseFees).set({ archivedAt: new Date() }).where(eq(enterpriseFees.id, id));

  it("a new cycle with an archived coordinator fee is refused at coordinatorFeeIds and not created", async () => {
    const fee = await insertFee(w.hub.id, "Hub levy (retired)");
    await archiveFee(fee.id);
    const before = await getDb().select({ id: orderCycles.id }).from(orderCycles);
    const res = await callRoute(cyclesApi, {
      method: "POST",
      token: w.people.hub.token,
      path: "/api/v1/order-cycles",
      body: { name: "With a retired fee", coordinatorId: w.hub.id, coordinatorFeeIds: [fee.id] },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields).toHaveProperty("coordinatorFeeIds");
    expect(await getDb().select({ id: orderCycles.id }).from(orderCycles)).toHaveLength(before.length);
  });

  it("an archived distributor fee is refused in an outgoing exchange (422 on feeIds), nothing changed", async () => {
    const own = await seedCycle(w);
    const fee = await insertFee(w.distributor.id, "River levy (retired)");
    await archiveFee(fee.id);
    const before = await viewCycleForActor(w.actors.hub, own);
    const res = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.distributor.token,
      params: { cycleId: own, distributorId: w.distributor.id },
      body: { feeIds: [w.fees.distributor.id, fee.id] },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields).toHaveProperty("feeIds");
    expect(await viewCycleForActor(w.actors.hub, own)).toEqual(before);
  });

  it("an archived payment method is refused in an outgoing exchange (422 on paymentMethodIds)", async () => {
    const own = await seedCycle(w);
    const [old] = await getDb()
      .insert(paymentMethods)
      .values({ enterpriseId: w.distributor.id, name: "Old cheque box", kind: "cash", archivedAt: new Date() })
      .returning();
    const res = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.distributor.token,
      params: { cycleId: own, distributorId: w.distributor.id },
      body: { paymentMethodIds: [w.methods.distributor.payment.id, old.id] },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields).toHaveProperty("paymentMethodIds");
  });

  it("a distributor added to a cycle comes with its live methods ticked, never an archived one", async () => {
    const own = await seedCycle(w);
    const [oldShipping] = await getDb()
      .insert(shippingMethods)
      .values({ enterpriseId: w.hill.id, name: "Old barn", kind: "pickup", archivedAt: new Date() })
      .returning();
    const [oldPayment] = await getDb()
      .insert(paymentMethods)
      .values({ enterpriseId: w.hill.id, name: "Old tin", kind: "cash", archivedAt: new Date() })
      .returning();
    const added = await callRoute(outgoingApi, { method: "PUT", token: w.people.hub.token, params: { cycleId: own, distributorId: w.hill.id }, body: {} });
    expect(added.status, JSON.stringify(await json(added.clone()))).toBe(200);
    const hill = (await viewCycleForActor(w.actors.hub, own)).outgoing.find((e) => e.distributor.id === w.hill.id)!;
    expect(hill.shippingMethodIds!.length).toBeGreaterThan(0);
    expect(hill.shippingMethodIds).not.toContain(oldShipping.id);
    expect(hill.paymentMethodIds).not.toContain(oldPayment.id);
  });
});

describe("the new-cycle form after an error", () => {
  it("keeps every coordinator fee the user ticked, not only the last one", async () => {
    const name = `coordinatorFeeIds:${w.hub.id}`;
    const res = await callRoute(newCyclePage, {
      cookie: w.sessions.hub,
      path: "/admin/order-cycles/new",
      form: { coordinatorId: w.hub.id, name: "Two fees", opensAt: "2026-12-10T08:00", closesAt: "2026-12-09T08:00", [name]: [w.fees.hub.id, w.fees.hub2.id] },
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.values[name]).toEqual([w.fees.hub.id, w.fees.hub2.id]);
    expect(keptChoices(body, name)).toEqual([w.fees.hub.id, w.fees.hub2.id]);
    expect(body.values.name).toBe("Two fees");
  });
});
