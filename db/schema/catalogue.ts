// Products and their variants: what a producer sells, at what price, with what stock.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "./columns";
import { enterprises } from "./enterprises";

export const products = pgTable(
  "products",
  {
    id: id(),
    enterpriseId: text("enterprise_id")
      .notNull()
      .references(() => enterprises.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Tax rate of the product, used by fees that follow the product's rate. */
    taxRateBasisPoints: integer("tax_rate_basis_points").notNull().default(0),
    /** A key of the instance's category list (app/domain/catalogue/categories.ts); null: uncategorised. */
    category: text("category"),
    /** Another system's id for it, unique within the enterprise (decision 0044). */
    externalId: text("external_id"),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("products_enterprise_idx").on(t.enterpriseId),
    check("products_tax_rate_check", sql`${t.taxRateBasisPoints} between 0 and 10000`),
    uniqueIndex("products_external_id_idx")
      .on(t.enterpriseId, t.externalId)
      .where(sql`${t.externalId} is not null`),
  ],
);

export const variants = pgTable(
  "variants",
  {
    id: id(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    name: text("name").notNull(),
    priceCents: integer("price_cents").notNull(),
    /** null means unlimited stock. */
    stock: integer("stock"),
    weightGrams: integer("weight_grams"),
    /** Priced for its nominal weightGrams; after the close a line of it gets its actual weight (docs/domain.md 8). */
    soldByWeight: boolean("sold_by_weight").notNull().default(false),
    /** Quantities of it step by this many (a case); 1: sold singly. */
    unitsPerCase: integer("units_per_case").notNull().default(1),
    position: integer("position").notNull().default(0),
    /** Another system's id for it, unique within the product's enterprise (decision 0044). */
    externalId: text("external_id"),
    /** The product's enterprise, copied beside a set externalId so the unique index can hold it. */
    externalIdOwnerId: text("external_id_owner_id").references(() => enterprises.id),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("variants_product_idx").on(t.productId),
    uniqueIndex("variants_external_id_idx")
      .on(t.externalIdOwnerId, t.externalId)
      .where(sql`${t.externalId} is not null`),
    check("variants_external_id_owner_check", sql`(${t.externalId} is null) = (${t.externalIdOwnerId} is null)`),
    check("variants_price_check", sql`${t.priceCents} >= 0`),
    check("variants_units_per_case_check", sql`${t.unitsPerCase} >= 1`),
    check("variants_stock_check", sql`${t.stock} is null or ${t.stock} >= 0`),
    check("variants_weight_check", sql`${t.weightGrams} is null or ${t.weightGrams} >= 0`),
    check("variants_sold_by_weight_check", sql`not ${t.soldByWeight} or coalesce(${t.weightGrams}, 0) > 0`),
  ],
);

/**
 * A product's image: one at most (a new upload replaces it). `hash` is the upload's content hash,
 * which names its files in storage (app/domain/catalogue/images.ts); width and height are the
 * upload's, upright, from which each size's dimensions follow.
 */
export const productImages = pgTable(
  "product_images",
  {
    id: id(),
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    hash: text("hash").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("product_images_product_idx").on(t.productId),
    index("product_images_hash_idx").on(t.hash),
    check("product_images_size_check", sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);
