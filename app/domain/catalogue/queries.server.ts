// Read models of the catalogue: a page of an enterprise's live products with their variants
// (two queries whatever the page holds), and one product.
import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { products, variants } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { externalIdSearch } from "#app/domain/external-ids/rules";
import { containsPattern, decodeCursor, encodeCursor } from "#app/domain/paging";
import { enterpriseForCatalogue, liveVariantsOf, productColumns, productForCommand, productView, type ProductView } from "./load.server";
import { canHaveProducts, PRODUCTS_PAGE_SIZE } from "./rules";
import { productImageOf } from "./images.server";

/** `externalId` finds the product with that id, or the one whose live variant has it (decision 0044). */
export type ProductListOptions = { search?: string | null; externalId?: string | null; cursor?: string | null; limit?: number };
export type ProductPage = { items: ProductView[]; nextCursor: string | null };

const sortName = sql<string>`lower(${products.name})`;

async function pageOfProducts(enterpriseId: string, options: ProductListOptions): Promise<ProductPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? PRODUCTS_PAGE_SIZE), 1), PRODUCTS_PAGE_SIZE);
  const after = decodeCursor(options.cursor, 2);
  const search = options.search?.trim().slice(0, 200) ?? "";
  const externalId = externalIdSearch(options.externalId);
  const rows = await getDb()
    .select({ ...productColumns, sortName })
    .from(products)
    .where(
      and(
        eq(products.enterpriseId, enterpriseId),
        isNull(products.archivedAt),
        search ? ilike(products.name, containsPattern(search)) : undefined,
        externalId
          ? or(
              eq(products.externalId, externalId),
              inArray(
                products.id,
                getDb()
                  .select({ id: variants.productId })
                  .from(variants)
                  .where(and(eq(variants.externalIdOwnerId, enterpriseId), eq(variants.externalId, externalId), isNull(variants.archivedAt))),
              ),
            )
          : undefined,
        after ? sql`(${sortName}, ${products.id}) > (${after[0]}, ${after[1]})` : undefined,
      ),
    )
    .orderBy(asc(sortName), asc(products.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const variantsByProduct = await liveVariantsOf(page.map((row) => row.id));
  return {
    items: page.map(({ sortName: _sortName, ...product }) => ({ ...product, variants: variantsByProduct.get(product.id) ?? [] })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.sortName, last.id]) : null,
  };
}

/** GET /enterprises/:id/products: for whoever may see the catalogue (its managers and partners). */
export async function listProducts(actor: Actor, enterpriseId: string, options: ProductListOptions = {}): Promise<ProductPage> {
  await enterpriseForCatalogue(actor, enterpriseId, "see");
  return pageOfProducts(enterpriseId, options);
}

/** The admin products page: only for those who may change the catalogue. */
export async function productsPage(actor: Actor, enterpriseId: string, options: ProductListOptions = {}) {
  const { enterprise } = await enterpriseForCatalogue(actor, enterpriseId, "manage");
  const page = await pageOfProducts(enterpriseId, options);
  return { enterprise: { id: enterprise.id, name: enterprise.name, canHaveProducts: canHaveProducts(enterprise) }, ...page };
}

/** GET /products/:id: a live product as its managers and partners see it; 404 for anyone else. */
export async function productForActor(actor: Actor, productId: string): Promise<ProductView & { canManage: boolean }> {
  const { access } = await productForCommand(actor, productId, "see");
  return { ...(await productView(productId)), canManage: access.canManage };
}

/** The product edit page: a live product of this enterprise with its variants, for those who may change it. */
export async function productEditorData(actor: Actor, enterpriseId: string, productId: string) {
  const { enterprise } = await enterpriseForCatalogue(actor, enterpriseId, "manage");
  const [product] = await getDb()
    .select(productColumns)
    .from(products)
    .where(and(eq(products.id, productId), eq(products.enterpriseId, enterpriseId), isNull(products.archivedAt)));
  if (!product) throw new DomainError("not_found");
  const [variantsByProduct, image] = await Promise.all([liveVariantsOf([product.id]), productImageOf(product.id)]);
  return {
    enterprise: { id: enterprise.id, name: enterprise.name },
    product: { ...product, variants: variantsByProduct.get(product.id) ?? [], image: image ?? null },
  };
}

/** The owner of a catalogue about to receive a product: its name, and whether it may have products at all. */
export async function catalogueOwner(actor: Actor, enterpriseId: string) {
  const { enterprise } = await enterpriseForCatalogue(actor, enterpriseId, "manage");
  return { id: enterprise.id, name: enterprise.name, canHaveProducts: canHaveProducts(enterprise) };
}
