// A distributor's loyalty setting and automatic tags, read and written beside its other shop
// preferences (PATCH /enterprises/:id/shop-preferences, decision 0052).
import { sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { loyaltySettings } from "#db/schema";
import { loyaltySettingOf, type LoyaltySetting } from "./ledger.server";
import { normaliseAutoTags, type AutoTagRule, type LoyaltyRates } from "./rules";

export type LoyaltyChanges = { loyalty?: LoyaltyRates | null; autoTags?: AutoTagRule[] };

export function loyaltyPreferencesOf(distributorId: string, db: Executor = getDb()): Promise<LoyaltySetting> {
  return loyaltySettingOf(db, distributorId);
}

/** Writes the fields given (an absent one stays as it is); answers the setting as it then is. */
export async function saveLoyaltyPreferences(db: Executor, distributorId: string, changes: LoyaltyChanges): Promise<LoyaltySetting> {
  if (changes.loyalty === undefined && changes.autoTags === undefined) return loyaltySettingOf(db, distributorId);
  const rates = changes.loyalty;
  const autoTags = changes.autoTags ? normaliseAutoTags(changes.autoTags) : undefined;
  await db
    .insert(loyaltySettings)
    .values({
      distributorId,
      pointsPerEuro: rates?.pointsPerEuro ?? null,
      centsPerPoint: rates?.centsPerPoint ?? null,
      autoTags: autoTags ?? [],
    })
    .onConflictDoUpdate({
      target: loyaltySettings.distributorId,
      set: {
        ...(rates !== undefined ? { pointsPerEuro: rates?.pointsPerEuro ?? null, centsPerPoint: rates?.centsPerPoint ?? null } : {}),
        ...(autoTags !== undefined ? { autoTags } : {}),
        updatedAt: sql`now()`,
      },
    });
  return loyaltySettingOf(db, distributorId);
}
