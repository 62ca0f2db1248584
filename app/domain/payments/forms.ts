// The hub's payment and refund forms (the order page) as command input: amounts typed as "12,50",
// and the commands' field names turned back into the form's, so each error sits at its field. Pure.
import { DomainError, invalidField } from "#app/domain/errors";
import { parseMoney } from "#app/domain/money";

type Read = (name: string) => string;

/** Where each command field's error is shown on the payment form; the cancelled order's refusal sits at the amount. */
export const paymentFormFields: Record<string, string> = { amountCents: "amount", payment: "amount", method: "method", receivedAt: "receivedOn", note: "note" };
export const refundFormFields: Record<string, string> = { amountCents: "refundAmount", method: "refundMethod", reason: "reason" };

/** An amount typed in the form: required, money, above zero. */
export function amountFromForm(raw: string, field: string): number {
  const text = raw.trim();
  if (text === "") throw invalidField(field, "required");
  const amount = parseMoney(text);
  if (amount === undefined) throw invalidField(field, "notMoney");
  if (amount <= 0) throw invalidField(field, "amountAboveZero");
  return amount;
}

const optional = (value: string) => (value.trim() === "" ? undefined : value);

/**
 * `today` is the hub's calendar day: money received today was received now (a day alone is taken
 * at noon UTC, which in the morning is still ahead and would be refused as in the future).
 */
export function paymentInputFromForm(read: Read, today: string) {
  const receivedOn = read("receivedOn").trim();
  return {
    amountCents: amountFromForm(read("amount"), "amount"),
    method: read("method"),
    receivedAt: receivedOn === today ? undefined : optional(receivedOn),
    note: optional(read("note")),
  };
}

export function refundInputFromForm(read: Read) {
  return {
    amountCents: amountFromForm(read("refundAmount"), "refundAmount"),
    method: optional(read("refundMethod")),
    reason: optional(read("reason")),
  };
}

/** The same error with its fields named as the form names them. */
export function atFormFields(error: DomainError, names: Record<string, string>): DomainError {
  const fields = Object.fromEntries(Object.entries(error.fields).map(([name, field]) => [names[name] ?? name, field]));
  return new DomainError(error.code, fields, error.values);
}
