// What a copy keeps (docs/domain.md section 2): everything, less the parties that withdrew
// add_to_order_cycle from the coordinator, and less archived fees and methods.
import { clonePlan } from "#app/domain/order-cycles/clone";
import { grantKey } from "#app/domain/order-cycles/model";
import { orderCycleFixture } from "../support/order-cycle-fixture";

const cycle = orderCycleFixture({
  coordinatorFeeIds: ["hub-fee", "hub-old-fee"],
  incoming: [
    { id: "i1", supplierId: "farm-a", variantIds: ["a1", "a2"], feeIds: ["a-fee"], receivalInstructions: "Barn" },
    { id: "i2", supplierId: "farm-b", variantIds: ["b1"], feeIds: [], receivalInstructions: "" },
  ],
  outgoing: [
    {
      id: "o1",
      distributorId: "river",
      variantIds: ["a1", "b1"],
      feeIds: ["river-fee"],
      readyFor: "Friday",
      readyOn: null,
      pickupTimes: {},
      pickupInstructions: "",
      tags: [],
      shippingMethodIds: ["pickup", "old-van"],
      paymentMethodIds: ["cash"],
      visibility: "unlisted",
      shareKey: "river-secret",
      variantsLocked: true,
    },
    {
      id: "o2",
      distributorId: "lake",
      variantIds: ["a2"],
      feeIds: [],
      readyFor: "Saturday",
      readyOn: null,
      pickupTimes: {},
      pickupInstructions: "",
      tags: [],
      shippingMethodIds: ["lake-pickup"],
      paymentMethodIds: ["lake-cash"],
      visibility: "listed",
      shareKey: null,
      variantsLocked: false,
    },
  ],
});

const grants = (...pairs: [string, string][]) => new Set(pairs.map(([grantor, grantee]) => grantKey(grantor, grantee)));

describe("a cycle's copy", () => {
  test("keeps every party while all still grant the coordinator", () => {
    const plan = clonePlan(cycle, {
      variantSupplier: new Map(),
      feeOwner: new Map(),
      addToCycleGrants: grants(
        ["farm-a", "hub"],
        ["farm-b", "hub"],
        ["river", "hub"],
        ["lake", "hub"],
        ["farm-a", "river"],
        ["farm-b", "river"],
        ["farm-a", "lake"],
      ),
    });
    expect(plan.incoming).toEqual(cycle.incoming);
    // An unlisted exchange stays unlisted and locked, but the copy's link is its own: the old key is not carried over.
    expect(plan.outgoing).toEqual(cycle.outgoing.map((exchange) => ({ ...exchange, shareKey: null })));
    expect(plan.outgoing[0]).toMatchObject({ visibility: "unlisted", variantsLocked: true, shareKey: null });
    expect(plan.leftOut).toEqual({ supplierIds: [], distributorIds: [] });
  });

  test("leaves the ready-on dates empty (they drive reminders) and keeps the ready-for text and pickup times", () => {
    const dated = {
      ...cycle,
      outgoing: cycle.outgoing.map((exchange) => ({ ...exchange, readyOn: "2026-11-27", pickupTimes: { pickup: "Thursday 17:00–19:00" } })),
    };
    const plan = clonePlan(dated, {
      variantSupplier: new Map(),
      feeOwner: new Map(),
      addToCycleGrants: grants(
        ["farm-a", "hub"],
        ["farm-b", "hub"],
        ["river", "hub"],
        ["lake", "hub"],
        ["farm-a", "river"],
        ["farm-b", "river"],
        ["farm-a", "lake"],
      ),
    });
    expect(plan.outgoing.map((exchange) => [exchange.readyFor, exchange.readyOn, exchange.pickupTimes])).toEqual([
      ["Friday", null, { pickup: "Thursday 17:00–19:00" }],
      ["Saturday", null, { pickup: "Thursday 17:00–19:00" }],
    ]);
  });

  test("leaves out a supplier and a distributor that withdrew, the withdrawn supplier's products, and archived fees and methods", () => {
    const plan = clonePlan(cycle, {
      variantSupplier: new Map(),
      feeOwner: new Map(),
      addToCycleGrants: grants(["farm-a", "hub"], ["river", "hub"], ["farm-a", "river"], ["farm-b", "river"], ["farm-a", "lake"]),
      archivedIds: new Set(["hub-old-fee", "old-van"]),
    });
    expect(plan.coordinatorFeeIds).toEqual(["hub-fee"]);
    expect(plan.incoming.map((exchange) => exchange.supplierId)).toEqual(["farm-a"]);
    expect(plan.outgoing.map((exchange) => [exchange.distributorId, exchange.variantIds, exchange.shippingMethodIds])).toEqual([["river", ["a1"], ["pickup"]]]);
    expect(plan.leftOut).toEqual({ supplierIds: ["farm-b"], distributorIds: ["lake"] });
  });
});
