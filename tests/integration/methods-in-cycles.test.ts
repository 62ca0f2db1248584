// A distributor's new shipping or payment method in the cycles that offer "all of them": added to
// open and upcoming cycles whose exchange offers every other live method of that kind, not to
// those where some were unticked, nor to closed cycles (docs/domain.md 2, outgoing exchange methods).
import { beforeAll, describe, expect, it } from "vitest";
import { createPaymentMethod, createShippingMethod } from "#app/domain/methods/methods.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let upcoming: string;
let closed: string;

beforeAll(async () => {
  w = await coopPlus();
  upcoming = await seedCycle(w, { name: "Next week" });
  closed = await seedCycle(w, { name: "Last week", opensAt: minuteFromNow(-3 * 24 * 60), closesAt: minuteFromNow(-2 * 24 * 60) });
  // Lake offers only one of its two pickups next week.
  await putOutgoingExchange(w.actors.hub, upcoming, w.lake.id, { shippingMethodIds: [w.methods.lake[0].shipping.id] });
});

async function offered(cycleId: string, distributorId: string) {
  const exchange = (await viewCycleForActor(w.actors.hub, cycleId)).outgoing.find((candidate) => candidate.distributor.id === distributorId)!;
  return { shipping: exchange.shippingMethodIds ?? [], payment: exchange.paymentMethodIds ?? [] };
}

describe("a new method", () => {
  it("joins the open and upcoming cycles that offered all the distributor's methods of its kind, not closed ones", async () => {
    const before = await offered(upcoming, w.distributor.id);
    expect([...before.shipping].sort()).toEqual(w.methods.distributorAll.map((set) => set.shipping.id).sort());
    const stall = await createShippingMethod(w.actors.distributor, w.distributor.id, { name: "Market stall", kind: "pickup", address: "Market square" });
    const card = await createPaymentMethod(w.actors.distributor, w.distributor.id, { name: "Bank transfer", kind: "bank_transfer" });
    expect((await offered(upcoming, w.distributor.id)).shipping).toContain(stall.id);
    expect((await offered(upcoming, w.distributor.id)).payment).toContain(card.id);
    expect((await offered(closed, w.distributor.id)).shipping).not.toContain(stall.id);
  });

  it("stays out of a cycle where the distributor chose only some of its methods", async () => {
    const shed = await createShippingMethod(w.actors.lake, w.lake.id, { name: "Lake shed", kind: "pickup", address: "By the lake" });
    const shipping = (await offered(upcoming, w.lake.id)).shipping;
    expect(shipping).toEqual([w.methods.lake[0].shipping.id]);
    expect(shipping).not.toContain(shed.id);
  });

  it("joins by the command's clock, not the database's: a cycle closed at `now` is left alone, one still open at `now` is joined", async () => {
    // Closed an hour ago by the database's clock; still open at a `now` two hours back.
    const lastHour = await seedCycle(w, { name: "Closed an hour ago", opensAt: minuteFromNow(-24 * 60), closesAt: minuteFromNow(-60) });
    // Open by the database's clock, but already closed at a `now` a day ahead.
    const closingSoon = await seedCycle(w, { name: "Closes in an hour", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);

    const early = await createShippingMethod(
      w.actors.distributor,
      w.distributor.id,
      { name: "Early stall", kind: "pickup", address: "North gate" },
      twoHoursAgo,
    );
    expect((await offered(lastHour, w.distributor.id)).shipping).toContain(early.id);
    const late = await createPaymentMethod(w.actors.distributor, w.distributor.id, { name: "Late cheque", kind: "cash" }, tomorrow);
    expect((await offered(closingSoon, w.distributor.id)).payment).not.toContain(late.id);
  });
});
