// Closing a cycle (docs/domain.md section 6): each due cycle is taken under a row lock, its producer
// emails and the coordinator's digest are written to the outbox and the cycle is marked processed,
// all in one transaction. A crash rolls everything back; a second worker skips the locked row and
// then finds it processed; outbox keys are a last guard. So each producer is told exactly once per close.
import { cycleForActor } from "#app/domain/access/cycle.server";
import { settings } from "#app/config/settings.server";
import { asc, eq, sql } from "drizzle-orm";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { canNotifyProducers } from "#app/domain/access/cycle-rules";
import { recordHistory } from "#app/domain/order-cycles/persist.server";
import { isOpen } from "#app/domain/order-cycles/state";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises, incomingExchanges, orderCycles, outboxEmails, outgoingExchanges } from "#db/schema";
import { renderCoordinatorDigest, type DigestMinimum } from "#emails/coordinator-digest";
import { enqueueEmail, enqueueEmails } from "#app/mail/outbox.server";
import { renderProducerNotification } from "#emails/producer-notification";
import { producerReports, type Outlet, type SoldLine } from "./producer-report";
import { formatInstant } from "#app/i18n/format";
import { supplierSnapshot } from "./amendment";
import { supplierConfirmationStatuses, type SupplierConfirmationStatus } from "./confirmation.server";
import { renewSupplierNotices } from "./notices.server";
import { supplierLinkToken } from "./supplier-link.server";
import { emitCycleEvent } from "#app/domain/order-cycles/events.server";
import { issueInvoicesAtClose } from "#app/domain/invoices/issue.server";
import { applyThresholdsAtClose } from "#app/domain/thresholds/close.server";

type NotificationOccasion = { kind: "automatic"; closesAt: Date } | { kind: "manual"; at: Date };

const KEY_PREFIX = "producer-notification";

function occasionKey(occasion: NotificationOccasion) {
  return occasion.kind === "automatic" ? `close:${occasion.closesAt.toISOString()}` : `manual:${occasion.at.toISOString()}`;
}

/** The cycle's placed order lines, as sold (cancelled orders and carts left out). */
export async function soldLines(tx: Executor, cycleId: string): Promise<SoldLine[]> {
  const rows = await tx.execute<{
    supplier_id: string;
    distributor_id: string;
    variant_id: string;
    product_name: string;
    variant_name: string;
    quantity: number;
    supplier_price_cents: number;
    tax_rate_basis_points: number;
    number: number;
    buyer_name: string;
  }>(sql`
    select ol.supplier_id, o.distributor_id, ol.variant_id, ol.product_name, ol.variant_name, ol.quantity,
           ol.supplier_price_cents, ol.tax_rate_basis_points, o.number, o.buyer_name
    from order_lines ol join orders o on o.id = ol.order_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed' and ol.supplier_id is not null`);
  return rows.map((row) => ({
    supplierId: row.supplier_id,
    distributorId: row.distributor_id,
    variantId: row.variant_id,
    productName: row.product_name,
    variantName: row.variant_name,
    quantity: Number(row.quantity),
    supplierPriceCents: Number(row.supplier_price_cents),
    taxRateBasisPoints: Number(row.tax_rate_basis_points),
    orderNumber: Number(row.number),
    buyerName: row.buyer_name,
  }));
}

type SupplierToTell = { id: string; name: string; email: string; locale: string; receivalInstructions: string };

/**
 * The suppliers told what to bring, by name: those in the cycle's incoming exchanges, and any
 * that left the cycle after its products were ordered (they still have to bring them; their
 * receival instructions left with the exchange). The producer emails, the coordinator's digest
 * and the notifications page all use this list.
 */
export async function suppliersToTell(tx: Executor, cycleId: string): Promise<SupplierToTell[]> {
  const rows = await tx.execute<{ id: string; name: string; email: string; locale: string; receival_instructions: string | null }>(sql`
    select e.id, e.name, e.email, e.locale, x.receival_instructions
    from ${enterprises} e
    left join ${incomingExchanges} x on x.supplier_id = e.id and x.order_cycle_id = ${cycleId}
    where e.id in (
      select supplier_id from ${incomingExchanges} where order_cycle_id = ${cycleId}
      union
      select ol.supplier_id from order_lines ol join orders o on o.id = ol.order_id
      where o.order_cycle_id = ${cycleId} and o.state = 'placed' and ol.supplier_id is not null)
    order by e.name, e.id`);
  return rows.map((row) => ({ id: row.id, name: row.name, email: row.email, locale: row.locale, receivalInstructions: row.receival_instructions ?? "" }));
}

async function cycleParties(tx: Executor, cycleId: string) {
  const [cycle] = await tx
    .select({
      id: orderCycles.id,
      name: orderCycles.name,
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
      coordinatorId: orderCycles.coordinatorId,
    })
    .from(orderCycles)
    .where(eq(orderCycles.id, cycleId));
  const [coordinator] = await tx.select().from(enterprises).where(eq(enterprises.id, cycle.coordinatorId));
  const suppliers = await suppliersToTell(tx, cycleId);
  const outlets = await tx
    .select({ distributorId: enterprises.id, distributorName: enterprises.name, readyFor: outgoingExchanges.readyFor, readyOn: outgoingExchanges.readyOn })
    .from(outgoingExchanges)
    .innerJoin(enterprises, eq(enterprises.id, outgoingExchanges.distributorId))
    .where(eq(outgoingExchanges.orderCycleId, cycleId))
    .orderBy(asc(enterprises.name));
  return { cycle, coordinator, suppliers, outlets: outlets as Outlet[] };
}

/**
 * What a close tells, read once: the cycle's parties and one producer report per supplier to tell.
 * The producer emails and the coordinator's digest are both built from these reports, so the digest
 * says what each producer's email said.
 */
async function closeFacts(tx: Executor, cycleId: string) {
  const parties = await cycleParties(tx, cycleId);
  const lines = await soldLines(tx, cycleId);
  const reports = producerReports({
    supplierIds: parties.suppliers.map((supplier) => supplier.id),
    outlets: parties.outlets,
    lines,
    showBuyerNames: parties.coordinator.suppliersSeeBuyerNames,
  });
  return { ...parties, lines, reports };
}

type CloseFacts = Awaited<ReturnType<typeof closeFacts>>;

/**
 * Writes one email per supplier of the cycle to the outbox, in the caller's transaction. Each
 * supplier's notice is renewed with it: what it was told to bring (for later amendments) and a
 * new generation, which revokes the confirmation link of any earlier email (decision 0035).
 */
async function queueProducerNotifications(
  tx: Executor,
  cycleId: string,
  occasion: NotificationOccasion,
  now: Date,
  facts?: CloseFacts,
  skipSupplierIds: ReadonlySet<string> = new Set(),
): Promise<number> {
  const all = facts ?? (await closeFacts(tx, cycleId));
  const { cycle, coordinator, lines } = all;
  // A supplier whose minimum was not reached was told so instead (thresholds/close.server).
  const suppliers = all.suppliers.filter((supplier) => !skipSupplierIds.has(supplier.id));
  const reports = all.reports.filter((_report, index) => !skipSupplierIds.has(all.suppliers[index].id));
  const generations = await renewSupplierNotices(
    tx,
    cycleId,
    suppliers.map((supplier) => ({ supplierId: supplier.id, snapshot: supplierSnapshot(lines, supplier.id) })),
    now,
  );
  const appUrl = settings().appUrl;
  // Notified by hand while buyers can still order: the email must not say orders are closed.
  const stillOpen = occasion.kind === "manual" && isOpen(cycle, occasion.at) ? cycle.closesAt : null;
  const messages = suppliers.map((supplier, index) => {
    const locale = isLocale(supplier.locale) ? supplier.locale : "en";
    return {
      idempotencyKey: `${KEY_PREFIX}:${cycleId}:${supplier.id}:${occasionKey(occasion)}`,
      kind: `producer_notification_${occasion.kind}`,
      cycleId,
      supplierId: supplier.id,
      to: supplier.email,
      replyTo: coordinator.email,
      ...renderProducerNotification(
        {
          locale,
          cycleName: cycle.name,
          coordinatorName: coordinator.name,
          coordinatorEmail: coordinator.email,
          coordinatorAddress: coordinator.address,
          producerName: supplier.name,
          receivalInstructions: supplier.receivalInstructions,
          report: reports[index],
          openUntil: stillOpen ? formatInstant(stillOpen, coordinator.timeZone, locale) : undefined,
          confirmUrl:
            reports[index].products.length > 0
              ? `${appUrl}/supplier/confirm/${supplierLinkToken({ cycleId, supplierId: supplier.id, generation: generations.get(supplier.id)!, notifiedAt: now })}`
              : undefined,
        },
        emailTranslator(locale),
      ),
    };
  });
  const ids = await enqueueEmails(messages, tx);
  return ids.filter(Boolean).length;
}

async function queueCoordinatorDigest(tx: Executor, cycleId: string, facts: CloseFacts, closesAt: Date, automatic: boolean, minimums: DigestMinimum[] = []) {
  const { cycle, coordinator, suppliers, reports } = facts;
  const perDistributor = await tx.execute<{ name: string; orders: number; total_cents: number }>(sql`
    select e.name, count(*)::int as orders, coalesce(sum(o.total_cents), 0)::int as total_cents
    from orders o join enterprises e on e.id = o.distributor_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed'
    group by e.name order by e.name`);
  // What each supplier's email said: its report's items and their amount at its prices (nothing ordered included).
  const perProducer = suppliers
    .map((supplier, index) => ({ name: supplier.name, quantity: reports[index].quantity, totalCents: reports[index].totalCents }))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const appUrl = settings().appUrl;
  const locale = isLocale(coordinator.locale) ? coordinator.locale : "en";
  const rendered = renderCoordinatorDigest(
    {
      locale,
      cycleName: cycle.name,
      coordinatorName: coordinator.name,
      automatic,
      distributors: perDistributor.map((row) => ({ name: row.name, orders: Number(row.orders), totalCents: Number(row.total_cents) })),
      producers: perProducer,
      minimums,
      reportsUrl: `${appUrl}/admin/order-cycles/${cycleId}/reports`,
      notificationsUrl: `${appUrl}/admin/order-cycles/${cycleId}/notifications`,
    },
    emailTranslator(locale),
  );
  await enqueueEmail(
    { idempotencyKey: `coordinator-digest:${cycleId}:${closesAt.toISOString()}`, kind: "coordinator_digest", cycleId, to: coordinator.email, ...rendered },
    tx,
  );
}

/**
 * A cycle to process: its close has passed and was not processed for that close. An undated cycle
 * (no opening date) was never open, so its close date alone sends nobody anything (docs/domain.md 2).
 */
const isDue = (now: Date) =>
  sql`opens_at is not null and closes_at <= ${now.toISOString()} and (processed_closes_at is null or closes_at > processed_closes_at)`;

/**
 * Processes every cycle whose close has passed and was not processed for that close, however long
 * ago it closed. A close moved later is processed again at the new time; moved earlier, not again.
 */
export async function processDueCycles(now = new Date()): Promise<string[]> {
  const processed: string[] = [];
  for (;;) {
    const cycleId = await getDb().transaction(async (tx) => {
      const [due] = await tx.execute<{ id: string; closes_at: Date | string; automatic_notifications: boolean }>(sql`
        select id, closes_at, automatic_notifications from order_cycles
        where ${isDue(now)}
        order by closes_at, id
        limit 1
        for update skip locked`);
      if (!due) return undefined;
      const closesAt = new Date(due.closes_at);
      // The minimums' policies first (decision 0049): an extension moves the close and ends this
      // one here; cancellations happen before the producers' reports are read, so they say what is left.
      const thresholds = await applyThresholdsAtClose(tx, due.id, closesAt, now);
      if (thresholds.kind === "extended") return due.id;
      const facts = await closeFacts(tx, due.id);
      if (due.automatic_notifications) {
        const count = await queueProducerNotifications(tx, due.id, { kind: "automatic", closesAt }, now, facts, thresholds.missedSupplierIds);
        await tx.update(orderCycles).set({ notifiedAt: now }).where(eq(orderCycles.id, due.id));
        await recordHistory(tx, due.id, null, "notified", { automatic: true, producers: count });
      }
      await queueCoordinatorDigest(tx, due.id, facts, closesAt, due.automatic_notifications, thresholds.outcomes);
      await emitCycleEvent(tx, "order_cycle.closed", due.id, now);
      if (due.automatic_notifications) await emitCycleEvent(tx, "order_cycle.producers_notified", due.id, now);
      await issueInvoicesAtClose(tx, due.id, now);
      // The column itself, not `closesAt`: a Date keeps milliseconds, PostgreSQL microseconds, and a
      // mark below the close leaves the cycle due for ever (this loop would never end).
      await tx
        .update(orderCycles)
        .set({ processedClosesAt: sql`${orderCycles.closesAt}` })
        .where(eq(orderCycles.id, due.id));
      return due.id;
    });
    if (!cycleId) return processed;
    processed.push(cycleId);
  }
}

/** Whether a due cycle is left, e.g. one skipped because an order being written held its row. */
export async function hasDueCycles(now = new Date()): Promise<boolean> {
  const [row] = await getDb().execute<{ due: boolean }>(sql`
    select exists (select 1 from order_cycles where ${isDue(now)}) as due`);
  return Boolean(row?.due);
}

/** "Notify producers now": the coordinator's managers, any time, recorded with who and when. */
export async function notifyProducersNow(actor: Actor, cycleId: string, now = new Date()): Promise<number> {
  return getDb().transaction(async (tx) => {
    const { roles } = await cycleForActor(actor, cycleId, { db: tx, lock: true });
    if (!canNotifyProducers(roles)) throw new DomainError("forbidden");
    const count = await queueProducerNotifications(tx, cycleId, { kind: "manual", at: now }, now);
    await tx.update(orderCycles).set({ notifiedAt: now }).where(eq(orderCycles.id, cycleId));
    await recordHistory(tx, cycleId, actor.userId, "notified", { automatic: false, producers: count });
    await emitCycleEvent(tx, "order_cycle.producers_notified", cycleId, now);
    return count;
  });
}

export type ProducerNotificationStatus = {
  supplierId: string;
  supplierName: string;
  status: "queued" | "sent" | "failed" | null;
  reason: "automatic" | "manual" | null;
  queuedAt: Date | null;
  sentAt: Date | null;
  /** The supplier's answer through its link or the API, null while it has not answered. */
  confirmation: SupplierConfirmationStatus | null;
  /** Amendments sent after the notification (only what changed), oldest first. */
  amendments: { status: "queued" | "sent" | "failed"; queuedAt: Date; sentAt: Date | null }[];
};

/** Each supplier's latest notification for the cycle: queued, sent or failed, and when. */
export async function producerNotificationStatuses(
  actor: Actor,
  cycleId: string,
): Promise<{ automatic: boolean; notifiedAt: Date | null; closesAt: Date | null; producers: ProducerNotificationStatus[] }> {
  const { cycle, roles } = await cycleForActor(actor, cycleId);
  if (!canNotifyProducers(roles)) throw new DomainError("forbidden");
  const suppliers = await suppliersToTell(getDb(), cycleId);
  const latest = await getDb().execute<{ supplier_id: string; status: string; kind: string; created_at: Date | string; sent_at: Date | string | null }>(sql`
    select distinct on (supplier_id) supplier_id, status, kind, created_at, sent_at
    from ${outboxEmails}
    where cycle_id = ${cycleId} and kind in ('producer_notification_automatic', 'producer_notification_manual')
    order by supplier_id, created_at desc`);
  const bySupplier = new Map(latest.map((row) => [row.supplier_id, row]));
  const confirmations = await supplierConfirmationStatuses(cycleId);
  const amendmentRows = await getDb().execute<{ supplier_id: string; status: string; created_at: Date | string; sent_at: Date | string | null }>(sql`
    select supplier_id, status, created_at, sent_at from ${outboxEmails}
    where cycle_id = ${cycleId} and kind = 'supplier_amendment'
    order by created_at, id`);
  return {
    automatic: cycle.automaticNotifications,
    notifiedAt: cycle.notifiedAt,
    closesAt: cycle.closesAt,
    producers: suppliers.map((supplier) => {
      const row = bySupplier.get(supplier.id);
      return {
        supplierId: supplier.id,
        supplierName: supplier.name,
        status: (row?.status as ProducerNotificationStatus["status"]) ?? null,
        reason: row ? (row.kind.endsWith("manual") ? "manual" : "automatic") : null,
        queuedAt: row ? new Date(row.created_at) : null,
        sentAt: row?.sent_at ? new Date(row.sent_at) : null,
        confirmation: confirmations.get(supplier.id) ?? null,
        amendments: amendmentRows
          .filter((amendment) => amendment.supplier_id === supplier.id)
          .map((amendment) => ({
            status: amendment.status as "queued" | "sent" | "failed",
            queuedAt: new Date(amendment.created_at),
            sentAt: amendment.sent_at ? new Date(amendment.sent_at) : null,
          })),
      };
    }),
  };
}
