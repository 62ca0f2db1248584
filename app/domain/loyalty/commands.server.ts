// Loyalty credit's commands and reads (docs/domain.md 13, decision 0052): a manager reads and
// adjusts a customer's credit, the customer detail shows it, a signed-in buyer reads their own.
// Each manager command takes the actor and asks app/domain/access/loyalty-rules first.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { creditEntries, customerCredits, customers, enterprises, orders } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownerEnterprise } from "#app/domain/access/owned.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { emailKey, moveCredit } from "./ledger.server";
import { adjustmentSchema } from "./rules";

/** How many entries a history shows: the latest first. */
const HISTORY_LIMIT = 100;

type EntryRow = typeof creditEntries.$inferSelect;

/** An entry as the API and pages show it. */
function creditEntryJson(entry: EntryRow, orderNumbers: ReadonlyMap<string, number> = new Map()) {
  return {
    id: entry.id,
    amountCents: entry.amountCents,
    kind: entry.kind,
    note: entry.note,
    at: entry.occurredAt.toISOString(),
    orderId: entry.orderId,
    orderNumber: entry.orderId ? (orderNumbers.get(entry.orderId) ?? null) : null,
    points: entry.points,
  };
}

async function orderNumbersOf(entries: readonly EntryRow[], db: Executor) {
  const ids = [...new Set(entries.map((entry) => entry.orderId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map<string, number>();
  const rows = await db.select({ id: orders.id, number: orders.number }).from(orders).where(inArray(orders.id, ids));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** The customer of the shop with this email, 404 when the shop has none. */
async function customerOf(db: Executor, distributorId: string, email: string) {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.distributorId, distributorId), sql`lower(${customers.email}) = ${emailKey(email)}`));
  if (!customer) throw new DomainError("not_found");
  return customer;
}

async function creditFigures(db: Executor, distributorId: string, email: string) {
  const [row] = await db
    .select({ balanceCents: customerCredits.balanceCents, points: customerCredits.points })
    .from(customerCredits)
    .where(and(eq(customerCredits.distributorId, distributorId), eq(customerCredits.emailKey, emailKey(email))));
  return { balanceCents: row?.balanceCents ?? 0, points: row?.points ?? 0 };
}

async function historyOf(db: Executor, distributorId: string, email: string) {
  const entries = await db
    .select()
    .from(creditEntries)
    .where(and(eq(creditEntries.distributorId, distributorId), eq(creditEntries.emailKey, emailKey(email))))
    .orderBy(desc(creditEntries.occurredAt), desc(creditEntries.createdAt))
    .limit(HISTORY_LIMIT);
  const numbers = await orderNumbersOf(entries, db);
  return entries.map((entry) => creditEntryJson(entry, numbers));
}

/** GET /enterprises/:id/customers/:email/credit: the balance and the latest entries, newest first. */
export async function customerCredit(actor: Actor, distributorId: string, email: string, db: Executor = getDb()) {
  await ownerEnterprise(actor, distributorId, "credit", "see", db);
  const customer = await customerOf(db, distributorId, email);
  const [{ balanceCents, points }, items] = await Promise.all([creditFigures(db, distributorId, customer.email), historyOf(db, distributorId, customer.email)]);
  return { email: customer.email, balanceCents, points, items };
}

/**
 * POST /enterprises/:id/customers/:email/credit: a manager gives credit, or takes some back (a
 * negative amount), with a note. Never below zero: the take is one conditional statement, so two
 * at once cannot both pass; a refused one says the balance at `amountCents`.
 */
export async function adjustCustomerCredit(actor: Actor, distributorId: string, email: string, input: unknown, now = new Date()) {
  await ownerEnterprise(actor, distributorId, "credit", "manage");
  const data = parseWith(adjustmentSchema, input);
  return getDb().transaction(async (tx) => {
    const customer = await customerOf(tx, distributorId, email);
    const moved = await moveCredit(tx, {
      distributorId,
      email: customer.email,
      kind: "adjustment",
      amountCents: data.amountCents,
      note: data.note,
      recordedByUserId: actor.userId,
      now,
    });
    if ("insufficient" in moved) throw invalidField("amountCents", "creditBelowZero", { balanceCents: moved.balanceCents });
    if ("duplicate" in moved) throw new DomainError("conflict");
    const [entry] = await tx.select().from(creditEntries).where(eq(creditEntries.id, moved.entryId));
    return { ...creditEntryJson(entry), balanceCents: moved.balanceCents };
  });
}

/** GET /enterprises/:id/customers/:email: the customer with their credit, points and orders placed here. */
export async function customerDetail(actor: Actor, distributorId: string, email: string, db: Executor = getDb()) {
  await ownerEnterprise(actor, distributorId, "customer", "see", db);
  const customer = await customerOf(db, distributorId, email);
  const [[counted], figures] = await Promise.all([
    db
      .select({ orderCount: sql<number>`count(*)::int` })
      .from(orders)
      .where(and(eq(orders.distributorId, distributorId), sql`lower(${orders.email}) = ${emailKey(customer.email)}`, eq(orders.state, "placed"))),
    creditFigures(db, distributorId, customer.email),
  ]);
  return {
    email: customer.email,
    name: customer.name,
    tags: customer.tags,
    externalId: customer.externalId,
    marketingConsent: customer.marketingConsentAt !== null,
    creditCents: figures.balanceCents,
    points: figures.points,
    orderCount: Number(counted?.orderCount ?? 0),
  };
}

/** Balances of many customers of a shop at once (the customers page), by lowercased email. */
export async function balancesOf(
  actor: Actor,
  distributorId: string,
  emails: readonly string[],
  db: Executor = getDb(),
): Promise<Map<string, { balanceCents: number; points: number }>> {
  await ownerEnterprise(actor, distributorId, "credit", "see", db);
  const keys = [...new Set(emails.map(emailKey))];
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ emailKey: customerCredits.emailKey, balanceCents: customerCredits.balanceCents, points: customerCredits.points })
    .from(customerCredits)
    .where(and(eq(customerCredits.distributorId, distributorId), inArray(customerCredits.emailKey, keys)));
  return new Map(rows.map((row) => [row.emailKey, { balanceCents: row.balanceCents, points: row.points }]));
}

/** What a signed-in buyer may spend at this shop's checkout. */
export async function creditAvailableTo(buyer: { email: string } | undefined, distributorId: string, db: Executor = getDb()): Promise<number> {
  if (!buyer) return 0;
  return (await creditFigures(db, distributorId, buyer.email)).balanceCents;
}

/** The buyer's account page: their credit and its history at every shop where they have some (a fixed number of queries). */
export async function creditOfBuyer(buyer: { email: string }, db: Executor = getDb()) {
  const key = emailKey(buyer.email);
  const balances = await db
    .select({
      distributorId: customerCredits.distributorId,
      name: enterprises.name,
      balanceCents: customerCredits.balanceCents,
      points: customerCredits.points,
    })
    .from(customerCredits)
    .innerJoin(enterprises, eq(enterprises.id, customerCredits.distributorId))
    .where(eq(customerCredits.emailKey, key))
    .orderBy(enterprises.name);
  if (balances.length === 0) return [];
  const entries = await db
    .select()
    .from(creditEntries)
    .where(
      and(
        eq(creditEntries.emailKey, key),
        inArray(
          creditEntries.distributorId,
          balances.map((row) => row.distributorId),
        ),
      ),
    )
    .orderBy(desc(creditEntries.occurredAt), desc(creditEntries.createdAt))
    .limit(HISTORY_LIMIT * balances.length);
  const numbers = await orderNumbersOf(entries, db);
  return balances.map((row) => ({
    ...row,
    items: entries
      .filter((entry) => entry.distributorId === row.distributorId)
      .slice(0, HISTORY_LIMIT)
      .map((entry) => creditEntryJson(entry, numbers)),
  }));
}
