// The pure rules of docs/domain.md section 3 (access.ts) and the planner of partial edits (exchange-updates.ts).
import { describe, expect, it } from "vitest";
import {
  canSeeIncoming,
  canSeeIncomingDetails,
  canSeeOutgoing,
  canSeeOutgoingDetails,
  editableOutgoingVariants,
  rolesIn,
} from "#app/domain/access/cycle-rules";
import { guardUnchanged, mergeEditableIds, planIncomingUpdate, planOutgoingUpdate, sameExchange } from "#app/domain/order-cycles/exchange-updates";
import { grantKey, type CycleFacts, type OutgoingExchange } from "#app/domain/order-cycles/model";
import { DomainError } from "#app/domain/errors";
import { orderCycleFixture } from "../support/order-cycle-fixture";

// hub coordinates; A and B supply; river and lake distribute. A granted river and lake, B granted lake,
// river granted A (so A may edit its products in river's list), lake granted nobody.
const outgoing = (distributorId: string, variantIds: string[]): OutgoingExchange => ({
  id: `out-${distributorId}`,
  distributorId,
  variantIds,
  feeIds: [],
  readyFor: "Friday",
  readyOn: null,
  pickupTimes: {},
  pickupInstructions: "Back door",
  tags: ["pro"],
  shippingMethodIds: [],
  paymentMethodIds: [],
  visibility: "listed",
  shareKey: null,
  variantsLocked: false,
});
const cycle = orderCycleFixture({
  coordinatorFeeIds: ["fee-hub"],
  incoming: [
    { id: "in-a", supplierId: "a", variantIds: ["a1", "a2"], feeIds: ["fee-a"], receivalInstructions: "Barn" },
    { id: "in-b", supplierId: "b", variantIds: ["b1"], feeIds: [], receivalInstructions: "" },
  ],
  outgoing: [outgoing("river", ["a1"]), outgoing("lake", ["a1", "b1"])],
  updatedAt: new Date(0),
});
const facts: CycleFacts & { methodOwner: ReadonlyMap<string, string> } = {
  variantSupplier: new Map([
    ["a1", "a"],
    ["a2", "a"],
    ["b1", "b"],
  ]),
  feeOwner: new Map([
    ["fee-hub", "hub"],
    ["fee-a", "a"],
    ["fee-a2", "a"],
    ["fee-b", "b"],
    ["fee-river", "river"],
    ["fee-far", "far"],
  ]),
  methodOwner: new Map([
    ["ship-river", "river"],
    ["ship-lake", "lake"],
  ]),
  addToCycleGrants: new Set([
    grantKey("a", "hub"),
    grantKey("b", "hub"),
    grantKey("river", "hub"),
    grantKey("lake", "hub"),
    grantKey("a", "river"),
    grantKey("a", "lake"),
    grantKey("b", "lake"),
    grantKey("river", "a"),
  ]),
};
const as = (...managed: string[]) => rolesIn(cycle, new Set(managed));
const code = (run: () => unknown) => {
  try {
    run();
    return "ok";
  } catch (error) {
    return error instanceof DomainError ? `${error.code}:${Object.keys(error.fields).join(",")}` : "crash";
  }
};

describe("who sees what", () => {
  it("follows the table for each role", () => {
    const a = cycle.incoming[0];
    const b = cycle.incoming[1];
    const [river, lake] = cycle.outgoing;
    const table = (roles: ReturnType<typeof as>) => [
      canSeeIncoming(roles, facts, a),
      canSeeIncoming(roles, facts, b),
      canSeeIncomingDetails(roles, a),
      canSeeOutgoing(roles, river),
      canSeeOutgoing(roles, lake),
      canSeeOutgoingDetails(roles, river),
      canSeeOutgoingDetails(roles, lake),
    ];
    expect(table(as("hub"))).toEqual([true, true, true, true, true, true, true]);
    expect(table(as("a"))).toEqual([true, false, true, true, true, false, false]);
    expect(table(as("river"))).toEqual([true, false, false, true, false, true, false]);
    expect(table(as("far"))).toEqual([false, false, false, false, false, false, false]);
  });
});

describe("editableOutgoingVariants", () => {
  it("a supplier edits its own products only where the distributor granted it", () => {
    expect([...editableOutgoingVariants(as("a"), cycle, facts, "river")].sort()).toEqual(["a1", "a2"]);
    expect([...editableOutgoingVariants(as("a"), cycle, facts, "lake")]).toEqual([]);
  });

  it("a distributor edits variants of suppliers that granted it", () => {
    expect([...editableOutgoingVariants(as("river"), cycle, facts, "river")].sort()).toEqual(["a1", "a2"]);
  });

  it("the coordinator may also untick what no longer may be added (after a revocation)", () => {
    const revoked = { ...facts, addToCycleGrants: new Set([...facts.addToCycleGrants].filter((key) => key !== grantKey("a", "river"))) };
    expect([...editableOutgoingVariants(as("hub"), cycle, revoked, "river")]).toEqual(["a1"]);
    expect([...editableOutgoingVariants(as("river"), cycle, revoked, "river")]).toEqual([]);
  });
});

describe("mergeEditableIds", () => {
  const merge = (requested: string[] | undefined) =>
    mergeEditableIds({
      field: "variantIds",
      current: ["a1", "b1"],
      requested,
      editable: new Set(["a1", "a2"]),
      belongs: (id) => id.startsWith("a") || id.startsWith("b"),
    });

  it("replaces only the editable part; the rest stays", () => {
    expect(merge(["a2"])).toEqual(["b1", "a2"]);
    expect(merge([])).toEqual(["b1"]);
    expect(merge(undefined)).toEqual(["a1", "b1"]);
  });

  it("refuses an id that belongs but is not the caller's (403) and one that does not belong (422)", () => {
    expect(code(() => merge(["a1", "b2"]))).toBe("forbidden:variantIds");
    expect(code(() => merge(["zz"]))).toBe("validation_failed:variantIds");
  });
});

describe("planning an edit", () => {
  it("a field sent unchanged passes; sent different by someone who may not change it refuses the whole request", () => {
    expect(code(() => guardUnchanged("readyFor", false, "Friday", "Friday"))).toBe("ok");
    expect(code(() => guardUnchanged("readyFor", false, "Friday", undefined))).toBe("ok");
    expect(code(() => guardUnchanged("readyFor", false, "Friday", "Monday"))).toBe("forbidden:readyFor");
    expect(code(() => planOutgoingUpdate(cycle, facts, as("a"), cycle.outgoing[0], { variantIds: ["a1", "a2"], readyFor: "Monday" }))).toBe(
      "forbidden:readyFor",
    );
    expect(planOutgoingUpdate(cycle, facts, as("a"), cycle.outgoing[0], { variantIds: ["a1", "a2"], readyFor: "Friday" }).variantIds).toEqual(["a1", "a2"]);
  });

  it("a supplier may not attach the coordinator's fee; another supplier's fee does not belong", () => {
    const own = cycle.incoming[0];
    expect(code(() => planIncomingUpdate(cycle, facts, as("a"), own, { feeIds: ["fee-a", "fee-hub"] }, new Set(["a1", "a2"])))).toBe("forbidden:feeIds");
    expect(code(() => planIncomingUpdate(cycle, facts, as("a"), own, { feeIds: ["fee-b"] }, new Set(["a1", "a2"])))).toBe("validation_failed:feeIds");
    expect(planIncomingUpdate(cycle, facts, as("a"), own, { feeIds: ["fee-a2"] }, new Set(["a1", "a2"])).feeIds).toEqual(["fee-a2"]);
  });

  it("a distributor attaching a stranger's fee or method gets 422", () => {
    const river = cycle.outgoing[0];
    expect(code(() => planOutgoingUpdate(cycle, facts, as("river"), river, { feeIds: ["fee-far"] }))).toBe("validation_failed:feeIds");
    expect(code(() => planOutgoingUpdate(cycle, facts, as("river"), river, { shippingMethodIds: ["ship-lake"] }))).toBe("validation_failed:shippingMethodIds");
  });
});

describe("a locked offer and an unlisted exchange (docs/domain.md 12)", () => {
  const locked = { ...cycle, outgoing: cycle.outgoing.map((exchange) => ({ ...exchange, variantsLocked: true })) };
  const river = locked.outgoing[0];

  it("leaves the distributor and the suppliers nothing to tick, the coordinator everything it had", () => {
    expect([...editableOutgoingVariants(as("river"), locked, facts, "river")]).toEqual([]);
    expect([...editableOutgoingVariants(as("a"), locked, facts, "river")]).toEqual([]);
    expect([...editableOutgoingVariants(as("hub"), locked, facts, "river")].sort()).toEqual(
      [...editableOutgoingVariants(as("hub"), cycle, facts, "river")].sort(),
    );
  });

  it("refuses a distributor's untick or tick (403 at variantIds), accepts the same list, and the coordinator's change", () => {
    expect(code(() => planOutgoingUpdate(locked, facts, as("river"), river, { variantIds: [] }))).toBe("forbidden:variantIds");
    expect(code(() => planOutgoingUpdate(locked, facts, as("river"), river, { variantIds: ["a1", "a2"] }))).toBe("forbidden:variantIds");
    expect(planOutgoingUpdate(locked, facts, as("river"), river, { variantIds: ["a1"], readyFor: "Monday" }).readyFor).toBe("Monday");
    expect(planOutgoingUpdate(locked, facts, as("hub"), river, { variantIds: [] }).variantIds).toEqual([]);
  });

  it("lets only the coordinator lock or unlock; visibility follows the other outgoing details", () => {
    expect(code(() => planOutgoingUpdate(locked, facts, as("river"), river, { variantsLocked: false }))).toBe("forbidden:variantsLocked");
    expect(code(() => planOutgoingUpdate(locked, facts, as("river"), river, { variantsLocked: true }))).toBe("ok");
    expect(planOutgoingUpdate(locked, facts, as("hub"), river, { variantsLocked: false }).variantsLocked).toBe(false);
    expect(planOutgoingUpdate(cycle, facts, as("river"), cycle.outgoing[0], { visibility: "unlisted" }).visibility).toBe("unlisted");
    expect(planOutgoingUpdate(cycle, facts, as("hub"), cycle.outgoing[0], { visibility: "unlisted" }).visibility).toBe("unlisted");
    expect(code(() => planOutgoingUpdate(cycle, facts, as("a"), cycle.outgoing[0], { visibility: "unlisted" }))).toBe("forbidden:visibility");
  });
});

describe("sameExchange", () => {
  it("treats id lists as sets and every other field strictly", () => {
    const river = cycle.outgoing[0];
    expect(sameExchange(river, { ...river, variantIds: [...river.variantIds] })).toBe(true);
    const lake = cycle.outgoing[1];
    expect(sameExchange(lake, { ...lake, variantIds: ["b1", "a1"] })).toBe(true);
    expect(sameExchange(lake, { ...lake, variantIds: ["a1"] })).toBe(false);
    expect(sameExchange(river, { ...river, readyFor: "Monday" })).toBe(false);
    expect(sameExchange(river, { ...river, readyOn: "2026-12-04" })).toBe(false);
    expect(sameExchange(cycle.incoming[0], { ...cycle.incoming[0], receivalInstructions: "Gate" })).toBe(false);
  });
});
