// A promo code at checkout (docs/domain.md 13, decision 0051): finding the code an order may use,
// checking it with the pure rules, and its counters. An order takes a use from the code's counter
// (and the buyer's) in its own transaction, with a conditional update that is the check; a
// cancellation gives it back. Never a count followed by an insert.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { customers, enterprises, orderCycles, promoCodeCustomerUses, promoCodes } from "#db/schema";
import { DomainError } from "#app/domain/errors";
import { formatMoney } from "#app/i18n/format";
import type { Locale } from "#app/i18n/config";
import { normaliseCode, promoRefusal, type AppliedPromo, type PromoKind, type PromoTerms } from "./rules";

type OfferedCode = PromoTerms & { ownerName: string };

/** The buyer as a code sees them: their email (a guest's too, for their own uses) and whether their tags count. */
export type PromoBuyer = { email: string; userId: string | null; tagsCount: boolean };

const termColumns = {
  id: promoCodes.id,
  ownerId: promoCodes.ownerId,
  code: promoCodes.code,
  kind: promoCodes.kind,
  percentBasisPoints: promoCodes.percentBasisPoints,
  amountCents: promoCodes.amountCents,
  minSubtotalCents: promoCodes.minSubtotalCents,
  startsAt: promoCodes.startsAt,
  endsAt: promoCodes.endsAt,
  maxUses: promoCodes.maxUses,
  maxUsesPerCustomer: promoCodes.maxUsesPerCustomer,
  uses: promoCodes.uses,
  orderCycleIds: promoCodes.orderCycleIds,
  tags: promoCodes.tags,
  active: promoCodes.active,
};

export function termsOf(row: { [K in keyof typeof termColumns]: (typeof promoCodes.$inferSelect)[K] }): PromoTerms {
  return { ...row, kind: row.kind as PromoKind };
}

/**
 * The code of this text an order of this shop and cycle may use: the distributor's own, else the
 * cycle's coordinator's (matched case-insensitively).
 */
async function findOfferedCode(db: Executor, text: string, distributorId: string, orderCycleId: string): Promise<OfferedCode | undefined> {
  const rows = await db
    .select({ ...termColumns, ownerName: enterprises.name })
    .from(promoCodes)
    .innerJoin(enterprises, eq(enterprises.id, promoCodes.ownerId))
    .where(
      and(
        sql`lower(${promoCodes.code}) = ${normaliseCode(text).toLowerCase()}`,
        or(
          eq(promoCodes.ownerId, distributorId),
          eq(promoCodes.ownerId, sql`(select ${orderCycles.coordinatorId} from ${orderCycles} where ${orderCycles.id} = ${orderCycleId})`),
        ),
      ),
    );
  const row = rows.find((candidate) => candidate.ownerId === distributorId) ?? rows[0];
  return row ? { ...termsOf(row), ownerName: row.ownerName } : undefined;
}

/** The buyer's tags at the shop: a signed-in account's, or those of the customer a manager orders for; a guest holds none. */
async function buyerTags(db: Executor, distributorId: string, buyer: PromoBuyer): Promise<string[]> {
  if (!buyer.tagsCount) return [];
  const rows = await db
    .select({ tags: customers.tags })
    .from(customers)
    .where(
      and(
        eq(customers.distributorId, distributorId),
        or(buyer.userId ? eq(customers.userId, buyer.userId) : undefined, sql`lower(${customers.email}) = ${buyer.email.toLowerCase()}`),
      ),
    );
  return [...new Set(rows.flatMap((row) => row.tags))];
}

async function buyerUses(db: Executor, promoCodeId: string, email: string): Promise<number> {
  const [row] = await db
    .select({ uses: promoCodeCustomerUses.uses })
    .from(promoCodeCustomerUses)
    .where(and(eq(promoCodeCustomerUses.promoCodeId, promoCodeId), eq(promoCodeCustomerUses.email, email.toLowerCase())));
  return row?.uses ?? 0;
}

function refusal(key: string, values?: Record<string, string | number>) {
  const fields = { promoCode: { key, values } };
  return key === "promoExhausted" ? new DomainError("promo_code_exhausted", fields) : new DomainError("validation_failed", fields);
}

/**
 * The code an order may use, or the refusal at its `promoCode` field (409 `promo_code_exhausted`
 * when no use is left, 422 otherwise). Reads only: the checkout shows the discount with it, and
 * placing the order takes the use (takePromoUse).
 */
export async function checkPromoCode(
  db: Executor,
  input: { code: string; distributorId: string; orderCycleId: string; itemsTotalCents: number; buyer: PromoBuyer; now: Date; locale: Locale },
): Promise<AppliedPromo & { maxUsesPerCustomer: number | null }> {
  const found = await findOfferedCode(db, input.code, input.distributorId, input.orderCycleId);
  if (!found) throw refusal("promoUnknown");
  const [tags, uses] = await Promise.all([buyerTags(db, input.distributorId, input.buyer), input.buyer.email ? buyerUses(db, found.id, input.buyer.email) : 0]);
  const refused = promoRefusal(found, {
    orderCycleId: input.orderCycleId,
    itemsTotalCents: input.itemsTotalCents,
    buyerTags: tags,
    buyerUses: uses,
    now: input.now,
  });
  if (refused?.key === "promoBelowMinimum") throw refusal(refused.key, { min: formatMoney(Number(refused.values?.minCents ?? 0), input.locale) });
  if (refused) throw refusal(refused.key, refused.values);
  return {
    id: found.id,
    code: found.code,
    kind: found.kind,
    percentBasisPoints: found.percentBasisPoints,
    amountCents: found.amountCents,
    ownerName: found.ownerName,
    maxUsesPerCustomer: found.maxUsesPerCustomer,
  };
}

/**
 * Takes the order's use, in the order's transaction: +1 on the buyer's counter (refused past the
 * code's per-customer maximum), then +1 on the code's own (refused past its maximum, 409). Each is
 * one conditional statement on one row: concurrent orders wait for each other's row lock and
 * re-read the counter, so the code is never used past its maximum. A refusal rolls the order's
 * transaction back, the +1 with it.
 */
export async function takePromoUse(tx: Executor, promo: { id: string; maxUsesPerCustomer: number | null }, email: string) {
  const limit = promo.maxUsesPerCustomer;
  const mine = await tx.execute(sql`
    insert into ${promoCodeCustomerUses} (promo_code_id, email, uses) values (${promo.id}, ${email.toLowerCase()}, 1)
    on conflict (promo_code_id, email) do update set uses = ${promoCodeCustomerUses}.uses + 1
    where ${limit === null ? sql`true` : sql`${promoCodeCustomerUses}.uses < ${limit}`}
    returning uses`);
  if (mine.length === 0 || (limit !== null && Number((mine[0] as { uses: number }).uses) > limit)) throw refusal("promoUsedUpByYou");
  const taken = await tx.execute(sql`
    update ${promoCodes} set uses = uses + 1
    where id = ${promo.id} and active and (max_uses is null or uses < max_uses)
    returning uses`);
  if (taken.length === 0) throw refusal("promoExhausted");
}

/** Gives a cancelled order's use back to the code and to its buyer; the counters never go below 0. */
export async function freePromoUse(tx: Executor, order: { promoCodeId: string | null; email: string }) {
  await freePromoUses(tx, [order]);
}

/** The uses of many cancelled orders given back at once (a close's cancellations), in one statement: each counter lowered by its orders' count. */
export async function freePromoUses(tx: Executor, orders: readonly { promoCodeId: string | null; email: string }[]) {
  const mine = new Map<string, { promo: string; email: string; n: number }>();
  const codes = new Map<string, number>();
  for (const order of orders) {
    if (!order.promoCodeId) continue;
    const email = order.email.toLowerCase();
    const key = JSON.stringify([order.promoCodeId, email]);
    mine.set(key, { promo: order.promoCodeId, email, n: (mine.get(key)?.n ?? 0) + 1 });
    codes.set(order.promoCodeId, (codes.get(order.promoCodeId) ?? 0) + 1);
  }
  if (codes.size === 0) return;
  await tx.execute(sql`
    with mine as (
      update ${promoCodeCustomerUses} u set uses = greatest(u.uses - w.n, 0)
      from json_to_recordset(${JSON.stringify([...mine.values()])}::json) as w(promo text, email text, n int)
      where u.promo_code_id = w.promo and u.email = w.email
      returning 1
    )
    update ${promoCodes} pc set uses = greatest(pc.uses - w.n, 0)
    from unnest(${sql.param([...codes.keys()])}::text[], ${sql.param([...codes.values()])}::int[]) as w(id, n)
    where pc.id = w.id`);
}

/** The code a placed order holds, as re-pricing applies it again (its text and owner as they were). */
export async function appliedPromoOf(tx: Executor, promoCodeId: string | null): Promise<AppliedPromo | null> {
  if (!promoCodeId) return null;
  return (await appliedPromosOf(tx, [promoCodeId])).get(promoCodeId) ?? null;
}

/** The codes many placed orders hold (a close re-pricing them together), read in one query, by id. */
export async function appliedPromosOf(tx: Executor, promoCodeIds: readonly (string | null)[]): Promise<Map<string, AppliedPromo>> {
  const ids = [...new Set(promoCodeIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ ...termColumns, ownerName: enterprises.name })
    .from(promoCodes)
    .innerJoin(enterprises, eq(enterprises.id, promoCodes.ownerId))
    .where(inArray(promoCodes.id, ids));
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        code: row.code,
        kind: row.kind as PromoKind,
        percentBasisPoints: row.percentBasisPoints,
        amountCents: row.amountCents,
        ownerName: row.ownerName,
      },
    ]),
  );
}
