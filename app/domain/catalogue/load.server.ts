// Loads what catalogue commands and queries decide on: the enterprise or the product behind an id, and the caller's access.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { products, variants } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { ownedRecord, ownerEnterprise, type Need } from "#app/domain/access/owned.server";
import { DomainError } from "#app/domain/errors";

export type VariantView = {
  id: string;
  productId: string;
  name: string;
  priceCents: number;
  /** null is unlimited. */
  stock: number | null;
  weightGrams: number | null;
  /** Priced for weightGrams; its order lines get an actual weight after the close. */
  soldByWeight: boolean;
  /** Quantities of it step by this many; 1: sold singly. */
  unitsPerCase: number;
  position: number;
  /** Another system's id for it (decision 0044). */
  externalId: string | null;
};

export type ProductView = {
  id: string;
  enterpriseId: string;
  name: string;
  description: string;
  taxRateBasisPoints: number;
  /** A key of the instance's category list; null: uncategorised. */
  category: string | null;
  externalId: string | null;
  variants: VariantView[];
};

export const variantColumns = {
  id: variants.id,
  productId: variants.productId,
  name: variants.name,
  priceCents: variants.priceCents,
  stock: variants.stock,
  weightGrams: variants.weightGrams,
  soldByWeight: variants.soldByWeight,
  unitsPerCase: variants.unitsPerCase,
  position: variants.position,
  externalId: variants.externalId,
};

export const productColumns = {
  id: products.id,
  enterpriseId: products.enterpriseId,
  name: products.name,
  description: products.description,
  taxRateBasisPoints: products.taxRateBasisPoints,
  category: products.category,
  externalId: products.externalId,
};

type EnterpriseFacts = { id: string; name: string; kind: string; isProducer: boolean };

/**
 * The enterprise whose catalogue is asked for, when the caller may `need` it (see its products, or
 * manage them). Anyone signed in may know an enterprise exists, so only an absent one is 404; a
 * caller without the right gets 403.
 */
export async function enterpriseForCatalogue(actor: Actor, enterpriseId: string, need: Need, db: Executor = getDb()) {
  const { enterprise, access } = await ownerEnterprise(actor, enterpriseId, "product", need, db);
  return { enterprise: enterprise as EnterpriseFacts, access };
}

function findLiveProduct(db: Executor, productId: string) {
  return db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.id, productId), isNull(products.archivedAt)))
    .then(([row]) => row);
}

function findLiveVariant(db: Executor, variantId: string) {
  return db
    .select({ ...variantColumns, enterpriseId: products.enterpriseId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.id, variantId), isNull(variants.archivedAt), isNull(products.archivedAt)))
    .then(([row]) => row);
}

/** A live product the caller may `need`: 404 when archived, absent or invisible to the caller, 403 when visible only. */
export async function productForCommand(actor: Actor, productId: string, need: Need, db: Executor = getDb()) {
  const { record: product, access } = await ownedRecord(actor, "product", productId, need, findLiveProduct, db);
  return { product, access };
}

/** A live variant of a live product the caller may `need`, with its owner and the caller's access to it. */
export async function variantForCommand(actor: Actor, variantId: string, need: Need, db: Executor = getDb()) {
  const { record: variant, access } = await ownedRecord(actor, "variant", variantId, need, findLiveVariant, db);
  return { variant, access };
}

/** Live variants of the given products, in their display order: one query whatever the count. */
export async function liveVariantsOf(productIds: readonly string[], db: Executor = getDb()): Promise<Map<string, VariantView[]>> {
  const byProduct = new Map<string, VariantView[]>(productIds.map((id) => [id, []]));
  if (productIds.length === 0) return byProduct;
  const rows = await db
    .select(variantColumns)
    .from(variants)
    .where(and(inArray(variants.productId, [...productIds]), isNull(variants.archivedAt)))
    .orderBy(asc(variants.productId), asc(variants.position), asc(variants.createdAt), asc(variants.id));
  for (const row of rows) byProduct.get(row.productId)?.push(row);
  return byProduct;
}

export async function productView(productId: string, db: Executor = getDb()): Promise<ProductView> {
  const [product] = await db.select(productColumns).from(products).where(eq(products.id, productId));
  if (!product) throw new DomainError("not_found");
  const byProduct = await liveVariantsOf([productId], db);
  return { ...product, variants: byProduct.get(productId) ?? [] };
}
