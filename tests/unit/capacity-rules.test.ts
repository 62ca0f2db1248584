// The pure rules of caps and per-buyer limits (docs/domain.md 12, decision 0046): what a cap may be,
// when a line goes over its limit, who may set which, and what a copy of the cycle keeps.
import { describe, expect, it } from "vitest";
import { canEditBuyerLimits, canEditCycleCap, canEditPickupCaps, rolesIn } from "#app/domain/access/cycle-rules";
import { capError, capFromText, hasPlace, limitErrors, unitsLeft } from "#app/domain/capacity/rules";
import { clonePlan } from "#app/domain/order-cycles/clone";
import { limitRecord, planIncomingUpdate, planOutgoingUpdate, sameExchange } from "#app/domain/order-cycles/exchange-updates";
import { grantKey, type OutgoingExchange } from "#app/domain/order-cycles/model";
import { DomainError } from "#app/domain/errors";
import { orderCycleFixture } from "../support/order-cycle-fixture";

const outgoing: OutgoingExchange = {
  id: "o1",
  distributorId: "river",
  variantIds: ["a1"],
  feeIds: [],
  readyFor: "Friday",
  readyOn: null,
  pickupTimes: {},
  pickupInstructions: "",
  tags: [],
  shippingMethodIds: ["barn", "van"],
  paymentMethodIds: ["cash"],
  visibility: "listed",
  shareKey: null,
  variantsLocked: false,
  shippingMethodCaps: { barn: 20 },
  placedByMethod: { barn: 12 },
};
const cycle = orderCycleFixture({
  maxOrders: 50,
  placedOrders: 3,
  coordinatorFeeIds: [],
  incoming: [{ id: "i1", supplierId: "a", variantIds: ["a1", "a2"], feeIds: [], receivalInstructions: "", limits: { a1: 2 } }],
  outgoing: [outgoing],
});
const facts = {
  variantSupplier: new Map([
    ["a1", "a"],
    ["a2", "a"],
  ]),
  feeOwner: new Map<string, string>(),
  addToCycleGrants: new Set([grantKey("a", "hub"), grantKey("river", "hub"), grantKey("a", "river")]),
  methodOwner: new Map([
    ["barn", "river"],
    ["van", "river"],
  ]),
};
const as = (...managed: string[]) => rolesIn(cycle, new Set(managed));
const code = (run: () => unknown) => {
  try {
    run();
    return "ok";
  } catch (error) {
    return error instanceof DomainError ? `${error.code}:${Object.keys(error.fields).join(",")}` : "other";
  }
};

describe("a cap's value", () => {
  it("is a whole number from 1, or none", () => {
    expect([null, 1, 20, 100_000].map(capError)).toEqual([undefined, undefined, undefined, undefined]);
    expect([0, -1, 1.5, Number.NaN, "3", 100_001].map(capError)).toEqual([
      "wholePositive",
      "wholePositive",
      "wholePositive",
      "wholePositive",
      "wholePositive",
      "tooBig",
    ]);
    expect(["", "  ", "12", " 7 ", "1.5", "ten", "-2"].map(capFromText)).toEqual([null, null, 12, 7, 1.5, Number.NaN, -2]);
  });

  it("leaves a place while fewer are placed than the cap", () => {
    expect(hasPlace({ maxOrders: null, placedOrders: 1000 })).toBe(true);
    expect(hasPlace({ maxOrders: 20, placedOrders: 19 })).toBe(true);
    expect(hasPlace({ maxOrders: 20, placedOrders: 20 })).toBe(false);
    // A cap lowered below what is placed: full, nothing cancelled.
    expect(hasPlace({ maxOrders: 10, placedOrders: 12 })).toBe(false);
  });
});

describe("a per-buyer limit", () => {
  const limits = new Map([
    ["a1", 3],
    ["a2", 1],
  ]);
  it("counts the buyer's other orders with the lines asked for", () => {
    expect(limitErrors([{ variantId: "a1", quantity: 3 }], limits, new Map())).toEqual({});
    expect(limitErrors([{ variantId: "a1", quantity: 2 }], limits, new Map([["a1", 1]]))).toEqual({});
    expect(limitErrors([{ variantId: "a1", quantity: 3 }], limits, new Map([["a1", 1]]))).toEqual({
      "lines.a1": { key: "perBuyerLimit", values: { max: 3, count: 2 } },
    });
    expect(limitErrors([{ variantId: "a2", quantity: 1 }], limits, new Map([["a2", 1]]))).toEqual({
      "lines.a2": { key: "perBuyerLimitReached", values: { max: 1 } },
    });
    // An unlimited variant is never refused.
    expect(limitErrors([{ variantId: "b1", quantity: 999 }], limits, new Map())).toEqual({});
  });

  it("never refuses a line the buyer did not raise, even above the limit (a manager's adjustment)", () => {
    expect(limitErrors([{ variantId: "a1", quantity: 5 }], limits, new Map(), new Map([["a1", 6]]))).toEqual({});
    expect(limitErrors([{ variantId: "a1", quantity: 7 }], limits, new Map(), new Map([["a1", 6]]))).toHaveProperty(["lines.a1"]);
    expect(unitsLeft(3, 5)).toBe(0);
  });
});

describe("who sets caps and limits (docs/domain.md 3)", () => {
  it("the coordinator sets all; a distributor its own pickup points only; a supplier none", () => {
    expect([canEditCycleCap(as("hub")), canEditBuyerLimits(as("hub")), canEditPickupCaps(as("hub"), "river")]).toEqual([true, true, true]);
    expect([canEditCycleCap(as("river")), canEditBuyerLimits(as("river")), canEditPickupCaps(as("river"), "river")]).toEqual([false, false, true]);
    expect([canEditCycleCap(as("a")), canEditBuyerLimits(as("a")), canEditPickupCaps(as("a"), "river")]).toEqual([false, false, false]);
  });

  it("the planner refuses another's change and keeps what it may not touch", () => {
    const caps = (shippingMethodCaps: { shippingMethodId: string; maxOrders: number | null }[]) => ({ shippingMethodCaps });
    expect(planOutgoingUpdate(cycle, facts, as("river"), outgoing, caps([{ shippingMethodId: "van", maxOrders: 5 }])).shippingMethodCaps).toEqual({ van: 5 });
    expect(code(() => planOutgoingUpdate(cycle, facts, as("a"), outgoing, caps([])))).toBe("forbidden:shippingMethodCaps");
    // Sent unchanged by someone who may not change it: accepted, nothing changes.
    expect(code(() => planOutgoingUpdate(cycle, facts, as("a"), outgoing, caps([{ shippingMethodId: "barn", maxOrders: 20 }])))).toBe("ok");
    expect(code(() => planOutgoingUpdate(cycle, facts, as("hub"), outgoing, caps([{ shippingMethodId: "elsewhere", maxOrders: 5 }])))).toBe(
      "validation_failed:shippingMethodCaps",
    );
    // A method no longer offered takes its cap with it.
    expect(planOutgoingUpdate(cycle, facts, as("hub"), outgoing, { shippingMethodIds: ["van"] }).shippingMethodCaps).toEqual({});

    const incoming = cycle.incoming[0];
    const limits = (entries: { variantId: string; maxPerBuyer: number | null }[]) => ({ limits: entries });
    const supplierVariants = new Set(["a1", "a2"]);
    expect(planIncomingUpdate(cycle, facts, as("hub"), incoming, limits([{ variantId: "a2", maxPerBuyer: 4 }]), supplierVariants).limits).toEqual({ a2: 4 });
    expect(code(() => planIncomingUpdate(cycle, facts, as("a"), incoming, limits([]), supplierVariants))).toBe("forbidden:limits");
    expect(planIncomingUpdate(cycle, facts, as("a"), incoming, { receivalInstructions: "Barn" }, supplierVariants).limits).toEqual({ a1: 2 });
    // Unticking a limited variant drops its limit.
    expect(planIncomingUpdate(cycle, facts, as("a"), incoming, { variantIds: ["a2"] }, supplierVariants).limits).toEqual({});
  });

  it("a list of limits names each id once, and only ids that belong", () => {
    expect(
      limitRecord(
        "limits",
        [
          { id: "a1", max: 2 },
          { id: "a2", max: null },
        ],
        new Set(["a1", "a2"]),
      ),
    ).toEqual({ a1: 2 });
    expect(
      code(() =>
        limitRecord(
          "limits",
          [
            { id: "a1", max: 2 },
            { id: "a1", max: 3 },
          ],
          new Set(["a1"]),
        ),
      ),
    ).toBe("validation_failed:limits");
    expect(code(() => limitRecord("limits", [{ id: "zz", max: 2 }], new Set(["a1"])))).toBe("validation_failed:limits");
  });

  it("a changed cap is a change; the same caps are none", () => {
    expect(sameExchange(outgoing, { ...outgoing, shippingMethodCaps: { barn: 20 } })).toBe(true);
    expect(sameExchange(outgoing, { ...outgoing, shippingMethodCaps: { barn: 21 } })).toBe(false);
  });
});

describe("a copy of the cycle", () => {
  it("keeps its caps and limits, with no order counted", () => {
    const plan = clonePlan(cycle, facts);
    expect(plan.incoming[0].limits).toEqual({ a1: 2 });
    expect(plan.outgoing[0]).toMatchObject({ shippingMethodCaps: { barn: 20 }, placedByMethod: {} });
  });
});
