// The buyer's confirmation of an order placed, changed or cancelled: gathers the order, its link and
// the buyer's language, renders the template and writes it to the outbox in the caller's transaction,
// with the pickup's calendar file attached.
import { settings } from "#app/config/settings.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { calendarAttachment, calendarSourceOf } from "#app/domain/pickup/calendar.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import type { Executor } from "#db/connection.server";
import { renderOrderConfirmation, type ConfirmationKind } from "#emails/order-confirmation";

export type { ConfirmationKind };

/** Queues the message in the caller's transaction; a "changed" message is keyed by its time so each change is told. */
export async function queueOrderConfirmation(tx: Executor, orderId: string, kind: ConfirmationKind) {
  await queueConfirmationOf(tx, await orderSummary(orderId, tx), kind);
}

/** Queues the confirmation of an order already in hand (placing an order does not read it back). */
export async function queueConfirmationOf(tx: Executor, data: OrderSummary, kind: ConfirmationKind) {
  const orderId = data.order.id;
  const locale = isLocale(data.order.locale) ? data.order.locale : "en";
  const orderUrl = `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}?key=${orderAccessKey(orderId)}`;
  const rendered = renderOrderConfirmation({ summary: data, kind, locale, orderUrl }, emailTranslator(locale));
  await enqueueEmail(
    {
      idempotencyKey: kind === "changed" ? `order:${orderId}:changed:${Date.now()}` : `order:${orderId}:${kind}`,
      kind: `order_${kind}`,
      orderId,
      to: data.order.email,
      replyTo: data.distributorEmail,
      ...rendered,
      // The pickup for the buyer's calendar; a cancelled order has none to keep.
      attachments: kind === "cancelled" ? [] : calendarAttachment(calendarSourceOf(data)),
    },
    tx,
  );
}
