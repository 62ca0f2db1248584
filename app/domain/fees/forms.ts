// Turns the fee form into command input: money typed as "0,50", percents as "12,5", one set of
// parameter fields per calculator (all are in the page without JavaScript: only the chosen one counts).
import type { FieldErrors } from "#app/domain/errors";
import { moneyInput, readMoney, readTaxRate, type FormParse } from "#app/domain/catalogue/forms";
import { calculatorParams, isCalculatorType, type CalculatorType } from "./calculators";

type Fields = Record<string, string | undefined>;
type Parsed<T> = { ok: true; value: T } | { ok: false; raw: string; key: string };

/** A percentage typed as "12,5", "12.5" or "12.5 %"; at most two decimals. The range is the schema's. */
export function readPercent(raw: string | undefined): Parsed<number> {
  const text = (raw ?? "").trim().replace(/\s*%$/, "");
  if (text === "") return { ok: false, raw: text, key: "required" };
  const match = /^(\d{1,3})(?:[.,](\d+))?$/.exec(text);
  if (!match) return { ok: false, raw: text, key: "percent" };
  if ((match[2] ?? "").length > 2) return { ok: false, raw: text, key: "percentDecimals" };
  return { ok: true, value: Number(`${match[1]}.${match[2] ?? "0"}`) };
}

/** A whole number of items, 1 or more (the schema checks the range). */
function readCount(raw: string | undefined): Parsed<number> {
  const text = (raw ?? "").trim();
  if (text === "") return { ok: false, raw: text, key: "required" };
  return /^\d{1,6}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, raw: text, key: "wholeNumber" };
}

/** The form input holding a calculator parameter, e.g. `flexible.maxItems`. */
export function paramInputName(type: CalculatorType, param: string): string {
  return `${type}.${param}`;
}

function readParam(param: string, raw: string | undefined): Parsed<number> {
  if (param === "percent") return readPercent(raw);
  if (param === "maxItems") return readCount(raw);
  return readMoney(raw);
}

/**
 * The add and edit forms. Without `calculatorType` (the edit form of a fee a cycle uses) the
 * calculator is left out and stays as it is.
 */
export function feeFromForm(fields: Fields, options: { partial?: boolean } = {}): FormParse<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const input: Record<string, unknown> = { name: fields.name ?? "", feeType: fields.feeType ?? "" };

  const type = fields.calculatorType;
  if (!(options.partial && type === undefined)) {
    if (isCalculatorType(type)) {
      const calculator: Record<string, unknown> = { type };
      for (const param of calculatorParams[type]) {
        const name = paramInputName(type, param);
        const parsed = readParam(param, fields[name]);
        if (parsed.ok) calculator[param] = parsed.value;
        else {
          calculator[param] = parsed.raw;
          errors[name] = { key: parsed.key };
        }
      }
      input.calculator = calculator;
    } else {
      input.calculator = { type: type ?? "" };
    }
  }

  const taxMode = fields.taxMode ?? "rate";
  input.taxFollowsProduct = taxMode === "product";
  if (taxMode === "product") input.taxRateBasisPoints = 0;
  else {
    const rate = readTaxRate(fields.taxRate);
    if (rate.ok) input.taxRateBasisPoints = rate.value;
    else {
      input.taxRateBasisPoints = rate.raw;
      errors.taxRate = { key: rate.key };
    }
  }

  const fieldName = (commandField: string) => {
    if (commandField === "calculator" || commandField === "calculator.type") return "calculatorType";
    if (commandField === "taxFollowsProduct") return "taxMode";
    if (commandField === "taxRateBasisPoints") return "taxRate";
    const match = /^calculator\.(\w+)$/.exec(commandField);
    if (match && isCalculatorType(type)) return paramInputName(type, match[1]);
    return commandField;
  };
  return { input, errors, fieldName };
}

/** The text a parameter field shows for a stored calculator, in the reader's decimal style; empty for other calculators. */
export function paramToInput(calculator: { type: string } | undefined, type: CalculatorType, param: string, locale: string): string {
  if (!calculator || calculator.type !== type) return "";
  const value = (calculator as unknown as Record<string, number>)[param];
  if (typeof value !== "number") return "";
  if (param === "maxItems") return String(value);
  if (param === "percent") return locale === "fr" ? String(value).replace(".", ",") : String(value);
  return moneyInput(value, locale);
}
