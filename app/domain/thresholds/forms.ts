// The editor's Minimums form as the command's input (pure): one "applies to" choice for the scope
// and its parties, the minimum typed as money for an amount (12,50 or 12.50) and as a whole number
// for units or cases. An amount that is not money is refused here, at its field, before the command.
import { invalidField } from "#app/domain/errors";
import { parseMoney } from "#app/domain/money";

/** The "applies to" values: `cycle`, `supplier:<id>` or `pickup:<distributorId>:<shippingMethodId>`. */
export const cycleTarget = "cycle";
export const supplierTarget = (supplierId: string) => `supplier:${supplierId}`;
export const pickupTarget = (distributorId: string, shippingMethodId: string) => `pickup:${distributorId}:${shippingMethodId}`;

function targetFields(target: string): Record<string, string> {
  const [kind, first, second] = target.split(":");
  if (kind === "supplier" && first) return { scope: "supplier", supplierId: first };
  if (kind === "pickup" && first && second) return { scope: "shipping_method", distributorId: first, shippingMethodId: second };
  if (kind === "cycle") return { scope: "cycle" };
  return { scope: target };
}

export function thresholdFromForm(form: Record<string, string>) {
  const measure = form.measure ?? "";
  const typed = (form.minimum ?? "").trim();
  let minimum: number | undefined;
  if (typed !== "") {
    if (measure === "amount") {
      minimum = parseMoney(typed);
      if (minimum === undefined) throw invalidField("minimum", "notMoney");
    } else {
      minimum = /^-?\d+$/.test(typed) ? Number(typed) : Number.NaN;
      if (Number.isNaN(minimum)) throw invalidField("minimum", "wholeNumber");
    }
  }
  const policy = form.policy ?? "";
  const days = (form.extendDays ?? "").trim();
  return {
    ...targetFields(form.target ?? ""),
    measure,
    minimum,
    policy,
    extendDays: policy === "extend" && days !== "" ? (/^-?\d+$/.test(days) ? Number(days) : Number.NaN) : undefined,
  };
}

/** Field errors of the command named after the form's fields: the parties are the "applies to" choice. */
export function formFieldOf(field: string): string {
  return ["scope", "supplierId", "distributorId", "shippingMethodId"].includes(field) ? "target" : field;
}
