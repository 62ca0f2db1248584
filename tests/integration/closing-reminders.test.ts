// Buyer reminders: one email the day before the ready date (from 08:00 in the distributor's zone),
// with the pickup point and instructions; none when the distributor switched them off.
import { eq, inArray, like } from "drizzle-orm";
import { sendDueReminders } from "#app/domain/closing/reminders.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/orders.server";
import { getDb } from "#db/connection.server";
import { enterprises, outboxEmails, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(inArray(variants.id, w.variants.a));
});

async function orderReadyOn(readyOn: string, email: string) {
  const cycleId = await seedCycle(w, { name: `Ready ${readyOn}`, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [], readyOn });
  const orderId = await placeOrder(
    { distributorId: w.distributor.id, orderCycleId: cycleId, shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id, email, name: "Ada", lines: [{ variantId: w.variants.a[0], quantity: 1 }] },
    undefined,
  );
  return orderId;
}

const reminders = (orderId: string) => getDb().select().from(outboxEmails).where(like(outboxEmails.idempotencyKey, `reminder:${orderId}:%`));

describe("buyer reminders", () => {
  test("go out once on the day before, from 08:00 in the distributor's time zone", async () => {
    const orderId = await orderReadyOn("2026-12-10", "ada@example.org");
    expect(await sendDueReminders(new Date("2026-12-08T09:00:00Z"))).toBe(0); // two days before
    expect(await sendDueReminders(new Date("2026-12-09T06:30:00Z"))).toBe(0); // 07:30 in Paris
    expect(await reminders(orderId)).toHaveLength(0);

    expect(await sendDueReminders(new Date("2026-12-09T07:05:00Z"))).toBe(1); // 08:05 in Paris
    expect(await sendDueReminders(new Date("2026-12-09T15:00:00Z"))).toBe(0);
    const [mail] = await reminders(orderId);
    expect(mail.toAddress).toBe("ada@example.org");
    expect(mail.subject).toContain("ready tomorrow");
    expect(mail.text).toContain("Thursday 10 December");
    expect(mail.text).toContain("Friday river");
    expect(mail.text).toContain("Pickup");
    expect(mail.text).toContain("Back door");
    expect(mail.text).toContain(`/orders/${orderId}?key=`);
  });

  test("are not sent by a distributor that switched them off", async () => {
    const orderId = await orderReadyOn("2026-12-20", "bob@example.org");
    await getDb().update(enterprises).set({ buyerRemindersEnabled: false }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendDueReminders(new Date("2026-12-19T09:00:00Z"))).toBe(0);
    expect(await reminders(orderId)).toHaveLength(0);
    await getDb().update(enterprises).set({ buyerRemindersEnabled: true }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendDueReminders(new Date("2026-12-19T09:00:00Z"))).toBe(1);
  });
});
