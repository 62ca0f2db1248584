// Stock taken and given back with an order, inside its transaction: one conditional UPDATE for all
// its lines, so two buyers never get the last unit (docs/quality.md R1, P4).
import { eq, sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { variants } from "#db/schema";
import { DomainError } from "#app/domain/errors";

/**
 * Takes stock for every line in one statement. The rows are locked first, in variant-id order, so
 * two orders sharing variants cannot deadlock; a line short of stock takes nothing and fails the
 * order (its transaction rolls back what the other lines took). The lock is "for no key update",
 * the one the UPDATE takes anyway: an order line written meanwhile by another transaction only
 * key-shares its variant (the foreign key), so adjusting two orders that share variants (one taking
 * stock of the variant the other re-writes a line of) cannot deadlock. The ids go as an array compared
 * with `= any(...)`, which the primary key answers: a set-returning function joined to variants
 * made PostgreSQL read the whole table, twice, for every order.
 */
export function takeStockStatement(lines: readonly { variantId: string; quantity: number }[]) {
  // sql.param keeps each array one parameter (drizzle spreads a bare array into a list of binds).
  const ids = sql.param(lines.map((line) => line.variantId));
  const quantities = sql.param(lines.map((line) => line.quantity));
  return sql`
    with locked as (select id from ${variants} where id = any(${ids}::text[]) order by id for no key update)
    update ${variants} v
    set stock = case when v.stock is null then null else v.stock - w.quantity end
    from unnest(${ids}::text[], ${quantities}::int[]) as w(id, quantity)
    where v.id = any(${ids}::text[]) and v.id = w.id and v.id in (select id from locked) and (v.stock is null or v.stock >= w.quantity)
    returning v.id`;
}

/**
 * Takes stock for the lines, or fails the order at the first line short of it, saying how many are
 * left. `names` name the lines in the error; `held` is what the order already holds of a variant
 * (an adjustment takes only the difference), counted in what is left to ask for.
 */
export async function takeStock(
  tx: Executor,
  lines: readonly { variantId: string; quantity: number }[],
  names: ReadonlyMap<string, string>,
  held: ReadonlyMap<string, number> = new Map(),
) {
  const taken = await tx.execute<{ id: string }>(takeStockStatement(lines));
  const takenIds = new Set(taken.map((row) => row.id));
  const short = [...lines].sort((x, y) => x.variantId.localeCompare(y.variantId)).find((line) => !takenIds.has(line.variantId));
  if (!short) return;
  // Say how many are left, so the buyer can ask for that many instead.
  const [row] = await tx.select({ stock: variants.stock }).from(variants).where(eq(variants.id, short.variantId));
  const left = Math.max(0, row?.stock ?? 0) + (held.get(short.variantId) ?? 0);
  const field = left > 0 ? { key: "stockLeft", values: { count: left } } : { key: "outOfStock" };
  throw new DomainError("out_of_stock", { [`lines.${short.variantId}`]: field }, { product: names.get(short.variantId) ?? "" });
}

/**
 * Gives back what the lines took (unlimited stock stays unlimited), in one statement whatever the
 * number of lines or orders: a variant on several lines gets their sum. The rows are locked first
 * in variant-id order, as takeStock locks them.
 */
export async function returnStock(tx: Executor, lines: readonly { variantId: string; quantity: number }[]) {
  const back = new Map<string, number>();
  for (const line of lines) back.set(line.variantId, (back.get(line.variantId) ?? 0) + line.quantity);
  if (back.size === 0) return;
  const ids = sql.param([...back.keys()]);
  const quantities = sql.param([...back.values()]);
  await tx.execute(sql`
    with locked as (select id from ${variants} where id = any(${ids}::text[]) order by id for no key update)
    update ${variants} v set stock = v.stock + w.quantity
    from unnest(${ids}::text[], ${quantities}::int[]) as w(id, quantity)
    where v.id = w.id and v.id in (select id from locked) and v.stock is not null`);
}
