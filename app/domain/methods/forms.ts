// Turns the shipping and payment method forms into command input (a fee typed as "4,50", its tax as "5,5").
import type { FieldErrors } from "#app/domain/errors";
import { readMoney, readTaxRate, type FormParse } from "#app/domain/catalogue/forms";

type Fields = Record<string, string | undefined>;

export function shippingMethodFromForm(fields: Fields, options: { withKind: boolean }): FormParse<Record<string, unknown>> {
  const errors: FieldErrors = {};
  const feeText = (fields.fee ?? "").trim();
  const fee = feeText === "" ? ({ ok: true, value: 0 } as const) : readMoney(feeText);
  const taxRate = readTaxRate(fields.taxRate);
  const input: Record<string, unknown> = {
    name: fields.name ?? "",
    address: fields.address ?? "",
    openingHours: fields.openingHours ?? "",
    description: fields.description ?? "",
    feeCents: fee.ok ? fee.value : fee.raw,
    taxRateBasisPoints: taxRate.ok ? taxRate.value : taxRate.raw,
  };
  if (!fee.ok) errors.fee = { key: fee.key };
  if (!taxRate.ok) errors.taxRate = { key: taxRate.key };
  if (options.withKind) input.kind = fields.kind ?? "";
  return { input, errors, fieldName: (field) => (field === "feeCents" ? "fee" : field === "taxRateBasisPoints" ? "taxRate" : field) };
}

export function paymentMethodFromForm(fields: Fields, options: { withKind: boolean }): FormParse<Record<string, unknown>> {
  const input: Record<string, unknown> = { name: fields.name ?? "", instructions: fields.instructions ?? "" };
  if (options.withKind) input.kind = fields.kind ?? "";
  return { input, errors: {}, fieldName: (field) => field };
}
