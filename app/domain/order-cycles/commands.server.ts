// Order-cycle commands: each takes the actor, validates with one schema, checks section 3 of
// docs/domain.md through ./access, and writes in one transaction with a history row.
import { cycleForActor } from "#app/domain/access/cycle.server";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { enterpriseFees, enterprises, orderCycles, orders, paymentMethods, products, shippingMethods, users, variants } from "#db/schema";
import { enqueueEmail } from "#app/mail/outbox.server";
import { renderOrderedVariantsWithdrawn } from "#emails/ordered-variants-withdrawn";
import { isLocale } from "#app/i18n/config";
import { settings } from "#app/config/settings.server";
import { isArchived } from "#db/schema/columns";
import type { Actor } from "#app/domain/actor";
import { scheduleCycleClose } from "#app/domain/notifications/schedule.server";
import { DomainError, invalidField } from "#app/domain/errors";
import { externalIdField } from "#app/domain/external-ids/rules";
import { parseWith } from "#app/domain/validation";
import { isValidTimeZone, parseLocalDateTime } from "#app/domain/time";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { emailTranslator, translator } from "#app/i18n/resources.server";
import {
  canChangeVisibility,
  canCloneOrDelete,
  canEditCycleCap,
  canEditCycleSettings,
  canManageParticipants,
  canSeeIncoming,
  canSeeOutgoing,
  grantedAddToCycle,
  variantsAllowedForDistributor,
  type CycleRoles,
} from "#app/domain/access/cycle-rules";
import {
  planIncomingUpdate,
  planOutgoingUpdate,
  refuseNewlyArchived,
  sameExchange,
  samePickupTimes,
  sameRecord,
  type IncomingInput,
  type OutgoingInput,
} from "./exchange-updates";
import { clonePlan } from "./clone";
import { writeCopy } from "./copy.server";
import { loadFacts, type LoadedFacts } from "./load.server";
import { exchangeVisibilities, type IncomingExchange, type OrderCycle, type OutgoingExchange } from "./model";
import {
  deleteIncoming,
  deleteOutgoing,
  placedOrdersHolding,
  replaceShareKey,
  pruneOutgoingVariants,
  recordHistory,
  restoreSetAsideVariants,
  touchCycle,
  writeCoordinatorFees,
  writeIncoming,
  writeOutgoing,
} from "./persist.server";
import { closesBeforeNow, closesTooFarForNotification, openingDay, readyBeforeOpening } from "./state";
import { distributorIneligibility, type DistributorIneligibility } from "./eligibility";
import { produces } from "#app/domain/enterprises/kinds";
import { writeCycleCap, writePickupCaps } from "#app/domain/capacity/places.server";
import { MAX_CAP } from "#app/domain/capacity/rules";

const id = z.string().trim().min(1).max(64);
const idList = z.array(id).max(10_000);
const instant = z.union([z.string().trim().max(40), z.null()]).optional();
const longText = z.string().max(5_000);
const TAG_MAX = 40;
/** A cap or limit (docs/domain.md 12): a whole number from 1; null clears it. */
const capValue = z
  .number({ error: "fields.wholePositive" })
  .int({ error: "fields.wholePositive" })
  .min(1, { error: "fields.wholePositive" })
  .max(MAX_CAP)
  .nullable();

export const createCycleSchema = z.object({
  name: z.string().trim().min(1).max(120),
  coordinatorId: id,
  opensAt: instant,
  closesAt: instant,
  coordinatorFeeIds: idList.max(50).optional(),
  automaticNotifications: z.boolean().optional(),
  externalId: externalIdField,
  /** A cycle that closes before it is created needs this (the UI asks first). */
  confirmClosed: z.boolean().optional(),
});

export const updateCycleSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  coordinatorId: id.optional(),
  opensAt: instant,
  closesAt: instant,
  coordinatorFeeIds: idList.max(50).optional(),
  automaticNotifications: z.boolean().optional(),
  /** null clears it. */
  externalId: externalIdField,
  /** At most this many placed orders in the cycle; null: no cap (decision 0046). */
  maxOrders: capValue.optional(),
  /** The UI asks before moving the dates of a cycle that has orders. */
  confirmDateChange: z.boolean().optional(),
});

export const incomingSchema = z.object({
  variantIds: idList.optional(),
  feeIds: idList.max(50).optional(),
  receivalInstructions: longText.optional(),
  /** Every per-buyer limit of the exchange's variants: a variant left out (or null) has none (decision 0046). */
  limits: z
    .array(z.object({ variantId: id, maxPerBuyer: capValue }))
    .max(10_000)
    .optional(),
  /** Unticking variants that placed orders hold needs this (the UI asks first). */
  confirmRemoval: z.boolean().optional(),
});

export const outgoingSchema = z.object({
  variantIds: idList.optional(),
  feeIds: idList.max(50).optional(),
  readyFor: z.string().trim().max(200).optional(),
  readyOn: z.union([z.iso.date(), z.literal(""), z.null()]).optional(),
  pickupInstructions: longText.optional(),
  /** By shipping method id: when that pickup point opens in this cycle ("Thursday 17:00–19:00"); empty keeps the method's hours. */
  pickupTimes: z.record(z.string().trim().min(1).max(64), z.string().trim().max(120)).optional(),
  tags: z
    .array(z.string().trim().min(1))
    .max(20)
    // Said at the tags field, naming the tag: an error on "tags.3" would sit under no field of the form.
    .superRefine((tags, ctx) => {
      const long = tags.find((tag) => tag.length > TAG_MAX);
      if (long) ctx.addIssue({ code: "custom", message: "fields.tagTooLong", params: { tag: `${long.slice(0, 20)}…`, length: long.length, max: TAG_MAX } });
    })
    .optional(),
  shippingMethodIds: idList.max(100).optional(),
  paymentMethodIds: idList.max(100).optional(),
  visibility: z.enum(exchangeVisibilities).optional(),
  /** The coordinator's lock on the offer (group buying). */
  variantsLocked: z.boolean().optional(),
  /** Every pickup-point cap of the exchange: a method left out (or null) has none (decision 0046). */
  shippingMethodCaps: z
    .array(z.object({ shippingMethodId: id, maxOrders: capValue }))
    .max(100)
    .optional(),
});

const OFFSET_INSTANT = /(Z|[+-]\d{2}:?\d{2})$/i;

/** An instant from the API (ISO 8601 with offset) or a form (wall-clock time in the coordinator's zone). */
function resolveInstant(value: string | null | undefined, zone: string, field: string): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === "") return null;
  if (OFFSET_INSTANT.test(value)) {
    if (!z.iso.datetime({ offset: true }).safeParse(value).success) throw invalidField(field, "invalidDateTime");
    return new Date(value);
  }
  const parsed = parseLocalDateTime(value, isValidTimeZone(zone) ? zone : "UTC");
  if (parsed) return parsed;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) throw invalidField(field, "nonexistentLocalTime");
  throw invalidField(field, "invalidDateTime");
}

function checkDates(opensAt: Date | null, closesAt: Date | null) {
  if (opensAt && closesAt && closesAt.getTime() <= opensAt.getTime()) throw invalidField("closesAt", "closesBeforeOpens");
}

function checkNotificationHorizon(automatic: boolean, closesAt: Date | null, now: Date) {
  if (automatic && closesTooFarForNotification(closesAt, now)) throw invalidField("automaticNotifications", "closesTooFar");
}

async function enterprisesById(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, typeof enterprises.$inferSelect>();
  const rows = await db.select().from(enterprises).where(inArray(enterprises.id, ids));
  return new Map(rows.map((row) => [row.id, row]));
}

async function feeOwners(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { owner: string; archived: boolean }>();
  const rows = await db
    .select({ id: enterpriseFees.id, owner: enterpriseFees.enterpriseId, archived: isArchived(enterpriseFees.archivedAt) })
    .from(enterpriseFees)
    .where(inArray(enterpriseFees.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** The coordinator's own fees; an archived one may stay where it already is, not be added. */
async function checkCoordinatorFees(db: Executor, coordinatorId: string, feeIds: readonly string[], current: readonly string[] = []) {
  const owners = await feeOwners(db, feeIds);
  if (feeIds.some((feeId) => owners.get(feeId)?.owner !== coordinatorId)) throw invalidField("coordinatorFeeIds", "unknownIds");
  refuseNewlyArchived("coordinatorFeeIds", current, feeIds, new Set(feeIds.filter((feeId) => owners.get(feeId)?.archived)));
}

export async function hasPlacedOrders(db: Executor, cycleId: string): Promise<boolean> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.orderCycleId, cycleId), ne(orders.state, "cart")))
    .limit(1);
  return rows.length > 0;
}

/** Loads a cycle for a command inside its transaction: 404 when absent or the caller is not involved. */
function cycleForCommand(tx: Executor, actor: Actor, cycleId: string): Promise<{ cycle: OrderCycle; roles: CycleRoles }> {
  return cycleForActor(actor, cycleId, { db: tx, lock: true });
}

function requireRole(allowed: boolean) {
  if (!allowed) throw new DomainError("forbidden");
}

export async function createOrderCycle(actor: Actor, input: unknown, now = new Date()): Promise<string> {
  const data = parseWith(createCycleSchema, input);
  return getDb().transaction(async (tx) => {
    const coordinator = (await enterprisesById(tx, [data.coordinatorId])).get(data.coordinatorId);
    if (!coordinator) throw invalidField("coordinatorId", "unknownIds");
    if (!actor.enterpriseIds.includes(coordinator.id)) throw new DomainError("forbidden", { coordinatorId: { key: "notYours" } });
    if (coordinator.kind !== "hub") throw invalidField("coordinatorId", "notAHub");
    const opensAt = resolveInstant(data.opensAt, coordinator.timeZone, "opensAt") ?? null;
    const closesAt = resolveInstant(data.closesAt, coordinator.timeZone, "closesAt") ?? null;
    checkDates(opensAt, closesAt);
    if (closesBeforeNow(closesAt, now) && !data.confirmClosed) throw new DomainError("needs_confirmation", { closesAt: { key: "closesBeforeNow" } });
    checkNotificationHorizon(data.automaticNotifications ?? false, closesAt, now);
    const feeIds = [...new Set(data.coordinatorFeeIds ?? [])];
    await checkCoordinatorFees(tx, coordinator.id, feeIds);
    const [row] = await tx
      .insert(orderCycles)
      .values({
        name: data.name,
        coordinatorId: coordinator.id,
        opensAt,
        closesAt,
        automaticNotifications: data.automaticNotifications ?? false,
        externalId: data.externalId ?? null,
      })
      .returning({ id: orderCycles.id });
    await writeCoordinatorFees(tx, row.id, feeIds);
    await recordHistory(tx, row.id, actor.userId, "created", { name: data.name });
    await scheduleCycleClose(tx, row.id, closesAt, now);
    return row.id;
  });
}

export async function updateOrderCycle(actor: Actor, cycleId: string, input: unknown, now = new Date()): Promise<void> {
  const data = parseWith(updateCycleSchema, input);
  await getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    requireRole(canEditCycleSettings(roles));
    if (data.coordinatorId !== undefined && data.coordinatorId !== cycle.coordinatorId) throw invalidField("coordinatorId", "coordinatorFixed");
    const coordinator = (await enterprisesById(tx, [cycle.coordinatorId])).get(cycle.coordinatorId)!;
    const opensAt = resolveInstant(data.opensAt, coordinator.timeZone, "opensAt");
    const closesAt = resolveInstant(data.closesAt, coordinator.timeZone, "closesAt");
    const next = {
      name: data.name ?? cycle.name,
      opensAt: opensAt === undefined ? cycle.opensAt : opensAt,
      closesAt: closesAt === undefined ? cycle.closesAt : closesAt,
      automaticNotifications: data.automaticNotifications ?? cycle.automaticNotifications,
      externalId: data.externalId === undefined ? cycle.externalId : data.externalId,
    };
    const maxOrders = data.maxOrders === undefined ? (cycle.maxOrders ?? null) : data.maxOrders;
    if (maxOrders !== (cycle.maxOrders ?? null)) requireRole(canEditCycleCap(roles));
    checkDates(next.opensAt, next.closesAt);
    const datesChanged = next.opensAt?.getTime() !== cycle.opensAt?.getTime() || next.closesAt?.getTime() !== cycle.closesAt?.getTime();
    if (datesChanged && !data.confirmDateChange && (await hasPlacedOrders(tx, cycle.id))) {
      // The question sits at the date that moved (the opening when both did).
      const field = next.opensAt?.getTime() === cycle.opensAt?.getTime() ? "closesAt" : "opensAt";
      throw new DomainError("needs_confirmation", { [field]: { key: "confirmDateChange" } });
    }
    if (data.automaticNotifications !== undefined || closesAt !== undefined) checkNotificationHorizon(next.automaticNotifications, next.closesAt, now);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (next.name !== cycle.name) changes.name = { from: cycle.name, to: next.name };
    if (next.opensAt?.getTime() !== cycle.opensAt?.getTime()) changes.opensAt = { from: cycle.opensAt, to: next.opensAt };
    if (next.closesAt?.getTime() !== cycle.closesAt?.getTime()) changes.closesAt = { from: cycle.closesAt, to: next.closesAt };
    if (next.automaticNotifications !== cycle.automaticNotifications)
      changes.automaticNotifications = { from: cycle.automaticNotifications, to: next.automaticNotifications };
    if (next.externalId !== cycle.externalId) changes.externalId = { from: cycle.externalId, to: next.externalId };
    if (maxOrders !== (cycle.maxOrders ?? null)) {
      changes.maxOrders = { from: cycle.maxOrders ?? null, to: maxOrders };
      // Under the cycle's FOR UPDATE lock (cycleForCommand): the counter starts from the orders placed (decision 0046).
      await writeCycleCap(tx, cycle.id, maxOrders);
    }
    if (data.coordinatorFeeIds !== undefined) {
      const feeIds = [...new Set(data.coordinatorFeeIds)];
      await checkCoordinatorFees(tx, cycle.coordinatorId, feeIds, cycle.coordinatorFeeIds);
      if (feeIds.join() !== cycle.coordinatorFeeIds.join()) {
        changes.coordinatorFeeIds = { from: cycle.coordinatorFeeIds, to: feeIds };
        await writeCoordinatorFees(tx, cycle.id, feeIds);
      }
    }
    if (Object.keys(changes).length === 0) return;
    await tx
      .update(orderCycles)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(orderCycles.id, cycle.id));
    await recordHistory(tx, cycle.id, actor.userId, "updated", changes);
    if (changes.closesAt) await scheduleCycleClose(tx, cycle.id, next.closesAt, now);
  });
}

/** The variants an enterprise may put into cycles: its own, not archived, each with its case size. */
async function supplierVariants(db: Executor, supplierId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: variants.id, unitsPerCase: variants.unitsPerCase })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(products.enterpriseId, supplierId), isNull(variants.archivedAt), isNull(products.archivedAt)));
  return new Map(rows.map((row) => [row.id, row.unitsPerCase]));
}

function listDiff(before: readonly string[], after: readonly string[]) {
  return { added: after.filter((x) => !before.includes(x)), removed: before.filter((x) => !after.includes(x)) };
}

export async function putIncomingExchange(actor: Actor, cycleId: string, supplierId: string, input: unknown): Promise<IncomingExchange> {
  const { confirmRemoval, ...data } = parseWith(incomingSchema, input) as IncomingInput & { confirmRemoval?: boolean };
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    let current = cycle.incoming.find((exchange) => exchange.supplierId === supplierId);
    const caseSizes = await supplierVariants(tx, supplierId);
    const available = new Set(caseSizes.keys());
    // A supplier joins with everything it has to offer ticked (as in Open Food Network); the set-up is then unticking.
    if (!current && data.variantIds === undefined) data.variantIds = [...available];
    const facts = await loadFacts(cycle, { variantIds: data.variantIds, feeIds: data.feeIds, enterpriseIds: [supplierId] }, tx);
    if (!current) {
      if (!canManageParticipants(roles)) throw new DomainError(roles.coordinator ? "forbidden" : "not_found");
      const supplier = (await enterprisesById(tx, [supplierId])).get(supplierId);
      if (!supplier) throw new DomainError("not_found");
      if (!produces(supplier)) throw invalidField("supplierId", "notASupplier");
      if (!grantedAddToCycle(facts, supplierId, cycle.coordinatorId)) throw invalidField("supplierId", "supplierNotPermitted");
      current = { id: "", supplierId, variantIds: [], feeIds: [], receivalInstructions: "" };
    } else if (!canSeeIncoming(roles, facts, current)) {
      throw new DomainError("not_found");
    }
    const planned = planIncomingUpdate(cycle, facts, roles, current, data, available, caseSizes);
    // A request that changes nothing writes nothing: no history row, no new updated_at.
    if (current.id && sameExchange(current, planned)) return current;
    const withdrawn = await orderedVariantsWithdrawn(tx, cycle.id, listDiff(current.variantIds, planned.variantIds).removed, confirmRemoval);
    const exchangeId = await writeIncoming(tx, cycle.id, { ...planned, id: current.id || undefined });
    await pruneOutgoingVariants(tx, cycle.id);
    await restoreSetAsideVariants(tx, cycle.id);
    await touchCycle(tx, cycle.id);
    await recordHistory(tx, cycle.id, actor.userId, current.id ? "incoming_updated" : "supplier_added", {
      supplierId,
      variants: listDiff(current.variantIds, planned.variantIds),
      fees: listDiff(current.feeIds, planned.feeIds),
      receivalInstructionsChanged: planned.receivalInstructions !== current.receivalInstructions,
      ...(sameRecord(planned.limits, current.limits) ? {} : { limits: { from: current.limits ?? {}, to: planned.limits ?? {} } }),
    });
    if (withdrawn) await tellCoordinatorOfWithdrawal(tx, actor, cycle, roles, supplierId, withdrawn);
    return { ...planned, id: exchangeId };
  });
}

type Withdrawal = { variants: { variantId: string; name: string; units: number; orders: number }[]; units: number; orders: number };

/**
 * The unticked variants that placed orders hold: the orders keep them, so the producer must still
 * bring them. Refused until confirmed, with how many units in how many orders.
 */
async function orderedVariantsWithdrawn(
  tx: Executor,
  cycleId: string,
  removed: readonly string[],
  confirmed: boolean | undefined,
): Promise<Withdrawal | undefined> {
  const held = await placedOrdersHolding(tx, cycleId, removed);
  if (held.length === 0) return undefined;
  const withdrawal: Withdrawal = {
    variants: held.map((row) => ({ variantId: row.variantId, name: row.name, units: Number(row.units), orders: row.orderIds.length })),
    units: held.reduce((sum, row) => sum + Number(row.units), 0),
    orders: new Set(held.flatMap((row) => row.orderIds)).size,
  };
  if (!confirmed) {
    throw new DomainError("needs_confirmation", {
      variantIds: {
        key: "removalInOrders",
        values: { names: withdrawal.variants.map((variant) => variant.name).join(", "), units: withdrawal.units, count: withdrawal.orders },
      },
    });
  }
  return withdrawal;
}

/** The cycle's history says it always; the coordinator gets an email when someone else did it. */
async function tellCoordinatorOfWithdrawal(tx: Executor, actor: Actor, cycle: OrderCycle, roles: CycleRoles, supplierId: string, withdrawal: Withdrawal) {
  const historyId = await recordHistory(tx, cycle.id, actor.userId, "ordered_variants_withdrawn", { supplierId, ...withdrawal });
  if (roles.coordinator) return;
  const parties = await enterprisesById(tx, [cycle.coordinatorId, supplierId]);
  const coordinator = parties.get(cycle.coordinatorId)!;
  const supplier = parties.get(supplierId)!;
  const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
  const locale = isLocale(coordinator.locale) ? coordinator.locale : "en";
  const rendered = renderOrderedVariantsWithdrawn(
    {
      locale,
      cycleName: cycle.name,
      supplierName: supplier.name,
      actorName: user?.name || supplier.name,
      ...withdrawal,
      historyUrl: `${settings().appUrl}/admin/order-cycles/${cycle.id}/history`,
    },
    emailTranslator(locale),
  );
  await enqueueEmail(
    {
      idempotencyKey: `ordered-variants-withdrawn:${historyId}`,
      kind: "ordered_variants_withdrawn",
      cycleId: cycle.id,
      supplierId,
      to: coordinator.email,
      replyTo: supplier.email,
      ...rendered,
    },
    tx,
  );
}

export async function removeIncomingExchange(actor: Actor, cycleId: string, supplierId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    const exchange = cycle.incoming.find((candidate) => candidate.supplierId === supplierId);
    const facts = await loadFacts(cycle, {}, tx);
    if (!exchange || !canSeeIncoming(roles, facts, exchange)) throw new DomainError("not_found");
    requireRole(canManageParticipants(roles));
    await deleteIncoming(tx, cycle.id, supplierId);
    await pruneOutgoingVariants(tx, cycle.id);
    await touchCycle(tx, cycle.id);
    await recordHistory(tx, cycle.id, actor.userId, "supplier_removed", { supplierId });
  });
}

/** The reasons of eligibility.ts, with the distributor's methods in use counted. */
async function ineligibilityOf(
  db: Executor,
  coordinatorId: string,
  distributor: typeof enterprises.$inferSelect,
  facts: Pick<LoadedFacts, "addToCycleGrants">,
): Promise<DistributorIneligibility[]> {
  const [methods] = await db.execute<{ shipping: number; payment: number }>(sql`
    select
      (select count(*)::int from ${shippingMethods} where enterprise_id = ${distributor.id} and archived_at is null) as shipping,
      (select count(*)::int from ${paymentMethods} where enterprise_id = ${distributor.id} and archived_at is null) as payment`);
  return distributorIneligibility({
    enterprise: distributor,
    grantedToCoordinator: grantedAddToCycle(facts, distributor.id, coordinatorId),
    liveShippingMethods: Number(methods?.shipping ?? 0),
    livePaymentMethods: Number(methods?.payment ?? 0),
  });
}

async function activeMethodIds(db: Executor, distributorId: string) {
  const [shipping, payment] = await Promise.all([
    db
      .select({ id: shippingMethods.id })
      .from(shippingMethods)
      .where(and(eq(shippingMethods.enterpriseId, distributorId), isNull(shippingMethods.archivedAt))),
    db
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(eq(paymentMethods.enterpriseId, distributorId), isNull(paymentMethods.archivedAt))),
  ]);
  return { shippingMethodIds: shipping.map((row) => row.id), paymentMethodIds: payment.map((row) => row.id) };
}

export async function putOutgoingExchange(actor: Actor, cycleId: string, distributorId: string, input: unknown): Promise<OutgoingExchange> {
  const parsed = parseWith(outgoingSchema, input);
  const data: OutgoingInput = { ...parsed, readyOn: parsed.readyOn === "" ? null : parsed.readyOn };
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    let current = cycle.outgoing.find((exchange) => exchange.distributorId === distributorId);
    const facts = await loadFacts(
      cycle,
      {
        variantIds: data.variantIds,
        feeIds: data.feeIds,
        methodIds: [...(data.shippingMethodIds ?? []), ...(data.paymentMethodIds ?? [])],
        enterpriseIds: [distributorId],
      },
      tx,
    );
    if (!current) {
      if (!canManageParticipants(roles)) throw new DomainError(roles.coordinator ? "forbidden" : "not_found");
      const distributor = (await enterprisesById(tx, [distributorId])).get(distributorId);
      if (!distributor) throw new DomainError("not_found");
      const reasons = await ineligibilityOf(tx, cycle.coordinatorId, distributor, facts);
      if (reasons.length) throw invalidField("distributorId", "distributorNotEligible");
      current = {
        id: "",
        distributorId,
        variantIds: [],
        feeIds: [],
        readyFor: "",
        readyOn: null,
        pickupInstructions: "",
        pickupTimes: {},
        tags: [],
        visibility: "listed",
        shareKey: null,
        variantsLocked: false,
        ...(await activeMethodIds(tx, distributorId)),
      };
      // A distributor joins offering every incoming variant it may sell, as it offers all its methods.
      if (data.variantIds === undefined) data.variantIds = [...variantsAllowedForDistributor(cycle, facts, distributorId)];
    } else if (!canSeeOutgoing(roles, current)) {
      throw new DomainError("not_found");
    }
    const planned = planOutgoingUpdate(cycle, facts, roles, current, data);
    if (current.id && sameExchange(current, planned)) return current;
    if (planned.readyOn !== current.readyOn && cycle.opensAt) {
      const zone = (await enterprisesById(tx, [cycle.coordinatorId])).get(cycle.coordinatorId)!.timeZone;
      if (readyBeforeOpening(planned.readyOn, cycle.opensAt, zone))
        throw invalidField("readyOn", "readyBeforeOpening", { day: openingDay(cycle.opensAt, zone) });
    }
    const exchangeId = await writeOutgoing(tx, cycle.id, { ...planned, id: current.id || undefined });
    // Under the cycle's FOR UPDATE lock (cycleForCommand): a new cap's counter starts from the orders placed (decision 0046).
    await writePickupCaps(tx, cycle.id, { id: exchangeId, distributorId }, current.shippingMethodCaps ?? {}, planned.shippingMethodCaps ?? {});
    await touchCycle(tx, cycle.id);
    await recordHistory(tx, cycle.id, actor.userId, current.id ? "outgoing_updated" : "distributor_added", {
      distributorId,
      variants: listDiff(current.variantIds, planned.variantIds),
      fees: listDiff(current.feeIds, planned.feeIds),
      changed: [
        ...(["readyFor", "readyOn", "pickupInstructions", "visibility", "variantsLocked"] as const).filter((field) => planned[field] !== current![field]),
        ...(samePickupTimes(planned.pickupTimes, current.pickupTimes) ? [] : ["pickupTimes"]),
        ...(sameRecord(planned.shippingMethodCaps, current.shippingMethodCaps) ? [] : ["shippingMethodCaps"]),
      ],
    });
    return { ...planned, id: exchangeId };
  });
}

/**
 * A new share link for an unlisted exchange (docs/api.md, Group buying): the old link stops opening
 * it at once. Those who may change its visibility may; a listed exchange has no link to replace.
 */
export async function rotateShareKey(actor: Actor, cycleId: string, distributorId: string): Promise<string> {
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    const exchange = cycle.outgoing.find((candidate) => candidate.distributorId === distributorId);
    if (!exchange || !canSeeOutgoing(roles, exchange)) throw new DomainError("not_found");
    requireRole(canChangeVisibility(roles, distributorId));
    if (exchange.visibility !== "unlisted") throw invalidField("visibility", "notUnlisted");
    const shareKey = await replaceShareKey(tx, exchange.id);
    await touchCycle(tx, cycle.id);
    await recordHistory(tx, cycle.id, actor.userId, "share_key_rotated", { distributorId });
    return shareKey;
  });
}

export async function removeOutgoingExchange(actor: Actor, cycleId: string, distributorId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    const exchange = cycle.outgoing.find((candidate) => candidate.distributorId === distributorId);
    if (!exchange || !canSeeOutgoing(roles, exchange)) throw new DomainError("not_found");
    requireRole(canManageParticipants(roles));
    await deleteOutgoing(tx, cycle.id, distributorId);
    await touchCycle(tx, cycle.id);
    await recordHistory(tx, cycle.id, actor.userId, "distributor_removed", { distributorId });
  });
}

/**
 * A copy with coordinator, fees, exchanges, variants, instructions, tags and methods; no dates, no
 * notification record. Parties that withdrew their permission, and archived fees and methods, stay
 * out of it (clonePlan); the copy's history names the parties left out. The copy is named in the
 * language of whoever made it ("COPY OF …", "COPIE DE …"): they are the one who will rename it.
 */
export async function cloneOrderCycle(actor: Actor, cycleId: string, locale: Locale = defaultLocale): Promise<string> {
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    requireRole(canCloneOrDelete(roles));
    const plan = clonePlan(cycle, await loadFacts(cycle, {}, tx));
    const name = translator(locale, "cycles")("copyName", { name: cycle.name });
    // A clone has no place in a series, so nothing can take it first.
    return (await writeCopy(tx, actor.userId, cycle, plan, { name, opensAt: null, closesAt: null }, { action: "cloned_from" }))!;
  });
}

export async function deleteOrderCycle(actor: Actor, cycleId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForCommand(tx, actor, cycleId);
    requireRole(canCloneOrDelete(roles));
    if (await hasPlacedOrders(tx, cycle.id)) throw new DomainError("has_orders");
    // Carts do not count: they are emptied with the cycle.
    await tx.delete(orders).where(and(eq(orders.orderCycleId, cycle.id), eq(orders.state, "cart")));
    await tx.delete(orderCycles).where(eq(orderCycles.id, cycle.id));
  });
}
