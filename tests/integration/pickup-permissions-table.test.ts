// The access table of pickup day's counter actions (docs/domain.md 3, "check-in on pickup day": all
// orders for the coordinator, its own shop's for a distributor, no for a supplier), every caller x
// every action, through the API. Allowed: 200 and exactly one fulfilment history row. Refused: 403
// when the caller may see the order (its buyer), 404 otherwise, and the whole database unchanged.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as collectRoute from "#app/routes/api.v1.orders.$orderId.collect";
import * as noShowRoute from "#app/routes/api.v1.orders.$orderId.no-show";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase, withoutTables } from "#tests/support/db-snapshot";
import { callRoute } from "#tests/support/http";

type Role = "coordinator" | "order's distributor" | "other distributor" | "supplier" | "buyer" | "unrelated";
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
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

/** A placed order of River's bought by the plain user; collected already when undo is what is tried. */
async function orderFor(action: Action) {
  const id = await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "table@example.org",
      name: "Table Buyer",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    },
    undefined,
  );
  await getDb().update(orders).set({ buyerId: w.people.nobody.id }).where(eq(orders.id, id));
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
  const tokens = (): Record<Role, string> => ({
    coordinator: w.people.hub.token,
    "order's distributor": w.people.distributor.token,
    "other distributor": w.people.lake.token,
    supplier: w.people.supplierA.token,
    buyer: w.people.nobody.token,
    unrelated: w.people.unrelated.token,
  });
  for (const role of Object.keys(expected) as Role[]) {
    for (const action of Object.keys(expected[role]) as Action[]) {
      const status = expected[role][action];
      it(`${role} · ${action} → ${status}`, async () => {
        const orderId = await orderFor(action);
        const before = withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]);
        const response = await call(action, orderId, tokens()[role]);
        expect(response.status).toBe(status);
        const changes = changesBetween(before, withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]));
        if (status >= 400) expect(changes).toEqual({});
        else expect(changes.order_fulfilment_changes).toEqual({ added: 1, removed: 0 });
      });
    }
  }
});
