// Buyer reminders: on the day before an outgoing exchange's ready date (in the distributor's time
// zone, from 08:00), each placed order of that exchange gets one reminder, unless the distributor
// switched reminders off. The outbox key makes a second sweep, or a second worker, a no-op.
import { settings } from "#app/config/settings.server";
import { sql } from "drizzle-orm";
import { fulfilmentOf } from "#app/domain/orders/fulfilment";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { getDb } from "#db/connection.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { renderBuyerReminder } from "#emails/buyer-reminder";

/** Local hour from which reminders go out, so nobody is woken at midnight. */
const REMINDER_HOUR = 8;

export async function sendDueReminders(now = new Date()): Promise<number> {
  const due = await getDb().execute<{
    order_id: string;
    number: number;
    email: string;
    locale: string;
    shop: string;
    shop_email: string;
    ready_for: string;
    ready_on: string;
    pickup_instructions: string;
    pickup_times: Record<string, string> | null;
    shipping_method_id: string | null;
    shipping_name: string | null;
    shipping_kind: string | null;
    shipping_address: string | null;
    shipping_description: string | null;
    opening_hours: string | null;
    delivery_address: string;
  }>(sql`
    select o.id as order_id, o.number, o.email, o.locale, e.name as shop, e.email as shop_email, x.ready_for, x.ready_on::text as ready_on,
           x.pickup_instructions, x.pickup_times, o.shipping_method_id, sm.name as shipping_name, sm.kind as shipping_kind, sm.address as shipping_address,
           sm.description as shipping_description, sm.opening_hours, o.delivery_address
    from outgoing_exchanges x
    join enterprises e on e.id = x.distributor_id and e.buyer_reminders_enabled
    join orders o on o.order_cycle_id = x.order_cycle_id and o.distributor_id = x.distributor_id and o.state = 'placed'
    left join shipping_methods sm on sm.id = o.shipping_method_id
    where x.ready_on is not null
      and x.ready_on - 1 = (${now.toISOString()}::timestamptz at time zone e.time_zone)::date
      and extract(hour from (${now.toISOString()}::timestamptz at time zone e.time_zone)) >= ${REMINDER_HOUR}
      and not exists (select 1 from outbox_emails m where m.idempotency_key = 'reminder:' || o.id || ':' || x.ready_on::text)
    order by o.number
    limit 2000`);
  const appUrl = settings().appUrl;
  let queued = 0;
  for (const row of due) {
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
    const rendered = renderBuyerReminder(
      {
        locale,
        number: Number(row.number),
        shop: row.shop,
        readyFor: row.ready_for,
        readyOn: row.ready_on,
        where: fulfilment.where,
        pickupInstructions: fulfilment.pickupInstructions,
        orderUrl: `${appUrl}/orders/${row.order_id}?key=${orderAccessKey(row.order_id)}`,
      },
      emailTranslator(locale),
    );
    const id = await enqueueEmail({
      idempotencyKey: `reminder:${row.order_id}:${row.ready_on}`,
      kind: "buyer_reminder",
      orderId: row.order_id,
      to: row.email,
      replyTo: row.shop_email,
      ...rendered,
    });
    if (id) queued += 1;
  }
  return queued;
}
