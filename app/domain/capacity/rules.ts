// Capacity caps and per-buyer limits (docs/domain.md 12, decision 0046): the pure rules. The
// counters and locks that keep them exact live in ./places.server and ./buyer-limits.server.
import { DomainError, type FieldErrors } from "#app/domain/errors";

/** The largest cap or limit a form or the API may set. */
export const MAX_CAP = 100_000;

/** A cap or limit as typed: null (or empty) is none; otherwise a whole number from 1. The error key when it is not. */
export function capError(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) return "wholePositive";
  if (value < 1) return "wholePositive";
  if (value > MAX_CAP) return "tooBig";
  return undefined;
}

/** A form's text for a cap: blank is none, else the number it reads as (NaN when it is not one, refused by capError). */
export function capFromText(text: string | null | undefined): number | null {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Whether a place is left under a cap: uncapped always; otherwise fewer placed than the cap. */
export function hasPlace(cap: { maxOrders: number | null; placedOrders: number }): boolean {
  return cap.maxOrders === null || cap.placedOrders < cap.maxOrders;
}

/** How many more units of a limited variant a buyer may ask for, given what their placed orders already hold. */
export function unitsLeft(maxPerBuyer: number, alreadyOrdered: number): number {
  return Math.max(0, maxPerBuyer - alreadyOrdered);
}

/**
 * Pure: the lines over their variant's per-buyer limit, as field errors at `lines.<variantId>`.
 * `ordered` is what the buyer's other placed orders in the cycle hold of each variant; `previous`
 * is what the order being changed held (a line not raised is never refused, even if a manager set
 * it above the limit).
 */
export function limitErrors(
  lines: readonly { variantId: string; quantity: number }[],
  limits: ReadonlyMap<string, number>,
  ordered: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number> = new Map(),
): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of lines) {
    const max = limits.get(line.variantId);
    if (max === undefined) continue;
    if (line.quantity <= (previous.get(line.variantId) ?? 0)) continue;
    const already = ordered.get(line.variantId) ?? 0;
    if (already + line.quantity <= max) continue;
    const left = unitsLeft(max, already);
    errors[`lines.${line.variantId}`] = left > 0 ? { key: "perBuyerLimit", values: { max, count: left } } : { key: "perBuyerLimitReached", values: { max } };
  }
  return errors;
}

/** A form's cap field: blank is none; anything but a whole number from 1 is refused at that field. */
export function capFromField(field: string, text: FormDataEntryValue | null): number | null {
  const value = capFromText(typeof text === "string" ? text : "");
  const error = capError(value);
  if (error) throw new DomainError("validation_failed", { [field]: error === "tooBig" ? { key: "tooBig", values: { max: MAX_CAP } } : { key: error } });
  return value;
}

/** Every `<prefix><id>` field of a form as {id, max}, each checked at its own field. */
export function capsFromForm(form: FormData, prefix: string): { id: string; max: number | null }[] {
  const caps: { id: string; max: number | null }[] = [];
  const errors: FieldErrors = {};
  for (const [name, text] of form) {
    if (!name.startsWith(prefix)) continue;
    try {
      caps.push({ id: name.slice(prefix.length), max: capFromField(name, text) });
    } catch (error) {
      if (error instanceof DomainError) Object.assign(errors, error.fields);
      else throw error;
    }
  }
  if (Object.keys(errors).length) throw new DomainError("validation_failed", errors);
  return caps;
}
