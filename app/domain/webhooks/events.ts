// The events an endpoint may subscribe to (docs/domain.md 14). Pure.

export const webhookEventTypes = [
  "order_cycle.opened",
  "order_cycle.closed",
  "order_cycle.producers_notified",
  "order.placed",
  "order.changed",
  "order.cancelled",
  "order.paid",
  "threshold.reached",
  "threshold.missed",
  "invoice.issued",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === "string" && (webhookEventTypes as readonly string[]).includes(value);
}
