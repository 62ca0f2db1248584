// Reading invoices: one invoice or credit note for whoever may see its order (its buyer, its
// distributor's managers, the coordinator's; others 404), an order's list of them, and a shop's
// invoices of a cycle for the combined PDF.
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { invoices, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ensure } from "#app/domain/access/context.server";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { canIssueShopInvoices, canSeeInvoice, canSeeShopInvoices } from "#app/domain/access/invoice-rules";
import { DomainError } from "#app/domain/errors";
import { orderAccess, type OrderRequester } from "#app/domain/orders/access.server";
import type { InvoiceSnapshot } from "./snapshot";

type InvoiceRow = typeof invoices.$inferSelect;

export type InvoiceView = InvoiceSnapshot & {
  id: string;
  distributorId: string;
  orderCycleId: string;
  number: string;
  issuedAt: string;
  creditsInvoiceId: string | null;
  /** The number of the invoice a credit note cancels, or of the credit note that cancelled an invoice. */
  creditsInvoiceNumber: string | null;
  creditedAt: string | null;
};

/** The API's and the page's shape: the snapshot as issued, with its number and dates. */
export function invoiceView(row: InvoiceRow, creditsInvoiceNumber: string | null = null): InvoiceView {
  const snapshot = row.snapshot as unknown as InvoiceSnapshot;
  return {
    ...snapshot,
    id: row.id,
    distributorId: row.distributorId,
    orderCycleId: row.orderCycleId,
    number: row.number,
    kind: row.kind as InvoiceSnapshot["kind"],
    issuedAt: row.issuedAt.toISOString(),
    creditsInvoiceId: row.creditsInvoiceId,
    creditsInvoiceNumber,
    creditedAt: row.creditedAt?.toISOString() ?? null,
  };
}

/**
 * An invoice as its order's buyer or hub sees it; 404 for anyone else (a supplier included).
 * `orderId`: the order the address names (a guest's link key is for that order only).
 */
export async function getInvoice(requester: OrderRequester, invoiceId: string, options: { orderId?: string; db?: Executor } = {}): Promise<InvoiceView> {
  const db = options.db ?? getDb();
  if (typeof invoiceId !== "string" || invoiceId.length === 0 || invoiceId.length > 64) throw new DomainError("not_found");
  const [row] = await db.select().from(invoices).where(eq(invoices.id, invoiceId));
  if (!row || (options.orderId !== undefined && row.orderId !== options.orderId)) throw new DomainError("not_found");
  const access = await orderAccess(requester, row.orderId, db);
  ensure(canSeeInvoice(access), false);
  let credits: string | null = null;
  if (row.creditsInvoiceId) {
    const [credited] = await db.select({ number: invoices.number }).from(invoices).where(eq(invoices.id, row.creditsInvoiceId));
    credits = credited?.number ?? null;
  }
  return invoiceView(row, credits);
}

export type InvoiceListItem = { id: string; number: string; kind: "invoice" | "credit_note"; issuedAt: string; totalCents: number; credited: boolean };

/** An order's invoices and credit notes, oldest first (for GET /orders/:id and the order pages); the caller checked access. */
export async function invoicesOfOrder(orderId: string, db: Executor = getDb()): Promise<InvoiceListItem[]> {
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      kind: invoices.kind,
      issuedAt: invoices.issuedAt,
      totalCents: invoices.totalCents,
      creditedAt: invoices.creditedAt,
    })
    .from(invoices)
    .where(eq(invoices.orderId, orderId))
    .orderBy(asc(invoices.issuedAt), asc(invoices.sequence));
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind as InvoiceListItem["kind"],
    issuedAt: row.issuedAt.toISOString(),
    totalCents: row.totalCents,
    credited: row.creditedAt !== null,
  }));
}

/** A shop's invoices and credit notes of a cycle, in number order, for its managers and the coordinator's. */
export async function shopInvoices(actor: Actor, cycleId: string, distributorId: string): Promise<InvoiceView[]> {
  const { roles } = await cycleForActor(actor, cycleId);
  ensure(canIssueShopInvoices(roles, distributorId), canSeeShopInvoices(roles, distributorId));
  const rows = await getDb()
    .select()
    .from(invoices)
    .where(and(eq(invoices.orderCycleId, cycleId), eq(invoices.distributorId, distributorId)))
    .orderBy(asc(invoices.year), asc(invoices.sequence))
    .limit(10_000);
  const numbers = new Map(rows.map((row) => [row.id, row.number]));
  return rows.map((row) => invoiceView(row, row.creditsInvoiceId ? (numbers.get(row.creditsInvoiceId) ?? null) : null));
}

/** Invoices a page shows at once; the pager walks the rest by number. */
export const INVOICE_LIST_PAGE = 100;

export type ShopInvoiceRow = {
  id: string;
  orderId: string;
  orderNumber: number;
  number: string;
  kind: "invoice" | "credit_note";
  buyerName: string;
  issuedAt: string;
  totalCents: number;
  credited: boolean;
};

/**
 * A shop's invoices and credit notes of a cycle, in number order, a page at a time (`after`: the
 * year and sequence of the page before's last), with the count and the sums of the whole list: three queries
 * whatever the number of invoices. That shop's managers and the coordinator's; suppliers 403, others 404.
 */
export async function shopInvoiceList(actor: Actor, cycleId: string, distributorId: string, options: { after?: { year: number; sequence: number } } = {}) {
  const { roles } = await cycleForActor(actor, cycleId);
  ensure(canIssueShopInvoices(roles, distributorId), canSeeShopInvoices(roles, distributorId));
  const db = getDb();
  const where = and(eq(invoices.orderCycleId, cycleId), eq(invoices.distributorId, distributorId));
  const [rows, [figures]] = await Promise.all([
    db
      .select({
        id: invoices.id,
        orderId: invoices.orderId,
        orderNumber: orders.number,
        number: invoices.number,
        kind: invoices.kind,
        buyerName: sql<string>`coalesce(${invoices.snapshot}->'buyer'->>'name', '')`,
        issuedAt: invoices.issuedAt,
        totalCents: invoices.totalCents,
        creditedAt: invoices.creditedAt,
        year: invoices.year,
        sequence: invoices.sequence,
      })
      .from(invoices)
      .innerJoin(orders, eq(orders.id, invoices.orderId))
      .where(options.after ? and(where, sql`(${invoices.year}, ${invoices.sequence}) > (${options.after.year}, ${options.after.sequence})`) : where)
      .orderBy(asc(invoices.year), asc(invoices.sequence))
      .limit(INVOICE_LIST_PAGE + 1),
    db
      .select({
        invoices: sql<number>`count(*) filter (where ${invoices.kind} = 'invoice')::int`,
        creditNotes: sql<number>`count(*) filter (where ${invoices.kind} = 'credit_note')::int`,
        invoicedCents: sql<number>`coalesce(sum(${invoices.totalCents}) filter (where ${invoices.kind} = 'invoice' and ${invoices.creditedAt} is null), 0)::bigint`,
      })
      .from(invoices)
      .where(where),
  ]);
  const page = rows.slice(0, INVOICE_LIST_PAGE);
  return {
    items: page.map((row): ShopInvoiceRow => ({
      id: row.id,
      orderId: row.orderId,
      orderNumber: row.orderNumber,
      number: row.number,
      kind: row.kind as ShopInvoiceRow["kind"],
      buyerName: row.buyerName,
      issuedAt: row.issuedAt.toISOString(),
      totalCents: row.totalCents,
      credited: row.creditedAt !== null,
    })),
    nextAfter: rows.length > INVOICE_LIST_PAGE ? `${page.at(-1)!.year}-${page.at(-1)!.sequence}` : null,
    figures: { invoices: Number(figures.invoices), creditNotes: Number(figures.creditNotes), invoicedCents: Number(figures.invoicedCents) },
  };
}

/** A page link's `after` (`<year>-<sequence>`), or undefined when absent or not of that form. */
export function invoiceListCursor(value: string | null): { year: number; sequence: number } | undefined {
  const match = value ? /^(\d{4})-(\d{1,9})$/.exec(value) : null;
  return match ? { year: Number(match[1]), sequence: Number(match[2]) } : undefined;
}
