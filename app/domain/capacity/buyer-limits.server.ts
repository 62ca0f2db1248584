// Per-buyer limits (docs/domain.md 12, decision 0046): at most N units of a variant per buyer per
// cycle, across the buyer's placed orders. Checked at checkout and when a buyer changes their order,
// under a lock per (cycle, buyer) so two checkouts of one buyer are checked one after the other.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { incomingExchanges, incomingExchangeVariants, orderLines, orders } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { limitErrors } from "./rules";

/** A buyer: a signed-in one by account, a guest by email; both by the email compared case-insensitively. */
export type LimitBuyer = { email: string; userId?: string | null };

/** The per-buyer limits of a cycle's variants, by variant id (only the limited ones). */
async function buyerLimitsOf(tx: Executor, cycleId: string, variantIds?: readonly string[]): Promise<Map<string, number>> {
  if (variantIds && variantIds.length === 0) return new Map();
  const rows = await tx
    .select({ variantId: incomingExchangeVariants.variantId, maxPerBuyer: incomingExchangeVariants.maxPerBuyer })
    .from(incomingExchangeVariants)
    .innerJoin(incomingExchanges, eq(incomingExchanges.id, incomingExchangeVariants.exchangeId))
    .where(
      and(
        eq(incomingExchanges.orderCycleId, cycleId),
        isNotNull(incomingExchangeVariants.maxPerBuyer),
        variantIds ? inArray(incomingExchangeVariants.variantId, [...variantIds]) : undefined,
      ),
    );
  return new Map(rows.map((row) => [row.variantId, row.maxPerBuyer!]));
}

/** Units of these variants in the buyer's placed orders of the cycle (by account or by email), leaving out one order. */
export async function unitsOrderedBy(tx: Executor, cycleId: string, buyer: LimitBuyer, variantIds: readonly string[], exceptOrderId?: string) {
  if (variantIds.length === 0) return new Map<string, number>();
  const email = buyer.email.trim().toLowerCase();
  const rows = await tx
    .select({ variantId: orderLines.variantId, units: sql<number>`sum(${orderLines.quantity})::int` })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        eq(orders.orderCycleId, cycleId),
        eq(orders.state, "placed"),
        buyer.userId ? sql`(lower(${orders.email}) = ${email} or ${orders.buyerId} = ${buyer.userId})` : sql`lower(${orders.email}) = ${email}`,
        inArray(orderLines.variantId, [...variantIds]),
        exceptOrderId ? sql`${orders.id} <> ${exceptOrderId}` : undefined,
      ),
    )
    .groupBy(orderLines.variantId);
  return new Map(rows.map((row) => [row.variantId, Number(row.units)]));
}

/**
 * Refuses lines that would take the buyer over a variant's limit (422 `limit_exceeded`, the error
 * at each line). When any line is limited, a transaction-scoped advisory lock on (cycle, lower(email))
 * is taken first, in its own statement, and the buyer's orders are counted after it: a second
 * checkout of the same buyer waits for the first to commit and then counts its order. Limits
 * themselves change only under the cycle's FOR UPDATE lock, which the caller's key share excludes.
 * Take it before any stock: every path that takes both takes them in this order.
 */
export async function checkBuyerLimits(
  tx: Executor,
  input: {
    cycleId: string;
    buyer: LimitBuyer;
    lines: readonly { variantId: string; quantity: number }[];
    exceptOrderId?: string;
    previous?: ReadonlyMap<string, number>;
    names?: ReadonlyMap<string, string>;
    /** The lines' limits when the caller read them already (checkout, with the variants): no query for them then. */
    limits?: ReadonlyMap<string, number>;
  },
) {
  const limits =
    input.limits ??
    (await buyerLimitsOf(
      tx,
      input.cycleId,
      input.lines.map((line) => line.variantId),
    ));
  if (limits.size === 0) return;
  await lockBuyer(tx, input.cycleId, input.buyer.email);
  const ordered = await unitsOrderedBy(tx, input.cycleId, input.buyer, [...limits.keys()], input.exceptOrderId);
  const errors = limitErrors(input.lines, limits, ordered, input.previous);
  const first = Object.keys(errors)[0];
  if (first) throw new DomainError("limit_exceeded", errors, { product: input.names?.get(first.slice("lines.".length)) ?? "" });
}

async function lockBuyer(tx: Executor, cycleId: string, email: string) {
  const key = `buyer-limit:${cycleId}:${email.trim().toLowerCase()}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
