// A producer's statement of what it will deliver (docs/domain.md section 8, decision 0032): the
// input schema the page and PUT /order-cycles/:id/incoming/:supplierId/confirmation share, and
// the pure checks and merge of a statement with what is ordered now and what was said before.
import { z } from "zod";
import { DomainError, type FieldErrors } from "#app/domain/errors";

const MAX_NOTE = 2000;

/** A whole number 0 or more; a form's text "3" reads as 3. */
const quantity = z.preprocess(
  (value) => (typeof value === "string" && /^\s*-?\d{1,9}\s*$/.test(value) ? Number(value) : value),
  z.int({ error: (issue) => (issue.code === "invalid_type" && issue.input !== undefined && issue.input !== "" ? "fields.wholeNumber" : undefined) }).min(0),
);

export const confirmationSchema = z.strictObject({
  lines: z
    .array(z.strictObject({ variantId: z.string().min(1).max(100), deliverQuantity: quantity }))
    .max(1000)
    .default([]),
  note: z.string().trim().max(MAX_NOTE).optional(),
});

export type ConfirmationInput = z.output<typeof confirmationSchema>;

export type StatedLine = { variantId: string; orderedQuantity: number; deliverQuantity: number };

/**
 * Refuses, line by line, what cannot be stated: a variant twice, a variant not ordered from this
 * supplier in this cycle, more than is ordered now. `ordered` is what the cycle's placed orders
 * hold now (after any earlier shortage).
 */
export function checkStatement(input: ConfirmationInput, ordered: ReadonlyMap<string, number>): void {
  const fields: FieldErrors = {};
  const seen = new Set<string>();
  input.lines.forEach((line, index) => {
    const orderedNow = ordered.get(line.variantId) ?? 0;
    if (seen.has(line.variantId)) fields[`lines.${index}.variantId`] = { key: "duplicateVariant" };
    else if (orderedNow <= 0) fields[`lines.${index}.variantId`] = { key: "notOrderedFromSupplier" };
    else if (line.deliverQuantity > orderedNow) fields[`lines.${index}.deliverQuantity`] = { key: "atMostOrdered", values: { max: orderedNow } };
    seen.add(line.variantId);
  });
  if (Object.keys(fields).length > 0) throw new DomainError("validation_failed", fields);
}

/**
 * The statement to keep after this one. Each variant ordered now or stated before keeps, as
 * "ordered", the most that was ordered when the supplier answered (a shortage taken earlier is
 * not forgotten), and as "deliver" what this statement says, else what is ordered now. So a
 * second statement can lower a quantity further but never bring back what a shortage took
 * (decision 0032): the orders were lowered, only the coordinator can raise them again.
 */
export function mergeStatement(input: ConfirmationInput, ordered: ReadonlyMap<string, number>, previous: readonly StatedLine[]): StatedLine[] {
  const stated = new Map(input.lines.map((line) => [line.variantId, line.deliverQuantity]));
  const before = new Map(previous.map((line) => [line.variantId, line]));
  const ids = [...new Set([...ordered.keys(), ...before.keys()])];
  return ids.map((variantId) => {
    const orderedNow = ordered.get(variantId) ?? 0;
    const deliverQuantity = stated.get(variantId) ?? orderedNow;
    return { variantId, orderedQuantity: Math.max(before.get(variantId)?.orderedQuantity ?? 0, orderedNow), deliverQuantity };
  });
}

export const statementState = (lines: readonly StatedLine[]): "confirmed" | "short" =>
  lines.some((line) => line.deliverQuantity < line.orderedQuantity) ? "short" : "confirmed";

export const shortLines = (lines: readonly StatedLine[]) => lines.filter((line) => line.deliverQuantity < line.orderedQuantity);
