// One zod schema per shipping/payment method command; the API sends these shapes, the forms are parsed into them.
import { z } from "zod";

const shippingKinds = ["pickup", "delivery"] as const;
const paymentKinds = ["cash", "bank_transfer", "stripe"] as const;
export type ShippingKind = (typeof shippingKinds)[number];
export type PaymentKind = (typeof paymentKinds)[number];

const name = z.string().trim().min(1).max(120);
const shortText = z.string().trim().max(500);
const longText = z.string().trim().max(2_000);
const feeCents = z.int().min(0).max(10_000_000);

export const createShippingMethodSchema = z.object({
  name,
  kind: z.enum(shippingKinds),
  /** Where a pickup point is; delivery methods may leave it empty. */
  address: shortText.optional(),
  openingHours: shortText.optional(),
  description: longText.optional(),
  feeCents: feeCents.optional(),
  /** The tax the fee includes, in basis points (550 = 5.5 %). */
  taxRateBasisPoints: z.int().min(0).max(10_000).optional(),
});

export const updateShippingMethodSchema = createShippingMethodSchema.partial();

export const createPaymentMethodSchema = z.object({
  name,
  kind: z.enum(paymentKinds),
  /** What the buyer is told: bank details for a transfer, anything useful for cash. */
  instructions: longText.optional(),
});

export const updatePaymentMethodSchema = createPaymentMethodSchema.partial();
