// The body of a buyer's order confirmation: rendered in the request for a change or a cancellation,
// and by the worker when it sends a placed order's (decision 0061), so checkout only writes the row.
// Apart from order-confirmation.server because delivery (app/mail/deliver.server) calls it, and the
// outbox that module writes to depends on delivery.
import { settings } from "#app/config/settings.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { calendarAttachment, calendarSourceOf } from "#app/domain/pickup/calendar.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { eq } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { orders, type OutboxAttachment } from "#db/schema";
import { renderOrderConfirmation, type ConfirmationKind } from "#emails/order-confirmation";

export type ConfirmationBody = { subject: string; html: string; text: string; attachments: OutboxAttachment[] };

/** The message telling the buyer of their order, in their language, with the pickup for their calendar. */
export function confirmationBody(data: OrderSummary, kind: ConfirmationKind): ConfirmationBody {
  const orderId = data.order.id;
  const locale = isLocale(data.order.locale) ? data.order.locale : "en";
  const orderUrl = `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}?key=${orderAccessKey(orderId)}`;
  const rendered = renderOrderConfirmation({ summary: data, kind, locale, orderUrl }, emailTranslator(locale));
  // The pickup for the buyer's calendar; a cancelled order has none to keep.
  return { ...rendered, attachments: kind === "cancelled" ? [] : calendarAttachment(calendarSourceOf(data)) };
}

/** Outbox kinds whose body the worker renders when it sends them. */
const renderedOnSend: Record<string, ConfirmationKind> = { order_placed: "placed" };

/**
 * The body of a row queued to be rendered on send, from its order as it now is; undefined when the
 * kind is not one rendered on send or the order is gone.
 */
export async function bodyOnSend(tx: Executor, row: { kind: string; orderId: string | null }): Promise<ConfirmationBody | undefined> {
  const kind = renderedOnSend[row.kind];
  if (!kind || !row.orderId) return undefined;
  const [order] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, row.orderId));
  return order ? confirmationBody(await orderSummary(order.id, tx), kind) : undefined;
}
