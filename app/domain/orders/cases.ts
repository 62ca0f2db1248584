// Case sizes (docs/domain.md 15, decision 0056): a variant sold by the case of N is ordered in
// units, N at a time. Pure: the rule, the refusal as a field error, and what stock allows.
import type { FieldError, FieldErrors } from "#app/domain/errors";

/** Whether a quantity (in units) is whole cases of the variant's size; a size of 1 (or less) is sold singly. */
export function isWholeCases(quantity: number, unitsPerCase: number): boolean {
  return unitsPerCase <= 1 || quantity % unitsPerCase === 0;
}

/** The refusal shown next to the quantity: "Sold by the case of 6: choose 6, 12, 18…". */
export function wholeCasesError(unitsPerCase: number): FieldError {
  return { key: "wholeCases", values: { size: unitsPerCase, first: unitsPerCase, second: 2 * unitsPerCase, third: 3 * unitsPerCase } };
}

/**
 * Pure: the lines that are not whole cases, as field errors at `field(variantId)` (by default
 * `lines.<variantId>`, where checkout and the API name a line). A variant missing from `sizes` is
 * left to the caller's own check (not for sale).
 */
export function caseErrors(
  lines: readonly { variantId: string; quantity: number }[],
  sizes: ReadonlyMap<string, number>,
  field: (variantId: string) => string = (variantId) => `lines.${variantId}`,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of lines) {
    const size = sizes.get(line.variantId);
    if (size === undefined || isWholeCases(line.quantity, size)) continue;
    errors[field(line.variantId)] = wholeCasesError(size);
  }
  return errors;
}

/**
 * Pure: the per-buyer limits set or changed in `requested` (by variant, in units) that are not whole
 * cases of their variant, as field errors at `field(variantId)`: "Sold by the case of 6: a limit per
 * buyer is whole cases, 6, 12, 18…". A limit kept as it was in `current` is not refused, though the
 * case size moved under it since: the coordinator is warned on the page instead (decision 0059).
 */
export function limitCaseErrors(
  requested: Readonly<Record<string, number>>,
  current: Readonly<Record<string, number>>,
  sizes: ReadonlyMap<string, number>,
  field: (variantId: string) => string = (variantId) => `limits.${variantId}`,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [variantId, max] of Object.entries(requested)) {
    const size = sizes.get(variantId) ?? 1;
    if (current[variantId] === max || isWholeCases(max, size)) continue;
    errors[field(variantId)] = { ...wholeCasesError(size), key: "limitWholeCases" };
  }
  return errors;
}

/** A limit kept from before its variant was sold by the case, no longer whole cases: the warning's values, with what it lets a buyer order; null when it is whole cases. */
export function staleLimit(max: number, unitsPerCase: number): FieldError | null {
  if (isWholeCases(max, unitsPerCase)) return null;
  return { key: "limitNotWholeCases", values: { ...wholeCasesError(unitsPerCase).values, allowed: largestWholeCases(max, unitsPerCase) } };
}

/** What can still be ordered of a stock: whole cases only (null, unlimited, stays null). */
export function orderableStock(stock: number | null, unitsPerCase: number): number | null {
  if (stock === null) return null;
  if (stock <= 0) return 0;
  return unitsPerCase <= 1 ? stock : Math.floor(stock / unitsPerCase) * unitsPerCase;
}

/** The largest quantity a line may hold under `max` units, in whole cases. */
export function largestWholeCases(max: number, unitsPerCase: number): number {
  return orderableStock(Math.max(0, max), unitsPerCase) ?? 0;
}

/** How a quantity reads in cases: `cases` whole ones of `size`; null when sold singly or not whole cases. */
export function casesOf(quantity: number, unitsPerCase: number): { cases: number; size: number } | null {
  if (unitsPerCase <= 1 || quantity <= 0 || !isWholeCases(quantity, unitsPerCase)) return null;
  return { cases: quantity / unitsPerCase, size: unitsPerCase };
}

/** The stepper's "+": the next whole number of cases above a quantity. */
export function stepUp(quantity: number, unitsPerCase: number): number {
  const size = Math.max(1, unitsPerCase);
  return (Math.floor(Math.max(0, quantity) / size) + 1) * size;
}

/** The stepper's "−": the whole number of cases below a quantity (0 at the least). */
export function stepDown(quantity: number, unitsPerCase: number): number {
  const size = Math.max(1, unitsPerCase);
  return Math.max(0, (Math.ceil(quantity / size) - 1) * size);
}
