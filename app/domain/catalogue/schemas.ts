// One zod schema per catalogue command; the API sends these shapes, the forms are parsed into them.
import { z } from "zod";
import { externalIdField } from "#app/domain/external-ids/rules";
import { productCategories } from "./categories";
import { MAX_PRICE_CENTS, MAX_STOCK, MAX_UNITS_PER_CASE, MAX_VARIANTS_PER_PRODUCT, MAX_WEIGHT_GRAMS } from "./rules";

const variantName = z.string().trim().min(1).max(120);
const priceCents = z.int().min(0).max(MAX_PRICE_CENTS);
/** null is unlimited stock. */
const stock = z.int().min(0).max(MAX_STOCK).nullable();
const weightGrams = z.int().min(0).max(MAX_WEIGHT_GRAMS).nullable();
const taxRateBasisPoints = z.int().min(0).max(10_000);
const id = z.string().trim().min(1).max(64);
const unitsPerCase = z.int().min(1).max(MAX_UNITS_PER_CASE);
/** null: uncategorised. */
const category = z.enum(productCategories).nullable();

/** A variant sold by weight is priced for its nominal weight, so it needs one (docs/domain.md 8). */
function weighedNeedsWeight(variant: { soldByWeight?: boolean; weightGrams?: number | null }, context: z.RefinementCtx) {
  if (variant.soldByWeight && variant.weightGrams !== undefined && !(variant.weightGrams && variant.weightGrams > 0)) {
    context.addIssue({ code: "custom", path: ["weightGrams"], message: "fields.soldByWeightNeedsWeight" });
  }
}

export const newVariantSchema = z
  .object({
    name: variantName,
    priceCents,
    stock,
    weightGrams: weightGrams.optional(),
    soldByWeight: z.boolean().optional(),
    unitsPerCase: unitsPerCase.optional(),
    externalId: externalIdField,
  })
  .superRefine((variant, context) => weighedNeedsWeight({ ...variant, weightGrams: variant.weightGrams ?? null }, context));

export const createProductSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5_000).optional(),
  taxRateBasisPoints: taxRateBasisPoints.optional(),
  category: category.optional(),
  externalId: externalIdField,
  variants: z.array(newVariantSchema).min(1, { error: "fields.atLeastOneVariant" }).max(MAX_VARIANTS_PER_PRODUCT),
});

export const updateProductSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(5_000).optional(),
  taxRateBasisPoints: taxRateBasisPoints.optional(),
  category: category.optional(),
  externalId: externalIdField,
});

/** PATCH /variants/:id: absent fields stay; `stock: null` makes the stock unlimited. */
const variantUpdate = z.object({
  name: variantName.optional(),
  priceCents: priceCents.optional(),
  stock: stock.optional(),
  weightGrams: weightGrams.optional(),
  /** true needs a weight: given here, or already the variant's (the database checks the latter). */
  soldByWeight: z.boolean().optional(),
  unitsPerCase: unitsPerCase.optional(),
  /** null clears it. */
  externalId: externalIdField,
});

export const updateVariantSchema = variantUpdate.superRefine(weighedNeedsWeight);

/** Several variants of one enterprise saved at once (the inline-edit table). */
export const updateVariantsSchema = z.object({
  variants: z.array(variantUpdate.extend({ id }).superRefine(weighedNeedsWeight)).max(5_000),
});

export type NewVariantInput = z.output<typeof newVariantSchema>;
export type CreateProductInput = z.output<typeof createProductSchema>;
export type VariantEdit = z.output<typeof updateVariantsSchema>["variants"][number];
