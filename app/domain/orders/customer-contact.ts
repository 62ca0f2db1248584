// Who an order entered by a manager is for (docs/domain.md 12, decision 0048): an email (the key of
// the distributor's customer list), a name and a phone as given on the phone, a language for their
// emails. Pure: the command and the API share it.
import { z } from "zod";
import { locales } from "#app/i18n/config";

/** A phone as people write it: an optional leading +, digits with spaces, dots, dashes or brackets; 6 to 20 digits. */
export function isPhoneNumber(value: string): boolean {
  if (!/^\+?[0-9 ().-]+$/.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, "").length;
  return digits >= 6 && digits <= 20;
}

export const customerContactSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  name: z.string().trim().max(120).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .refine((value) => value === "" || isPhoneNumber(value), { error: "fields.invalidPhone" })
    .optional(),
  /** The language of their emails; by default their account's, their last order's here, else the shop's. */
  locale: z.enum(locales).optional(),
});
