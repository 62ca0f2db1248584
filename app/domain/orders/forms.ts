// The hub's order-entry form (a phone or paper order, decision 0048) as the input of the commands of
// ./for-customer.server. Pure: each quantity is read at its own field (`qty:<variantId>`), a wrong
// quantity and a wrong contact are refused together, and the commands' field names are turned back
// into the form's so every error sits next to the field it is about.
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { customerContactSchema } from "./customer-contact";
import { MAX_QUANTITY } from "./lines";

/** The form's field for a variant's quantity. */
export const entryQuantityField = (variantId: string) => `qty:${variantId}`;

/** The lines the form gives: blank quantities are left out; anything but a whole number 0–999 is an error at its field. */
function linesFromForm(form: FormData) {
  const lines: { variantId: string; quantity: number }[] = [];
  const errors: FieldErrors = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("qty:") || typeof value !== "string" || value.trim() === "") continue;
    const quantity = Number(value.trim());
    if (!Number.isInteger(quantity) || quantity < 0) errors[name] = { key: "wholeNumber" };
    else if (quantity > MAX_QUANTITY) errors[name] = { key: "tooBig", values: { max: MAX_QUANTITY } };
    else lines.push({ variantId: name.slice("qty:".length), quantity });
  }
  return { lines, errors };
}

/** The contact's own errors, so a wrong quantity and a wrong email are shown together. */
function contactErrors(contact: Record<string, unknown>): FieldErrors {
  try {
    parseWith(customerContactSchema, contact);
    return {};
  } catch (error) {
    if (error instanceof DomainError) return error.fields;
    throw error;
  }
}

/**
 * What the form asks for: "Update total" (intent `quote`) prices the lines, anything else places
 * the order for the customer. Throws validation_failed, named after the form's fields, when a
 * quantity is not a whole number 0–999 (with the contact's errors too, unless only quoting).
 */
export function orderEntryFromForm(form: FormData, orderCycleId: string) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const onBehalfOf = { email: text("email"), name: text("name") || undefined, phone: text("phone") || undefined, locale: text("locale") || undefined };
  const { lines, errors } = linesFromForm(form);
  const isQuote = form.get("intent") === "quote";
  if (Object.keys(errors).length) throw new DomainError("validation_failed", { ...errors, ...(isQuote ? {} : contactErrors(onBehalfOf)) });
  const base = { distributorId: text("distributorId"), orderCycleId, lines };
  if (isQuote) return { intent: "quote" as const, input: { ...base, shippingMethodId: text("shippingMethodId") || undefined } };
  return {
    intent: "place" as const,
    input: {
      ...base,
      shippingMethodId: text("shippingMethodId"),
      paymentMethodId: text("paymentMethodId"),
      deliveryAddress: text("deliveryAddress") || undefined,
      onBehalfOf,
    },
  };
}

/** A command's field name as this form names its field: the contact without its `onBehalfOf.`, a line at its quantity. */
function entryFieldOf(name: string) {
  if (name.startsWith("onBehalfOf.")) return name.slice("onBehalfOf.".length);
  if (name.startsWith("lines.") && name.split(".").length === 2) return entryQuantityField(name.slice("lines.".length));
  return name;
}

/** The command's refusal with its fields named after the form's. */
export function orderEntryFormError(error: DomainError): DomainError {
  return new DomainError(error.code, Object.fromEntries(Object.entries(error.fields).map(([name, field]) => [entryFieldOf(name), field])), error.values);
}
