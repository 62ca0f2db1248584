// The frame of the order permission tables (payments, pickup day, invoices): six roles around one
// River order of the wider coop, every role x every action; a refused call leaves the whole database
// as it was, an allowed one is checked by the table's own rule.
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { orders, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { minuteFromNow, seedCycle, type CoopPlus } from "./coop";
import { changesBetween, snapshotDatabase, withoutTables, type TableChange } from "./db-snapshot";

export type OrderRole = "coordinator" | "order's distributor" | "other distributor" | "supplier" | "buyer" | "unrelated";

/** How each role signs in: a bearer token for the API, a session cookie for the pages. */
export type Credentials = { token: string; cookie: string };

export function orderRoleCredentials(w: CoopPlus): Record<OrderRole, Credentials> {
  const as = (person: keyof CoopPlus["people"] & keyof CoopPlus["sessions"]) => ({ token: w.people[person].token, cookie: w.sessions[person] });
  return {
    coordinator: as("hub"),
    "order's distributor": as("distributor"),
    "other distributor": as("lake"),
    supplier: as("supplierA"),
    buyer: as("nobody"),
    unrelated: as("unrelated"),
  };
}

/** An open cycle of the wider coop whose River shop sells Farm A's first variant without a stock limit and to everyone. */
export async function openRiverCycle(w: CoopPlus): Promise<string> {
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  return cycleId;
}

/** A placed River order of one unit, bought by the plain user (the table's "buyer"). */
export async function placeRiverOrder(w: CoopPlus, cycleId: string): Promise<string> {
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
  return id;
}

/**
 * One test per role and action. `prepare` builds what the action acts on, before the snapshot;
 * sessions and rate-limit counters move with any request, so they are left out of it.
 */
export function orderPermissionTable<Action extends string, Fixture>(
  expected: Record<OrderRole, Record<Action, number>>,
  table: {
    credentials: () => Record<OrderRole, Credentials>;
    prepare: (action: Action) => Promise<Fixture>;
    call: (action: Action, fixture: Fixture, who: Credentials) => Promise<Response>;
    /** What an allowed call must have changed. */
    allowed: (action: Action, changes: Record<string, TableChange>) => void;
  },
) {
  for (const role of Object.keys(expected) as OrderRole[]) {
    for (const action of Object.keys(expected[role]) as Action[]) {
      const status = expected[role][action];
      it(`${role} · ${action} → ${status}`, async () => {
        const fixture = await table.prepare(action);
        const before = withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]);
        const response = await table.call(action, fixture, table.credentials()[role]);
        expect(response.status).toBe(status);
        if (status < 400) await response.arrayBuffer();
        const changes = changesBetween(before, withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]));
        if (status >= 400) expect(changes).toEqual({});
        else table.allowed(action, changes);
      });
    }
  }
}
