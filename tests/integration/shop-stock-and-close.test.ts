// Stock and the close (docs/domain.md section 5, docs/quality.md R1 and R7): parallel checkouts never
// oversell, unlimited stock stays unlimited, cancelling and changing move stock exactly, an order
// after the close is refused whole, and an order racing the close is either in the close's
// emails or refused — never accepted behind the back of a close already processed.
import { eq, like, sql } from "drizzle-orm";
import postgres from "postgres";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { customers, orderCycles, outboxEmails } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import {
  cancelOrderApi,
  changeOrderApi,
  getOrderApi,
  ordersOfCycle,
  outboxCount,
  placeOrderApi,
  raceTheClose,
  setStock,
  shopProductsPage,
  stockOf,
} from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let side: postgres.Sql;

beforeAll(async () => {
  w = await coopPlus();
  // A second connection for the transactions that hold locks while the app works.
  side = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
});

afterAll(async () => {
  await side.end({ timeout: 5 });
});

/** An untagged cycle open now at River (Carrots 1 kg at 280, 3 kg at 730: supplier price + 3 fees of 10). */
async function openCycle(name: string, closesAt = minuteFromNow(120)) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  return cycleId;
}

const river = (orderCycleId: string) => ({
  distributorId: w.distributor.id,
  orderCycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});

async function closeNow(cycleId: string) {
  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));
}

async function waitingOnLocks(): Promise<number> {
  const [row] = await side<
    { count: number }[]
  >`select count(*)::int as count from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
  return row.count;
}

async function untilWaiting(count: number) {
  const started = Date.now();
  while ((await waitingOnLocks()) < count) {
    if (Date.now() - started > 10_000) throw new Error(`Expected ${count} sessions waiting on a lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `hold` in a transaction on the side connection and keeps it open until `release()`. */
function holdTransaction(hold: (tx: postgres.TransactionSql) => Promise<unknown>, outcome: "commit" | "rollback" = "commit") {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const done = side
    .begin(async (tx) => {
      await hold(tx);
      ready();
      await released;
      if (outcome === "rollback") throw new Error("rollback");
    })
    .catch((error: Error) => {
      if (error.message !== "rollback") throw error;
    });
  return { isReady, release, done };
}

describe("R1: parallel checkouts", () => {
  test("50 buyers racing for 10 units: exactly 10 orders, stock 0, the other 40 told out_of_stock", async () => {
    const cycleId = await openCycle("Rush");
    const variantId = w.variants.a[0];
    await setStock(variantId, 10);
    const signedIn = await Promise.all(Array.from({ length: 10 }, (_, i) => createUser({ name: `Member ${i}` })));
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i < 10
          ? placeOrderApi({ ...river(cycleId), lines: [{ variantId, quantity: 1 }] }, { token: signedIn[i].token })
          : placeOrderApi({ ...river(cycleId), email: `rush-${i}@example.org`, lines: [{ variantId, quantity: 1 }] }),
      ),
    );
    const placed = attempts.filter((attempt) => attempt.status === 201);
    const refused = attempts.filter((attempt) => attempt.status !== 201);
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const attempt of refused) {
      expect(attempt.status).toBe(409);
      expect(attempt.body.error.code).toBe("out_of_stock");
    }
    expect(await stockOf(variantId)).toBe(0);
    const rows = await ordersOfCycle(cycleId);
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.state === "placed" && row.lines === 1 && row.quantity === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(placed.map((attempt) => attempt.body.id)));
    // Each refused buyer left nothing behind: no customer row, no email.
    for (let i = 10; i < 50; i += 1) {
      const email = `rush-${i}@example.org`;
      const ordered = rows.some((row) => row.email === email);
      expect(await outboxCount(email)).toBe(ordered ? 1 : 0);
    }
  });

  test("50 buyers of 3 units each racing for 10: 3 orders, 1 unit left, never below zero", async () => {
    const cycleId = await openCycle("Rush of threes");
    const variantId = w.variants.a[1];
    await setStock(variantId, 10);
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => placeOrderApi({ ...river(cycleId), email: `three-${i}@example.org`, lines: [{ variantId, quantity: 3 }] })),
    );
    expect(attempts.filter((attempt) => attempt.status === 201)).toHaveLength(3);
    expect(attempts.filter((attempt) => attempt.status === 409 && attempt.body.error.code === "out_of_stock")).toHaveLength(47);
    expect(await stockOf(variantId)).toBe(1);
    expect((await ordersOfCycle(cycleId)).map((row) => row.quantity)).toEqual([3, 3, 3]);
  });

  test("an order whose second line is short is refused whole: the first line's stock stays", async () => {
    const cycleId = await openCycle("Short line");
    await setStock(w.variants.a[0], 5);
    await setStock(w.variants.a[1], 1);
    const refused = await placeOrderApi({
      ...river(cycleId),
      email: "short@example.org",
      lines: [
        { variantId: w.variants.a[0], quantity: 4 },
        { variantId: w.variants.a[1], quantity: 2 },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("out_of_stock");
    expect(Object.keys(refused.body.error.fields)).toEqual([`lines.${w.variants.a[1]}`]);
    expect(await stockOf(w.variants.a[0])).toBe(5);
    expect(await stockOf(w.variants.a[1])).toBe(1);
    expect(await ordersOfCycle(cycleId)).toEqual([]);
    expect(await outboxCount("short@example.org")).toBe(0);
    expect(await getDb().select().from(customers).where(eq(customers.email, "short@example.org"))).toEqual([]);
  });
});

describe("unlimited stock", () => {
  test("is never counted down, shows as available null, and takes any quantity", async () => {
    const cycleId = await openCycle("Unlimited");
    await setStock(w.variants.a[0], null);
    const page = await shopProductsPage(w.distributor.id, cycleId);
    expect(page.body.items.find((item: { variantId: string }) => item.variantId === w.variants.a[0]).available).toBeNull();
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        placeOrderApi({ ...river(cycleId), email: `plenty-${i}@example.org`, lines: [{ variantId: w.variants.a[0], quantity: 999 }] }),
      ),
    );
    expect(attempts.map((attempt) => attempt.status)).toEqual([201, 201, 201, 201, 201]);
    expect(attempts[0].body.lines).toEqual([expect.objectContaining({ quantity: 999, unitPriceCents: 280, totalCents: 279_720 })]);
    expect(await stockOf(w.variants.a[0])).toBeNull();
    // Cancelling an unlimited line leaves it unlimited.
    const cancelled = await cancelOrderApi(attempts[0].body.id, { token: w.people.distributor.token });
    expect(cancelled.status).toBe(200);
    expect(await stockOf(w.variants.a[0])).toBeNull();
  });
});

describe("cancelling", () => {
  test("the buyer cancels while the cycle is open: the stock comes back, once", async () => {
    const cycleId = await openCycle("Cancel");
    await setStock(w.variants.a[0], 7);
    await setStock(w.variants.a[1], 8);
    const buyer = await createUser({ name: "Changes mind" });
    const placed = await placeOrderApi(
      {
        ...river(cycleId),
        lines: [
          { variantId: w.variants.a[0], quantity: 2 },
          { variantId: w.variants.a[1], quantity: 3 },
        ],
      },
      { token: buyer.token },
    );
    expect(placed.status).toBe(201);
    expect([await stockOf(w.variants.a[0]), await stockOf(w.variants.a[1])]).toEqual([5, 5]);

    const cancelled = await cancelOrderApi(placed.body.id, { token: buyer.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe("cancelled");
    expect([await stockOf(w.variants.a[0]), await stockOf(w.variants.a[1])]).toEqual([7, 8]);

    const again = await cancelOrderApi(placed.body.id, { token: buyer.token });
    expect(again.status).toBe(200);
    expect([await stockOf(w.variants.a[0]), await stockOf(w.variants.a[1])]).toEqual([7, 8]);
    // A cancelled order cannot be changed back into taking stock.
    const change = await changeOrderApi(placed.body.id, [{ variantId: w.variants.a[0], quantity: 1 }], { token: buyer.token });
    expect(change.status).toBe(409);
    expect(await stockOf(w.variants.a[0])).toBe(7);
  });

  test("after the close the buyer may not cancel (409); the distributor and the coordinator still may; others get 404", async () => {
    const cycleId = await openCycle("Cancel after close");
    await setStock(w.variants.a[1], 6);
    const buyer = await createUser({ name: "Too late" });
    const first = await placeOrderApi({ ...river(cycleId), lines: [{ variantId: w.variants.a[1], quantity: 2 }] }, { token: buyer.token });
    const second = await placeOrderApi({ ...river(cycleId), lines: [{ variantId: w.variants.a[1], quantity: 1 }] }, { token: buyer.token });
    expect(await stockOf(w.variants.a[1])).toBe(3);
    await closeNow(cycleId);

    const byBuyer = await cancelOrderApi(first.body.id, { token: buyer.token });
    expect(byBuyer.status).toBe(409);
    expect(byBuyer.body.error.code).toBe("order_cycle_closed");
    for (const token of [w.people.unrelated.token, w.people.supplierA.token, w.people.lake.token, (await createUser()).token]) {
      expect((await cancelOrderApi(first.body.id, { token })).status).toBe(404);
    }
    expect(await stockOf(w.variants.a[1])).toBe(3);
    expect((await getOrderApi(first.body.id, { token: buyer.token })).body.state).toBe("placed");

    const byDistributor = await cancelOrderApi(first.body.id, { token: w.people.distributor.token });
    expect(byDistributor.status).toBe(200);
    expect(await stockOf(w.variants.a[1])).toBe(5);
    const byCoordinator = await cancelOrderApi(second.body.id, { token: w.people.hub.token });
    expect(byCoordinator.status).toBe(200);
    expect(await stockOf(w.variants.a[1])).toBe(6);
  });
});

describe("changing an order", () => {
  test("while open: stock moves by the difference, prices and totals are recomputed, a change email is queued", async () => {
    const cycleId = await openCycle("Change");
    await setStock(w.variants.a[0], 10);
    await setStock(w.variants.a[1], 10);
    const buyer = await createUser({ name: "Adjusts" });
    const placed = await placeOrderApi({ ...river(cycleId), lines: [{ variantId: w.variants.a[0], quantity: 4 }] }, { token: buyer.token });
    expect(placed.body).toMatchObject({ itemsTotalCents: 1120, totalCents: 1120 });
    expect(await stockOf(w.variants.a[0])).toBe(6);

    const changed = await changeOrderApi(
      placed.body.id,
      [
        { variantId: w.variants.a[0], quantity: 1 },
        { variantId: w.variants.a[1], quantity: 2 },
      ],
      { token: buyer.token },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variantId: w.variants.a[0], quantity: 1, unitPriceCents: 280, totalCents: 280 }),
        expect.objectContaining({ variantId: w.variants.a[1], quantity: 2, unitPriceCents: 730, totalCents: 1460 }),
      ]),
    );
    expect(changed.body.lines).toHaveLength(2);
    expect(changed.body).toMatchObject({ itemsTotalCents: 1740, feesTotalCents: 0, totalCents: 1740, state: "placed" });
    expect(await stockOf(w.variants.a[0])).toBe(9);
    expect(await stockOf(w.variants.a[1])).toBe(8);
    expect(await outboxCount(buyer.email)).toBe(2); // placed, then changed

    // Asking for more than is left is refused whole: the order and the stock stay as they were.
    const tooMany = await changeOrderApi(placed.body.id, [{ variantId: w.variants.a[1], quantity: 11 }], { token: buyer.token });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.code).toBe("out_of_stock");
    expect(await stockOf(w.variants.a[0])).toBe(9);
    expect(await stockOf(w.variants.a[1])).toBe(8);
    expect((await getOrderApi(placed.body.id, { token: buyer.token })).body.totalCents).toBe(1740);

    // Exactly what is left (its own 2 back + 8 on the shelf) is fine.
    const all = await changeOrderApi(placed.body.id, [{ variantId: w.variants.a[1], quantity: 10 }], { token: buyer.token });
    expect(all.status).toBe(200);
    expect(await stockOf(w.variants.a[0])).toBe(10);
    expect(await stockOf(w.variants.a[1])).toBe(0);
  });

  test("another buyer cannot change it (404), and after the close its buyer cannot (409), nothing moves", async () => {
    const cycleId = await openCycle("Change after close");
    await setStock(w.variants.a[0], 10);
    const buyer = await createUser({ name: "Owner" });
    const placed = await placeOrderApi({ ...river(cycleId), lines: [{ variantId: w.variants.a[0], quantity: 3 }] }, { token: buyer.token });
    const other = await createUser({ name: "Someone else" });
    expect((await changeOrderApi(placed.body.id, [{ variantId: w.variants.a[0], quantity: 1 }], { token: other.token })).status).toBe(404);

    await closeNow(cycleId);
    // The hub's side still adjusts it after the close (orders-adjust.test.ts); its buyer no longer may.
    const refused = await changeOrderApi(placed.body.id, [{ variantId: w.variants.a[0], quantity: 1 }], { token: buyer.token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("order_cycle_closed");
    expect(await stockOf(w.variants.a[0])).toBe(7);
    const order = await getOrderApi(placed.body.id, { token: buyer.token });
    expect(order.body.lines).toEqual([expect.objectContaining({ variantId: w.variants.a[0], quantity: 3, totalCents: 840 })]);
    expect(await outboxCount(buyer.email)).toBe(1);
  });
});

describe("R7: the close", () => {
  test("an order after the close is refused with order_cycle_closed and writes nothing", async () => {
    const cycleId = await openCycle("Closed");
    await setStock(w.variants.a[1], 5);
    await closeNow(cycleId);
    const guest = await placeOrderApi({ ...river(cycleId), email: "late@example.org", lines: [{ variantId: w.variants.a[1], quantity: 1 }] });
    const member = await createUser({ name: "Late member" });
    const signedIn = await placeOrderApi({ ...river(cycleId), lines: [{ variantId: w.variants.a[1], quantity: 1 }] }, { token: member.token });
    for (const refused of [guest, signedIn]) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe("order_cycle_closed");
    }
    expect(await stockOf(w.variants.a[1])).toBe(5);
    const [{ count }] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from orders where order_cycle_id = ${cycleId}`);
    expect(count).toBe(0);
    expect(await outboxCount("late@example.org")).toBe(0);
    expect(await outboxCount(member.email)).toBe(0);
    expect(await getDb().select().from(customers).where(eq(customers.email, "late@example.org"))).toEqual([]);
  });

  test("the instant of the close is already closed: [opensAt, closesAt)", async () => {
    const closesAt = minuteFromNow(30);
    const cycleId = await openCycle("Exact instant", closesAt);
    await setStock(w.variants.a[0], null);
    const input = { ...river(cycleId), email: "exact@example.org", lines: [{ variantId: w.variants.a[0], quantity: 1 }] };
    await expect(placeOrder(input, undefined, closesAt)).rejects.toMatchObject({ code: "order_cycle_closed" });
    await expect(placeOrder(input, undefined, new Date(closesAt.getTime() - 1))).resolves.toEqual(expect.any(String));
  });

  test("orders submitted while the close passes are each placed whole or refused whole", async () => {
    const cycleId = await openCycle("Race the close");
    const variantId = w.variants.a[1];
    await setStock(variantId, null);
    // Not a close at now + 300 ms hoping that some orders land on each side of it on a loaded
    // machine: the close is set once the first order is placed, with others still in flight.
    const race = await raceTheClose(cycleId, (i) => placeOrderApi({ ...river(cycleId), email: `race-${i}@example.org`, lines: [{ variantId, quantity: 2 }] }), {
      early: 20,
      late: 10,
    });
    const responses = race.all;
    expect(race.late.every((response) => response.status === 409)).toBe(true);
    for (const response of responses) {
      expect([201, 409]).toContain(response.status);
      if (response.status === 409) expect(response.body.error.code).toBe("order_cycle_closed");
    }
    const placed = responses.filter((response) => response.status === 201);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThanOrEqual(20);
    const rows = await ordersOfCycle(cycleId);
    expect(rows.map((row) => row.id).sort()).toEqual(placed.map((response) => response.body.id).sort());
    expect(rows.every((row) => row.lines === 1 && row.quantity === 2)).toBe(true);
    for (const [i, response] of responses.entries()) expect(await outboxCount(`race-${i}@example.org`)).toBe(response.status === 201 ? 1 : 0);
  });

  test("an order still being written when the close is processed is waited for, and counted in the close's emails", async () => {
    const closesAt = new Date(Date.now() - 5_000);
    const cycleId = await seedCycle(w, { name: "In flight at the close", opensAt: minuteFromNow(-60), closesAt });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await setStock(w.variants.a[0], 10);
    // Another checkout holds the variant's row: this order has passed the open check (submitted a
    // second before the close) and now waits to take its stock.
    const blocker = holdTransaction((tx) => tx`select id from variants where id = ${w.variants.a[0]} for update`);
    await blocker.isReady;
    const submitted = placeOrder(
      { ...river(cycleId), email: "in-flight@example.org", lines: [{ variantId: w.variants.a[0], quantity: 1 }] },
      undefined,
      new Date(closesAt.getTime() - 1000),
    );
    await untilWaiting(1);

    // The close is processed meanwhile: it must not go ahead without the order being written.
    const processedMeanwhile = await processDueCycles(new Date());
    blocker.release();
    await blocker.done;
    const orderId = await submitted;
    const processedAfter = await processDueCycles(new Date());
    expect(processedMeanwhile).not.toContain(cycleId);
    expect(processedAfter).toContain(cycleId);

    const [digest] = await getDb()
      .select()
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `coordinator-digest:${cycleId}:%`));
    expect(digest.text).toContain("River Co-op: 1 ·");
    expect((await ordersOfCycle(cycleId)).map((row) => row.id)).toEqual([orderId]);
  });

  test("an order arriving while the close is being processed waits, then is refused and writes nothing", async () => {
    const closesAt = new Date(Date.now() - 5_000);
    const cycleId = await seedCycle(w, { name: "Closing in progress", opensAt: minuteFromNow(-60), closesAt });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await setStock(w.variants.a[1], 10);
    // The close's processing is held mid-way: the coordinator digest it is about to write is
    // already being written by another transaction, which is then rolled back.
    const blocker = holdTransaction(
      (tx) =>
        tx`insert into outbox_emails (id, idempotency_key, kind, to_address, subject, html, text) values (gen_random_uuid()::text, ${`coordinator-digest:${cycleId}:${closesAt.toISOString()}`}, 'x', 'x@example.org', 'x', 'x', 'x')`,
      "rollback",
    );
    await blocker.isReady;
    const processing = processDueCycles(new Date());
    await untilWaiting(1);
    // Submitted a second before the close: without waiting for the close it would be accepted.
    const submitted = placeOrder(
      { ...river(cycleId), email: "during-close@example.org", lines: [{ variantId: w.variants.a[1], quantity: 1 }] },
      undefined,
      new Date(closesAt.getTime() - 1000),
    ).then(
      () => "placed",
      (error: { code?: string }) => error.code,
    );
    await untilWaiting(2);
    blocker.release();
    await blocker.done;
    expect(await processing).toContain(cycleId);
    expect(await submitted).toBe("order_cycle_closed");
    expect(await ordersOfCycle(cycleId)).toEqual([]);
    expect(await stockOf(w.variants.a[1])).toBe(10);
    expect(await outboxCount("during-close@example.org")).toBe(0);
  });
});
