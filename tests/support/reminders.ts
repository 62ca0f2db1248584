// The buyer reminders' world (tests/integration/*reminders.test.ts): River's shop with its first
// supplier's variants in unlimited stock, an order placed there ready on a given day, and the
// reminders queued for that order (the sweep serves every order due, so a test looks at its own).
import { and, eq, inArray } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { orders, outboxEmails, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "./coop";

export async function reminderWorld(): Promise<CoopPlus> {
  const w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(inArray(variants.id, w.variants.a));
  return w;
}

/** One order of one item, by `email`, in a cycle open now whose pickup is ready on `readyOn` (yyyy-mm-dd). */
export async function orderReadyOn(w: CoopPlus, readyOn: string, email: string, locale: "en" | "fr" = "en") {
  const cycleId = await seedCycle(w, { name: `Ready ${readyOn}`, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [], readyOn });
  const orderId = await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email,
      name: "Ada",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    },
    undefined,
    new Date(),
    locale,
  );
  const [order] = await getDb().select({ number: orders.number }).from(orders).where(eq(orders.id, orderId));
  return { orderId, number: order.number };
}

/** The reminders queued for one order, oldest first. */
export const remindersOf = (orderId: string) =>
  getDb()
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.orderId, orderId), eq(outboxEmails.kind, "buyer_reminder")))
    .orderBy(outboxEmails.createdAt);
