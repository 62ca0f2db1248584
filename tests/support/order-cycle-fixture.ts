// A pure-rule test's order cycle: the fields no rule under test reads filled with neutral values,
// so each test names only the exchanges, fees and settings it is about.
import type { OrderCycle } from "#app/domain/order-cycles/model";

export function orderCycleFixture(parts: Partial<OrderCycle> & Pick<OrderCycle, "incoming" | "outgoing">): OrderCycle {
  return {
    id: "c",
    name: "Week",
    coordinatorId: "hub",
    opensAt: null,
    closesAt: null,
    automaticNotifications: false,
    notifiedAt: null,
    externalId: null,
    seriesId: null,
    seriesIndex: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    coordinatorFeeIds: [],
    ...parts,
  };
}
