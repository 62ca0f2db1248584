// One zod schema per catalogue command; the API sends these shapes, the forms are parsed into them.
import { z } from "zod";
import { MAX_PRICE_CENTS, MAX_STOCK, MAX_VARIANTS_PER_PRODUCT, MAX_WEIGHT_GRAMS } from "./rules";

const variantName = z.string().trim().min(1).max(120);
const priceCents = z.int().min(0).max(MAX_PRICE_CENTS);
/** null is unlimited stock. */
const stock = z.int().min(0).max(MAX_STOCK).nullable();
const weightGrams = z.int().min(0).max(MAX_WEIGHT_GRAMS).nullable();
const taxRateBasisPoints = z.int().min(0).max(10_000);
const id = z.string().trim().min(1).max(64);

export const newVariantSchema = z.object({
  name: variantName,
  priceCents,
  stock,
  weightGrams: weightGrams.optional(),
});

export const createProductSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5_000).optional(),
  taxRateBasisPoints: taxRateBasisPoints.optional(),
  variants: z.array(newVariantSchema).min(1, { error: "fields.atLeastOneVariant" }).max(MAX_VARIANTS_PER_PRODUCT),
});

export const updateProductSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(5_000).optional(),
  taxRateBasisPoints: taxRateBasisPoints.optional(),
});

/** PATCH /variants/:id: absent fields stay; `stock: null` makes the stock unlimited. */
export const updateVariantSchema = z.object({
  name: variantName.optional(),
  priceCents: priceCents.optional(),
  stock: stock.optional(),
  weightGrams: weightGrams.optional(),
});

/** Several variants of one enterprise saved at once (the inline-edit table). */
export const updateVariantsSchema = z.object({
  variants: z.array(updateVariantSchema.extend({ id })).max(5_000),
});

export type NewVariantInput = z.output<typeof newVariantSchema>;
export type CreateProductInput = z.output<typeof createProductSchema>;
export type VariantEdit = z.output<typeof updateVariantsSchema>["variants"][number];
