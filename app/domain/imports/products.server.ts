// Importing and exporting an enterprise's products as CSV (docs/api.md, decision 0045). The file is
// read without the database (./products), matched to the catalogue read in two queries, and written
// in a few batched statements in one transaction: every row or none.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { stringify } from "csv-stringify/sync";
import { getDb, type Executor } from "#db/connection.server";
import type { Actor } from "#app/domain/actor";
import { importOwner } from "#app/domain/access/owned.server";
import { MAX_VARIANTS_PER_PRODUCT } from "#app/domain/catalogue/rules";
import { inertCell } from "#app/domain/csv";
import { centsToInput } from "#app/domain/money";
import { productColumns, readProductsCsv, type ProductGroup, type ProductRow } from "./products";
import { chunks, failed, SAMPLE_SIZE, type ImportResult, type SampleChange } from "./result";
import type { ImportError } from "./table";

type ExistingProduct = { id: string; name: string; category: string | null; externalId: string | null; archived: boolean };
type ExistingVariant = {
  id: string;
  productId: string;
  name: string;
  priceCents: number;
  stock: number | null;
  weightGrams: number | null;
  unitsPerCase: number;
  soldByWeight: boolean;
  externalId: string | null;
  position: number;
  archived: boolean;
};

type ProductWrite = { id: string; name: string; category: string | null; external_id: string | null };
type VariantWrite = {
  id: string;
  product_id: string;
  name: string;
  price_cents: number;
  stock: number | null;
  weight_grams: number | null;
  units_per_case: number;
  external_id: string | null;
  position: number;
};

type Plan = {
  errors: ImportError[];
  newProducts: ProductWrite[];
  changedProducts: ProductWrite[];
  newVariants: VariantWrite[];
  changedVariants: VariantWrite[];
  /** Products given new variants, with the first row that adds one (the count is checked under lock). */
  growing: Map<string, { row: number; added: number }>;
  created: number;
  updated: number;
  unchanged: number;
  sample: SampleChange[];
};

/** Every product and variant of the enterprise, archived ones too (their external ids are still taken): two queries. */
async function loadCatalogue(db: Executor, enterpriseId: string) {
  const products = await db.execute<ExistingProduct>(sql`
    select id, name, category, external_id as "externalId", archived_at is not null as archived
    from products where enterprise_id = ${enterpriseId} order by created_at, id`);
  const variants = await db.execute<ExistingVariant>(sql`
    select v.id, v.product_id as "productId", v.name, v.price_cents as "priceCents", v.stock, v.weight_grams as "weightGrams",
      v.units_per_case as "unitsPerCase", v.sold_by_weight as "soldByWeight", v.external_id as "externalId", v.position,
      (v.archived_at is not null or p.archived_at is not null) as archived
    from variants v join products p on p.id = v.product_id
    where p.enterprise_id = ${enterpriseId} order by v.position, v.created_at, v.id`);
  return { products: [...products], variants: [...variants] };
}

function taken(row: number, column: string): ImportError {
  return { row, column, key: "errors:fields.externalIdTaken" };
}

/** Matches each group to a live product (by external id, else by name) and each row to a variant, and lists the writes. */
function planProducts(groups: readonly ProductGroup[], catalogue: { products: ExistingProduct[]; variants: ExistingVariant[] }): Plan {
  const plan: Plan = {
    errors: [],
    newProducts: [],
    changedProducts: [],
    newVariants: [],
    changedVariants: [],
    growing: new Map(),
    created: 0,
    updated: 0,
    unchanged: 0,
    sample: [],
  };
  const productByExternalId = new Map<string, ExistingProduct>();
  const liveProductByName = new Map<string, ExistingProduct>();
  for (const product of catalogue.products) {
    if (product.externalId) productByExternalId.set(product.externalId, product);
    if (!product.archived && !liveProductByName.has(product.name)) liveProductByName.set(product.name, product);
  }
  const variantByExternalId = new Map<string, ExistingVariant>();
  const liveVariantsOf = new Map<string, ExistingVariant[]>();
  const nextPosition = new Map<string, number>();
  for (const variant of catalogue.variants) {
    if (variant.externalId) variantByExternalId.set(variant.externalId, variant);
    nextPosition.set(variant.productId, Math.max(nextPosition.get(variant.productId) ?? 0, variant.position + 1));
    if (!variant.archived) liveVariantsOf.set(variant.productId, [...(liveVariantsOf.get(variant.productId) ?? []), variant]);
  }
  const claimedProducts = new Set<string>();
  const claimedVariants = new Set<string>();
  const note = (change: SampleChange) => {
    if (plan.sample.length < SAMPLE_SIZE) plan.sample.push(change);
  };

  for (const group of groups) {
    const first = group.rows[0];
    let product: ExistingProduct | undefined;
    if (group.externalId) {
      product = productByExternalId.get(group.externalId);
      if (product?.archived) {
        plan.errors.push(taken(first.row, "product_external_id"));
        continue;
      }
      // A product not yet linked to the other system is linked by its name.
      if (!product) {
        const byName = liveProductByName.get(group.name);
        if (byName && !byName.externalId) product = byName;
      }
    } else {
      product = liveProductByName.get(group.name);
    }
    if (product && claimedProducts.has(product.id)) {
      plan.errors.push({ row: first.row, column: "product", key: "catalogue:imports.errors.sameProductTwice" });
      continue;
    }
    let productChanged = false;
    let productId: string;
    if (product) {
      claimedProducts.add(product.id);
      productId = product.id;
      const next: ProductWrite = {
        id: product.id,
        name: group.name,
        category: group.category === undefined ? product.category : group.category,
        external_id: group.externalId ?? product.externalId,
      };
      productChanged = next.name !== product.name || next.category !== product.category || next.external_id !== product.externalId;
      if (productChanged) plan.changedProducts.push(next);
    } else {
      productId = randomUUID();
      plan.newProducts.push({ id: productId, name: group.name, category: group.category ?? null, external_id: group.externalId ?? null });
    }
    const live = product ? (liveVariantsOf.get(product.id) ?? []) : [];
    group.rows.forEach((row: ProductRow, index) => {
      let variant: ExistingVariant | undefined;
      if (row.variantExternalId) {
        variant = variantByExternalId.get(row.variantExternalId);
        if (variant && (variant.archived || variant.productId !== productId)) {
          plan.errors.push(
            variant.archived
              ? taken(row.row, "variant_external_id")
              : { row: row.row, column: "variant_external_id", key: "catalogue:imports.errors.variantOfAnotherProduct" },
          );
          return;
        }
        variant ??= live.find((candidate) => candidate.name === row.variant && !candidate.externalId && !claimedVariants.has(candidate.id));
      } else {
        variant = live.find((candidate) => candidate.name === row.variant && !claimedVariants.has(candidate.id));
      }
      if (variant && claimedVariants.has(variant.id)) {
        plan.errors.push({ row: row.row, column: "variant", key: "catalogue:imports.errors.sameVariantTwice" });
        return;
      }
      const label = `${group.name} — ${row.variant}`;
      if (variant) {
        claimedVariants.add(variant.id);
        const next: VariantWrite = {
          id: variant.id,
          product_id: productId,
          name: row.variant,
          price_cents: row.priceCents,
          stock: row.stock === undefined ? variant.stock : row.stock,
          weight_grams: row.weightGrams === undefined ? variant.weightGrams : row.weightGrams,
          units_per_case: row.unitsPerCase ?? variant.unitsPerCase,
          external_id: row.variantExternalId ?? variant.externalId,
          position: variant.position,
        };
        if (variant.soldByWeight && !(next.weight_grams && next.weight_grams > 0)) {
          plan.errors.push({ row: row.row, column: "weight_grams", key: "errors:fields.soldByWeightNeedsWeight" });
          return;
        }
        const changed =
          next.name !== variant.name ||
          next.price_cents !== variant.priceCents ||
          next.stock !== variant.stock ||
          next.weight_grams !== variant.weightGrams ||
          next.units_per_case !== variant.unitsPerCase ||
          next.external_id !== variant.externalId;
        if (changed) plan.changedVariants.push(next);
        if (changed || (productChanged && index === 0)) {
          plan.updated += 1;
          note({ row: row.row, action: "update", label });
        } else plan.unchanged += 1;
        return;
      }
      if (row.variantExternalId && variantByExternalId.has(row.variantExternalId)) {
        plan.errors.push(taken(row.row, "variant_external_id"));
        return;
      }
      const position = nextPosition.get(productId) ?? 0;
      nextPosition.set(productId, position + 1);
      plan.newVariants.push({
        id: randomUUID(),
        product_id: productId,
        name: row.variant,
        price_cents: row.priceCents,
        stock: row.stock ?? null,
        weight_grams: row.weightGrams ?? null,
        units_per_case: row.unitsPerCase ?? 1,
        external_id: row.variantExternalId ?? null,
        position,
      });
      if (product) {
        const growing = plan.growing.get(productId) ?? { row: row.row, added: 0 };
        growing.added += 1;
        plan.growing.set(productId, growing);
      }
      plan.created += 1;
      note({ row: row.row, action: "create", label });
    });
  }
  // As the catalogue was read; counted again under lock before writing (checkVariantLimit).
  for (const [productId, growing] of plan.growing) {
    if ((liveVariantsOf.get(productId)?.length ?? 0) + growing.added > MAX_VARIANTS_PER_PRODUCT) {
      plan.errors.push({ row: growing.row, column: "variant", key: "catalogue:imports.errors.tooManyVariants", values: { max: MAX_VARIANTS_PER_PRODUCT } });
    }
  }
  return plan;
}

/**
 * Products that gain variants are locked (as adding a variant locks them) and counted again: the
 * catalogue may have changed since it was read, and a product never holds more than the limit.
 */
async function checkVariantLimit(tx: Executor, plan: Plan): Promise<ImportError[]> {
  const ids = [...plan.growing.keys()];
  if (ids.length === 0) return [];
  await tx.execute(sql`select id from products where id = any(${sql.param(ids)}::text[]) order by id for update`);
  const counts = await tx.execute<{ productId: string; live: number }>(sql`
    select product_id as "productId", count(*)::int as live from variants
    where product_id = any(${sql.param(ids)}::text[]) and archived_at is null group by product_id`);
  const errors: ImportError[] = [];
  for (const { productId, live } of counts) {
    const growing = plan.growing.get(productId)!;
    if (live + growing.added > MAX_VARIANTS_PER_PRODUCT) {
      errors.push({ row: growing.row, column: "variant", key: "catalogue:imports.errors.tooManyVariants", values: { max: MAX_VARIANTS_PER_PRODUCT } });
    }
  }
  return errors;
}

async function writePlan(tx: Executor, enterpriseId: string, plan: Plan) {
  for (const rows of chunks(plan.newProducts)) {
    await tx.execute(sql`
      insert into products (id, enterprise_id, name, category, external_id)
      select d.id, ${enterpriseId}, d.name, d.category, d.external_id
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(id text, name text, category text, external_id text)`);
  }
  for (const rows of chunks(plan.changedProducts)) {
    await tx.execute(sql`
      update products p set name = d.name, category = d.category, external_id = d.external_id
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as d(id text, name text, category text, external_id text)
      where p.id = d.id and p.enterprise_id = ${enterpriseId}`);
  }
  const variantRecord = sql`d(id text, product_id text, name text, price_cents integer, stock integer, weight_grams integer, units_per_case integer, external_id text, position integer)`;
  for (const rows of chunks(plan.newVariants)) {
    await tx.execute(sql`
      insert into variants (id, product_id, name, price_cents, stock, weight_grams, units_per_case, external_id, external_id_owner_id, position)
      select d.id, d.product_id, d.name, d.price_cents, d.stock, d.weight_grams, d.units_per_case, d.external_id,
        case when d.external_id is null then null else ${enterpriseId} end, d.position
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${variantRecord}`);
  }
  for (const rows of chunks(plan.changedVariants)) {
    await tx.execute(sql`
      update variants v set name = d.name, price_cents = d.price_cents, stock = d.stock, weight_grams = d.weight_grams,
        units_per_case = d.units_per_case, external_id = d.external_id,
        external_id_owner_id = case when d.external_id is null then null else ${enterpriseId} end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${variantRecord}
      where v.id = d.id and v.archived_at is null`);
  }
}

/**
 * POST /enterprises/:id/imports/products: a dry run reports what would be created and updated; an
 * import writes every row or, when any row fails, nothing. Two imports of one enterprise run one
 * after the other (a transaction-scoped advisory lock), each matching against what the other wrote.
 */
export async function importProducts(actor: Actor, enterpriseId: string, input: Uint8Array | string, { dryRun }: { dryRun: boolean }): Promise<ImportResult> {
  await importOwner(actor, enterpriseId, "products");
  const { groups, errors } = readProductsCsv(input);
  if (errors.length > 0) return failed(dryRun, errors);
  return getDb().transaction(async (tx) => {
    if (!dryRun) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`imports:products:${enterpriseId}`}, 0))`);
    const plan = planProducts(groups, await loadCatalogue(tx, enterpriseId));
    if (plan.errors.length > 0) return failed(dryRun, plan.errors);
    if (!dryRun) {
      const limits = await checkVariantLimit(tx, plan);
      if (limits.length > 0) return failed(dryRun, limits);
      await writePlan(tx, enterpriseId, plan);
    }
    return { dryRun, created: plan.created, updated: plan.updated, unchanged: plan.unchanged, errors: [], sample: plan.sample };
  });
}

/** GET /enterprises/:id/products.csv: every live variant of its live products, in the import's columns; formula cells made inert. */
export async function exportProductsCsv(actor: Actor, enterpriseId: string): Promise<string> {
  await importOwner(actor, enterpriseId, "products");
  const rows = await getDb().execute<{
    product: string;
    variant: string;
    priceCents: number;
    stock: number | null;
    weightGrams: number | null;
    unitsPerCase: number;
    category: string | null;
    productExternalId: string | null;
    variantExternalId: string | null;
  }>(sql`
    select p.name as product, v.name as variant, v.price_cents as "priceCents", v.stock, v.weight_grams as "weightGrams",
      v.units_per_case as "unitsPerCase", p.category, p.external_id as "productExternalId", v.external_id as "variantExternalId"
    from products p join variants v on v.product_id = p.id
    where p.enterprise_id = ${enterpriseId} and p.archived_at is null and v.archived_at is null
    order by lower(p.name), p.created_at, p.id, v.position, v.created_at, v.id`);
  const text = (value: string | null) => inertCell(value ?? "");
  const number = (value: number | null) => (value === null ? "" : String(value));
  return stringify(
    [
      [...productColumns.all],
      ...[...rows].map((row) => [
        text(row.product),
        text(row.variant),
        centsToInput(row.priceCents),
        number(row.stock),
        number(row.weightGrams),
        String(row.unitsPerCase),
        row.category ?? "",
        text(row.productExternalId),
        text(row.variantExternalId),
      ]),
    ],
    { record_delimiter: "\r\n" },
  );
}
