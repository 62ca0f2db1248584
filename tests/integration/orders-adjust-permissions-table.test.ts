// Who may change a placed order's lines (docs/domain.md 8, decision 0034), row by row through
// PATCH /api/v1/orders/:id: the order's distributor and the cycle's coordinator at any time (also
// after the close), its buyer only while the cycle is open; the other distributor of the cycle, a
// supplier of the order's products, an unrelated hub and a plain user do not see the order (404).
// A cancelled order is refused to everyone who sees it (409). Every refusal leaves the order, its
// lines, the stock and the history as they were; every allowed change is applied and recorded.
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import { canAdjustOrder } from "#app/domain/access/order-rules";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import { cancelOrderApi, placeOrderApi, setStock, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

type Role = "buyer" | "coordinator" | "distributor" | "otherDistributor" | "supplier" | "unrelated" | "plainUser";
type When = "open" | "closed" | "cancelled";

/** The table: what PATCH answers each role, by the state of the order's cycle. */
const table: Record<Role, Record<When, number>> = {
  buyer: { open: 200, closed: 409, cancelled: 409 },
  coordinator: { open: 200, closed: 200, cancelled: 409 },
  distributor: { open: 200, closed: 200, cancelled: 409 },
  otherDistributor: { open: 404, closed: 404, cancelled: 404 },
  supplier: { open: 404, closed: 404, cancelled: 404 },
  unrelated: { open: 404, closed: 404, cancelled: 404 },
  plainUser: { open: 404, closed: 404, cancelled: 404 },
};

let w: CoopPlus;
let buyer: TestUser;
let carrots: string;
const tokens = {} as Record<Role, string>;
const orderFor = {} as Record<When, Record<Role, string>>;

async function place(cycleId: string) {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: carrots, quantity: 2 }],
    },
    { token: buyer.token },
  );
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}`);
  return placed.body.id as string;
}

beforeAll(async () => {
  w = await coopPlus();
  buyer = await createUser({ name: "Table Buyer" });
  carrots = w.variants.a[0];
  await setStock(carrots, 500);
  Object.assign(tokens, {
    buyer: buyer.token,
    coordinator: w.people.hub.token,
    distributor: w.people.distributor.token,
    otherDistributor: w.people.lake.token,
    supplier: w.people.supplierA.token,
    unrelated: w.people.unrelated.token,
    plainUser: w.people.nobody.token,
  });
  const roles = Object.keys(table) as Role[];
  for (const when of ["open", "closed", "cancelled"] as When[]) {
    const cycleId = await seedCycle(w, { name: `Table ${when}`, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    orderFor[when] = {} as Record<Role, string>;
    for (const role of roles) orderFor[when][role] = await place(cycleId);
    if (when === "cancelled") for (const role of roles) await cancelOrderApi(orderFor[when][role], { token: buyer.token });
    if (when !== "open")
      await getDb()
        .update(orderCycles)
        .set({ closesAt: minuteFromNow(-1) })
        .where(eq(orderCycles.id, cycleId));
  }
});

async function state(orderId: string) {
  const [order] = await getDb().execute<{ state: string; total_cents: number; quantity: number; changes: number }>(sql`
    select o.state, o.total_cents, (select coalesce(sum(quantity), 0)::int from order_lines where order_id = o.id) as quantity,
      (select count(*)::int from order_changes where order_id = o.id) as changes
    from orders o where o.id = ${orderId}`);
  return { ...order, stock: await stockOf(carrots) };
}

describe("PATCH /orders/:id, role by role", () => {
  const rows = (Object.keys(table) as Role[]).flatMap((role) =>
    (["open", "closed", "cancelled"] as When[]).map((when) => [role, when, table[role][when]] as const),
  );

  it.each(rows)("%s, cycle %s: %i", async (role, when, expected) => {
    const orderId = orderFor[when][role];
    const before = await state(orderId);
    const response = await callRoute(orderRoute, {
      method: "PATCH",
      path: `/api/v1/orders/${orderId}`,
      params: { orderId },
      body: { lines: [{ variantId: carrots, quantity: 3 }] },
      token: tokens[role],
    });
    expect(response.status).toBe(expected);
    const after = await state(orderId);
    if (expected === 200) {
      expect(after.quantity).toBe(3);
      expect(after.stock).toBe(before.stock! - 1);
      expect(after.changes).toBe(before.changes + 1);
    } else {
      expect(after).toEqual(before);
    }
  });
});

describe("the rule itself (pure)", () => {
  const open = { state: "placed", opensAt: new Date("2026-01-01T00:00:00Z"), closesAt: new Date("2026-01-10T00:00:00Z") };
  const duringCycle = new Date("2026-01-05T00:00:00Z");
  const afterClose = new Date("2026-01-11T00:00:00Z");
  const none = { isBuyer: false, isDistributor: false, isCoordinator: false };

  it("the hub's side takes the staff path at any time; the buyer only while open; the buyer who also manages the shop is staff", () => {
    expect(canAdjustOrder({ ...none, isCoordinator: true }, open, afterClose)).toEqual({ path: "staff" });
    expect(canAdjustOrder({ ...none, isDistributor: true }, open, afterClose)).toEqual({ path: "staff" });
    expect(canAdjustOrder({ ...none, isBuyer: true }, open, duringCycle)).toEqual({ path: "buyer" });
    expect(canAdjustOrder({ ...none, isBuyer: true, isDistributor: true }, open, afterClose)).toEqual({ path: "staff" });
    expect(canAdjustOrder({ ...none, isBuyer: true }, open, afterClose)).toMatchObject({ refusal: { code: "order_cycle_closed" } });
    expect(canAdjustOrder(none, open, duringCycle)).toMatchObject({ refusal: { code: "not_found" } });
    expect(canAdjustOrder({ ...none, isCoordinator: true }, { ...open, state: "cancelled" }, duringCycle)).toMatchObject({ refusal: { code: "conflict" } });
  });
});
