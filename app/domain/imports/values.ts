// Reading one cell of an import: each column's rule, answering the value or the reason it is refused.
// Rules that exist elsewhere (money, external ids, a customer's email and tags) are reused from there.
import type { z } from "zod";
import { DomainError } from "#app/domain/errors";
import { externalIdField } from "#app/domain/external-ids/rules";
import { parseMoney } from "#app/domain/money";
import { parseWith } from "#app/domain/validation";

export type Reason = { key: string; values?: Record<string, string | number> };
export type Read<T> = { ok: true; value: T } | { ok: false; reason: Reason };

export const accept = <T>(value: T): Read<T> => ({ ok: true, value });
export const refuse = (key: string, values?: Reason["values"]): Read<never> => ({ ok: false, reason: { key, values } });

/** A value through a command's own zod field: its verdict as the same `errors:fields.*` key a form shows. */
export function throughSchema<S extends z.ZodType>(schema: S, value: unknown): Read<z.output<S>> {
  try {
    return accept(parseWith(schema, value));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const field = Object.values(error.fields)[0];
    return refuse(`errors:fields.${field?.key ?? "invalid"}`, field?.values);
  }
}

/** Text of 1..max characters, trimmed. */
export function requiredText(cell: string | undefined, max: number): Read<string> {
  const value = (cell ?? "").trim();
  if (value === "") return refuse("errors:fields.required");
  if (value.length > max) return refuse("errors:fields.tooLong", { max });
  return accept(value);
}

/** Tax-included price in the currency's units ("3.50" or "3,50") as integer cents, exactly. */
export function price(cell: string | undefined, max: number): Read<number> {
  const value = (cell ?? "").trim();
  if (value === "") return refuse("errors:fields.required");
  const amount = parseMoney(value);
  if (amount === undefined) return refuse("catalogue:imports.errors.notAPrice", { value });
  if (amount > max) return refuse("errors:fields.tooBig", { max: max / 100 });
  return accept(amount);
}

/** A whole number in [min, max]; an empty cell is `empty` (null for "unlimited" or "none"). */
export function wholeNumber<E>(cell: string | undefined, min: number, max: number, empty: E): Read<number | E> {
  const value = (cell ?? "").trim();
  if (value === "") return accept(empty);
  if (!/^-?\d+$/.test(value)) return refuse("catalogue:imports.errors.notAWholeNumber", { value });
  const number = Number(value);
  if (number < min) return refuse("errors:fields.tooSmall", { min });
  if (number > max) return refuse("errors:fields.tooBig", { max });
  return accept(number);
}

/** An external id (decision 0044's rule); empty leaves the record's own as it is. */
export function externalId(cell: string | undefined): Read<string | undefined> {
  const value = (cell ?? "").trim();
  if (value === "") return accept(undefined);
  return throughSchema(externalIdField, value) as Read<string | undefined>;
}

const YES = new Set(["yes", "y", "oui", "o", "true", "1"]);
const NO = new Set(["no", "n", "non", "false", "0"]);

/** yes / no (oui / non); empty leaves it as it is. */
export function yesNo(cell: string | undefined): Read<boolean | undefined> {
  const value = (cell ?? "").trim().toLowerCase();
  if (value === "") return accept(undefined);
  if (YES.has(value)) return accept(true);
  if (NO.has(value)) return accept(false);
  return refuse("catalogue:imports.errors.notYesNo", { value: cell!.trim() });
}
