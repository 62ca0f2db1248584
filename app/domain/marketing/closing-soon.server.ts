// Closing soon (docs/domain.md 13): N hours before a cycle closes (the distributor's setting,
// default 24, null: off), a consenting buyer whose cart in that cycle is not checked out gets one
// reminder. Carts are rows (app/domain/shop/cart.server.ts); a guest's cart has no email until
// checkout, so only signed-in buyers' carts are covered (decision 0053). The outbox key
// `closing-soon:<cart>:<cycle>` makes it once per cart, whatever the sweep or worker.
import { sql } from "drizzle-orm";
import { settings } from "#app/config/settings.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmails, type OutgoingEmail } from "#app/mail/outbox.server";
import { getDb } from "#db/connection.server";
import { renderClosingSoon } from "#emails/closing-soon";
import { marketingSendAt } from "./quiet-hours";
import { unsubscribeUrl } from "./unsubscribe-token.server";

const closingSoonKey = (cartId: string, cycleId: string) => `closing-soon:${cartId}:${cycleId}`;

/** How many carts one sweep reminds; the next sweep takes the rest. */
const BATCH = 1000;

/** Queues the reminders due by `now` (no lower time bound: a late sweep still sends before the close). Returns how many. */
export async function sendClosingSoonReminders(now = new Date()): Promise<number> {
  const at = now.toISOString();
  const due = await getDb().execute<{
    cart_id: string;
    cycle_id: string;
    distributor_id: string;
    email: string;
    customer_id: string;
    consent_ms: string;
    locale: string | null;
    shop: string;
    shop_email: string;
    time_zone: string;
    closes_at: Date | string;
    items: number;
  }>(sql`
    select o.id as cart_id, o.order_cycle_id as cycle_id, o.distributor_id, c.email, c.id as customer_id,
           floor(extract(epoch from c.marketing_consent_at) * 1000)::bigint::text as consent_ms,
           coalesce(u.locale, e.locale) as locale, e.name as shop, e.email as shop_email, e.time_zone, oc.closes_at,
           (select coalesce(sum(l.quantity), 0)::int from order_lines l where l.order_id = o.id) as items
    from orders o
    join order_cycles oc on oc.id = o.order_cycle_id
    join enterprises e on e.id = o.distributor_id and e.closing_reminder_hours is not null
    join users u on u.id = o.buyer_id
    join customers c on c.distributor_id = o.distributor_id and lower(c.email) = lower(u.email) and c.marketing_consent_at is not null
    where o.state = 'cart'
      and oc.opens_at <= ${at}::timestamptz
      and oc.closes_at > ${at}::timestamptz
      and oc.closes_at - make_interval(hours => e.closing_reminder_hours) <= ${at}::timestamptz
      and exists (select 1 from order_lines l where l.order_id = o.id)
      and not exists (select 1 from outbox_emails m where m.idempotency_key = 'closing-soon:' || o.id || ':' || o.order_cycle_id)
    order by oc.closes_at, o.id
    limit ${BATCH}`);
  if (due.length === 0) return 0;
  const appUrl = settings().appUrl;
  const messages = due.map((row): OutgoingEmail => {
    const locale = isLocale(row.locale) ? row.locale : "en";
    const link = unsubscribeUrl({ customerId: row.customer_id, consentAtMs: Number(row.consent_ms) });
    return {
      idempotencyKey: closingSoonKey(row.cart_id, row.cycle_id),
      kind: "closing_soon",
      cycleId: row.cycle_id,
      orderId: row.cart_id,
      enterpriseId: row.distributor_id,
      to: row.email,
      replyTo: row.shop_email,
      marketing: { customerId: row.customer_id, unsubscribeUrl: link },
      notBefore: marketingSendAt(now, row.time_zone),
      ...renderClosingSoon(
        {
          locale,
          shop: row.shop,
          timeZone: row.time_zone,
          closesAt: new Date(row.closes_at),
          items: Number(row.items),
          shopUrl: `${appUrl}/shop/${row.distributor_id}`,
          unsubscribeUrl: link,
        },
        emailTranslator(locale),
      ),
    };
  });
  return (await enqueueEmails(messages)).filter(Boolean).length;
}
