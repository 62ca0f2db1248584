// One zod schema per enterprise command; the API sends these shapes, the forms are read into them.
import { normalisedReminderDays, PICKUP_REMINDER_DAYS } from "#app/domain/pickup/reminder-days";
import { z } from "zod";
import { locales } from "#app/i18n/config";
import { permissionNames } from "#app/domain/access/enterprise-rules";
import { enterpriseKinds, isKnownTimeZone, shopSortOrders } from "./kinds";
import { loyaltyPreferenceFields } from "#app/domain/loyalty/rules";

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const name = z.string().trim().min(1).max(120);
const timeZone = z.string().trim().max(64).refine(isKnownTimeZone, { error: "fields.invalidTimeZone" });
const id = z.string().trim().min(1).max(64);

export const createEnterpriseSchema = z.object({
  name,
  kind: z.enum(enterpriseKinds),
  isProducer: z.boolean().optional(),
  sellsOwnProducts: z.boolean().optional(),
  email: email.optional(),
  locale: z.enum(locales).optional(),
  timeZone: timeZone.optional(),
});
export type CreateEnterpriseInput = z.output<typeof createEnterpriseSchema>;

/** The kind is chosen at creation and never changes: cycles, products and shops depend on it. */
export const updateEnterpriseSchema = z.object({
  name: name.optional(),
  email: email.optional(),
  locale: z.enum(locales).optional(),
  timeZone: timeZone.optional(),
  address: z.string().trim().max(500).optional(),
  description: z.string().trim().max(5_000).optional(),
});

/** The seller on the distributor's invoices (docs/domain.md 10); its own managers only. */
export const invoicingSchema = z.object({
  legalName: z.string().trim().max(200).optional(),
  companyNumber: z.string().trim().max(40).optional(),
  vatNumber: z.string().trim().max(40).optional(),
  invoicePrefix: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,10}$/, { error: "fields.invalidInvoicePrefix" })
    .optional(),
  invoiceAtClose: z.boolean().optional(),
});

export const invoicingFields = ["legalName", "companyNumber", "vatNumber", "invoicePrefix", "invoiceAtClose"] as const;

export const shopPreferencesSchema = z.object({
  orderCyclesSortedBy: z.enum(shopSortOrders).optional(),
  suppliersSeeBuyerNames: z.boolean().optional(),
  /** Days before the ready date buyers are reminded on (1, 3, 7); `[]` sends none. */
  pickupReminderDays: z
    .array(
      z.union(
        PICKUP_REMINDER_DAYS.map((day) => z.literal(day)),
        { error: "fields.invalidReminderDays" },
      ),
      { error: "fields.invalidReminderDays" },
    )
    .max(PICKUP_REMINDER_DAYS.length, { error: "fields.invalidReminderDays" })
    .transform(normalisedReminderDays)
    .optional(),
  ...loyaltyPreferenceFields,
  /** Email consenting customers when a cycle opens (decision 0053). */
  announceOpenCycles: z.boolean().optional(),
  /** Hours before a close that a buyer with a cart waiting is reminded; null: never. */
  closingReminderHours: z
    .number({ error: "fields.closingReminderHours" })
    .int({ error: "fields.closingReminderHours" })
    .min(1, { error: "fields.closingReminderHours" })
    .max(168, { error: "fields.closingReminderHours" })
    .nullable()
    .optional(),
});

export const addManagerSchema = z.object({ email });
export const removeManagerSchema = z.object({ userId: id });

export const grantPermissionsSchema = z.object({
  granteeId: id,
  permissions: z.array(z.enum(permissionNames)).min(1).max(permissionNames.length),
});

/** The UI's "save this row": the exact set a grantee ends with (empty revokes everything). */
export const setPermissionsSchema = z.object({
  granteeId: id,
  permissions: z.array(z.enum(permissionNames)).max(permissionNames.length),
});
