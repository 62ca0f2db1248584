// Adding and removing a cycle's minimum thresholds (docs/domain.md 12): the coordinator's managers,
// before the close; every field checked against the cycle (a supplier in it, a pickup point the
// exchange offers), nothing written on a refusal.
import { and, eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycleThresholds } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { canManageThresholds } from "#app/domain/access/cycle-rules";
import { DomainError, type FieldErrors } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { recordHistory } from "#app/domain/order-cycles/persist.server";
import type { OrderCycle } from "#app/domain/order-cycles/model";
import { cycleState } from "#app/domain/order-cycles/state";
import { thresholdInputSchema, type ThresholdInput } from "./rules";
import { thresholdsOfCycles, type ThresholdView } from "./queries.server";

/** Pure: the input's parties against the cycle's exchanges. */
function thresholdPartyErrors(cycle: Pick<OrderCycle, "incoming" | "outgoing">, input: ThresholdInput): FieldErrors {
  const errors: FieldErrors = {};
  if (input.scope === "supplier" && !cycle.incoming.some((exchange) => exchange.supplierId === input.supplierId)) {
    errors.supplierId = { key: "supplierNotInCycle" };
  }
  if (input.scope === "shipping_method") {
    const exchange = cycle.outgoing.find((candidate) => candidate.distributorId === input.distributorId);
    if (!exchange) errors.distributorId = { key: "distributorNotInCycle" };
    else if (!exchange.shippingMethodIds.includes(input.shippingMethodId!)) errors.shippingMethodId = { key: "pickupNotOffered" };
  }
  return errors;
}

function refuseWhenClosed(cycle: Pick<OrderCycle, "opensAt" | "closesAt">, now: Date) {
  if (cycleState(cycle, now) === "closed") throw new DomainError("order_cycle_closed");
}

export async function createThreshold(actor: Actor, cycleId: string, input: unknown, now = new Date()): Promise<ThresholdView> {
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForActor(actor, cycleId, { db: tx, lock: true });
    if (!canManageThresholds(roles)) throw new DomainError("forbidden");
    const data = parseWith(thresholdInputSchema, input);
    const errors = thresholdPartyErrors(cycle, data);
    if (Object.keys(errors).length) throw new DomainError("validation_failed", errors);
    refuseWhenClosed(cycle, now);
    const [row] = await tx
      .insert(orderCycleThresholds)
      .values({
        orderCycleId: cycleId,
        scope: data.scope,
        supplierId: data.scope === "supplier" ? data.supplierId : null,
        distributorId: data.scope === "shipping_method" ? data.distributorId : null,
        shippingMethodId: data.scope === "shipping_method" ? data.shippingMethodId : null,
        measure: data.measure,
        minimum: data.minimum,
        policy: data.policy,
        extendDays: data.policy === "extend" ? data.extendDays : null,
      })
      .returning({ id: orderCycleThresholds.id });
    await recordHistory(tx, cycleId, actor.userId, "threshold_added", { thresholdId: row.id, scope: data.scope, minimum: data.minimum, policy: data.policy });
    const views = await thresholdsOfCycles([cycleId], { db: tx });
    return views.find((view) => view.id === row.id)!;
  });
}

export async function deleteThreshold(actor: Actor, cycleId: string, thresholdId: string, now = new Date()): Promise<void> {
  await getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForActor(actor, cycleId, { db: tx, lock: true });
    const [existing] = await tx
      .select({ id: orderCycleThresholds.id })
      .from(orderCycleThresholds)
      .where(and(eq(orderCycleThresholds.id, thresholdId), eq(orderCycleThresholds.orderCycleId, cycleId)));
    if (!existing) throw new DomainError("not_found");
    if (!canManageThresholds(roles)) throw new DomainError("forbidden");
    refuseWhenClosed(cycle, now);
    await tx.delete(orderCycleThresholds).where(eq(orderCycleThresholds.id, thresholdId));
    await recordHistory(tx, cycleId, actor.userId, "threshold_removed", { thresholdId });
  });
}

/** GET /order-cycles/:id/thresholds: every party of the cycle. */
export async function listThresholds(actor: Actor, cycleId: string): Promise<ThresholdView[]> {
  await cycleForActor(actor, cycleId);
  return thresholdsOfCycles([cycleId]);
}
