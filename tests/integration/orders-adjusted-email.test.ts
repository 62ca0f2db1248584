// The buyer's "your order was adjusted" email (docs/domain.md 8), through the real worker and a real
// SMTP server: three quick changes by the hub make one job (its run_at fixed by the first change,
// 10 minutes on) and, when it runs, exactly one email listing the three changes and the new total;
// the changes are marked told, so a second run sends nothing. The buyer's own change sends none.
import { eq, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { sendOrderAdjustedEmail } from "#app/domain/notifications/order-adjusted.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import { getDb } from "#db/connection.server";
import { orderCycles, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { changeOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
import { setEnv } from "#tests/support/settings";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;
let cycleId: string;
let buyer: TestUser;
let c1: string;
let c3: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Email adjust week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  [c1, c3] = w.variants.a;
  await getDb().update(variants).set({ weightGrams: 1000, soldByWeight: true }).where(eq(variants.id, c1));
  await setStock(c1, null);
  await setStock(c3, null);
  buyer = await createUser({ name: "Bea Buyer", locale: "fr" });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

async function place() {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [
        { variantId: c3, quantity: 3 },
        { variantId: c1, quantity: 1 },
      ],
    },
    { token: buyer.token },
  );
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}`);
  return placed.body as { id: string; number: string };
}

async function adjust(orderId: string, body: unknown) {
  const response = await callRoute(orderRoute, { method: "PATCH", path: `/api/v1/orders/${orderId}`, params: { orderId }, body, token: w.people.hub.token });
  expect(response.status).toBe(200);
  return json(response);
}

async function jobsFor(orderId: string) {
  const rows = await getDb().execute<{ run_at: string }>(sql`select run_at from graphile_worker._private_jobs where key = ${`order-adjusted:${orderId}`}`);
  return rows.map((row) => ({ runAt: new Date(row.run_at).getTime() }));
}

const adjustedMails = (number: string): ParsedMail[] => smtp.messages.filter((message) => message.subject?.startsWith(`Commande ${number} ajustée`));

it("the buyer's own change while the cycle is open schedules no adjusted email", async () => {
  const order = await place();
  expect((await changeOrderApi(order.id, [{ variantId: c3, quantity: 2 }], { token: buyer.token })).status).toBe(200);
  expect(await jobsFor(order.id)).toHaveLength(0);
  expect(await sendOrderAdjustedEmail(order.id)).toBe(0);
});

it("three quick changes after the close: one job at the first change + 10 min, one email listing all three, then nothing more", async () => {
  const order = await place();
  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));

  const firstAt = Date.now();
  await adjust(order.id, { lines: [{ variantId: c3, quantity: 2 }], note: "Une cagette manquait" });
  const [job] = await jobsFor(order.id);
  expect(job.runAt).toBeGreaterThanOrEqual(firstAt + 10 * 60_000 - 1000);
  expect(job.runAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
  await adjust(order.id, { lines: [{ variantId: c1, quantity: 1, actualWeightGrams: 1200 }] });
  const last = await adjust(order.id, { lines: [{ variantId: c3, quantity: 5 }] });
  // Still one job, and its run_at did not move: the batch is told 10 minutes after its first change.
  const jobs = await jobsFor(order.id);
  expect(jobs).toHaveLength(1);
  expect(jobs[0].runAt).toBe(job.runAt);
  expect(adjustedMails(order.number)).toHaveLength(0);

  // Ten minutes pass: the job is due now.
  await getDb().execute(sql`update graphile_worker._private_jobs set run_at = now() where key = ${`order-adjusted:${order.id}`}`);
  const started = Date.now();
  while (adjustedMails(order.number).length === 0) {
    if (Date.now() - started > 15_000) throw new Error("no adjusted email within 15 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A moment more, for a second email that must not come.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const mails = adjustedMails(order.number);
  expect(mails).toHaveLength(1);
  const text = mails[0].text ?? "";
  expect(mails[0].to).toMatchObject({ value: [{ address: buyer.email }] });
  expect(text).toContain("Carrots (3 kg) : 2 au lieu de 3.");
  expect(text).toContain("Une cagette manquait");
  expect(text).toMatch(/Carrots \(1 kg\) : pesé 1,2\s*kg/);
  expect(text).toContain("Carrots (3 kg) : 5 au lieu de 2.");
  expect(text).toContain(`Nouveau total : ${new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(last.totalCents / 100)}`);
  expect(await jobsFor(order.id)).toHaveLength(0);
  // Every change is told: running the job again sends nothing.
  expect(await sendOrderAdjustedEmail(order.id)).toBe(0);
  const [untold] = await getDb().execute<{ count: number }>(
    sql`select count(*)::int as count from order_changes where order_id = ${order.id} and notified_at is null`,
  );
  expect(untold.count).toBe(0);

  // A change after the email starts a new batch.
  await adjust(order.id, { lines: [{ variantId: c3, quantity: 1 }] });
  expect(await jobsFor(order.id)).toHaveLength(1);
});
