// Catalogue commands: each takes the actor, checks access first (./access through ./load.server),
// validates with one schema from ./schemas, and writes in one statement or one transaction.
// Stock is only ever set (`stock = x`): checkouts decrement it in SQL, so nothing here reads it to write it back.
import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { products, variants } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { enterpriseForCatalogue, productForCommand, productView, variantColumns, variantForCommand, type ProductView, type VariantView } from "./load.server";
import { canHaveProducts, MAX_VARIANTS_PER_PRODUCT } from "./rules";
import { createProductSchema, newVariantSchema, updateProductSchema, updateVariantSchema, updateVariantsSchema, type VariantEdit } from "./schemas";

export async function createProduct(actor: Actor, enterpriseId: string, input: unknown): Promise<ProductView> {
  const { enterprise } = await enterpriseForCatalogue(actor, enterpriseId, "manage");
  const data = parseWith(createProductSchema, input);
  if (!canHaveProducts(enterprise)) throw invalidField("enterpriseId", "cannotHaveProducts");
  const productId = await getDb().transaction(async (tx) => {
    const [product] = await tx
      .insert(products)
      .values({
        enterpriseId,
        name: data.name,
        description: data.description ?? "",
        taxRateBasisPoints: data.taxRateBasisPoints ?? 0,
        category: data.category ?? null,
        externalId: data.externalId ?? null,
      })
      .returning({ id: products.id });
    await tx.insert(variants).values(
      data.variants.map((variant, position) => ({
        productId: product.id,
        position,
        name: variant.name,
        priceCents: variant.priceCents,
        stock: variant.stock,
        weightGrams: variant.weightGrams ?? null,
        soldByWeight: variant.soldByWeight ?? false,
        unitsPerCase: variant.unitsPerCase ?? 1,
        externalId: variant.externalId ?? null,
        externalIdOwnerId: variant.externalId ? enterpriseId : null,
      })),
    );
    return product.id;
  });
  return productView(productId);
}

export async function updateProduct(actor: Actor, productId: string, input: unknown): Promise<ProductView> {
  await productForCommand(actor, productId, "manage");
  const data = parseWith(updateProductSchema, input);
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length > 0) {
    const updated = await getDb()
      .update(products)
      .set(changes)
      .where(and(eq(products.id, productId), isNull(products.archivedAt)))
      .returning({ id: products.id });
    if (updated.length === 0) throw new DomainError("not_found");
  }
  return productView(productId);
}

/** Archives a product and its variants: they leave lists and shops, while past orders keep pointing at them. */
export async function archiveProduct(actor: Actor, productId: string, now = new Date()): Promise<void> {
  await productForCommand(actor, productId, "manage");
  await getDb().transaction(async (tx) => {
    const archived = await tx
      .update(products)
      .set({ archivedAt: now })
      .where(and(eq(products.id, productId), isNull(products.archivedAt)))
      .returning({ id: products.id });
    if (archived.length === 0) throw new DomainError("not_found");
    await tx
      .update(variants)
      .set({ archivedAt: now })
      .where(and(eq(variants.productId, productId), isNull(variants.archivedAt)));
  });
}

export async function addVariant(actor: Actor, productId: string, input: unknown): Promise<VariantView> {
  const { product } = await productForCommand(actor, productId, "manage");
  const data = parseWith(newVariantSchema, input);
  return getDb().transaction(async (tx) => {
    // Lock the product so two simultaneous additions cannot both take the 50th place.
    const locked = await tx.execute(sql`select id from ${products} where id = ${productId} and archived_at is null for update`);
    if (locked.length === 0) throw new DomainError("not_found");
    const [{ live }] = await tx
      .select({ live: count() })
      .from(variants)
      .where(and(eq(variants.productId, productId), isNull(variants.archivedAt)));
    if (live >= MAX_VARIANTS_PER_PRODUCT) throw invalidField("name", "tooManyVariants", { max: MAX_VARIANTS_PER_PRODUCT });
    const [variant] = await tx
      .insert(variants)
      .values({
        productId,
        name: data.name,
        priceCents: data.priceCents,
        stock: data.stock,
        weightGrams: data.weightGrams ?? null,
        soldByWeight: data.soldByWeight ?? false,
        unitsPerCase: data.unitsPerCase ?? 1,
        externalId: data.externalId ?? null,
        externalIdOwnerId: data.externalId ? product.enterpriseId : null,
        position: sql`(select coalesce(max(${variants.position}), -1) + 1 from ${variants} where ${variants.productId} = ${productId})`,
      })
      .returning(variantColumns);
    return variant;
  });
}

/**
 * The statement that applies edits to live variants. A field absent from an edit keeps the row's
 * current value as Postgres re-reads it under the row lock, so an untouched stock is never
 * overwritten with an older number. The ids are also compared as an array, which the primary key
 * answers: joined to the jsonb set alone, variants were read whole for every edit.
 */
export function variantEditsStatement(edits: readonly VariantEdit[]) {
  const rows = edits.map((edit) => ({
    id: edit.id,
    name: edit.name ?? null,
    price_cents: edit.priceCents ?? null,
    set_stock: edit.stock !== undefined,
    stock: edit.stock ?? null,
    set_weight: edit.weightGrams !== undefined,
    weight_grams: edit.weightGrams ?? null,
    sold_by_weight: edit.soldByWeight ?? null,
    units_per_case: edit.unitsPerCase ?? null,
    set_external_id: edit.externalId !== undefined,
    external_id: edit.externalId ?? null,
  }));
  return sql`
    update ${variants} as v set
      name = coalesce(d.name, v.name),
      price_cents = coalesce(d.price_cents, v.price_cents),
      stock = case when d.set_stock then d.stock else v.stock end,
      weight_grams = case when d.set_weight then d.weight_grams else v.weight_grams end,
      sold_by_weight = coalesce(d.sold_by_weight, v.sold_by_weight),
      units_per_case = coalesce(d.units_per_case, v.units_per_case),
      external_id = case when d.set_external_id then d.external_id else v.external_id end,
      external_id_owner_id = case
        when not d.set_external_id then v.external_id_owner_id
        when d.external_id is null then null
        else (select p.enterprise_id from ${products} p where p.id = v.product_id) end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as d(id text, name text, price_cents integer, set_stock boolean, stock integer, set_weight boolean, weight_grams integer, sold_by_weight boolean,
        units_per_case integer, set_external_id boolean, external_id text)
    where v.id = any(${sql.param(rows.map((row) => row.id))}::text[]) and v.id = d.id and v.archived_at is null
    returning v.id, v.product_id as "productId", v.name, v.price_cents as "priceCents", v.stock,
      v.weight_grams as "weightGrams", v.sold_by_weight as "soldByWeight", v.units_per_case as "unitsPerCase", v.position, v.external_id as "externalId"`;
}

async function writeVariantEdits(db: Executor, edits: readonly VariantEdit[]): Promise<VariantView[]> {
  if (edits.length === 0) return [];
  const updated = await db.execute<VariantView>(variantEditsStatement(edits)).catch((error: unknown) => {
    // Sold by weight without a weight, the weight being the row's own (not in the edit): said at the weight.
    const cause = (error as { cause?: { constraint_name?: string } })?.cause ?? (error as { constraint_name?: string });
    if (cause?.constraint_name === "variants_sold_by_weight_check") throw invalidField("weightGrams", "soldByWeightNeedsWeight");
    throw error;
  });
  return [...updated];
}

/** PATCH /variants/:id: price, stock (a plain set; null is unlimited), name, weight. */
export async function updateVariant(actor: Actor, variantId: string, input: unknown): Promise<VariantView> {
  await variantForCommand(actor, variantId, "manage");
  const data = parseWith(updateVariantSchema, input);
  const [updated] = await writeVariantEdits(getDb(), [{ ...data, id: variantId }]);
  if (!updated) throw new DomainError("not_found");
  return updated;
}

/**
 * Saves many variants of one enterprise at once (the inline-edit table). Every variant must be a
 * live variant of that enterprise; otherwise nothing is written.
 */
export async function updateVariants(actor: Actor, enterpriseId: string, input: unknown): Promise<{ saved: number }> {
  await enterpriseForCatalogue(actor, enterpriseId, "manage");
  const data = parseWith(updateVariantsSchema, input);
  const ids = [...new Set(data.variants.map((edit) => edit.id))];
  if (ids.length !== data.variants.length) throw invalidField("variants", "invalid");
  if (ids.length === 0) return { saved: 0 };
  return getDb().transaction(async (tx) => {
    const owned = await tx
      .select({ id: variants.id })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(and(inArray(variants.id, ids), eq(products.enterpriseId, enterpriseId), isNull(variants.archivedAt), isNull(products.archivedAt)));
    if (owned.length !== ids.length) throw invalidField("variants", "unknownIds");
    const saved = await writeVariantEdits(tx, data.variants);
    return { saved: saved.length };
  });
}

/** Archives a variant; the last live variant of a product stays (archive the product instead). */
export async function archiveVariant(actor: Actor, variantId: string, now = new Date()): Promise<void> {
  const { variant } = await variantForCommand(actor, variantId, "manage");
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`select id from ${products} where id = ${variant.productId} for update`);
    const [{ live }] = await tx
      .select({ live: count() })
      .from(variants)
      .where(and(eq(variants.productId, variant.productId), isNull(variants.archivedAt)));
    if (live <= 1) throw invalidField("variant", "lastVariant");
    const archived = await tx
      .update(variants)
      .set({ archivedAt: now })
      .where(and(eq(variants.id, variantId), isNull(variants.archivedAt)))
      .returning({ id: variants.id });
    if (archived.length === 0) throw new DomainError("not_found");
  });
}
