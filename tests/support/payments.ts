// Test shortcut: an order paid in full, as one completed payment record of its total (written directly).
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orders, payments } from "#db/schema";

export async function insertPaidInFull(orderId: string, method: "card" | "cash" = "card") {
  const [order] = await getDb().select({ totalCents: orders.totalCents }).from(orders).where(eq(orders.id, orderId));
  await getDb().insert(payments).values({ orderId, kind: "payment", method, amountCents: order.totalCents, state: "completed", occurredAt: new Date() });
}
