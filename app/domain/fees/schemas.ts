// One zod schema per fee command: the API sends these shapes, the forms are parsed into them.
import { z } from "zod";
import { calculatorSchema, whole } from "./calculators";

export const feeTypes = ["admin", "packing", "transport", "fundraising", "sales"] as const;
export type FeeType = (typeof feeTypes)[number];

/** A value of the wrong type (a number for a name, "yes" for a boolean) is "not valid", not "required". */
const wrongType = (issue: { code?: string; input?: unknown }) =>
  issue.code === "invalid_type" && issue.input !== undefined ? "fields.invalidType" : undefined;

export const createFeeSchema = z.object({
  name: z.string({ error: wrongType }).trim().min(1).max(80),
  feeType: z.enum(feeTypes),
  /** 2000 = 20 %; ignored while the fee follows the product's rate. */
  taxRateBasisPoints: whole().min(0).max(10_000).optional(),
  /** Only per-item calculators may follow the product's tax rate (checked by the command). */
  taxFollowsProduct: z.boolean({ error: wrongType }).optional(),
  calculator: calculatorSchema,
});

/** Absent fields stay as they are; a calculator, when sent, is replaced whole (type and params). */
export const updateFeeSchema = createFeeSchema.partial();
