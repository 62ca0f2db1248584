// Producer confirmation (docs/domain.md section 8; decisions 0032 and 0035): the close email's
// signed link opens a page in the producer's language; the producer states what it will deliver;
// a shortage lowers the orders placed last first, through the order adjustment, with exact cents;
// the coordinator is told by email. Over-declaring, a link expired or replaced by a newer email,
// and a garbled link are refused and change nothing.
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { processDueCycles, notifyProducersNow, producerNotificationStatuses } from "#app/domain/notifications/closing.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder, placeOrderInFull } from "#app/domain/shop/checkout.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import * as confirmPage from "#app/routes/supplier.confirm.$token";
import * as confirmApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId.confirmation";
import { getDb } from "#db/connection.server";
import { enterprises, orderChanges, orderLines, orders, outboxEmails, supplierConfirmationLines, supplierConfirmations, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { snapshotDatabase, changesBetween } from "#tests/support/db-snapshot";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle | undefined;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  await getDb().update(enterprises).set({ locale: "fr", name: "Les Jardins de Marie" }).where(eq(enterprises.id, w.supplierB.id));
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

const afterClose = () => new Date(Date.now() + 2 * HOUR);

/** A cycle whose close was processed: three River orders of Farm A's carrots 1 kg (3, 2, 4, in that order; each also one 3 kg bag), one Lake order of B's milk. */
async function closedCycle(name: string, { withBag = true }: { withBag?: boolean } = {}) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  await updateOrderCycle(w.actors.hub, cycleId, { automaticNotifications: true });
  const river = {
    distributorId: w.distributor.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.distributor.shipping.id,
    paymentMethodId: w.methods.distributor.payment.id,
  };
  const carrots = w.variants.a[0];
  const placed: { id: string; number: number }[] = [];
  for (const [who, quantity] of [
    ["ana", 3],
    ["ben", 2],
    ["cleo", 4],
  ] as const) {
    const { order } = await placeOrderInFull(
      {
        ...river,
        email: `${who}@example.org`,
        name: who,
        lines: [{ variantId: carrots, quantity }, ...(withBag ? [{ variantId: w.variants.a[1], quantity: 1 }] : [])],
      },
      undefined,
    );
    placed.push({ id: order.id, number: Number(order.number) });
  }
  await placeOrder(
    {
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      email: "zoe@example.org",
      name: "Zoé",
      lines: [{ variantId: w.variants.b[0], quantity: 2 }],
    },
    undefined,
  );
  expect(await processDueCycles(afterClose())).toContain(cycleId);
  return { cycleId, orders: placed, carrots };
}

/** The confirmation link of the supplier's latest producer email. */
async function linkOf(cycleId: string, supplierId: string): Promise<string> {
  const rows = await getDb()
    .select({ text: outboxEmails.text })
    .from(outboxEmails)
    .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.supplierId, supplierId), like(outboxEmails.kind, "producer_notification_%")))
    .orderBy(sql`${outboxEmails.createdAt} desc`)
    .limit(1);
  const match = rows[0]?.text.match(/https?:\/\/\S+\/supplier\/confirm\/(\S+)/);
  expect(match, "the producer email carries the confirmation link").toBeTruthy();
  return match![1];
}

const pageOf = async (token: string) => {
  const response = await callRoute(confirmPage, { params: { token }, path: `/supplier/confirm/${token}` });
  expect(response.status).toBe(200);
  return json(response);
};

const submit = (token: string, form: Record<string, string>) => callRoute(confirmPage, { params: { token }, path: `/supplier/confirm/${token}`, form });

/** Each order's carrots 1 kg. */
async function quantitiesOf(orderIds: string[]) {
  const rows = await getDb()
    .select({ orderId: orderLines.orderId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(and(inArray(orderLines.orderId, orderIds), eq(orderLines.variantId, w.variants.a[0])));
  return orderIds.map((id) => rows.filter((row) => row.orderId === id).reduce((sum, row) => sum + row.quantity, 0));
}

describe("the link in the producer's close email", () => {
  test("opens the producer's page in its language, with what was ordered per variant", async () => {
    const { cycleId } = await closedCycle("Semaine 1");
    const token = await linkOf(cycleId, w.supplierB.id);
    const data = await pageOf(token);
    expect(data.locale).toBe("fr");
    expect(data.title).toBe("Qu’allez-vous livrer ?");
    expect(data.page).toMatchObject({
      ok: true,
      producerName: "Les Jardins de Marie",
      lines: [{ productName: "Milk", variantName: "1 l", ordered: 2 }],
      previous: null,
    });
    const [email] = await getDb()
      .select({ text: outboxEmails.text, html: outboxEmails.html })
      .from(outboxEmails)
      .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.supplierId, w.supplierB.id)));
    expect(email.text).toContain("Ce lien fonctionne 30 jours, sans compte.");
    expect(email.html).toContain("Confirmer ce que je livrerai");
  });

  test("confirmed in full: recorded with no user, nothing lowered, the coordinator emailed", async () => {
    const { cycleId, orders: placed } = await closedCycle("Week 2");
    const token = await linkOf(cycleId, w.supplierA.id);
    const page = await pageOf(token);
    expect(page.locale).toBe("en");
    const form: Record<string, string> = { note: "All good" };
    page.page.lines.forEach((line: { variantId: string; ordered: number }, index: number) => {
      form[`lines.${index}.variantId`] = line.variantId;
      form[`lines.${index}.deliverQuantity`] = String(line.ordered);
    });
    const response = await submit(token, form);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/supplier/confirm/${token}?answered=1`);
    const [saved] = await getDb().select().from(supplierConfirmations).where(eq(supplierConfirmations.orderCycleId, cycleId));
    expect(saved).toMatchObject({ supplierId: w.supplierA.id, state: "confirmed", note: "All good", confirmedByUserId: null });
    expect(await quantitiesOf(placed.map((order) => order.id))).toEqual([3, 2, 4]);
    // The notifications step: A confirmed in full, with when and its note; B has not answered.
    const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
    expect(statuses.producers.map((row) => [row.supplierName, row.confirmation?.state ?? null, row.confirmation?.note ?? null])).toEqual([
      ["Farm A", "confirmed", "All good"],
      ["Les Jardins de Marie", null, null],
    ]);
    expect(statuses.producers[0].confirmation?.confirmedAt).toBeInstanceOf(Date);
    const [notice] = await getDb()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.kind, "supplier_confirmation")));
    expect(notice.toAddress).toBe(w.people.hub.email);
    expect(notice.subject).toBe("Farm A confirmed everything for Week 2");
    expect(notice.text).toContain("All good");
    // Delivered for real, through the worker and SMTP.
    worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
    await vi.waitFor(() => expect(smtp.messages.some((message) => message.subject === "Farm A confirmed everything for Week 2")).toBe(true), {
      timeout: 15_000,
    });
    await worker.stop();
    worker = undefined;
  });
});

describe("refused statements change nothing", () => {
  test("more than ordered, negative, a variant not ordered from this supplier: 422 at the line's field", async () => {
    const { cycleId, carrots } = await closedCycle("Week 3");
    const before = await snapshotDatabase();
    const cases: [unknown, string, string][] = [
      [{ lines: [{ variantId: carrots, deliverQuantity: 10 }] }, "lines.0.deliverQuantity", "atMostOrdered"],
      [{ lines: [{ variantId: carrots, deliverQuantity: -1 }] }, "lines.0.deliverQuantity", "tooSmall"],
      [{ lines: [{ variantId: carrots, deliverQuantity: 1.5 }] }, "lines.0.deliverQuantity", "invalidType"],
      [{ lines: [{ variantId: w.variants.b[0], deliverQuantity: 1 }] }, "lines.0.variantId", "notOrderedFromSupplier"],
      [{ lines: [{ variantId: w.variants.a[2], deliverQuantity: 0 }] }, "lines.0.variantId", "notOrderedFromSupplier"],
      [
        {
          lines: [
            { variantId: carrots, deliverQuantity: 1 },
            { variantId: carrots, deliverQuantity: 1 },
          ],
        },
        "lines.1.variantId",
        "duplicateVariant",
      ],
    ];
    for (const [body, field, key] of cases) {
      const response = await callRoute(confirmApi, { method: "PUT", token: w.people.supplierA.token, params: { cycleId, supplierId: w.supplierA.id }, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      const error = (await json(response)).error;
      expect(Object.keys(error.fields)).toEqual([field]);
      if (key === "atMostOrdered") expect(error.fields[field]).toBe("At most 9: no more than was ordered.");
    }
    // Through the page too, in the producer's language, next to the field.
    const token = await linkOf(cycleId, w.supplierA.id);
    const refused = await submit(token, { "lines.0.variantId": carrots, "lines.0.deliverQuantity": "12" });
    expect(refused.status).toBe(422);
    expect((await json(refused)).fieldErrors).toEqual({ "lines.0.deliverQuantity": "At most 9: no more than was ordered." });
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
  });

  test("a link replaced by a newer email, an expired one and a garbled one: a page saying which, nothing written", async () => {
    const { cycleId, carrots } = await closedCycle("Week 4");
    const first = await linkOf(cycleId, w.supplierB.id);
    await notifyProducersNow(w.actors.hub, cycleId);
    const second = await linkOf(cycleId, w.supplierB.id);
    expect(second).not.toBe(first);

    const before = await snapshotDatabase();
    const replaced = await pageOf(first);
    expect(replaced.page).toMatchObject({ ok: false, reason: "replaced", coordinatorName: "Green Hub" });
    expect(replaced.title).toBe("Un e-mail plus récent remplace ce lien");
    const posted = await submit(first, { "lines.0.variantId": w.variants.b[0], "lines.0.deliverQuantity": "0" });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("Location")).toBe(`/supplier/confirm/${first}`);

    for (const garbled of ["nonsense", `${second.slice(0, -2)}xx`, `${second}.x`, "%E2%82%AC", "a".repeat(2000)]) {
      const data = await pageOf(garbled);
      expect(data.page).toMatchObject({ ok: false, reason: "invalid" });
      expect((await submit(garbled, { "lines.0.variantId": carrots, "lines.0.deliverQuantity": "0" })).status).toBe(302);
    }
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});

    // Thirty days after the email, the newest link expires too.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31 * DAY });
    try {
      const expired = await pageOf(second);
      expect(expired.page).toMatchObject({ ok: false, reason: "expired" });
      expect(expired.title).toBe("Ce lien a expiré");
      expect((await submit(second, { "lines.0.variantId": w.variants.b[0], "lines.0.deliverQuantity": "0" })).status).toBe(302);
    } finally {
      vi.useRealTimers();
    }
    expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    // Within its 30 days the newest link answers.
    expect((await pageOf(second)).page.ok).toBe(true);
  });
});

describe("a shortage", () => {
  test("lowers the orders placed last first, with exact cents, and tells the coordinator", async () => {
    const { cycleId, orders: placed, carrots } = await closedCycle("Week 5");
    const totals = async () => {
      const rows = await getDb()
        .select({ id: orders.id, totalCents: orders.totalCents })
        .from(orders)
        .where(
          inArray(
            orders.id,
            placed.map((order) => order.id),
          ),
        );
      return placed.map((order) => rows.find((row) => row.id === order.id)!.totalCents);
    };
    const [unit] = await getDb()
      .select({ cents: orderLines.unitPriceCents })
      .from(orderLines)
      .where(and(eq(orderLines.orderId, placed[0].id), eq(orderLines.variantId, carrots)));
    const before = await totals();
    // 9 carrots ordered (3, 2, 4), 4 will come: the last order (4) goes to 0, the one before (2) to 1.
    const response = await callRoute(confirmApi, {
      method: "PUT",
      token: w.people.supplierA.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { lines: [{ variantId: carrots, deliverQuantity: 4 }], note: "Hail on Tuesday" },
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ state: "short", shortages: [{ variantId: carrots, orderedQuantity: 9, deliverQuantity: 4 }] });
    expect(await quantitiesOf(placed.map((order) => order.id))).toEqual([3, 1, 0]);
    const after = await totals();
    expect(unit.cents).toBe(EXPECTED_UNIT_CENTS);
    expect(before.map((total, index) => total - after[index])).toEqual([0, EXPECTED_UNIT_CENTS, 4 * EXPECTED_UNIT_CENTS]);

    // Each lowered order's history says the producer did it, and why; the first order is untouched.
    const history = await getDb()
      .select()
      .from(orderChanges)
      .where(
        inArray(
          orderChanges.orderId,
          placed.map((order) => order.id),
        ),
      );
    expect(
      history.map((row) => [row.orderId, row.beforeQuantity, row.afterQuantity, row.source, row.actorEnterpriseId, row.actorUserId, row.note]).sort(),
    ).toEqual(
      [
        [placed[1].id, 2, 1, "producer", w.supplierA.id, w.people.supplierA.id, "Shortage declared by Farm A: Hail on Tuesday"],
        [placed[2].id, 4, 0, "producer", w.supplierA.id, w.people.supplierA.id, "Shortage declared by Farm A: Hail on Tuesday"],
      ].sort(),
    );
    const [saved] = await getDb().select().from(supplierConfirmations).where(eq(supplierConfirmations.orderCycleId, cycleId));
    expect(saved).toMatchObject({ state: "short", note: "Hail on Tuesday", confirmedByUserId: w.people.supplierA.id });
    const lines = await getDb().select().from(supplierConfirmationLines).where(eq(supplierConfirmationLines.confirmationId, saved.id));
    expect(lines.find((line) => line.variantId === carrots)).toMatchObject({ orderedQuantity: 9, deliverQuantity: 4 });
    const [notice] = await getDb()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.kind, "supplier_confirmation")));
    expect(notice.subject).toBe("Farm A will be short for Week 5");
    expect(notice.text).toContain("Carrots (1 kg): 4 of 9");
    expect(notice.text).toContain(`Order ${placed[2].number}: Carrots (1 kg) 4 → 0`);
    expect(notice.text).toContain(`Order ${placed[1].number}: Carrots (1 kg) 2 → 1`);
    expect(notice.text).toContain("Hail on Tuesday");
    const statuses = await producerNotificationStatuses(w.actors.hub, cycleId);
    expect(statuses.producers.find((row) => row.supplierId === w.supplierA.id)?.confirmation).toMatchObject({
      state: "short",
      note: "Hail on Tuesday",
      byLink: false,
      shortages: [{ productName: "Carrots", variantName: "1 kg", orderedQuantity: 9, deliverQuantity: 4 }],
    });

    // Again: what a shortage took cannot come back; a further shortage is taken the same way.
    const raise = await callRoute(confirmApi, {
      method: "PUT",
      token: w.people.supplierA.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { lines: [{ variantId: carrots, deliverQuantity: 9 }] },
    });
    expect(raise.status).toBe(422);
    const again = await callRoute(confirmApi, {
      method: "PUT",
      token: w.people.hub.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { lines: [{ variantId: carrots, deliverQuantity: 3 }] },
    });
    expect(await json(again)).toEqual({ state: "short", shortages: [{ variantId: carrots, orderedQuantity: 9, deliverQuantity: 3 }] });
    expect(await quantitiesOf(placed.map((order) => order.id))).toEqual([3, 0, 0]);
  });
});

describe("a shortage never empties an order", () => {
  test("each order's only line keeps 1; what no order can give is listed for the coordinator, no order cancelled", async () => {
    const { cycleId, orders: placed, carrots } = await closedCycle("Week 6", { withBag: false });
    // 9 carrots ordered (3, 2, 4), each order holding carrots only; 1 will come. Each order can give all but 1: 3 + 1 + 2 = 6 of the 8 missing.
    const response = await callRoute(confirmApi, {
      method: "PUT",
      token: w.people.supplierA.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { lines: [{ variantId: carrots, deliverQuantity: 1 }], note: "Frost" },
    });
    expect(response.status).toBe(200);
    expect(await quantitiesOf(placed.map((order) => order.id))).toEqual([1, 1, 1]);
    const states = await getDb()
      .select({ state: orders.state })
      .from(orders)
      .where(
        inArray(
          orders.id,
          placed.map((order) => order.id),
        ),
      );
    expect(states.map((row) => row.state)).toEqual(["placed", "placed", "placed"]);
    const [notice] = await getDb()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.cycleId, cycleId), eq(outboxEmails.kind, "supplier_confirmation")));
    expect(notice.text).toContain("Not taken from any order, as it would have emptied them");
    expect(notice.text).toContain(`Carrots (1 kg) × 2 (orders ${[placed[2].number, placed[1].number, placed[0].number].join(", ")})`);
  });
});

describe("two statements at once", () => {
  test("take turns: the same shortage sent twice lowers the orders once", async () => {
    const { cycleId, orders: placed, carrots } = await closedCycle("Week 6");
    const token = await linkOf(cycleId, w.supplierA.id);
    const body = { lines: [{ variantId: carrots, deliverQuantity: 4 }] };
    const [viaApi, viaLink] = await Promise.all([
      callRoute(confirmApi, { method: "PUT", token: w.people.supplierA.token, params: { cycleId, supplierId: w.supplierA.id }, body }),
      submit(token, { "lines.0.variantId": carrots, "lines.0.deliverQuantity": "4" }),
    ]);
    expect(viaApi.status).toBe(200);
    // The second in line sees 4 ordered now and 4 to deliver: nothing more to take.
    expect(viaLink.status).toBe(302);
    expect(await quantitiesOf(placed.map((order) => order.id))).toEqual([3, 1, 0]);
  });
});

/** Carrots 1 kg at River: €2.50 plus Hub admin, A packing and River fund, 10 c per item each. */
const EXPECTED_UNIT_CENTS = 280;
