// The products CSV without a database: its columns, each row read into a variant of a product, and
// the rows grouped by product (docs/api.md "CSV columns"). ./products.server matches them to the catalogue.
import { productCategories, type ProductCategory } from "#app/domain/catalogue/categories";
import { MAX_PRICE_CENTS, MAX_STOCK, MAX_UNITS_PER_CASE, MAX_VARIANTS_PER_PRODUCT, MAX_WEIGHT_GRAMS } from "#app/domain/catalogue/rules";
import { resources } from "#app/i18n/resources";
import { byRow, readTable, type ImportColumns, type ImportError } from "./table";
import { accept, externalId, price, refuse, requiredText, wholeNumber, type Read } from "./values";

export const productColumns = {
  all: ["product", "variant", "price", "stock", "weight_grams", "units_per_case", "category", "product_external_id", "variant_external_id"],
  required: ["product", "variant", "price"],
} as const satisfies ImportColumns;

/** One variant as a row gives it. A field is undefined when its column is absent (the record keeps its own). */
export type ProductRow = {
  row: number;
  product: string;
  variant: string;
  priceCents: number;
  /** null: unlimited. */
  stock?: number | null;
  weightGrams?: number | null;
  unitsPerCase?: number;
  category?: ProductCategory | null;
  productExternalId?: string;
  variantExternalId?: string;
};

/** The rows of one product, grouped by product_external_id when given, by name otherwise. */
export type ProductGroup = { key: string; name: string; externalId?: string; category?: ProductCategory | null; rows: ProductRow[] };

let categoryNames: Map<string, ProductCategory> | undefined;

/** A category's key or its English or French label, any case. */
function categoryFrom(cell: string | undefined): Read<ProductCategory | null> {
  const value = (cell ?? "").trim().toLowerCase();
  if (value === "") return accept(null);
  if (!categoryNames) {
    categoryNames = new Map();
    for (const category of productCategories) {
      categoryNames.set(category, category);
      for (const locale of Object.values(resources)) {
        const label = (locale.catalogue.categories as Record<string, string> | undefined)?.[category];
        if (label) categoryNames.set(label.toLowerCase(), category);
      }
    }
  }
  const category = categoryNames.get(value);
  return category ? accept(category) : refuse("catalogue:imports.errors.unknownCategory", { value: cell!.trim() });
}

function readRow(row: number, cells: Record<string, string>, errors: ImportError[]): ProductRow | undefined {
  const has = (column: string) => column in cells;
  const reads = {
    product: requiredText(cells.product, 200),
    variant: requiredText(cells.variant, 120),
    price: price(cells.price, MAX_PRICE_CENTS),
    stock: has("stock") ? wholeNumber(cells.stock, 0, MAX_STOCK, null) : accept(undefined),
    weight_grams: has("weight_grams") ? wholeNumber(cells.weight_grams, 0, MAX_WEIGHT_GRAMS, null) : accept(undefined),
    units_per_case: has("units_per_case") ? wholeNumber(cells.units_per_case, 1, MAX_UNITS_PER_CASE, 1) : accept(undefined),
    category: has("category") ? categoryFrom(cells.category) : accept(undefined),
    product_external_id: externalId(cells.product_external_id),
    variant_external_id: externalId(cells.variant_external_id),
  };
  let failed = false;
  for (const [column, read] of Object.entries(reads)) {
    if (!read.ok) {
      errors.push({ row, column, ...read.reason });
      failed = true;
    }
  }
  if (failed) return undefined;
  const value = <T>(read: Read<T>) => (read as { value: T }).value;
  return {
    row,
    product: value(reads.product),
    variant: value(reads.variant),
    priceCents: value(reads.price),
    stock: value(reads.stock),
    weightGrams: value(reads.weight_grams),
    unitsPerCase: value(reads.units_per_case),
    category: value(reads.category),
    productExternalId: value(reads.product_external_id),
    variantExternalId: value(reads.variant_external_id),
  };
}

/**
 * Every row read and grouped by product, with every refusal found without the catalogue: a cell
 * that is not what its column takes, two rows for one variant, rows of one product that disagree
 * on its category or name, a product with more variants than a product may have.
 */
export function readProductsCsv(input: Uint8Array | string): { groups: ProductGroup[]; errors: ImportError[] } {
  const table = readTable(input, productColumns);
  const errors = [...table.errors];
  const groups = new Map<string, ProductGroup>();
  const variantIds = new Map<string, number>();
  const variantNames = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const read = readRow(row, cells, errors);
    if (!read) continue;
    const key = read.productExternalId ? `id:${read.productExternalId}` : `name:${read.product}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, name: read.product, externalId: read.productExternalId, category: read.category, rows: [] };
      groups.set(key, group);
    } else if (group.name !== read.product) {
      errors.push({ row, column: "product", key: "catalogue:imports.errors.productNameDiffers", values: { row: group.rows[0]?.row ?? row } });
      continue;
    } else if (read.category && group.category && group.category !== read.category) {
      errors.push({ row, column: "category", key: "catalogue:imports.errors.categoryDiffers", values: { row: group.rows[0]?.row ?? row } });
      continue;
    } else if (read.category) {
      // An empty cell says nothing against another row's category: the product takes the one given.
      group.category = read.category;
    }
    if (read.variantExternalId) {
      const first = variantIds.get(read.variantExternalId);
      if (first !== undefined) {
        errors.push({ row, column: "variant_external_id", key: "catalogue:imports.errors.repeatedRow", values: { row: first } });
        continue;
      }
      variantIds.set(read.variantExternalId, row);
    } else {
      const nameKey = `${key}\u0000${read.variant}`;
      const first = variantNames.get(nameKey);
      if (first !== undefined) {
        errors.push({ row, column: "variant", key: "catalogue:imports.errors.repeatedRow", values: { row: first } });
        continue;
      }
      variantNames.set(nameKey, row);
    }
    if (group.rows.length >= MAX_VARIANTS_PER_PRODUCT) {
      errors.push({ row, column: "variant", key: "catalogue:imports.errors.tooManyVariants", values: { max: MAX_VARIANTS_PER_PRODUCT } });
      continue;
    }
    group.rows.push(read);
  }
  return { groups: [...groups.values()], errors: byRow(errors) };
}
