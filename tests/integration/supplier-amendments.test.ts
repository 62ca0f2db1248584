// Amendments (docs/domain.md section 8): after a supplier was notified, changes that alter what it
// must bring gather for 10 minutes into ONE amendment listing only the changed variants (before,
// after) and the new totals, in the supplier's language; nothing changed, no email. The job is
// driven directly here; the lead wires scheduleSupplierAmendments into afterOrderRepriced.
import { and, eq, inArray, sql } from "drizzle-orm";
import { notifyProducersNow, producerNotificationStatuses } from "#app/domain/notifications/closing.server";
import { AMENDMENT_WINDOW_MS, scheduleSupplierAmendments, sendSupplierAmendment } from "#app/domain/notifications/amendments.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { enterprises, outboxEmails, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  await getDb().update(enterprises).set({ locale: "fr" }).where(eq(enterprises.id, w.supplierB.id));
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
});

const jobsOf = (cycleId: string) =>
  getDb().execute<{ key: string; run_at: Date | string }>(
    sql`select key, run_at from graphile_worker.jobs where key like ${`supplier-amendment:${cycleId}:%`} order by key`,
  );

const amendmentsOf = (cycleId: string) =>
  getDb()
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.kind, "supplier_amendment")));

test("three changes within the window: one job, then one amendment with only the changed lines and the new totals", async () => {
  const cycleId = await seedCycle(w, { name: "Week 9", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
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
      email: "ana@example.org",
      name: "Ana",
      lines: [
        { variantId: carrots1, quantity: 3 },
        { variantId: carrots3, quantity: 1 },
      ],
    },
    undefined,
  );
  // Notified by hand while open: A was told 3 × carrots 1 kg and 1 × carrots 3 kg; B nothing.
  const t0 = new Date();
  await notifyProducersNow(w.actors.hub, cycleId, t0);
  const notified = (await getDb().select().from(outboxEmails).where(eq(outboxEmails.cycleId, cycleId))).length;

  // Three changes within ten minutes, each telling the suppliers it touched.
  const changes: [Record<string, unknown>, string[], number][] = [
    [{ ...river, email: "ben@example.org", name: "Ben", lines: [{ variantId: carrots1, quantity: 2 }] }, [w.supplierA.id], 0],
    [{ ...river, email: "cleo@example.org", name: "Cleo", lines: [{ variantId: carrots1, quantity: 1 }] }, [w.supplierA.id], 3],
    [{ ...lake, email: "zoe@example.org", name: "Zoé", lines: [{ variantId: milk, quantity: 1 }] }, [w.supplierB.id], 6],
  ];
  for (const [order, supplierIds, minutes] of changes) {
    await placeOrder(order, undefined);
    await getDb().transaction((tx) => scheduleSupplierAmendments(tx, { orderCycleId: cycleId, supplierIds, now: new Date(t0.getTime() + minutes * 60_000) }));
  }
  // One waiting job per supplier, each at the first change + 10 minutes (later changes do not push it back).
  const jobs = await jobsOf(cycleId);
  expect(jobs.map((job) => [job.key, new Date(job.run_at).getTime()])).toEqual(
    [
      [`supplier-amendment:${cycleId}:${w.supplierA.id}`, t0.getTime() + AMENDMENT_WINDOW_MS],
      [`supplier-amendment:${cycleId}:${w.supplierB.id}`, t0.getTime() + 6 * 60_000 + AMENDMENT_WINDOW_MS],
    ].sort(),
  );

  const at = new Date(t0.getTime() + AMENDMENT_WINDOW_MS);
  expect(await sendSupplierAmendment(cycleId, w.supplierA.id, at)).toBe(true);
  expect(await sendSupplierAmendment(cycleId, w.supplierB.id, at)).toBe(true);
  const sent = await amendmentsOf(cycleId);
  expect(sent).toHaveLength(2);
  const toA = sent.find((row) => row.supplierId === w.supplierA.id)!;
  // Carrots 1 kg 3 → 6 at €2.50 (€7.50 → €15.00); carrots 3 kg unchanged, so not listed. New totals: 7 items, €22.00.
  expect(toA.subject).toBe("Week 9: changes to what to bring · Farm A");
  expect(toA.text).toContain("- Carrots (1 kg): 3 → 6 (€7.50 → €15.00)");
  expect(toA.text).not.toContain("3 kg");
  expect(toA.text).toContain("New totals: 7 items · €22.00");
  expect(toA.toAddress).toBe(w.people.supplierA.email);
  // The notification's confirmation link still answers from the amendment.
  expect(toA.text).toMatch(/You can still tell us what you will deliver:\n\S+\/supplier\/confirm\/\S+/);
  const toB = sent.find((row) => row.supplierId === w.supplierB.id)!;
  expect(toB.text).toMatch(/- Milk \(1 l\) : 0 → 1 \(0,00\s€ → 1,80\s€\)/);
  expect(toB.text).toMatch(/Nouveaux totaux : 1 article · 1,80\s€/);
  // Never a second full purchase order.
  expect((await getDb().select().from(outboxEmails).where(eq(outboxEmails.cycleId, cycleId))).length).toBe(notified + 2);

  // Nothing changed since: no email.
  expect(await sendSupplierAmendment(cycleId, w.supplierA.id, new Date(at.getTime() + 60_000))).toBe(false);
  expect(await amendmentsOf(cycleId)).toHaveLength(2);

  // The notifications step lists the amendment beside the original.
  const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
  const farmA = statuses.producers.find((row) => row.supplierId === w.supplierA.id)!;
  expect(farmA.status).toBe("queued");
  expect(farmA.amendments).toEqual([{ status: "queued", queuedAt: expect.any(Date), sentAt: null }]);
});

test("a supplier not notified yet gets no amendment job", async () => {
  const cycleId = await seedCycle(w, { name: "Week 10", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await getDb().transaction((tx) => scheduleSupplierAmendments(tx, { orderCycleId: cycleId, supplierIds: [w.supplierA.id], now: new Date() }));
  expect(await jobsOf(cycleId)).toEqual([]);
  expect(await sendSupplierAmendment(cycleId, w.supplierA.id, new Date())).toBe(false);
});
