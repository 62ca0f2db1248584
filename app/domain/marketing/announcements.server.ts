// Announcements (docs/domain.md 13): when a cycle opens, the consenting customers of each of its
// distributors that switched announcements on get one email, in their language; a distributor's
// manager or the coordinator may also announce by hand, to some tags and with a message. The
// outbox key `announce:<cycle>:<customer>` makes it once per customer per cycle, however it is sent.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { settings } from "#app/config/settings.server";
import type { Actor } from "#app/domain/actor";
import { canAnnounceCycle, canSeeOutgoing } from "#app/domain/access/cycle-rules";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { DomainError } from "#app/domain/errors";
import { normaliseTags } from "#app/domain/order-cycles/exchange-updates";
import { isOpen } from "#app/domain/order-cycles/state";
import { parseWith } from "#app/domain/validation";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmails, type OutgoingEmail } from "#app/mail/outbox.server";
import { getDb, type Executor } from "#db/connection.server";
import { renderCycleAnnouncement } from "#emails/cycle-announcement";
import { marketingSendAt } from "./quiet-hours";
import { unsubscribeUrl } from "./unsubscribe-token.server";

export const announceSchema = z.object({
  /** Only customers holding at least one of these tags; absent or empty: every consenting customer. */
  tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  /** The distributor's own words, above the cycle's dates. */
  message: z.string().trim().max(2000).optional(),
});

export type AnnounceInput = z.infer<typeof announceSchema>;

/** The announcement key of a customer for a cycle: one email per customer per cycle. */
export const announcementKey = (cycleId: string, customerId: string) => `announce:${cycleId}:${customerId}`;

type Recipient = {
  customer_id: string;
  email: string;
  consent_ms: string;
  locale: string | null;
  shop: string;
  shop_email: string;
  time_zone: string;
  closes_at: Date | string | null;
  ready_for: string;
  ready_on: string | null;
  visibility: string;
  share_key: string | null;
};

/**
 * Queues the announcement of a cycle's outgoing exchange to its distributor's consenting customers
 * (only those the exchange's own tags admit, and among them those holding one of `tags`), skipping
 * anyone already told of this cycle. Quiet hours defer it to 08:00 in the distributor's zone.
 * Returns how many emails were queued now.
 */
export async function queueAnnouncement(tx: Executor, cycleId: string, distributorId: string, input: AnnounceInput, now: Date): Promise<number> {
  const tags = normaliseTags(input.tags ?? []);
  const recipients = await tx.execute<Recipient>(sql`
    select c.id as customer_id, c.email, floor(extract(epoch from c.marketing_consent_at) * 1000)::bigint::text as consent_ms,
           coalesce(u.locale, (select o.locale from orders o where o.distributor_id = c.distributor_id and lower(o.email) = lower(c.email) and o.state = 'placed'
                               order by o.placed_at desc nulls last limit 1), e.locale) as locale,
           e.name as shop, e.email as shop_email, e.time_zone, oc.closes_at, x.ready_for, x.ready_on::text as ready_on, x.visibility, x.share_key
    from outgoing_exchanges x
    join order_cycles oc on oc.id = x.order_cycle_id
    join enterprises e on e.id = x.distributor_id
    join customers c on c.distributor_id = x.distributor_id and c.marketing_consent_at is not null
    left join users u on u.id = c.user_id
    where x.order_cycle_id = ${cycleId} and x.distributor_id = ${distributorId}
      and (cardinality(x.tags) = 0 or exists (select 1 from unnest(c.tags) held where lower(held) in (select lower(t) from unnest(x.tags) t)))
      and (${tags.length === 0} or exists (select 1 from unnest(c.tags) held where lower(held) = any(${sql.param(tags)}::text[])))
      and not exists (select 1 from outbox_emails m where m.idempotency_key = 'announce:' || ${cycleId} || ':' || c.id)
    order by c.id`);
  if (recipients.length === 0) return 0;
  const appUrl = settings().appUrl;
  const messages = recipients.map((row): OutgoingEmail => {
    const locale = isLocale(row.locale) ? row.locale : "en";
    const link = unsubscribeUrl({ customerId: row.customer_id, consentAtMs: Number(row.consent_ms) });
    const shopUrl = `${appUrl}/shop/${distributorId}${row.visibility === "unlisted" && row.share_key ? `?key=${row.share_key}` : ""}`;
    return {
      idempotencyKey: announcementKey(cycleId, row.customer_id),
      kind: "cycle_announcement",
      cycleId,
      enterpriseId: distributorId,
      to: row.email,
      replyTo: row.shop_email,
      marketing: { customerId: row.customer_id, unsubscribeUrl: link },
      notBefore: marketingSendAt(now, row.time_zone),
      ...renderCycleAnnouncement(
        {
          locale,
          shop: row.shop,
          timeZone: row.time_zone,
          closesAt: row.closes_at ? new Date(row.closes_at) : null,
          readyFor: row.ready_for,
          readyOn: row.ready_on,
          message: input.message ?? "",
          shopUrl,
          unsubscribeUrl: link,
        },
        emailTranslator(locale),
      ),
    };
  });
  return (await enqueueEmails(messages, tx)).filter(Boolean).length;
}

/**
 * The automatic announcement of a cycle that has just opened, in the opening's transaction: each
 * listed outgoing exchange whose distributor announces open cycles. Unlisted sales are private:
 * their link travels by hand.
 */
export async function queueOpeningAnnouncements(tx: Executor, cycleId: string, now: Date): Promise<number> {
  const exchanges = await tx.execute<{ distributor_id: string }>(sql`
    select x.distributor_id from outgoing_exchanges x join enterprises e on e.id = x.distributor_id and e.announce_open_cycles
    where x.order_cycle_id = ${cycleId} and x.visibility = 'listed'
    order by x.distributor_id`);
  let queued = 0;
  for (const exchange of exchanges) queued += await queueAnnouncement(tx, cycleId, exchange.distributor_id, {}, now);
  return queued;
}

/**
 * POST /order-cycles/:id/outgoing/:distributorId/announce: the distributor's managers or the
 * coordinator announce an open cycle by hand. A customer already told of this cycle is not told
 * again; returns how many were queued now.
 */
export async function announceCycle(actor: Actor, cycleId: string, distributorId: string, input: unknown, now = new Date()): Promise<number> {
  const data = parseWith(announceSchema, input ?? {});
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForActor(actor, cycleId, { db: tx, lock: true });
    const exchange = cycle.outgoing.find((candidate) => candidate.distributorId === distributorId);
    if (!exchange || !canSeeOutgoing(roles, exchange)) throw new DomainError("not_found");
    if (!canAnnounceCycle(roles, distributorId)) throw new DomainError("forbidden");
    if (!isOpen(cycle, now)) throw new DomainError("conflict", { orderCycleId: { key: "cycleNotOpen" } });
    return queueAnnouncement(tx, cycleId, distributorId, data, now);
  });
}
