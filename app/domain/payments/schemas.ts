// The inputs of the payment commands, shared by the hub's forms and the API (docs/api.md).
import { z } from "zod";

const amountCents = z.number().int().positive().max(100_000_000);
const note = z.string().trim().max(500).optional();

export const recordPaymentSchema = z.strictObject({
  amountCents,
  method: z.enum(["cash", "bank_transfer", "other"]),
  /** When the money came in: an instant with its offset, or a calendar day (taken at noon UTC). */
  receivedAt: z
    .string()
    .trim()
    .refine((value) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value)), { error: "fields.invalidDate" })
    .optional(),
  note,
});
export type RecordPaymentInput = z.infer<typeof recordPaymentSchema>;

export const refundSchema = z.strictObject({
  amountCents,
  /** card refunds through Stripe; the others are recorded. Left out: card when the order was paid by card, else cash. */
  method: z.enum(["card", "cash", "bank_transfer", "other"]).optional(),
  reason: note,
});
export type RefundInput = z.infer<typeof refundSchema>;

export const markOrdersPaidSchema = z.strictObject({
  orderIds: z.array(z.string().trim().min(1).max(64)).min(1).max(500),
  method: z.enum(["cash", "bank_transfer", "other"]),
  /** Kept on each payment recorded, e.g. "paid at the pickup". */
  note,
});
export type MarkOrdersPaidInput = z.infer<typeof markOrdersPaidSchema>;

/** The instant a receivedAt names. */
export function receivedInstant(value: string | undefined, now: Date): Date {
  if (!value) return now;
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
}
