// Enterprise commands: create one (the caller owns and manages it), edit its profile, set its
// shop preferences. Each takes the actor, checks access first, validates with one schema from
// ./schemas and writes in one transaction.
import { normalisedReminderDays, type PickupReminderDay } from "#app/domain/pickup/reminder-days";
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, enterprises, users } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { normaliseKindFlags } from "./kinds";
import { enterpriseForActor } from "#app/domain/access/owned.server";
import { createEnterpriseSchema, invoicingFields, invoicingSchema, shopPreferencesSchema, updateEnterpriseSchema } from "./schemas";
import { saveLoyaltyPreferences } from "#app/domain/loyalty/settings.server";
import type { LoyaltySetting } from "#app/domain/loyalty/ledger.server";

export type CreatedEnterprise = {
  id: string;
  name: string;
  kind: "producer" | "hub" | "profile";
  isProducer: boolean;
  sellsOwnProducts: boolean;
  email: string;
  locale: string;
  timeZone: string;
  ownerId: string;
};

export async function createEnterprise(actor: Actor, input: unknown): Promise<CreatedEnterprise> {
  const data = parseWith(createEnterpriseSchema, input);
  const flags = normaliseKindFlags(data.kind, data);
  return getDb().transaction(async (tx) => {
    const [owner] = await tx.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, actor.userId));
    if (!owner) throw new DomainError("unauthenticated");
    const [row] = await tx
      .insert(enterprises)
      .values({
        name: data.name,
        kind: data.kind,
        ...flags,
        email: data.email ?? owner.email,
        locale: data.locale ?? (owner.locale === "fr" ? "fr" : "en"),
        timeZone: data.timeZone ?? "UTC",
        ownerId: actor.userId,
      })
      .returning();
    await tx.insert(enterpriseManagers).values({ enterpriseId: row.id, userId: actor.userId });
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as CreatedEnterprise["kind"],
      isProducer: row.isProducer,
      sellsOwnProducts: row.sellsOwnProducts,
      email: row.email,
      locale: row.locale,
      timeZone: row.timeZone,
      ownerId: row.ownerId,
    };
  });
}

/**
 * Managers of the enterprise and holders of edit_profile change its profile; the kind stays. Its
 * legal identity on invoices (the invoicing fields) is its own managers' only: anyone else sending
 * one is refused whole (403), nothing written.
 */
export async function updateEnterprise(actor: Actor, enterpriseId: string, input: unknown): Promise<void> {
  const { enterprise, access } = await enterpriseForActor(actor, enterpriseId, "editProfile");
  const body = (input ?? {}) as Record<string, unknown>;
  const kind = body.kind;
  if (kind !== undefined && kind !== enterprise.kind) throw invalidField("kind", "enterpriseKindFixed");
  const profileInput = Object.fromEntries(Object.entries(body).filter(([name]) => !(invoicingFields as readonly string[]).includes(name)));
  const invoicingInput = Object.fromEntries(Object.entries(body).filter(([name]) => (invoicingFields as readonly string[]).includes(name)));
  if (Object.keys(invoicingInput).length > 0 && !access.canAdminister) throw new DomainError("forbidden");
  const data = { ...parseWith(updateEnterpriseSchema, profileInput), ...parseWith(invoicingSchema, invoicingInput) };
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) return;
  await getDb()
    .update(enterprises)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(enterprises.id, enterprise.id));
}

export type ShopPreferences = {
  orderCyclesSortedBy: "closes_at" | "opens_at";
  suppliersSeeBuyerNames: boolean;
  pickupReminderDays: PickupReminderDay[];
  announceOpenCycles: boolean;
  closingReminderHours: number | null;
} & LoyaltySetting;

/** How the enterprise's shop behaves: its own managers only. */
export async function updateShopPreferences(actor: Actor, enterpriseId: string, input: unknown): Promise<ShopPreferences> {
  const { enterprise } = await enterpriseForActor(actor, enterpriseId, "administer");
  const { loyalty, autoTags, ...data } = parseWith(shopPreferencesSchema, input);
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
  let row: {
    orderCyclesSortedBy: string;
    suppliersSeeBuyerNames: boolean;
    pickupReminderDays: number[];
    announceOpenCycles: boolean;
    closingReminderHours: number | null;
  } = enterprise;
  if (Object.keys(changes).length > 0) {
    [row] = await getDb()
      .update(enterprises)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(enterprises.id, enterprise.id))
      .returning({
        orderCyclesSortedBy: enterprises.orderCyclesSortedBy,
        suppliersSeeBuyerNames: enterprises.suppliersSeeBuyerNames,
        pickupReminderDays: enterprises.pickupReminderDays,
        announceOpenCycles: enterprises.announceOpenCycles,
        closingReminderHours: enterprises.closingReminderHours,
      });
  }
  const loyaltySetting = await saveLoyaltyPreferences(getDb(), enterprise.id, { loyalty, autoTags });
  return {
    orderCyclesSortedBy: row.orderCyclesSortedBy as ShopPreferences["orderCyclesSortedBy"],
    suppliersSeeBuyerNames: row.suppliersSeeBuyerNames,
    pickupReminderDays: normalisedReminderDays(row.pickupReminderDays),
    ...loyaltySetting,
    announceOpenCycles: row.announceOpenCycles,
    closingReminderHours: row.closingReminderHours,
  };
}
