// An order's pickup as a calendar file: attached to its confirmations and reminders (in the buyer's
// language) and served at /orders/:id/calendar.ics to whoever may see the order.
import { settings } from "#app/config/settings.server";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { orderAccess, type OrderRequester } from "#app/domain/orders/access.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { orderSummary, type OrderSummary } from "#app/domain/orders/summary.server";
import { isLocale, type Locale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import type { OutboxAttachment } from "#db/schema";
import { pickupCalendar, type PickupEventFacts } from "./calendar";

const CALENDAR_FILE_NAME = "pickup.ics";
const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH";

/** What the event is made of, out of an order summary or a reminder's row. */
export type CalendarSource = Omit<PickupEventFacts, "orderUrl"> & { locale: string };

export function calendarSourceOf(summary: OrderSummary): CalendarSource {
  const isDelivery = summary.shippingKind === "delivery";
  return {
    orderId: summary.order.id,
    number: Number(summary.order.number),
    shop: summary.distributorName,
    readyOn: summary.readyOn,
    readyFor: summary.readyFor,
    hours: summary.openingHours,
    isDelivery,
    placeName: summary.shippingName ?? "",
    address: isDelivery ? summary.order.deliveryAddress : (summary.shippingAddress ?? ""),
    instructions: isDelivery ? summary.deliveryDetails : summary.pickupInstructions,
    timeZone: summary.distributorTimeZone,
    isCancelled: summary.order.state === "cancelled",
    locale: summary.order.locale,
  };
}

/** The buyer's link to the order, with its access key (the calendar file is the buyer's). */
export function buyerOrderUrl(orderId: string): string {
  return `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}?key=${orderAccessKey(orderId)}`;
}

function uidDomain(): string {
  try {
    return new URL(settings().appUrl).hostname || "circuit";
  } catch {
    return "circuit";
  }
}

/** The .ics text in the buyer's language, or undefined when the cycle has no ready date yet. */
function calendarText(source: CalendarSource, orderUrl: string, now: Date): string | undefined {
  const locale: Locale = isLocale(source.locale) ? source.locale : "en";
  const t = emailTranslator(locale);
  const values = { number: source.number, shop: source.shop };
  return pickupCalendar(
    { ...source, orderUrl },
    {
      title: t(source.isDelivery ? "notifications:calendar.deliveryTitle" : "notifications:calendar.pickupTitle", values),
      readyFor: t("notifications:calendar.readyFor"),
      hours: t("notifications:calendar.hours"),
      instructions: t(source.isDelivery ? "notifications:calendar.deliveryDetails" : "notifications:calendar.instructions"),
      order: t("notifications:calendar.order"),
    },
    { uidDomain: uidDomain(), now },
  );
}

/** The file attached to a confirmation or a reminder, or none when there is no ready date. */
export function calendarAttachment(source: CalendarSource, now = new Date()): OutboxAttachment[] {
  const content = calendarText(source, buyerOrderUrl(source.orderId), now);
  return content ? [{ filename: CALENDAR_FILE_NAME, contentType: CALENDAR_CONTENT_TYPE, content }] : [];
}

/**
 * GET /orders/:id/calendar.ics: the order's buyer, its distributor's managers and the coordinator's
 * (orderAccess; anyone else is told it does not exist). The buyer's copy links to the order with its
 * key; a manager's links to the order's page without it, the key being the buyer's.
 */
export async function orderCalendar(requester: OrderRequester | { actor: Actor }, orderId: string, now = new Date()) {
  const access = await orderAccess(requester, orderId);
  const summary = await orderSummary(orderId);
  const base = `${settings().appUrl.replace(/\/$/, "")}/orders/${orderId}`;
  const content = calendarText(calendarSourceOf(summary), access.isBuyer ? buyerOrderUrl(orderId) : base, now);
  if (!content) throw new DomainError("not_found", { readyOn: { key: "noReadyDate" } });
  return { fileName: `order-${summary.order.number}.ics`, content };
}
