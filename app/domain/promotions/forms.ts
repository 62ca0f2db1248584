// The manager's promo code forms as the commands' input (pure): money typed as 12,50 or 12.50, a
// percent with a comma or a point, instants as wall-clock times in the enterprise's zone. What does
// not parse is refused here, at its own field, before the command.
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { parseMoney } from "#app/domain/money";
import { parseLocalDateTime } from "#app/domain/time";

type Form = Record<string, string | string[] | undefined>;

const text = (form: Form, name: string) => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : (value ?? "")).trim();
};
const list = (form: Form, name: string) => {
  const value = form[name];
  return (Array.isArray(value) ? value : value ? [value] : []).map((item) => item.trim()).filter(Boolean);
};

function reader(form: Form, zone: string) {
  const errors: FieldErrors = {};
  return {
    errors,
    money(name: string): number | null {
      const typed = text(form, name);
      if (typed === "") return null;
      const amount = parseMoney(typed.replace(/^-/, ""));
      if (amount === undefined || typed.startsWith("-")) errors[name] = { key: typed.startsWith("-") ? "amountPositive" : "notMoney" };
      return amount ?? null;
    },
    number(name: string): number | null {
      const typed = text(form, name).replace(",", ".");
      if (typed === "") return null;
      const value = /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : Number.NaN;
      if (Number.isNaN(value)) errors[name] = { key: "invalidType" };
      return value;
    },
    instant(name: string): string | null {
      const typed = text(form, name);
      if (typed === "") return null;
      const instant = parseLocalDateTime(typed, zone);
      if (!instant) errors[name] = { key: "invalidDateTime" };
      return instant?.toISOString() ?? null;
    },
  };
}

/** The create form as createPromoCode's input. */
export function promoCodeFromForm(form: Form, zone: string) {
  const read = reader(form, zone);
  const kind = text(form, "kind");
  const input = {
    code: text(form, "code"),
    kind,
    ...(kind === "percent" ? { percent: read.number("percent") ?? undefined } : {}),
    ...(kind === "amount" ? { amountCents: read.money("amountCents") ?? undefined } : {}),
    minSubtotalCents: read.money("minSubtotalCents"),
    startsAt: read.instant("startsAt"),
    endsAt: read.instant("endsAt"),
    maxUses: read.number("maxUses"),
    maxUsesPerCustomer: read.number("maxUsesPerCustomer"),
    orderCycleIds: list(form, "orderCycleIds"),
    tags: text(form, "tags")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  };
  if (Object.keys(read.errors).length) throw new DomainError("validation_failed", read.errors);
  return input;
}

/** A row's change form (end and total uses; blank clears them) as updatePromoCode's input. */
export function promoCodeChangeFromForm(form: Form, zone: string) {
  const read = reader(form, zone);
  const input = { endsAt: read.instant("endsAt"), maxUses: read.number("maxUses") };
  if (Object.keys(read.errors).length) throw new DomainError("validation_failed", read.errors);
  return input;
}
