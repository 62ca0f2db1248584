// The credit ledger's writes, in the caller's transaction (decision 0052): each movement is one
// ledger entry and one conditional statement on the balance row, so two checkouts or two takes at
// once can never bring a balance below zero; an order's entries carry a unique key, so a movement
// an order causes happens once however often its cause repeats.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { creditEntries, customerCredits, customers, loyaltySettings, orders, payments } from "#db/schema";
import { autoTagsReached, earnedFor, type AutoTagRule, type CreditEntryKind, type LoyaltyRates } from "./rules";

export const emailKey = (email: string) => email.trim().toLowerCase();

export type CreditMove = {
  distributorId: string;
  email: string;
  kind: CreditEntryKind;
  amountCents: number;
  points?: number;
  note?: string;
  orderId?: string | null;
  recordedByUserId?: string | null;
  /** One movement per key: a second one with the same key records nothing. */
  entryKey?: string;
  now: Date;
};

export type CreditMoveResult = { entryId: string; balanceCents: number } | { duplicate: true } | { insufficient: true; balanceCents: number };

/**
 * Moves credit: the entry first (a repeated key stops here), then the balance by one statement that
 * adds, or takes only while the balance covers it. A refused take answers `insufficient` with the
 * balance: the caller throws, and its transaction leaves nothing behind.
 */
export async function moveCredit(tx: Executor, move: CreditMove): Promise<CreditMoveResult> {
  const key = emailKey(move.email);
  const entryId = randomUUID();
  const inserted = await tx
    .insert(creditEntries)
    .values({
      id: entryId,
      distributorId: move.distributorId,
      emailKey: key,
      kind: move.kind,
      amountCents: move.amountCents,
      points: move.points ?? 0,
      note: move.note ?? "",
      orderId: move.orderId ?? null,
      recordedByUserId: move.recordedByUserId ?? null,
      entryKey: move.entryKey ?? null,
      occurredAt: move.now,
    })
    .onConflictDoNothing({ target: creditEntries.entryKey })
    .returning({ id: creditEntries.id });
  if (inserted.length === 0) return { duplicate: true };
  const points = move.points ?? 0;
  if (move.amountCents > 0) {
    const [row] = await tx.execute<{ balance_cents: number }>(sql`
      insert into customer_credits (distributor_id, email_key, balance_cents, points, updated_at)
      values (${move.distributorId}, ${key}, ${move.amountCents}, ${points}, ${move.now.toISOString()})
      on conflict (distributor_id, email_key) do update set
        balance_cents = customer_credits.balance_cents + excluded.balance_cents,
        points = customer_credits.points + excluded.points,
        updated_at = excluded.updated_at
      returning balance_cents`);
    return { entryId, balanceCents: Number(row.balance_cents) };
  }
  // A take: the row lock makes a concurrent take wait, and the condition is read again on the row it then sees.
  const [taken] = await tx.execute<{ balance_cents: number }>(sql`
    update customer_credits set balance_cents = balance_cents + ${move.amountCents}, updated_at = ${move.now.toISOString()}
    where distributor_id = ${move.distributorId} and email_key = ${key} and balance_cents + ${move.amountCents} >= 0
    returning balance_cents`);
  if (taken) return { entryId, balanceCents: Number(taken.balance_cents) };
  return { insufficient: true, balanceCents: await balanceOf(tx, move.distributorId, key) };
}

async function balanceOf(tx: Executor, distributorId: string, email: string): Promise<number> {
  const [row] = await tx
    .select({ balanceCents: customerCredits.balanceCents })
    .from(customerCredits)
    .where(and(eq(customerCredits.distributorId, distributorId), eq(customerCredits.emailKey, emailKey(email))));
  return row?.balanceCents ?? 0;
}

export type LoyaltySetting = { loyalty: LoyaltyRates | null; autoTags: AutoTagRule[] };

export async function loyaltySettingOf(tx: Executor, distributorId: string): Promise<LoyaltySetting> {
  const [row] = await tx.select().from(loyaltySettings).where(eq(loyaltySettings.distributorId, distributorId));
  return {
    loyalty: row?.pointsPerEuro && row.centsPerPoint ? { pointsPerEuro: row.pointsPerEuro, centsPerPoint: row.centsPerPoint } : null,
    autoTags: row?.autoTags ?? [],
  };
}

/** What credit paid of an order and is not yet given back: its completed credit payments less its credit refunds. */
async function creditPaidOn(tx: Executor, orderId: string): Promise<number> {
  const [row] = await tx.execute<{ cents: number }>(sql`
    select coalesce(sum(case when kind = 'payment' and state in ('completed', 'refunded') then amount_cents
                             when kind = 'refund' and state in ('pending', 'completed') then -amount_cents else 0 end), 0)::int as cents
    from payments where order_id = ${orderId} and method = 'credit'`);
  return Number(row?.cents ?? 0);
}

/**
 * An order was collected or became paid: with loyalty on, it earns its points once (the key
 * `earned:<orderId>` makes the second cause, and every repeat, a no-op). A cancelled order earns nothing.
 */
export async function earnForOrder(tx: Executor, orderId: string, now: Date): Promise<void> {
  const [order] = await tx
    .select({ distributorId: orders.distributorId, email: orders.email, state: orders.state, totalCents: orders.totalCents })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order || order.state !== "placed") return;
  const { loyalty } = await loyaltySettingOf(tx, order.distributorId);
  if (!loyalty) return;
  const { points, creditCents } = earnedFor(order.totalCents, await creditPaidOn(tx, orderId), loyalty);
  if (creditCents <= 0) return;
  await moveCredit(tx, {
    distributorId: order.distributorId,
    email: order.email,
    kind: "earned",
    amountCents: creditCents,
    points,
    orderId,
    entryKey: `earned:${orderId}`,
    now,
  });
}

/** After a collection: the customer's collected orders counted, and every automatic tag reached added (once). */
async function applyAutoTags(tx: Executor, orderId: string): Promise<string[]> {
  const [order] = await tx.select({ distributorId: orders.distributorId, email: orders.email }).from(orders).where(eq(orders.id, orderId));
  if (!order) return [];
  const { autoTags } = await loyaltySettingOf(tx, order.distributorId);
  if (autoTags.length === 0) return [];
  const [counted] = await tx.execute<{ collected: number }>(sql`
    select count(*)::int as collected from orders
    where distributor_id = ${order.distributorId} and lower(email) = ${emailKey(order.email)} and state = 'placed' and fulfilment_state = 'collected'`);
  const [customer] = await tx
    .select({ id: customers.id, tags: customers.tags })
    .from(customers)
    .where(and(eq(customers.distributorId, order.distributorId), sql`lower(${customers.email}) = ${emailKey(order.email)}`))
    .for("update");
  if (!customer) return [];
  const added = autoTagsReached(autoTags, Number(counted?.collected ?? 0), customer.tags);
  if (added.length === 0) return [];
  await tx
    .update(customers)
    .set({ tags: [...new Set([...customer.tags, ...added])].sort(), updatedAt: new Date() })
    .where(eq(customers.id, customer.id));
  return added;
}

/** A collected order: its points and the tags it brings, in the collection's transaction. */
export async function afterOrderCollected(tx: Executor, orderId: string, now: Date): Promise<void> {
  await earnForOrder(tx, orderId, now);
  await applyAutoTags(tx, orderId);
}

/**
 * A cancelled order gives back the credit that paid it: one refund record of method `credit` and
 * one `refund` entry, once (the key `refund:<orderId>`).
 */
export async function refundCreditOfCancelled(tx: Executor, orderId: string, now: Date): Promise<void> {
  const paid = await creditPaidOn(tx, orderId);
  if (paid <= 0) return;
  const [order] = await tx.select({ distributorId: orders.distributorId, email: orders.email }).from(orders).where(eq(orders.id, orderId));
  if (!order) return;
  const moved = await moveCredit(tx, {
    distributorId: order.distributorId,
    email: order.email,
    kind: "refund",
    amountCents: paid,
    orderId,
    entryKey: `refund:${orderId}`,
    now,
  });
  if ("duplicate" in moved) return;
  await tx.insert(payments).values({ orderId, kind: "refund", method: "credit", amountCents: paid, state: "completed", occurredAt: now, note: "" });
}
