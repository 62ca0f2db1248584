// The per-cycle close job (app/domain/notifications/schedule.server.ts, quality.md P5): setting a cycle's
// close adds a job at closes_at in graphile-worker's queue, moving the close moves that job, and a
// worker without its minute sweep processes the close on time: every producer's email queued
// within two seconds of the close, none before it.
import { eq, sql } from "drizzle-orm";
import { createOrderCycle, putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import * as cycleRoute from "#app/routes/api.v1.order-cycles.$cycleId";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { setEnv } from "#tests/support/settings";
import { setStock } from "#tests/support/shop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

const DAY = 24 * 60 * 60 * 1000;
let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  w = await coopPlus();
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

/** The waiting close jobs of a cycle, as the queue holds them. */
async function closeJobs(cycleId: string) {
  const rows = await getDb().execute<{ task_identifier: string; run_at: Date | string }>(sql`
    select task_identifier, run_at from graphile_worker.jobs where key = ${`close-cycle:${cycleId}`}`);
  return rows.map((row) => ({ task: row.task_identifier, runAt: new Date(row.run_at).toISOString() }));
}

const inDays = (days: number) => new Date(Date.now() + days * DAY);

describe("the close job of a cycle", () => {
  test("is added at closes_at when a cycle is created, by the command and by the API; none for a cycle without a close", async () => {
    const closesAt = minuteFromNow(7 * 24 * 60);
    const viaCommand = await createOrderCycle(w.actors.hub, {
      name: "Scheduled",
      coordinatorId: w.hub.id,
      opensAt: minuteFromNow(60).toISOString(),
      closesAt: closesAt.toISOString(),
    });
    expect(await closeJobs(viaCommand)).toEqual([{ task: "close_cycles", runAt: closesAt.toISOString() }]);

    const created = await callRoute(cyclesRoute, {
      method: "POST",
      path: "/api/v1/order-cycles",
      token: w.people.hub.token,
      body: { name: "Scheduled by API", coordinatorId: w.hub.id, opensAt: minuteFromNow(60).toISOString(), closesAt: closesAt.toISOString() },
    });
    expect(created.status).toBe(201);
    expect(await closeJobs((await json(created)).id)).toEqual([{ task: "close_cycles", runAt: closesAt.toISOString() }]);

    const undated = await createOrderCycle(w.actors.hub, { name: "Undated", coordinatorId: w.hub.id, opensAt: null, closesAt: null });
    expect(await closeJobs(undated)).toEqual([]);
  });

  test("moves when the close moves, by the command and by the API, and stays one job", async () => {
    const cycleId = await seedCycle(w, { name: "Moving", opensAt: minuteFromNow(60), closesAt: minuteFromNow(3 * 24 * 60) });
    const first = minuteFromNow(5 * 24 * 60);
    await updateOrderCycle(w.actors.hub, cycleId, { closesAt: first.toISOString() });
    expect(await closeJobs(cycleId)).toEqual([{ task: "close_cycles", runAt: first.toISOString() }]);

    const second = minuteFromNow(4 * 24 * 60);
    const patched = await callRoute(cycleRoute, {
      method: "PATCH",
      path: `/api/v1/order-cycles/${cycleId}`,
      params: { cycleId },
      token: w.people.hub.token,
      body: { closesAt: second.toISOString() },
    });
    expect(patched.status).toBe(200);
    expect(await closeJobs(cycleId)).toEqual([{ task: "close_cycles", runAt: second.toISOString() }]);

    // A change that leaves the close where it is leaves its job alone.
    await updateOrderCycle(w.actors.hub, cycleId, { name: "Moving, renamed" });
    expect(await closeJobs(cycleId)).toEqual([{ task: "close_cycles", runAt: second.toISOString() }]);
  });

  test(
    "runs on time: a worker without the minute sweep queues every producer's email within 2 s of the close, none before (P5)",
    { timeout: 60_000 },
    async () => {
      const cycleId = await seedCycle(w, { name: "On time", opensAt: minuteFromNow(-60), closesAt: inDays(3) });
      await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
      await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
      await setStock(w.variants.a[0], null);
      await placeOrder(
        {
          distributorId: w.distributor.id,
          orderCycleId: cycleId,
          shippingMethodId: w.methods.distributor.shipping.id,
          paymentMethodId: w.methods.distributor.payment.id,
          email: "on-time@example.org",
          lines: [{ variantId: w.variants.a[0], quantity: 2 }],
        },
        undefined,
      );

      // Only the cycle's own job can process it: no crontab, so no minute sweep and no sweep at start.
      worker = await startWorker({ schedule: false, logLevel: "silent" });
      // The close moved from three days ahead to a few seconds ahead (confirmed: the cycle has an order).
      const closesAt = new Date(Date.now() + 4_000);
      await updateOrderCycle(w.actors.hub, cycleId, { closesAt: closesAt.toISOString(), confirmDateChange: true });
      expect(await closeJobs(cycleId)).toEqual([{ task: "close_cycles", runAt: closesAt.toISOString() }]);

      const deadline = Date.now() + 20_000;
      let queued: { to: string; at: Date }[];
      for (;;) {
        const rows = await getDb().execute<{ to_address: string; created_at: Date | string }>(sql`
          select to_address, created_at from outbox_emails where idempotency_key like ${`producer-notification:${cycleId}:%`}`);
        queued = rows.map((row) => ({ to: row.to_address, at: new Date(row.created_at) }));
        if (queued.length >= 2 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(queued.map((row) => row.to).sort()).toEqual([w.people.supplierA.email, w.people.supplierB.email].sort());
      for (const row of queued) {
        const late = row.at.getTime() - closesAt.getTime();
        expect(late, `queued ${late} ms after the close`).toBeGreaterThanOrEqual(0);
        expect(late, `queued ${late} ms after the close`).toBeLessThanOrEqual(2_000);
      }
      const [cycle] = await getDb().select({ processedClosesAt: orderCycles.processedClosesAt }).from(orderCycles).where(eq(orderCycles.id, cycleId));
      expect(cycle.processedClosesAt?.toISOString()).toBe(closesAt.toISOString());
      // The job is done once its task returned, a moment after the close's transaction committed.
      const done = Date.now() + 10_000;
      while ((await closeJobs(cycleId)).length > 0 && Date.now() < done) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await closeJobs(cycleId)).toEqual([]);
    },
  );
});
