// Issuing invoices (docs/domain.md 10): by hand for one order, in bulk for a shop's orders of a
// cycle, and at the close for distributors that chose so. Each invoice takes the next number of its
// distributor's counter row for the year, locked in the issuing transaction (decision 0037): a
// rolled-back issue gives its number back, so numbers have no gaps and no repeats. An invoiced order
// that changed gets a credit note and a new invoice, in one transaction.
import { and, asc, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { domainEvents, invoiceCounters, invoices, orderCycles, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ensure } from "#app/domain/access/context.server";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { canIssueInvoice, canIssueShopInvoices, canSeeShopInvoices } from "#app/domain/access/invoice-rules";
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { orderAccess } from "#app/domain/orders/access.server";
import { loadOrdersForInvoice, loadSeller, type OrderForInvoice, type SellerFacts } from "./load.server";
import { buildInvoiceSnapshot, creditNoteOf, dayIn, invoiceNumber, orderFingerprint, type InvoiceSnapshot } from "./snapshot";
import { emitWebhookEvents } from "#app/domain/webhooks/emit.server";
import { invoiceView } from "./queries.server";

type InvoiceRow = typeof invoices.$inferSelect;

/** The seller must be named on an invoice, and its numbers need their prefix: 422 naming what is missing, nothing issued. */
function ensureSellerComplete(seller: SellerFacts) {
  const fields: FieldErrors = {};
  if (!seller.legalName.trim()) fields.legalName = { key: "requiredForInvoices" };
  if (!seller.invoicePrefix) fields.invoicePrefix = { key: "requiredForInvoices" };
  if (Object.keys(fields).length > 0) throw new DomainError("invoicing_details_missing", fields, { enterprise: seller.name });
}

/** The next `count` numbers of the distributor's counter for the year; its row stays locked until the transaction ends. */
async function takeSequences(tx: Executor, distributorId: string, year: number, count: number): Promise<number> {
  await tx.insert(invoiceCounters).values({ distributorId, year, lastSequence: 0 }).onConflictDoNothing();
  const [counter] = await tx
    .select({ lastSequence: invoiceCounters.lastSequence })
    .from(invoiceCounters)
    .where(and(eq(invoiceCounters.distributorId, distributorId), eq(invoiceCounters.year, year)))
    .for("update");
  await tx
    .update(invoiceCounters)
    .set({ lastSequence: counter.lastSequence + count })
    .where(and(eq(invoiceCounters.distributorId, distributorId), eq(invoiceCounters.year, year)));
  return counter.lastSequence + 1;
}

type ToWrite = { order: OrderForInvoice; snapshot: InvoiceSnapshot; creditsInvoiceId?: string };

/** Numbers and writes documents of one distributor in the given order, with their `invoice.issued` events. */
async function writeDocuments(tx: Executor, seller: SellerFacts, documents: readonly ToWrite[], now: Date, actorUserId: string | null): Promise<InvoiceRow[]> {
  if (documents.length === 0) return [];
  const year = Number(dayIn(now, seller.timeZone).slice(0, 4));
  const first = await takeSequences(tx, seller.id, year, documents.length);
  const rows = await tx
    .insert(invoices)
    .values(
      documents.map((document, index) => ({
        distributorId: seller.id,
        orderId: document.order.orderId,
        orderCycleId: document.order.orderCycleId,
        kind: document.snapshot.kind,
        number: invoiceNumber(seller.invoicePrefix, year, first + index),
        year,
        sequence: first + index,
        creditsInvoiceId: document.creditsInvoiceId ?? null,
        issuedAt: now,
        issuedByUserId: actorUserId,
        locale: document.snapshot.locale,
        orderFingerprint: orderFingerprint(document.snapshot),
        totalCents: document.snapshot.totalCents,
        totalExcludingTaxCents: document.snapshot.totalExcludingTaxCents,
        snapshot: document.snapshot as unknown as Record<string, unknown>,
      })),
    )
    .returning();
  rows.sort((a, b) => a.sequence - b.sequence);
  await tx.insert(domainEvents).values(
    rows.map((row) => ({
      type: "invoice.issued",
      enterpriseId: seller.id,
      subjectId: row.id,
      payload: {
        invoiceId: row.id,
        number: row.number,
        kind: row.kind,
        orderId: row.orderId,
        totalCents: row.totalCents,
        creditsInvoiceId: row.creditsInvoiceId,
      },
      occurredAt: now,
    })),
  );
  // Heard by the seller's endpoints and the cycles' coordinators', the invoice as GET /invoices/:id answers it.
  const cycleIds = [...new Set(rows.map((row) => row.orderCycleId))];
  await emitWebhookEvents(
    tx,
    {
      type: "invoice.issued",
      enterpriseIds: sql`select ${seller.id}::text union select coordinator_id from order_cycles where id in (${sql.join(
        cycleIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    },
    rows.map((row) => ({
      at: now,
      data: async () => {
        if (!row.creditsInvoiceId) return invoiceView(row);
        const [credited] = await tx.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, row.creditsInvoiceId));
        return invoiceView(row, credited?.number ?? null);
      },
    })),
  );
  return rows;
}

async function liveInvoicesOf(tx: Executor, orderIds: readonly string[]): Promise<Map<string, InvoiceRow>> {
  if (orderIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(invoices)
    .where(and(inArray(invoices.orderId, [...orderIds]), eq(invoices.kind, "invoice"), isNull(invoices.creditedAt)));
  return new Map(rows.map((row) => [row.orderId, row]));
}

export type IssueResult = { invoice: InvoiceRow; created: boolean };

/**
 * The order's invoice. Already issued and the order unchanged: that invoice (created false). Changed
 * since: a credit note for the old one and a new invoice. A cancelled order that was invoiced gets
 * its credit note (the answer); one never invoiced is refused (409), as is a cart.
 */
export async function issueInvoice(actor: Actor, orderId: string, options: { now?: Date } = {}): Promise<IssueResult> {
  const now = options.now ?? new Date();
  return getDb().transaction(async (tx) => {
    await refuseCartToItsHub(tx, actor, orderId);
    const access = await orderAccess({ actor }, orderId, tx);
    ensure(canIssueInvoice(access), true);
    // Two issues of one order at once: the second waits here and then finds the first's invoice.
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for("update");
    const order = (await loadOrdersForInvoice(tx, [orderId])).get(orderId);
    if (!order) throw new DomainError("not_found");
    const seller = await loadSeller(tx, order.distributorId);
    if (!seller) throw new DomainError("not_found");
    const live = (await liveInvoicesOf(tx, [orderId])).get(orderId);
    if (order.state !== "placed") {
      if (!live) throw new DomainError("order_not_placed", { order: { key: "orderNotInvoiceable" } });
      ensureSellerComplete(seller);
      const [credit] = await writeCredit(tx, seller, order, live, now, actor.userId);
      return { invoice: credit, created: true };
    }
    ensureSellerComplete(seller);
    const snapshot = buildInvoiceSnapshot(order, seller, now);
    if (live && live.orderFingerprint === orderFingerprint(snapshot)) return { invoice: live, created: false };
    const documents: ToWrite[] = [];
    if (live) {
      await tx.update(invoices).set({ creditedAt: now }).where(eq(invoices.id, live.id));
      documents.push({ order, snapshot: creditNoteOf(live.snapshot as unknown as InvoiceSnapshot, dayIn(now, seller.timeZone)), creditsInvoiceId: live.id });
    }
    documents.push({ order, snapshot });
    const rows = await writeDocuments(tx, seller, documents, now, actor.userId);
    return { invoice: rows[rows.length - 1], created: true };
  });
}

async function writeCredit(tx: Executor, seller: SellerFacts, order: OrderForInvoice, live: InvoiceRow, now: Date, actorUserId: string | null) {
  await tx.update(invoices).set({ creditedAt: now }).where(eq(invoices.id, live.id));
  const snapshot = creditNoteOf(live.snapshot as unknown as InvoiceSnapshot, dayIn(now, seller.timeZone));
  return writeDocuments(tx, seller, [{ order, snapshot, creditsInvoiceId: live.id }], now, actorUserId);
}

/** A cart is nobody's order yet (404), except to its shop's and coordinator's managers, who are told it cannot be invoiced. */
async function refuseCartToItsHub(tx: Executor, actor: Actor, orderId: string) {
  const [row] = await tx
    .select({ state: orders.state, distributorId: orders.distributorId, coordinatorId: orderCycles.coordinatorId })
    .from(orders)
    .innerJoin(orderCycles, eq(orderCycles.id, orders.orderCycleId))
    .where(eq(orders.id, orderId));
  if (row?.state === "cart" && (actor.enterpriseIds.includes(row.distributorId) || actor.enterpriseIds.includes(row.coordinatorId))) {
    throw new DomainError("order_not_placed", { order: { key: "orderNotInvoiceable" } });
  }
}

const ISSUE_BATCH = 250;

type IssuedInvoice = Omit<InvoiceRow, "snapshot">;

/**
 * Invoices every placed order of one shop in one cycle that has none yet, in order number order,
 * in one transaction (the orders locked first, in id order, then the counter). `actor` null: the
 * close job. Returns what was issued.
 */
async function issueUninvoiced(tx: Executor, cycleId: string, seller: SellerFacts, now: Date, actorUserId: string | null) {
  const candidates = await tx
    .select({ id: orders.id, number: orders.number })
    .from(orders)
    .where(
      and(
        eq(orders.orderCycleId, cycleId),
        eq(orders.distributorId, seller.id),
        eq(orders.state, "placed"),
        notExists(
          tx
            .select({ one: sql`1` })
            .from(invoices)
            .where(and(eq(invoices.orderId, orders.id), eq(invoices.kind, "invoice"), isNull(invoices.creditedAt))),
        ),
      ),
    )
    .orderBy(asc(orders.id))
    .for("update", { of: orders });
  if (candidates.length === 0) return [];
  // Another issue may have invoiced one while we waited for its row.
  const live = await liveInvoicesOf(
    tx,
    candidates.map((row) => row.id),
  );
  const ids = candidates
    .filter((row) => !live.has(row.id))
    .sort((a, b) => a.number - b.number)
    .map((row) => row.id);
  // In batches, each numbered after the last under the counter's lock, so a shop's 2,500 orders
  // never sit in memory as one set of snapshots (docs/quality.md P8: the server's RSS).
  const issued: IssuedInvoice[] = [];
  for (let start = 0; start < ids.length; start += ISSUE_BATCH) {
    const batch = ids.slice(start, start + ISSUE_BATCH);
    const loaded = await loadOrdersForInvoice(tx, batch);
    const documents = batch.map((id) => {
      const order = loaded.get(id)!;
      return { order, snapshot: buildInvoiceSnapshot(order, seller, now) };
    });
    for (const { snapshot: _snapshot, ...row } of await writeDocuments(tx, seller, documents, now, actorUserId)) issued.push(row);
  }
  return issued;
}

/** POST /order-cycles/:id/outgoing/:distributorId/invoices: that shop's managers or the coordinator's. */
export async function issueShopInvoices(actor: Actor, cycleId: string, distributorId: string, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const { roles } = await cycleForActor(actor, cycleId);
  ensure(canIssueShopInvoices(roles, distributorId), canSeeShopInvoices(roles, distributorId));
  const rows = await getDb().transaction(async (tx) => {
    const seller = await loadSeller(tx, distributorId);
    if (!seller) throw new DomainError("not_found");
    ensureSellerComplete(seller);
    return issueUninvoiced(tx, cycleId, seller, now, actor.userId);
  });
  return {
    issued: rows.length,
    items: rows.map((row) => ({ id: row.id, number: row.number, kind: row.kind, orderId: row.orderId, totalCents: row.totalCents })),
  };
}

/**
 * At a cycle's close (inside the close's transaction): each of its distributors that chose to
 * invoice at close, with its invoicing details filled in, invoices its orders not yet invoiced. A
 * distributor whose issue fails is skipped (its savepoint rolled back) and the close goes on.
 */
export async function issueInvoicesAtClose(tx: Executor, cycleId: string, now: Date): Promise<number> {
  const distributors = await tx.execute<{ distributor_id: string }>(sql`
    select distinct o.distributor_id from orders o join enterprises e on e.id = o.distributor_id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed' and e.invoice_at_close
      and e.legal_name <> '' and e.invoice_prefix <> ''
    order by o.distributor_id`);
  let issued = 0;
  for (const { distributor_id: distributorId } of distributors) {
    try {
      issued += await tx.transaction(async (savepoint) => {
        const seller = await loadSeller(savepoint, distributorId);
        return seller ? (await issueUninvoiced(savepoint, cycleId, seller, now, null)).length : 0;
      });
    } catch (error) {
      console.error(`Invoices at close of cycle ${cycleId} for ${distributorId} were not issued`, error);
    }
  }
  return issued;
}
