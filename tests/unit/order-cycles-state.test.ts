// A cycle's state from the clock (docs/domain.md section 2): open is the half-open interval [opensAt, closesAt).
import { describe, expect, it } from "vitest";
import { closesTooFarForNotification, cycleState, isOpen } from "#app/domain/order-cycles/state";

const opensAt = new Date("2026-12-01T08:00:00.000Z");
const closesAt = new Date("2026-12-04T17:00:00.000Z");
const at = (iso: string) => new Date(iso);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe("cycleState", () => {
  it("is open from the very instant it opens (opens_at == now)", () => {
    expect(cycleState({ opensAt, closesAt }, opensAt)).toBe("open");
    expect(isOpen({ opensAt, closesAt }, opensAt)).toBe(true);
  });

  it("is upcoming one millisecond before it opens", () => {
    expect(cycleState({ opensAt, closesAt }, ms(opensAt, -1))).toBe("upcoming");
  });

  it("is still open one millisecond before it closes", () => {
    expect(cycleState({ opensAt, closesAt }, ms(closesAt, -1))).toBe("open");
  });

  it("is closed at the very instant it closes (closes_at == now)", () => {
    expect(cycleState({ opensAt, closesAt }, closesAt)).toBe("closed");
    expect(isOpen({ opensAt, closesAt }, closesAt)).toBe(false);
  });

  it("is closed long after", () => {
    expect(cycleState({ opensAt, closesAt }, at("2027-01-01T00:00:00Z"))).toBe("closed");
  });

  it("is undated when either date is missing, whatever the clock says, and never open", () => {
    for (const cycle of [
      { opensAt: null, closesAt },
      { opensAt, closesAt: null },
      { opensAt: null, closesAt: null },
    ]) {
      for (const now of [ms(opensAt, -1), opensAt, ms(closesAt, -1), closesAt, at("2030-01-01T00:00:00Z")]) {
        expect(cycleState(cycle, now)).toBe("undated");
        expect(isOpen(cycle, now)).toBe(false);
      }
    }
  });

  it("does not depend on the zone the instants were written in", () => {
    const paris = { opensAt: new Date("2026-12-01T09:00:00+01:00"), closesAt: new Date("2026-12-04T18:00:00+01:00") };
    expect(cycleState(paris, closesAt)).toBe("closed");
    expect(cycleState(paris, opensAt)).toBe("open");
  });
});

describe("automatic notification horizon", () => {
  it("refuses a close more than a year ahead, accepts one within, and no close at all", () => {
    const now = at("2026-01-01T00:00:00Z");
    expect(closesTooFarForNotification(at("2026-12-31T00:00:00Z"), now)).toBe(false);
    expect(closesTooFarForNotification(at("2028-01-01T00:00:00Z"), now)).toBe(true);
    expect(closesTooFarForNotification(null, now)).toBe(false);
  });
});
