// Managing promo codes (docs/domain.md 13, docs/api.md): create, list with their uses, and change
// (switch off, move the end, change the total uses). Each command takes the actor and checks access
// first (the owner's own managers only); a refused input changes nothing.
import { and, asc, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycles, outgoingExchanges, promoCodes } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownedRecord, ownerEnterprise } from "#app/domain/access/owned.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { normaliseTags } from "#app/domain/order-cycles/exchange-updates";
import { createPromoCodeSchema, normaliseCode, storedValue, updatePromoCodeSchema, type PromoKind } from "./rules";

export type PromoCodeView = {
  id: string;
  enterpriseId: string;
  code: string;
  kind: PromoKind;
  percent: number | null;
  amountCents: number | null;
  minSubtotalCents: number | null;
  startsAt: string | null;
  endsAt: string | null;
  maxUses: number | null;
  maxUsesPerCustomer: number | null;
  uses: number;
  orderCycleIds: string[];
  tags: string[];
  active: boolean;
};

function toView(row: typeof promoCodes.$inferSelect): PromoCodeView {
  return {
    id: row.id,
    enterpriseId: row.ownerId,
    code: row.code,
    kind: row.kind as PromoKind,
    percent: row.percentBasisPoints === null ? null : row.percentBasisPoints / 100,
    amountCents: row.amountCents,
    minSubtotalCents: row.minSubtotalCents,
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    maxUses: row.maxUses,
    maxUsesPerCustomer: row.maxUsesPerCustomer,
    uses: row.uses,
    orderCycleIds: row.orderCycleIds,
    tags: row.tags,
    active: row.active,
  };
}

/** The codes of an enterprise, newest first, each with its uses (placed orders holding it). */
export async function listPromoCodes(actor: Actor, enterpriseId: string): Promise<PromoCodeView[]> {
  await ownerEnterprise(actor, enterpriseId, "promoCode", "see");
  const rows = await getDb().select().from(promoCodes).where(eq(promoCodes.ownerId, enterpriseId)).orderBy(desc(promoCodes.createdAt)).limit(500);
  return rows.map(toView);
}

/**
 * The manager's page: the enterprise (its name and zone, for the form's times), its codes, and the
 * cycles it may restrict a code to (those it coordinates or sells in that have not closed).
 */
export async function promoCodesPage(actor: Actor, enterpriseId: string) {
  const { enterprise } = await ownerEnterprise(actor, enterpriseId, "promoCode", "manage");
  const db = getDb();
  const [items, [zone], cycles] = await Promise.all([
    listPromoCodes(actor, enterpriseId),
    db.select({ timeZone: enterprises.timeZone }).from(enterprises).where(eq(enterprises.id, enterpriseId)),
    db
      .selectDistinct({ id: orderCycles.id, name: orderCycles.name, closesAt: orderCycles.closesAt })
      .from(orderCycles)
      .leftJoin(outgoingExchanges, eq(outgoingExchanges.orderCycleId, orderCycles.id))
      .where(
        and(
          or(eq(orderCycles.coordinatorId, enterpriseId), eq(outgoingExchanges.distributorId, enterpriseId)),
          or(isNull(orderCycles.closesAt), gt(orderCycles.closesAt, sql`now()`)),
        ),
      )
      .orderBy(asc(orderCycles.closesAt))
      .limit(30),
  ]);
  return { enterprise: { id: enterprise.id, name: enterprise.name, timeZone: zone?.timeZone ?? "UTC" }, items, cycles };
}

/** A new code; its text is unique per owner whatever its case (a duplicate is refused at the code's field). */
export async function createPromoCode(actor: Actor, enterpriseId: string, input: unknown): Promise<PromoCodeView> {
  await ownerEnterprise(actor, enterpriseId, "promoCode", "manage");
  const data = parseWith(createPromoCodeSchema, input);
  const code = normaliseCode(data.code);
  const [row] = await getDb()
    .insert(promoCodes)
    .values({
      ownerId: enterpriseId,
      code,
      kind: data.kind,
      ...storedValue(data),
      minSubtotalCents: data.minSubtotalCents ?? null,
      startsAt: toDate(data.startsAt),
      endsAt: toDate(data.endsAt),
      maxUses: data.maxUses ?? null,
      maxUsesPerCustomer: data.maxUsesPerCustomer ?? null,
      orderCycleIds: [...new Set(data.orderCycleIds ?? [])],
      tags: normaliseTags(data.tags ?? []),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw invalidField("code", "promoCodeTaken");
  return toView(row);
}

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null);

async function findCode(db: ReturnType<typeof getDb>, id: string) {
  const [row] = await db.select({ id: promoCodes.id, enterpriseId: promoCodes.ownerId }).from(promoCodes).where(eq(promoCodes.id, id));
  return row;
}

/**
 * Switches a code off or on, moves its end, or changes its total uses. The code's row is locked
 * while it changes, so orders taking a use wait: a maximum below the uses already taken is refused
 * at its field rather than racing them.
 */
export async function updatePromoCode(actor: Actor, promoCodeId: string, input: unknown): Promise<PromoCodeView> {
  await ownedRecord(actor, "promoCode", promoCodeId, "manage", findCode);
  const data = parseWith(updatePromoCodeSchema, input);
  return getDb().transaction(async (tx) => {
    const [current] = await tx.select().from(promoCodes).where(eq(promoCodes.id, promoCodeId)).for("update");
    if (!current) throw new DomainError("not_found");
    if (data.maxUses !== undefined && data.maxUses !== null && data.maxUses < current.uses) throw invalidField("maxUses", "belowUses", { uses: current.uses });
    const endsAt = toDate(data.endsAt);
    if (endsAt && current.startsAt && endsAt <= current.startsAt) throw invalidField("endsAt", "endsBeforeStart");
    const [row] = await tx
      .update(promoCodes)
      .set({
        ...(data.active !== undefined ? { active: data.active } : {}),
        ...(data.endsAt !== undefined ? { endsAt } : {}),
        ...(data.maxUses !== undefined ? { maxUses: data.maxUses } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(promoCodes.id, promoCodeId)))
      .returning();
    return toView(row);
  });
}
