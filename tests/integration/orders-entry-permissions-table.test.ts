// Who may enter an order for a customer (docs/domain.md 12, decision 0048), row by row through
// POST /api/v1/orders with onBehalfOf: the managers of the order's shop and of the cycle's
// coordinator, while the cycle is open and after its close; a supplier of the cycle and another
// shop of it are refused (403), someone outside the cycle does not see it (404), an anonymous
// caller must sign in (401). Every refusal writes nothing (no order, no customer, no stock taken);
// every allowed entry places the order, records who entered it and takes the stock.
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import { orderEntryEnterprise } from "#app/domain/access/order-rules";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi, setStock, stockOf } from "#tests/support/shop";

type Role = "coordinator" | "distributor" | "otherDistributor" | "supplier" | "unrelated" | "plainUser" | "anonymous";
type When = "open" | "closed";

const table: Record<Role, Record<When, number>> = {
  coordinator: { open: 201, closed: 201 },
  distributor: { open: 201, closed: 201 },
  otherDistributor: { open: 403, closed: 403 },
  supplier: { open: 403, closed: 403 },
  unrelated: { open: 404, closed: 404 },
  plainUser: { open: 404, closed: 404 },
  anonymous: { open: 401, closed: 401 },
};

let w: CoopPlus;
let carrots: string;
const tokens = {} as Record<Role, string | undefined>;
const cycleFor = {} as Record<When, string>;

beforeAll(async () => {
  w = await coopPlus();
  carrots = w.variants.a[0];
  await setStock(carrots, 500);
  Object.assign(tokens, {
    coordinator: w.people.hub.token,
    distributor: w.people.distributor.token,
    otherDistributor: w.people.lake.token,
    supplier: w.people.supplierA.token,
    unrelated: w.people.unrelated.token,
    plainUser: w.people.nobody.token,
    anonymous: undefined,
  });
  for (const when of ["open", "closed"] as When[]) {
    const cycleId = await seedCycle(w, { name: `Entry ${when}`, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    if (when === "closed")
      await getDb()
        .update(orderCycles)
        .set({ closesAt: minuteFromNow(-1) })
        .where(eq(orderCycles.id, cycleId));
    cycleFor[when] = cycleId;
  }
});

async function state() {
  const [row] = await getDb().execute<{ orders: number; customers: number }>(sql`
    select (select count(*)::int from orders where state = 'placed') as orders, (select count(*)::int from customers) as customers`);
  return { ...row, stock: await stockOf(carrots) };
}

describe("POST /orders with onBehalfOf, role by role", () => {
  const rows = (Object.keys(table) as Role[]).flatMap((role) => (["open", "closed"] as When[]).map((when) => [role, when, table[role][when]] as const));

  it.each(rows)("%s, cycle %s: %i", async (role, when, expected) => {
    const before = await state();
    const email = `${role}-${when}@example.org`;
    const response = await placeOrderApi(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleFor[when],
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        lines: [{ variantId: carrots, quantity: 2 }],
        onBehalfOf: { email, name: "Phone Customer", phone: "06 12 34 56 78" },
      },
      { token: tokens[role] },
    );
    expect(response.status).toBe(expected);
    const after = await state();
    if (expected === 201) {
      expect(response.body.enteredBy?.userId).toBeTruthy();
      expect(after).toEqual({ orders: before.orders + 1, customers: before.customers + 1, stock: before.stock! - 2 });
    } else {
      expect(after).toEqual(before);
    }
  });
});

describe("the rule itself (pure)", () => {
  it("the shop's managers enter for their shop, the coordinator's for every shop of the cycle; recorded for the shop when both", () => {
    expect(orderEntryEnterprise({ coordinator: false, distributors: ["river"] }, "river", "hub")).toBe("river");
    expect(orderEntryEnterprise({ coordinator: true, distributors: [] }, "river", "hub")).toBe("hub");
    expect(orderEntryEnterprise({ coordinator: true, distributors: ["river"] }, "river", "hub")).toBe("river");
    expect(orderEntryEnterprise({ coordinator: false, distributors: ["lake"] }, "river", "hub")).toBeUndefined();
    expect(orderEntryEnterprise({ coordinator: false, distributors: [] }, "river", "hub")).toBeUndefined();
  });
});
