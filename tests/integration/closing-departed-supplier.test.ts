// A supplier that left a cycle after buyers ordered its products still has to bring them (issue
// 14): at the close it gets its own producer email, the coordinator's digest counts it, and the
// notifications page lists it; read from the real SMTP capture.
import { inArray } from "drizzle-orm";
import { processDueCycles, producerNotificationStatuses } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange, removeIncomingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { getDb } from "#db/connection.server";
import { variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle | undefined;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

describe("a supplier that left the cycle after being ordered from", () => {
  test("gets its producer email at the close, and is in the coordinator's digest and on the notifications page", async () => {
    const cycleId = await seedCycle(w, { name: "Week of the leaver", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
    await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
    const lake = {
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
    };
    await placeOrder(
      {
        ...lake,
        email: "zoe@example.org",
        name: "Zoé Arnaud",
        lines: [
          { variantId: w.variants.a[0], quantity: 3 },
          { variantId: w.variants.b[0], quantity: 2 },
        ],
      },
      undefined,
    );

    // Farm B leaves the cycle once its milk is ordered.
    await removeIncomingExchange(w.actors.hub, cycleId, w.supplierB.id);
    expect((await viewCycleForActor(w.actors.hub, cycleId)).incoming.map((exchange) => exchange.supplier.id)).toEqual([w.supplierA.id]);

    expect(await processDueCycles(new Date(Date.now() + 2 * 3_600_000))).toContain(cycleId);
    worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
    const messages = await smtp.waitFor(4, 15_000); // the order confirmation, two producers, one digest
    const to = (address: string) => messages.filter((message) => JSON.stringify(message.to ?? "").includes(address));

    const toB = to(w.people.supplierB.email);
    expect(toB).toHaveLength(1);
    expect(toB[0].text).toContain("Milk (1 l): 2 × €1.80 = €3.60");
    expect(to(w.people.supplierA.email)).toHaveLength(1);

    const digests = to(w.people.hub.email);
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toContain("What your producers were told to bring\n- Farm A: 3 · €7.50\n- Farm B: 2 · €3.60");

    const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
    expect(statuses.producers.map((row) => row.supplierName)).toEqual(["Farm A", "Farm B"]);
  });
});
