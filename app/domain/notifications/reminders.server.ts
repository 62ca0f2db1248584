// Pickup reminders: each placed order is reminded on each day its distributor picked (1, 3 or 7 days
// before the exchange's ready date), from 08:00 in the distributor's zone, in the buyer's language,
// with the pickup's calendar file. The sweep has no lower time bound; a pickup_reminders row per
// (order, ready date, offset), written with the email, makes each reminder go out once (decision 0054).
import { sql } from "drizzle-orm";
import { fulfilmentOf } from "#app/domain/orders/fulfilment";
import { buyerOrderUrl, calendarAttachment } from "#app/domain/pickup/calendar.server";
import { PICKUP_REMINDER_HOUR } from "#app/domain/pickup/reminder-days";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { getDb } from "#db/connection.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { renderBuyerReminder } from "#emails/buyer-reminder";

/** Reminders queued per sweep; the next sweep (a quarter of an hour later) takes the rest. */
const SWEEP_LIMIT = 2000;

type DueReminder = {
  order_id: string;
  number: number;
  email: string;
  locale: string;
  shop: string;
  shop_email: string;
  time_zone: string;
  ready_for: string;
  ready_on: string;
  days_before: number;
  pickup_instructions: string;
  pickup_times: Record<string, string> | null;
  shipping_method_id: string | null;
  shipping_name: string | null;
  shipping_kind: string | null;
  shipping_address: string | null;
  shipping_description: string | null;
  opening_hours: string | null;
  delivery_address: string;
};

/**
 * Queues the reminders due at `now`. An offset is due from 08:00 local on its day, until the ready
 * day is over; it is never due when the order was placed after that time (the confirmation has
 * just told the buyer everything). When several offsets are due at once (the worker was down) only
 * the nearest the pickup is sent, and the earlier ones are dropped: a 7-day reminder arriving
 * after the 3-day one would only confuse. Returns how many reminders were queued.
 */
export async function sendDueReminders(now = new Date()): Promise<number> {
  const at = now.toISOString();
  const dueAt = sql`((x.ready_on - d.days) + make_time(${PICKUP_REMINDER_HOUR}::int, 0, 0)) at time zone e.time_zone`;
  const due = await getDb().execute<DueReminder>(sql`
    with due as (
      select o.id as order_id, x.ready_on, min(d.days)::int as days_before
      from outgoing_exchanges x
      join enterprises e on e.id = x.distributor_id
      cross join lateral unnest(e.pickup_reminder_days) as d(days)
      join orders o on o.order_cycle_id = x.order_cycle_id and o.distributor_id = x.distributor_id and o.state = 'placed'
      where x.ready_on is not null
        and x.ready_on >= (${at}::timestamptz at time zone e.time_zone)::date
        and ${dueAt} <= ${at}::timestamptz
        and coalesce(o.placed_at, o.created_at) < ${dueAt}
      group by o.id, x.ready_on
    )
    select o.id as order_id, o.number, o.email, o.locale, e.name as shop, e.email as shop_email, e.time_zone,
           x.ready_for, x.ready_on::text as ready_on, due.days_before,
           x.pickup_instructions, x.pickup_times, o.shipping_method_id, sm.name as shipping_name, sm.kind as shipping_kind, sm.address as shipping_address,
           sm.description as shipping_description, sm.opening_hours, o.delivery_address
    from due
    join orders o on o.id = due.order_id
    join enterprises e on e.id = o.distributor_id
    join outgoing_exchanges x on x.order_cycle_id = o.order_cycle_id and x.distributor_id = o.distributor_id
    left join shipping_methods sm on sm.id = o.shipping_method_id
    where not exists (
      select 1 from pickup_reminders r where r.order_id = due.order_id and r.ready_on = due.ready_on and r.days_before <= due.days_before
    )
    order by o.number
    limit ${SWEEP_LIMIT}`);
  let queued = 0;
  for (const row of due) if (await queueReminder(row, now)) queued += 1;
  return queued;
}

/** One reminder: its row and its email in one transaction, so a second sweep (or worker) finds the row and sends nothing. */
async function queueReminder(row: DueReminder, now: Date): Promise<boolean> {
  const fulfilment = fulfilmentOf({
    shippingMethodId: row.shipping_method_id,
    shippingKind: row.shipping_kind,
    shippingName: row.shipping_name,
    shippingAddress: row.shipping_address,
    shippingDescription: row.shipping_description,
    openingHours: row.opening_hours,
    pickupTimes: row.pickup_times,
    pickupInstructions: row.pickup_instructions,
    deliveryAddress: row.delivery_address,
  });
  const locale = isLocale(row.locale) ? row.locale : "en";
  const attachments = calendarAttachment(
    {
      orderId: row.order_id,
      number: Number(row.number),
      shop: row.shop,
      readyOn: row.ready_on,
      readyFor: row.ready_for,
      hours: fulfilment.openingHours,
      isDelivery: fulfilment.isDelivery,
      placeName: row.shipping_name ?? "",
      address: fulfilment.isDelivery ? row.delivery_address : (row.shipping_address ?? ""),
      instructions: fulfilment.isDelivery ? fulfilment.deliveryDetails : fulfilment.pickupInstructions,
      timeZone: row.time_zone,
      isCancelled: false,
      locale,
    },
    now,
  );
  const rendered = renderBuyerReminder(
    {
      locale,
      number: Number(row.number),
      shop: row.shop,
      readyFor: row.ready_for,
      readyOn: row.ready_on,
      where: fulfilment.where,
      pickupInstructions: fulfilment.pickupInstructions,
      orderUrl: buyerOrderUrl(row.order_id),
      daysBefore: row.days_before,
      hasCalendar: attachments.length > 0,
    },
    emailTranslator(locale),
  );
  return getDb().transaction(async (tx) => {
    const [claimed] = await tx.execute<{ order_id: string }>(sql`
      insert into pickup_reminders (order_id, ready_on, days_before) values (${row.order_id}, ${row.ready_on}::date, ${row.days_before})
      on conflict do nothing
      returning order_id`);
    if (!claimed) return false;
    const outboxId = await enqueueEmail(
      {
        idempotencyKey: `pickup-reminder:${row.order_id}:${row.ready_on}:${row.days_before}`,
        kind: "buyer_reminder",
        orderId: row.order_id,
        to: row.email,
        replyTo: row.shop_email,
        ...rendered,
        attachments,
      },
      tx,
    );
    await tx.execute(sql`
      update pickup_reminders set outbox_email_id = ${outboxId ?? null}
      where order_id = ${row.order_id} and ready_on = ${row.ready_on}::date and days_before = ${row.days_before}`);
    return true;
  });
}
