// Turns the catalogue's HTML forms into command input: money typed as "4,50", empty stock as
// unlimited, tax rates as percents. Pure, so the browser can use it to spot changed rows too.
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { centsToInput, parseMoney } from "#app/domain/money";
import { MAX_VARIANTS_PER_PRODUCT } from "./rules";

type Fields = Record<string, string | undefined>;

/** What a form field parses to: a value, or the raw text plus the reason it was refused. */
type Parsed<T> = { ok: true; value: T } | { ok: false; raw: string; key: string };

export function readMoney(raw: string | undefined): Parsed<number> {
  const text = (raw ?? "").trim();
  if (text === "") return { ok: false, raw: text, key: "required" };
  const amount = parseMoney(text);
  return amount === undefined ? { ok: false, raw: text, key: "notMoney" } : { ok: true, value: amount };
}

/** Empty means unlimited stock (null). */
export function readStock(raw: string | undefined): Parsed<number | null> {
  const text = (raw ?? "").trim();
  if (text === "") return { ok: true, value: null };
  return /^\d{1,10}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, raw: text, key: "wholeNumber" };
}

/** Weight in grams; empty means not given (null). */
function readWeight(raw: string | undefined): Parsed<number | null> {
  const text = (raw ?? "").trim().replace(/\s/g, "");
  if (text === "") return { ok: true, value: null };
  return /^\d{1,10}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, raw: text, key: "wholeNumber" };
}

/** A percent typed as "5,5", "5.5" or "5.5 %" into basis points (550); empty is 0. */
export function readTaxRate(raw: string | undefined): Parsed<number> {
  const text = (raw ?? "").trim().replace(/\s*%$/, "").replace(",", ".");
  if (text === "") return { ok: true, value: 0 };
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return { ok: false, raw: text, key: "percent" };
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return basisPoints <= 10_000 ? { ok: true, value: basisPoints } : { ok: false, raw: text, key: "percent" };
}

/** Basis points as the text of a tax-rate field, in the reader's decimal style ("5,5" in French). */
export function taxRateToInput(basisPoints: number, locale: string): string {
  const text = String(basisPoints / 100);
  return locale === "fr" ? text.replace(".", ",") : text;
}

/** A value for the command: the parsed value, or the raw text so the command's schema refuses it too. */
function take<T>(parsed: Parsed<T>, field: string, errors: FieldErrors): T | string {
  if (parsed.ok) return parsed.value;
  errors[field] = { key: parsed.key };
  return parsed.raw;
}

export type FormParse<T> = {
  input: T;
  /** Reasons found while reading the form, keyed by input name. */
  errors: FieldErrors;
  /** Maps a field error of the command (e.g. `variants.1.priceCents`) to the input that shows it. */
  fieldName: (commandField: string) => string;
};

const rowField = /^variants\.(\d{1,3})\.(name|price|stock|weight)$/;

/** The new-product form: name, description, tax rate and rows `variants.<i>.{name,price,stock,weight}`; blank rows are skipped. */
export function productFromForm(fields: Fields): FormParse<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const rows = new Set<number>();
  for (const name of Object.keys(fields)) {
    const match = rowField.exec(name);
    if (match) rows.add(Number(match[1]));
  }
  const filled = [...rows]
    .sort((a, b) => a - b)
    .filter((row) => ["name", "price", "stock", "weight"].some((part) => (fields[`variants.${row}.${part}`] ?? "").trim() !== ""));
  const variants = filled.slice(0, MAX_VARIANTS_PER_PRODUCT + 1).map((row) => {
    const field = (part: string) => `variants.${row}.${part}`;
    return {
      name: fields[field("name")] ?? "",
      priceCents: take(readMoney(fields[field("price")]), field("price"), errors),
      stock: take(readStock(fields[field("stock")]), field("stock"), errors),
      weightGrams: take(readWeight(fields[field("weight")]), field("weight"), errors),
      soldByWeight: fields[field("soldByWeight")] === "on",
      unitsPerCase: readUnitsPerCase(fields[field("unitsPerCase")]),
    };
  });
  const input: Record<string, unknown> = {
    name: fields.name ?? "",
    description: fields.description ?? "",
    taxRateBasisPoints: take(readTaxRate(fields.taxRate), "taxRate", errors),
    category: readCategory(fields.category),
    variants,
  };
  const fieldName = (commandField: string) => {
    if (commandField === "taxRateBasisPoints") return "taxRate";
    const match = /^variants\.(\d+)\.(name|priceCents|stock|weightGrams|unitsPerCase)$/.exec(commandField);
    if (!match) return commandField;
    const row = filled[Number(match[1])] ?? Number(match[1]);
    const part = { name: "name", priceCents: "price", stock: "stock", weightGrams: "weight", unitsPerCase: "unitsPerCase" }[match[2]]!;
    return `variants.${row}.${part}`;
  };
  return { input, errors, fieldName };
}

/** The category select: empty is uncategorised; anything else is passed on for the schema to check against the list. */
function readCategory(raw: string | undefined): string | null {
  const value = (raw ?? "").trim();
  return value === "" ? null : value;
}

/** A case size: empty keeps the default (sold singly); anything else is passed on as a number for the schema to check. */
function readUnitsPerCase(raw: string | undefined): number | string | undefined {
  const value = (raw ?? "").trim();
  if (value === "") return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The product-details form on the edit page. */
export function productDetailsFromForm(fields: Fields): FormParse<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const input = {
    name: fields.name ?? "",
    description: fields.description ?? "",
    taxRateBasisPoints: take(readTaxRate(fields.taxRate), "taxRate", errors),
    category: readCategory(fields.category),
  };
  return { input, errors, fieldName: (field) => (field === "taxRateBasisPoints" ? "taxRate" : field) };
}

/** One row of the add-a-variant form. */
export function newVariantFromForm(fields: Fields): FormParse<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const input = {
    name: fields.name ?? "",
    priceCents: take(readMoney(fields.price), "price", errors),
    stock: take(readStock(fields.stock), "stock", errors),
    weightGrams: take(readWeight(fields.weight), "weight", errors),
    soldByWeight: fields.soldByWeight === "on",
    unitsPerCase: readUnitsPerCase(fields.unitsPerCase),
  };
  const names: Record<string, string> = { priceCents: "price", weightGrams: "weight" };
  return { input, errors, fieldName: (field) => names[field] ?? field };
}

// The inline-edit table names its inputs `<part>.<variantId>` and carries what the page showed in
// `<part>Was.<variantId>`. Only a value that differs from what was shown is sent: a stock the
// manager did not touch is never written back over a checkout that ran since the page loaded.
export type EditablePart = "name" | "price" | "stock" | "weight" | "unitsPerCase";

/** The comparable form of a typed value: "4,5" and "4.50" are the same price. */
function normalisedCell(part: EditablePart, raw: string | undefined): string {
  const text = (raw ?? "").trim();
  if (part === "name") return text;
  // Empty and 1 both mean sold singly.
  if (part === "unitsPerCase") return text === "" ? "1" : /^\d+$/.test(text) ? String(Number(text)) : `raw:${text}`;
  const parsed = part === "price" ? readMoney(text) : part === "stock" ? readStock(text) : readWeight(text);
  return parsed.ok ? String(parsed.value) : `raw:${text}`;
}

export function isCellChanged(part: EditablePart, typed: string | undefined, shown: string | undefined): boolean {
  return normalisedCell(part, typed) !== normalisedCell(part, shown);
}

/** The text an editable cell shows for a stored value, prices in the reader's decimal style. */
export function cellText(part: EditablePart, value: string | number | null, locale = "en"): string {
  if (value === null) return "";
  if (part === "unitsPerCase") return Number(value) > 1 ? String(value) : "";
  if (part === "price") return moneyInput(Number(value), locale);
  return String(value);
}

/** Cents as the text of a money field: "4.50", or "4,50" in French. */
export function moneyInput(amount: number, locale: string): string {
  const text = centsToInput(amount);
  return locale === "fr" ? text.replace(".", ",") : text;
}

const cellField = /^(name|price|stock|weight|unitsPerCase)\.(.{1,64})$/;
const commandPart: Record<string, EditablePart> = { name: "name", priceCents: "price", stock: "stock", weightGrams: "weight", unitsPerCase: "unitsPerCase" };

/** The changed cells of an inline-edit table as variant edits, in the order the rows came. */
export function variantEditsFromForm(fields: Fields): FormParse<{ variants: Record<string, unknown>[] }> {
  const errors: FieldErrors = {};
  const byId = new Map<string, Record<string, unknown>>();
  for (const [name, typed] of Object.entries(fields)) {
    const match = cellField.exec(name);
    if (!match) continue;
    const part = match[1] as EditablePart;
    const variantId = match[2];
    const shownName = `${part}Was.${variantId}`;
    if (!(shownName in fields) || !isCellChanged(part, typed, fields[shownName])) continue;
    const edit = byId.get(variantId) ?? { id: variantId };
    if (part === "name") edit.name = typed ?? "";
    if (part === "price") edit.priceCents = take(readMoney(typed), name, errors);
    if (part === "stock") edit.stock = take(readStock(typed), name, errors);
    if (part === "weight") edit.weightGrams = take(readWeight(typed), name, errors);
    // Cleared: sold singly again.
    if (part === "unitsPerCase") edit.unitsPerCase = readUnitsPerCase(typed) ?? 1;
    byId.set(variantId, edit);
  }
  const variants = [...byId.values()];
  const fieldName = (commandField: string) => {
    const match = /^variants\.(\d+)\.(name|priceCents|stock|weightGrams|unitsPerCase)$/.exec(commandField);
    if (!match) return commandField;
    const edit = variants[Number(match[1])];
    return edit ? `${commandPart[match[2]]}.${String(edit.id)}` : commandField;
  };
  return { input: { variants }, errors, fieldName };
}

/**
 * Runs a command with input parsed from a form: field errors of the command are renamed to the
 * form's inputs and joined with those found while reading the form, so every error shows at once.
 * Form errors always leave a raw string in the input, which the command's schema refuses: a form
 * with errors never writes anything.
 */
export async function withFormErrors<T>(parse: FormParse<unknown>, command: () => Promise<T>): Promise<T> {
  try {
    const result = await command();
    if (Object.keys(parse.errors).length > 0) throw new DomainError("validation_failed", parse.errors);
    return result;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "validation_failed") throw error;
    const renamed: FieldErrors = {};
    for (const [field, reason] of Object.entries(error.fields)) renamed[parse.fieldName(field)] ??= reason;
    throw new DomainError("validation_failed", { ...renamed, ...parse.errors }, error.values);
  }
}
