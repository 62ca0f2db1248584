// The access table of pickup day's counter actions (docs/domain.md 3, "check-in on pickup day": all
// orders for the coordinator, its own shop's for a distributor, no for a supplier), every caller x
// every action, through the API. Allowed: 200 and exactly one fulfilment history row. Refused: 403
// when the caller may see the order (its buyer), 404 otherwise, and the whole database unchanged.
import { beforeAll, describe, expect } from "vitest";
import * as collectRoute from "#app/routes/api.v1.orders.$orderId.collect";
import * as noShowRoute from "#app/routes/api.v1.orders.$orderId.no-show";
import { coopPlus, type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import { openRiverCycle, orderPermissionTable, orderRoleCredentials, placeRiverOrder, type OrderRole as Role } from "#tests/support/order-permission-table";

type Action = "collect" | "undoCollect" | "noShow";

const expected: Record<Role, Record<Action, number>> = {
  coordinator: { collect: 200, undoCollect: 200, noShow: 200 },
  "order's distributor": { collect: 200, undoCollect: 200, noShow: 200 },
  "other distributor": { collect: 404, undoCollect: 404, noShow: 404 },
  supplier: { collect: 404, undoCollect: 404, noShow: 404 },
  buyer: { collect: 403, undoCollect: 403, noShow: 403 },
  unrelated: { collect: 404, undoCollect: 404, noShow: 404 },
};

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await openRiverCycle(w);
});

/** A placed River order of the plain buyer; collected already when undo is what is tried. */
async function orderFor(action: Action) {
  const id = await placeRiverOrder(w, cycleId);
  if (action === "undoCollect") await callRoute(collectRoute, { method: "POST", path: "/x", params: { orderId: id }, token: w.people.hub.token });
  return id;
}

function call(action: Action, orderId: string, token: string) {
  switch (action) {
    case "collect":
      return callRoute(collectRoute, { method: "POST", path: "/x", params: { orderId }, token });
    case "undoCollect":
      return callRoute(collectRoute, { method: "DELETE", path: "/x", params: { orderId }, token });
    case "noShow":
      return callRoute(noShowRoute, { method: "POST", path: "/x", params: { orderId }, token });
  }
}

describe("pickup day permission table", () => {
  orderPermissionTable(expected, {
    credentials: () => orderRoleCredentials(w),
    prepare: orderFor,
    call: (action, orderId, who) => call(action, orderId, who.token),
    allowed: (_, changes) => expect(changes.order_fulfilment_changes).toEqual({ added: 1, removed: 0 }),
  });
});
