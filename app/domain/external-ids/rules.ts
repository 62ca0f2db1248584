// External ids (decision 0044): another system's id for a record, so a CRM or ERP can map its own.
// Unique per owning enterprise, which partial unique indexes hold, so two writers racing with the
// same id cannot both win; the loser's statement fails and is answered at `externalId`.
import { z } from "zod";

const EXTERNAL_ID_MAX = 100;

/** Letters, digits and . _ : / # - (no spaces or quotes): what ERP and CRM keys are made of. */
const SAFE = /^[A-Za-z0-9._:/#-]+$/;

/** The id as set: trimmed, 1–100 safe characters; null clears it (absent leaves it as it is). */
export const externalIdField = z.string().trim().min(1).max(EXTERNAL_ID_MAX).regex(SAFE, { error: "fields.externalIdCharacters" }).nullable().optional();

/** A `?externalId=` search: the same rule, an empty value meaning no filter. */
export function externalIdSearch(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  return trimmed;
}

/** The unique indexes that hold external ids, by their names (db/schema). */
export function isExternalIdConstraint(constraint: string | undefined): boolean {
  return constraint !== undefined && constraint.endsWith("_external_id_idx");
}
