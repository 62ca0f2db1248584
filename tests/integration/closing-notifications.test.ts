// When a cycle closes: each producer gets one email with what to bring, by variant and by
// distributor, in its language; the coordinator gets a digest; manual notification works any time.
import { eq, inArray, like, sql } from "drizzle-orm";
import { processDueCycles, notifyProducersNow, producerNotificationStatuses } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import * as notifyRoute from "#app/routes/api.v1.order-cycles.$cycleId.notify-producers";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycleHistory, orderCycles, outboxEmails, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { createUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle | undefined;
const HOUR = 3_600_000;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  await getDb().update(enterprises).set({ locale: "fr" }).where(eq(enterprises.id, w.supplierB.id));
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

/** An open cycle (River and Lake, untagged) with automatic notification, and four guest orders. */
async function cycleWithOrders(options: { automatic: boolean; name: string }) {
  const cycleId = await seedCycle(w, { name: options.name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  if (options.automatic) await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
  const river = {
    distributorId: w.distributor.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.distributor.shipping.id,
    paymentMethodId: w.methods.distributor.payment.id,
  };
  const lake = {
    distributorId: w.lake.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.lake[0].shipping.id,
    paymentMethodId: w.methods.lake[0].payment.id,
  };
  const [carrots1, carrots3] = w.variants.a;
  const milk = w.variants.b[0];
  await placeOrder(
    {
      ...river,
      email: "xavier@example.org",
      name: "Xavier Roux",
      lines: [
        { variantId: carrots1, quantity: 2 },
        { variantId: carrots3, quantity: 1 },
      ],
    },
    undefined,
  );
  await placeOrder({ ...river, email: "yara@example.org", name: "Yara Blum", lines: [{ variantId: carrots1, quantity: 1 }] }, undefined);
  await placeOrder(
    {
      ...lake,
      email: "zoe@example.org",
      name: "Zoé Arnaud",
      lines: [
        { variantId: carrots1, quantity: 3 },
        { variantId: milk, quantity: 2 },
      ],
    },
    undefined,
  );
  return cycleId;
}

const afterClose = () => new Date(Date.now() + 2 * HOUR);

async function keysOf(cycleId: string) {
  const rows = await getDb()
    .select({ key: outboxEmails.idempotencyKey, to: outboxEmails.toAddress })
    .from(outboxEmails)
    .where(like(outboxEmails.idempotencyKey, `%:${cycleId}:%`));
  return rows;
}

describe("a cycle with automatic notification, at its close", () => {
  test("queues exactly one email per producer and one digest, once however often the sweep runs", async () => {
    const cycleId = await cycleWithOrders({ automatic: true, name: "Week 50" });
    expect(await processDueCycles(new Date())).not.toContain(cycleId); // still open
    expect(await processDueCycles(afterClose())).toContain(cycleId);
    expect(await processDueCycles(afterClose())).not.toContain(cycleId);

    const rows = await keysOf(cycleId);
    const producerRows = rows.filter((row) => row.key.startsWith("producer-notification:"));
    expect(producerRows.map((row) => row.to).sort()).toEqual([w.people.supplierA.email, w.people.supplierB.email].sort());
    expect(rows.filter((row) => row.key.startsWith("coordinator-digest:")).map((row) => row.to)).toEqual([w.people.hub.email]);
    const [history] = await getDb()
      .select()
      .from(orderCycleHistory)
      .where(eq(orderCycleHistory.orderCycleId, cycleId))
      .orderBy(sql`${orderCycleHistory.createdAt} desc`)
      .limit(1);
    expect(history).toMatchObject({ action: "notified", userId: null, details: { automatic: true, producers: 2 } });

    worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
    const messages = await smtp.waitFor(6, 15_000); // three order confirmations, two producers, one digest
    const toA = messages.filter((message) => message.subject?.includes("Farm A"));
    const toB = messages.filter((message) => message.subject?.includes("Farm B"));
    expect(toA).toHaveLength(1);
    expect(toB).toHaveLength(1);

    const a = toA[0];
    expect(a.replyTo?.text).toContain(w.people.hub.email);
    // Summary: Carrots 1 kg 2 + 1 + 3 = 6 × €2.50 = €15.00; Carrots 3 kg 1 × €7.00; total €22.00.
    expect(a.text).toContain("Carrots (1 kg): 6 × €2.50 = €15.00");
    expect(a.text).toContain("Carrots (3 kg): 1 × €7.00 = €7.00");
    expect(a.text).toContain("Total: €22.00");
    // By distributor: Lake 3 × €2.50; River 3 × €2.50 and 1 × €7.00 = €14.50.
    expect(a.text).toMatch(/Lake Co-op \(Saturday lake\)\n- Carrots \(1 kg\): 3 × €2\.50 = €7\.50\nTotal: €7\.50/);
    expect(a.text).toMatch(/River Co-op \(Friday river\)\n- Carrots \(1 kg\): 3 × €2\.50 = €7\.50\n- Carrots \(3 kg\): 1 × €7\.00 = €7\.00\nTotal: €14\.50/);
    expect(a.text).toContain("Barn by 8am");
    expect(a.text).not.toContain("Xavier");
    expect(a.html).toContain("<table");

    // Farm B reads French, and only Lake ordered its milk: 2 × 1,80 € = 3,60 €.
    const b = toB[0];
    expect(b.text).toContain("Bonjour Farm B");
    expect(b.text).toMatch(/Milk \(1 l\) : 2 × 1,80\s€ = 3,60\s€|Milk \(1 l\): 2 × 1,80\s€ = 3,60\s€/);
    expect(b.text).toContain("Lake Co-op (Saturday lake)");
    expect(b.text).not.toContain("River Co-op");

    const digest = messages.find((message) => message.to && JSON.stringify(message.to).includes(w.people.hub.email));
    expect(digest?.text).toContain("River Co-op: 2");
    expect(digest?.text).toContain("Lake Co-op: 1");
    expect(digest?.text).toContain(`/admin/order-cycles/${cycleId}/reports`);
    // What each producer was told: A 6 + 1 carrots for €22.00, B 2 milk for €3.60.
    expect(digest?.text).toContain("What your producers were told to bring\n- Farm A: 7 · €22.00\n- Farm B: 2 · €3.60");
    expect(digest?.text).toContain(`/admin/order-cycles/${cycleId}/notifications`);

    const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
    await vi.waitFor(async () => {
      const now = await producerNotificationStatuses(w.actors.hub, cycleId);
      expect(now.producers.map((row) => [row.supplierName, row.status, row.reason])).toEqual([
        ["Farm A", "sent", "automatic"],
        ["Farm B", "sent", "automatic"],
      ]);
    });
    expect(statuses.automatic).toBe(true);
    await worker.stop();
    worker = undefined;
  });

  test("an undated cycle (a close date but no opening date) was never open: nothing is sent at its close", async () => {
    const cycleId = await seedCycle(w, { name: "Undated week", opensAt: null, closesAt: minuteFromNow(-5) });
    await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
    expect(await processDueCycles(afterClose())).not.toContain(cycleId);
    expect(await keysOf(cycleId)).toEqual([]);
  });

  test("shows buyer names to producers only when the coordinator allows it", async () => {
    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: true }).where(eq(enterprises.id, w.hub.id));
    const cycleId = await cycleWithOrders({ automatic: true, name: "Week 51" });
    // A guest who gave no name: the producer is told so, never shown the email instead.
    await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email: "nameless@example.org",
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      },
      undefined,
    );
    await processDueCycles(afterClose());
    const [row] = await getDb()
      .select()
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `producer-notification:${cycleId}:${w.supplierA.id}:%`));
    expect(row.text).toContain("Xavier Roux");
    expect(row.text).toContain("Zoé Arnaud");
    expect(row.text).toContain("- No name given · ");
    expect(row.text + row.html).not.toContain("nameless@example.org");
    await getDb().update(enterprises).set({ suppliersSeeBuyerNames: false }).where(eq(enterprises.id, w.hub.id));
  });

  test("processes a reopened cycle again at its new close, and not when the close only moved earlier", async () => {
    const cycleId = await cycleWithOrders({ automatic: true, name: "Week 52" });
    const firstClose = afterClose();
    await processDueCycles(firstClose);
    expect((await keysOf(cycleId)).filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(2);

    const [{ closesAt }] = await getDb().select({ closesAt: orderCycles.closesAt }).from(orderCycles).where(eq(orderCycles.id, cycleId));
    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(closesAt!.getTime() - 30 * 60_000) })
      .where(eq(orderCycles.id, cycleId));
    await processDueCycles(firstClose);
    expect((await keysOf(cycleId)).filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(2);

    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(closesAt!.getTime() + 3 * HOUR) })
      .where(eq(orderCycles.id, cycleId));
    await processDueCycles(new Date(Date.now() + 5 * HOUR));
    expect((await keysOf(cycleId)).filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(4);
  });
});

describe("a cycle without automatic notification", () => {
  test("sends no producer email at close, only the digest; the coordinator notifies by hand, recorded with who", async () => {
    const cycleId = await cycleWithOrders({ automatic: false, name: "Week 53" });
    await processDueCycles(afterClose());
    const rows = await keysOf(cycleId);
    expect(rows.filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(0);
    expect(rows.filter((row) => row.key.startsWith("coordinator-digest:"))).toHaveLength(1);

    expect(await notifyProducersNow(w.actors.hub, cycleId)).toBe(2);
    const [history] = await getDb()
      .select()
      .from(orderCycleHistory)
      .where(eq(orderCycleHistory.orderCycleId, cycleId))
      .orderBy(sql`${orderCycleHistory.createdAt} desc`)
      .limit(1);
    expect(history).toMatchObject({ action: "notified", userId: w.people.hub.id, details: { automatic: false, producers: 2 } });
    const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
    expect(statuses.producers.map((row) => [row.supplierName, row.status, row.reason])).toEqual([
      ["Farm A", "queued", "manual"],
      ["Farm B", "queued", "manual"],
    ]);
  });
});

describe("notify producers now", () => {
  test("works after the automatic notification, through the API, for the coordinator only", async () => {
    const cycleId = await cycleWithOrders({ automatic: true, name: "Week 54" });
    await processDueCycles(afterClose());
    const hubToken = w.people.hub.token;
    const response = await callRoute(notifyRoute, { method: "POST", token: hubToken, params: { cycleId }, body: {} });
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ queued: 2 });
    expect((await keysOf(cycleId)).filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(4);

    for (const [user, status] of [
      [w.people.supplierA, 403],
      [w.people.distributor, 403],
      [w.people.unrelated, 404],
    ] as const) {
      const refused = await callRoute(notifyRoute, { method: "POST", token: user.token, params: { cycleId }, body: {} });
      expect(refused.status).toBe(status);
    }
    const stranger = await createUser({ name: "Nobody" });
    expect((await callRoute(notifyRoute, { method: "POST", token: stranger.token, params: { cycleId }, body: {} })).status).toBe(404);
    expect((await keysOf(cycleId)).filter((row) => row.key.startsWith("producer-notification:"))).toHaveLength(4);
  });

  test("tells a producer with nothing ordered that nothing was ordered", async () => {
    const cycleId = await seedCycle(w, { name: "Quiet week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await notifyProducersNow(w.actors.hub, cycleId);
    const [row] = await getDb()
      .select()
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `producer-notification:${cycleId}:${w.supplierA.id}:%`));
    // The cycle is still open: "so far", never "closed" (issue 13).
    expect(row.text).toContain("Nothing has been ordered from you so far");
    expect(row.text).not.toContain("are closed");
  });
});
