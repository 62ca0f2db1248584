// The buyer's confirmation of an order placed, changed or cancelled, written to the outbox in the
// caller's transaction. A change or a cancellation is rendered here, from the order as it is now; a
// placed order's is rendered by the worker when it sends it (decision 0061), so checkout spends no
// time on a template.
import { orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import type { Executor } from "#db/connection.server";
import type { ConfirmationKind } from "#emails/order-confirmation";
import { confirmationBody } from "./confirmation-body.server";

export type { ConfirmationKind };

/** Queues the message in the caller's transaction; a "changed" message is keyed by its time so each change is told. */
export async function queueOrderConfirmation(tx: Executor, orderId: string, kind: ConfirmationKind) {
  await queueConfirmationOf(tx, await orderSummary(orderId, tx), kind);
}

/** Queues the confirmation of an order already in hand (placing an order does not read it back). */
export async function queueConfirmationOf(tx: Executor, data: OrderSummary, kind: ConfirmationKind) {
  const orderId = data.order.id;
  const address = {
    idempotencyKey: kind === "changed" ? `order:${orderId}:changed:${Date.now()}` : `order:${orderId}:${kind}`,
    kind: `order_${kind}`,
    orderId,
    to: data.order.email,
    replyTo: data.distributorEmail,
  };
  const body = kind === "placed" ? { subject: "", html: "", text: "", renderOnSend: true } : confirmationBody(data, kind);
  await enqueueEmail({ ...address, ...body }, tx);
}
