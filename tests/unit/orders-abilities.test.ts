// Who may change, cancel and pay an order, and when (docs/domain.md 5): app/domain/orders/abilities.ts.
import { describe, expect, it } from "vitest";
import { cancelHoldsCycle, cancelRefusal, lineChangeRefusal, orderAbilities, payRefusal } from "#app/domain/orders/abilities";
import { takesOrders } from "#app/domain/order-cycles/state";

const opensAt = new Date("2026-12-01T08:00:00.000Z");
const closesAt = new Date("2026-12-04T17:00:00.000Z");
const during = new Date("2026-12-02T12:00:00.000Z");
const after = closesAt;
const placed = { state: "placed", paymentState: "unpaid", opensAt, closesAt };
const buyer = { isBuyer: true, isDistributor: false, isCoordinator: false };
const distributor = { isBuyer: false, isDistributor: true, isCoordinator: false };
const coordinator = { isBuyer: false, isDistributor: false, isCoordinator: true };

describe("changing an order's lines", () => {
  it("is allowed while the cycle is open, for an unpaid placed order", () => {
    expect(lineChangeRefusal(placed, during)).toBeUndefined();
  });

  it("is refused from the instant the cycle closes", () => {
    expect(lineChangeRefusal(placed, after)?.code).toBe("order_cycle_closed");
  });

  it("is refused for a cancelled order, as a conflict", () => {
    expect(lineChangeRefusal({ ...placed, state: "cancelled" }, during)?.code).toBe("conflict");
  });

  it("is refused for an order paid by card, at the lines", () => {
    const refused = lineChangeRefusal({ ...placed, paymentState: "paid" }, during);
    expect(refused?.code).toBe("conflict");
    expect(refused?.fields).toEqual({ lines: { key: "paidOrder" } });
  });
});

describe("cancelling an order", () => {
  it("is the buyer's until the close, holding the cycle open", () => {
    expect(cancelRefusal(placed, buyer, during)).toBeUndefined();
    expect(cancelRefusal(placed, buyer, after)?.code).toBe("order_cycle_closed");
    expect(cancelHoldsCycle(buyer)).toBe(true);
  });

  it("is the distributor's and the coordinator's at any time, without holding the cycle", () => {
    for (const roles of [distributor, coordinator]) {
      expect(cancelRefusal(placed, roles, after)).toBeUndefined();
      expect(cancelHoldsCycle(roles)).toBe(false);
    }
  });
});

describe("paying an order", () => {
  it("is its buyer's only", () => {
    expect(payRefusal(buyer)).toBeUndefined();
    expect(payRefusal(distributor)?.code).toBe("forbidden");
    expect(payRefusal(coordinator)?.code).toBe("forbidden");
  });
});

describe("the order page's offers", () => {
  it("offers the buyer change and cancel while open, nothing after the close", () => {
    expect(orderAbilities(placed, buyer, during)).toEqual({ canChange: true, canCancel: true, keepsPaidLines: false });
    expect(orderAbilities(placed, buyer, after)).toEqual({ canChange: false, canCancel: false, keepsPaidLines: false });
  });

  it("offers the hub's side cancel after the close, but no change", () => {
    expect(orderAbilities(placed, distributor, after)).toEqual({ canChange: false, canCancel: true, keepsPaidLines: false });
  });

  it("keeps a paid order's lines while open, and says so; it may still be cancelled", () => {
    expect(orderAbilities({ ...placed, paymentState: "paid" }, buyer, during)).toEqual({ canChange: false, canCancel: true, keepsPaidLines: true });
  });

  it("offers nothing on a cancelled order", () => {
    expect(orderAbilities({ ...placed, state: "cancelled" }, coordinator, during)).toEqual({ canChange: false, canCancel: false, keepsPaidLines: false });
  });
});

describe("a cycle taking orders", () => {
  it("is an open cycle whose close was not processed", () => {
    expect(takesOrders({ opensAt, closesAt, processedClosesAt: null }, during)).toBe(true);
    expect(takesOrders({ opensAt, closesAt, processedClosesAt: null }, after)).toBe(false);
  });

  it("is not one whose close was already processed, until the close moves past the processed one", () => {
    expect(takesOrders({ opensAt, closesAt, processedClosesAt: closesAt }, during)).toBe(false);
    expect(takesOrders({ opensAt, closesAt, processedClosesAt: new Date(closesAt.getTime() - 60_000) }, during)).toBe(true);
  });
});
