// The settings page's loyalty form and the customers page's credit form as command input. Pure;
// the commands validate the result, and their field names are the forms' own.
import { invalidField } from "#app/domain/errors";
import { parseMoney } from "#app/domain/money";
import type { AutoTagRule } from "./rules";

type Fields = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
/** A whole number typed in a box; anything else is passed on for the schema to refuse. */
const whole = (value: unknown) => (/^\d{1,7}$/.test(text(value)) ? Number(text(value)) : text(value) === "" ? undefined : Number.NaN);

/** One automatic tag per line, "vip: 10" (the tag, then after how many collected orders). */
function autoTagsFromText(value: string): AutoTagRule[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(.+?)\s*[:=]\s*(\d{1,4})$/.exec(line);
      if (!match) throw invalidField("autoTags", "autoTagLine", { line });
      return { tag: match[1].trim(), afterCollectedOrders: Number(match[2]) };
    });
}

export const autoTagsText = (rules: readonly AutoTagRule[]) => rules.map((rule) => `${rule.tag}: ${rule.afterCollectedOrders}`).join("\n");

export function loyaltyFromForm(fields: Fields) {
  const enabled = fields.loyaltyEnabled === "on";
  return {
    loyalty: enabled ? { pointsPerEuro: whole(fields["loyalty.pointsPerEuro"]), centsPerPoint: whole(fields["loyalty.centsPerPoint"]) } : null,
    autoTags: autoTagsFromText(text(fields.autoTags)),
  };
}

/** "Give" or "Take back" an amount typed as money ("2,50"), with a note. */
export function creditAdjustmentFromForm(fields: Fields) {
  const raw = text(fields.amount);
  if (raw === "") throw invalidField("amountCents", "required");
  const amount = parseMoney(raw);
  if (amount === undefined) throw invalidField("amountCents", "notMoney");
  return { amountCents: fields.direction === "take" ? -amount : amount, note: text(fields.note) };
}
