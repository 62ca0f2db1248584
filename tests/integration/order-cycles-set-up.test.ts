// Setting up a cycle in few steps (issue 13, as Open Food Network does): a supplier joins with all its
// live variants ticked, a distributor with every incoming variant it may sell; a request naming
// variantIds still gets exactly those.
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import * as incomingApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import { createOrderCycle } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { coopPlus, type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

const newCycle = (name: string) => createOrderCycle(w.actors.hub, { name, coordinatorId: w.hub.id });
const view = (cycleId: string) => viewCycleForActor(w.actors.hub, cycleId);

describe("adding to a cycle", () => {
  it("a supplier added with the form's “Add” brings all its live variants ticked", async () => {
    const cycleId = await newCycle("Ticked suppliers");
    for (const supplierId of [w.supplierA.id, w.supplierB.id]) {
      expect((await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", supplierId } })).status).toBe(200);
    }
    const incoming = (await view(cycleId)).incoming;
    expect(incoming.find((exchange) => exchange.supplier.id === w.supplierA.id)!.variantIds.sort()).toEqual([...w.variants.a].sort());
    expect(incoming.find((exchange) => exchange.supplier.id === w.supplierB.id)!.variantIds.sort()).toEqual([...w.variants.b].sort());
  });

  it("a distributor added offers every incoming variant of the suppliers that let it sell them", async () => {
    const cycleId = await newCycle("Ticked distributors");
    await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", supplierId: w.supplierA.id } });
    await callRoute(incomingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", supplierId: w.supplierB.id } });
    // River was granted add_to_order_cycle by supplier A only (coop()); Lake by A and B.
    for (const distributorId of [w.distributor.id, w.lake.id]) {
      expect((await callRoute(outgoingPage, { cookie: w.sessions.hub, params: { cycleId }, form: { intent: "add", distributorId } })).status).toBe(200);
    }
    const outgoing = (await view(cycleId)).outgoing;
    expect(outgoing.find((exchange) => exchange.distributor.id === w.distributor.id)!.variantIds.sort()).toEqual([...w.variants.a].sort());
    expect(outgoing.find((exchange) => exchange.distributor.id === w.lake.id)!.variantIds.sort()).toEqual([...w.variants.a, ...w.variants.b].sort());
  });

  it("a supplier added through the API with variantIds gets exactly those", async () => {
    const cycleId = await newCycle("Chosen variants");
    await callRoute(incomingApi, {
      method: "PUT",
      token: w.people.hub.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { variantIds: [w.variants.a[0]] },
    });
    expect((await view(cycleId)).incoming[0].variantIds).toEqual([w.variants.a[0]]);
  });
});
