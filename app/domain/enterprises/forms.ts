// Turns the enterprise pages' HTML forms into command input: ticked boxes into booleans, an empty
// notification email into "use the owner's". Pure; the commands validate the result.

type Fields = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const ticked = (value: unknown) => value === "on" || value === "true";

export function createEnterpriseFromForm(fields: Fields) {
  const email = text(fields.email)?.trim();
  return {
    name: text(fields.name) ?? "",
    kind: text(fields.kind) ?? "",
    isProducer: ticked(fields.isProducer),
    sellsOwnProducts: ticked(fields.sellsOwnProducts),
    ...(email ? { email } : {}),
    locale: text(fields.locale),
    timeZone: text(fields.timeZone),
  };
}

export function profileFromForm(fields: Fields) {
  return {
    name: text(fields.name) ?? "",
    email: text(fields.email) ?? "",
    locale: text(fields.locale),
    timeZone: text(fields.timeZone),
    address: text(fields.address) ?? "",
    description: text(fields.description) ?? "",
  };
}

export function shopPreferencesFromForm(fields: Fields) {
  return {
    orderCyclesSortedBy: text(fields.orderCyclesSortedBy),
    suppliersSeeBuyerNames: ticked(fields.suppliersSeeBuyerNames),
    // Every box unticked is a choice too (no reminders): the form sends none of them.
    pickupReminderDays: (Array.isArray(fields.pickupReminderDays) ? fields.pickupReminderDays : []).map(Number),
    announceOpenCycles: ticked(fields.announceOpenCycles),
    closingReminderHours: hoursOrOff(text(fields.closingReminderHours)),
  };
}

/** The closing-reminder choice: "off" (or empty) is none, whole hours are a number, anything else goes to the schema to refuse. */
function hoursOrOff(value: string | undefined): number | null | string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "" || trimmed === "off") return null;
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** An empty prefix box leaves the prefix as it is (a prefix, once given, is never blank). */
export function invoicingFromForm(fields: Fields) {
  const prefix = text(fields.invoicePrefix)?.trim();
  return {
    legalName: text(fields.legalName) ?? "",
    companyNumber: text(fields.companyNumber) ?? "",
    vatNumber: text(fields.vatNumber) ?? "",
    ...(prefix ? { invoicePrefix: prefix } : {}),
    invoiceAtClose: ticked(fields.invoiceAtClose),
  };
}

/** The permission checkboxes of a row (`permissions` repeated); unknown names are left for the schema to refuse. */
export function permissionsFromForm(fields: Fields) {
  const values = Array.isArray(fields.permissions) ? fields.permissions.filter((value): value is string => typeof value === "string") : [];
  return { granteeId: text(fields.granteeId) ?? "", permissions: values };
}
