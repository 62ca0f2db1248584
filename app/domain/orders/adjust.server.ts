// Adjusting a placed order (docs/domain.md 8, decision 0034): listed lines get a new quantity or
// actual weight, the order is re-priced with the checkout's rules, each changed line is written to
// the order's history, and whatever follows a re-pricing (./repriced.server) runs in the same
// transaction. The hub's staff, the buyer (through ./changes.server while the cycle is open) and
// producers' shortages all come through here.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "#db/connection.server";
import { appliedPromoOf } from "#app/domain/promotions/redeem.server";
import { orderAdjustments, orderChanges, orderLines, orders, variants } from "#db/schema";
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { caseErrors } from "./cases";
import { MAX_QUANTITY } from "./lines";
import { insertOrderContents, orderContents, priceLines } from "./contents.server";
import { afterOrderRepriced } from "./repriced.server";
import { returnStock, takeStock } from "./stock.server";

export type LineChange = { variantId: string; quantity: number; actualWeightGrams?: number | null };
export type AdjustmentSource = "buyer" | "staff" | "producer";
export type AdjustmentActor = { userId: string | null; enterpriseId?: string | null; source: AdjustmentSource };

/** A line's actual weight: whole grams, up to a tonne. */
export const MAX_WEIGHT_GRAMS = 1_000_000;

const id = z.string().trim().min(1).max(64);

/**
 * The body of PATCH /orders/:id on the hub's side and of its order form: only the shapes here; the
 * ranges are checked per line by lineChangeErrors so each error is named after its product's field.
 */
export const orderAdjustmentSchema = z.object({
  lines: z.array(z.object({ variantId: id, quantity: z.number(), actualWeightGrams: z.number().nullable().optional() })).max(200),
  note: z.string().trim().max(500).optional(),
});

export type OrderAdjustmentInput = z.output<typeof orderAdjustmentSchema>;

/** Where a line's errors go: its quantity at `lines.<variantId>`, its weight at `lines.<variantId>.actualWeightGrams`. */
export const quantityField = (variantId: string) => `lines.${variantId}`;
export const weightField = (variantId: string) => `lines.${variantId}.actualWeightGrams`;

/** Pure: whole quantities of 0 to 999, whole positive weights, each variant once. */
export function lineChangeErrors(changes: readonly LineChange[]): FieldErrors {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  for (const change of changes) {
    const { variantId, quantity, actualWeightGrams } = change;
    if (seen.has(variantId)) errors[quantityField(variantId)] = { key: "duplicateLine" };
    seen.add(variantId);
    if (!Number.isInteger(quantity) || quantity < 0) errors[quantityField(variantId)] ??= { key: "wholeNumber" };
    else if (quantity > MAX_QUANTITY) errors[quantityField(variantId)] ??= { key: "tooBig", values: { max: MAX_QUANTITY } };
    if (actualWeightGrams != null) {
      if (!Number.isInteger(actualWeightGrams)) errors[weightField(variantId)] = { key: "wholeGrams" };
      else if (actualWeightGrams < 1) errors[weightField(variantId)] = { key: "tooSmall", values: { min: 1 } };
      else if (actualWeightGrams > MAX_WEIGHT_GRAMS) errors[weightField(variantId)] = { key: "tooBig", values: { max: MAX_WEIGHT_GRAMS } };
    }
  }
  return errors;
}

type LineState = { variantId: string; quantity: number; actualWeightGrams: number | null };

/**
 * Pure: the order's lines after the changes. A listed variant takes its new quantity (0 removes
 * it); its weight is the one given, cleared with null, and kept when not given unless the
 * quantity changed (a weight weighed for 2 cheeses says nothing about 1).
 */
export function linesAfter(before: readonly LineState[], changes: readonly LineChange[]): LineState[] {
  const lines = new Map(before.map((line) => [line.variantId, { ...line }]));
  for (const change of changes) {
    const previous = lines.get(change.variantId);
    if (change.quantity === 0) {
      lines.delete(change.variantId);
      continue;
    }
    const keptWeight = previous && previous.quantity === change.quantity ? previous.actualWeightGrams : null;
    lines.set(change.variantId, {
      variantId: change.variantId,
      quantity: change.quantity,
      actualWeightGrams: change.actualWeightGrams === undefined ? keptWeight : change.actualWeightGrams,
    });
  }
  return [...lines.values()];
}

const sameLine = (a: LineState | undefined, b: LineState | undefined) =>
  (a?.quantity ?? 0) === (b?.quantity ?? 0) && (a?.actualWeightGrams ?? null) === (b?.actualWeightGrams ?? null);

/** A line as an adjustment reads it before changing it. */
export type LineBefore = LineState & { supplierId: string | null; productName: string; variantName: string; unitsPerCase: number };

/** What the shop sells a variant as, when re-pricing (catalogue rows, ./contents.server's priceLines). */
type PricedRow = { supplierId: string | null; productName: string; variantName: string; soldByWeight: boolean };

/**
 * Pure: an adjustment's plan: the lines after the changes, the variants whose line really changed,
 * each one's stock difference, and the case size each line left alone keeps (decision 0059).
 */
export function planAdjustment(before: readonly LineBefore[], changes: readonly LineChange[]) {
  const beforeById = new Map(before.map((line) => [line.variantId, line]));
  const after = linesAfter(before, changes);
  const afterById = new Map(after.map((line) => [line.variantId, line]));
  const changedIds = [...new Set(changes.map((change) => change.variantId))].filter(
    (variantId) => !sameLine(beforeById.get(variantId), afterById.get(variantId)),
  );
  const quantityOf = (lines: ReadonlyMap<string, LineState>, variantId: string) => lines.get(variantId)?.quantity ?? 0;
  const deltas = changedIds.map((variantId) => ({ variantId, delta: quantityOf(afterById, variantId) - quantityOf(beforeById, variantId) }));
  const keptSizes = new Map(before.filter((line) => !changedIds.includes(line.variantId)).map((line) => [line.variantId, line.unitsPerCase]));
  return { beforeById, after, afterById, changedIds, deltas, keptSizes };
}

export type AdjustmentPlan = ReturnType<typeof planAdjustment>;

/** Pure: a weight given to a line whose variant is not sold by weight. */
export function weightErrors(after: readonly LineState[], rows: ReadonlyMap<string, Pick<PricedRow, "soldByWeight">>): FieldErrors {
  const errors: FieldErrors = {};
  for (const line of after)
    if (line.actualWeightGrams !== null && !rows.get(line.variantId)!.soldByWeight) errors[weightField(line.variantId)] = { key: "notSoldByWeight" };
  return errors;
}

/**
 * Pure: the order's history rows for the plan, one per changed line. `told` marks them told
 * already: the buyer's own change (told by its confirmation) or a close's (told by its email).
 */
export function orderChangeRows(
  orderId: string,
  plan: AdjustmentPlan,
  rows: ReadonlyMap<string, Pick<PricedRow, "productName" | "variantName">>,
  e: { actor: AdjustmentActor; note: string; now: Date; beforeTotalCents: number; afterTotalCents: number; told: boolean },
): (typeof orderChanges.$inferInsert)[] {
  return plan.changedIds.map((variantId) => {
    const was = plan.beforeById.get(variantId);
    const is = plan.afterById.get(variantId);
    const row = rows.get(variantId);
    return {
      orderId,
      changedAt: e.now,
      actorUserId: e.actor.userId,
      actorEnterpriseId: e.actor.enterpriseId ?? null,
      source: e.actor.source,
      variantId,
      productName: row?.productName ?? was?.productName ?? "",
      variantName: row?.variantName ?? was?.variantName ?? "",
      beforeQuantity: was?.quantity ?? 0,
      afterQuantity: is?.quantity ?? 0,
      beforeActualWeightGrams: was?.actualWeightGrams ?? null,
      afterActualWeightGrams: is?.actualWeightGrams ?? null,
      beforeTotalCents: e.beforeTotalCents,
      afterTotalCents: e.afterTotalCents,
      note: e.note,
      notifiedAt: e.told ? e.now : null,
    };
  });
}

/** Pure: the suppliers of the changed lines, before and after, whose producers get an amendment. */
export function changedSuppliersOf(plan: AdjustmentPlan, rows: ReadonlyMap<string, Pick<PricedRow, "supplierId">>): string[] {
  return [
    ...new Set(
      plan.changedIds
        .flatMap((variantId) => [plan.beforeById.get(variantId)?.supplierId, rows.get(variantId)?.supplierId])
        .filter((x): x is string => Boolean(x)),
    ),
  ].sort();
}

/** The columns an adjustment reads of the lines it changes. */
export const lineBeforeColumns = {
  variantId: orderLines.variantId,
  quantity: orderLines.quantity,
  actualWeightGrams: orderLines.actualWeightGrams,
  supplierId: orderLines.supplierId,
  productName: orderLines.productName,
  variantName: orderLines.variantName,
  unitsPerCase: orderLines.unitsPerCase,
};

/**
 * Runs inside a transaction; locks the order row itself. Listed variants get the new quantity /
 * weight (quantity 0 removes the line; a variant not yet on the order is added from the cycle's
 * variants for that distributor, stock taken); unlisted lines are unchanged. Re-prices with the
 * checkout's rules, writes one order_changes row per changed line, and calls afterOrderRepriced
 * (the buyer's debounced email and what payments and producers need). Throws a DomainError with
 * field errors on bad input; it writes nothing then (its writes run in a savepoint, so a caller
 * that catches the error keeps a clean transaction).
 */
export async function applyOrderAdjustment(
  tx: Executor,
  input: { orderId: string; actor: AdjustmentActor; changes: LineChange[]; note?: string; now: Date },
): Promise<{ changed: boolean; beforeTotalCents: number; afterTotalCents: number; changedSupplierIds: string[] }> {
  const { orderId, actor, changes, now } = input;
  const note = (input.note ?? "").trim().slice(0, 500);
  const [order] = await tx
    .select({
      state: orders.state,
      orderCycleId: orders.orderCycleId,
      distributorId: orders.distributorId,
      shippingMethodId: orders.shippingMethodId,
      totalCents: orders.totalCents,
      promoCodeId: orders.promoCodeId,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for("update");
  if (!order || order.state === "cart") throw new DomainError("not_found");
  if (order.state !== "placed") throw new DomainError("conflict", { lines: { key: "orderIsCancelled" } });
  const shapeErrors = lineChangeErrors(changes);
  if (Object.keys(shapeErrors).length) throw new DomainError("validation_failed", shapeErrors);

  const before = await tx.select(lineBeforeColumns).from(orderLines).where(eq(orderLines.orderId, orderId));
  const plan = planAdjustment(before, changes);
  const { beforeById, after, afterById, changedIds } = plan;
  const unchanged = { changed: false, beforeTotalCents: order.totalCents, afterTotalCents: order.totalCents, changedSupplierIds: [] };
  if (changedIds.length === 0) return unchanged;
  if (after.length === 0) throw new DomainError("validation_failed", { lines: { key: "keepOneLine" } });

  // The order keeps its promo code: its discount follows the items (a percent of the new ones, an amount never above them).
  const [{ priced, rows }, promo] = await Promise.all([
    priceLines(tx, order.orderCycleId, order.distributorId, after, order.shippingMethodId),
    appliedPromoOf(tx, order.promoCodeId),
  ]);
  const lineErrors = weightErrors(after, rows);
  // A buyer's change keeps to whole cases; the hub's side and a producer's shortage record what was
  // really delivered, a case short by one unit included (decision 0056). Only changed lines count: a
  // line the hub broke stays as it is while the buyer changes another.
  const caseRefusals =
    actor.source === "buyer"
      ? caseErrors(
          after.filter((line) => changedIds.includes(line.variantId)),
          new Map([...rows].map(([variantId, row]) => [variantId, row.unitsPerCase])),
          quantityField,
        )
      : {};
  Object.assign(lineErrors, caseRefusals);
  if (Object.keys(lineErrors).length) throw new DomainError("validation_failed", lineErrors);
  const contents = orderContents(orderId, priced, rows, promo, plan.keptSizes);
  const afterTotalCents = contents.totals.totalCents;

  await tx.transaction(async (sp) => {
    // Every variant the order's lines point at, before and after, is locked first in one statement
    // in id order: the lines are written again below (their foreign keys lock those rows too), so
    // two adjustments of orders sharing variants wait in one order instead of deadlocking.
    await lockVariants(sp, [...new Set([...beforeById.keys(), ...afterById.keys()])]);
    // Only the changed lines' stock moves, by the difference: each variant row is touched once.
    const { deltas } = plan;
    await returnStock(
      sp,
      deltas.filter((line) => line.delta < 0).map((line) => ({ variantId: line.variantId, quantity: -line.delta })),
    );
    const taken = deltas.filter((line) => line.delta > 0).map((line) => ({ variantId: line.variantId, quantity: line.delta }));
    if (taken.length) {
      const names = new Map([...rows].map(([variantId, row]) => [variantId, `${row.productName} (${row.variantName})`]));
      await takeStock(sp, taken, names, new Map(taken.map((line) => [line.variantId, beforeById.get(line.variantId)?.quantity ?? 0])));
    }
    await Promise.all([sp.delete(orderLines).where(eq(orderLines.orderId, orderId)), sp.delete(orderAdjustments).where(eq(orderAdjustments.orderId, orderId))]);
    await Promise.all([
      insertOrderContents(sp, contents),
      sp
        .update(orders)
        .set({ ...contents.totals, updatedAt: now })
        .where(eq(orders.id, orderId)),
      sp.insert(orderChanges).values(
        // The buyer's own change is told by its confirmation email, not by the adjusted one.
        orderChangeRows(orderId, plan, rows, { actor, note, now, beforeTotalCents: order.totalCents, afterTotalCents, told: actor.source === "buyer" }),
      ),
    ]);
  });

  const changedSupplierIds = changedSuppliersOf(plan, rows);
  await afterOrderRepriced(tx, {
    orderId,
    orderCycleId: order.orderCycleId,
    actorUserId: actor.userId,
    beforeTotalCents: order.totalCents,
    afterTotalCents,
    changedSupplierIds,
    now,
  });
  return { changed: true, beforeTotalCents: order.totalCents, afterTotalCents, changedSupplierIds };
}

async function lockVariants(tx: Executor, ids: readonly string[]) {
  if (ids.length === 0) return;
  await tx.execute(sql`select id from ${variants} where id = any(${sql.param([...ids])}::text[]) order by id for no key update`);
}
