// Plans a change to an exchange from a caller's request: what they may touch changes, the rest stays,
// and any attempt on a forbidden field refuses the whole request (never a partial write).
import { DomainError } from "#app/domain/errors";
import { limitCaseErrors } from "#app/domain/orders/cases";
import {
  canEditBuyerLimits,
  canEditIncoming,
  canChangeVisibility,
  canEditPickupCaps,
  canEditOutgoingDetails,
  canLockVariants,
  editableExchangeFeeOwners,
  lockedAgainst,
  variantsEditableUnlocked,
  variantsAllowedForDistributor,
  type CycleRoles,
} from "#app/domain/access/cycle-rules";
import type { CycleFacts, ExchangeVisibility, IncomingExchange, OrderCycle, OutgoingExchange } from "./model";

type IdMerge = {
  field: string;
  current: readonly string[];
  requested: readonly string[] | undefined;
  editable: ReadonlySet<string>;
  /** Ids that may stand in this list at all (else 422). */
  belongs: (id: string) => boolean;
};

/**
 * Replaces the editable part of a list with the request (docs/api.md: the request lists the ids the
 * caller may edit; the others stay as they are). An id the caller may not add is refused: 403 when
 * it belongs in this list, 422 when it does not belong at all.
 */
export function mergeEditableIds({ field, current, requested, editable, belongs }: IdMerge): string[] {
  if (requested === undefined) return [...current];
  const wanted = new Set(requested);
  for (const id of wanted) {
    if (editable.has(id) || current.includes(id)) continue;
    if (!belongs(id)) throw new DomainError("validation_failed", { [field]: { key: "unknownIds" } });
    throw new DomainError("forbidden", { [field]: { key: "notYours" } });
  }
  const kept = current.filter((id) => !editable.has(id) || wanted.has(id));
  const added = [...wanted].filter((id) => editable.has(id) && !current.includes(id));
  return [...kept, ...added];
}

/** An archived fee or method already in an exchange stays (and may be removed); it is never added anew. */
export function refuseNewlyArchived(field: string, current: readonly string[], planned: readonly string[], archivedIds: ReadonlySet<string> | undefined) {
  if (planned.some((id) => !current.includes(id) && archivedIds?.has(id))) throw new DomainError("validation_failed", { [field]: { key: "archivedIds" } });
}

function sameList(a: readonly string[], b: readonly string[]) {
  return a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
}

/** A field the caller may not change, sent with a different value, refuses the request. */
export function guardUnchanged<T>(field: string, allowed: boolean, current: T, requested: T | undefined, equal: (a: T, b: T) => boolean = Object.is) {
  if (requested === undefined || allowed) return;
  if (!equal(current, requested)) throw new DomainError("forbidden", { [field]: { key: "notYours" } });
}

export type IncomingInput = {
  variantIds?: string[];
  feeIds?: string[];
  receivalInstructions?: string;
  /** The exchange's per-buyer limits, all of them (a variant left out, or with null, has none). */
  limits?: { variantId: string; maxPerBuyer: number | null }[];
};

/** Pure: a list of {id, max} as a record without the nulls; `field` names the errors (an id twice, or not in `allowed`). */
export function limitRecord(field: string, entries: readonly { id: string; max: number | null }[], allowed: ReadonlySet<string>): Record<string, number> {
  const record: Record<string, number> = {};
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) throw new DomainError("validation_failed", { [field]: { key: "duplicateIds" } });
    seen.add(entry.id);
    if (!allowed.has(entry.id)) throw new DomainError("validation_failed", { [field]: { key: "unknownIds" } });
    if (entry.max !== null) record[entry.id] = entry.max;
  }
  return record;
}

/** Pure: the entries of a record whose keys are still in the list. */
function keptFor(record: Readonly<Record<string, number>> | undefined, ids: readonly string[]): Record<string, number> {
  const kept = new Set(ids);
  return Object.fromEntries(Object.entries(record ?? {}).filter(([id]) => kept.has(id)));
}

export function sameRecord(a: Readonly<Record<string, unknown>> | undefined, b: Readonly<Record<string, unknown>> | undefined): boolean {
  const entries = (record: Readonly<Record<string, unknown>> | undefined) =>
    JSON.stringify(Object.entries(record ?? {}).sort(([x], [y]) => x.localeCompare(y)));
  return entries(a) === entries(b);
}

export function planIncomingUpdate(
  cycle: OrderCycle,
  facts: CycleFacts,
  roles: CycleRoles,
  current: IncomingExchange,
  input: IncomingInput,
  supplierVariantIds: ReadonlySet<string>,
  /** The case size of each variant sold by the case: a limit set on one must be whole cases (decision 0059). */
  caseSizes: ReadonlyMap<string, number> = new Map(),
): IncomingExchange {
  const editable = canEditIncoming(roles, current.supplierId);
  if (!editable) throw new DomainError("forbidden");
  const variantIds = mergeEditableIds({
    field: "variantIds",
    current: current.variantIds,
    requested: input.variantIds,
    editable: supplierVariantIds,
    belongs: (id) => supplierVariantIds.has(id),
  });
  const feeOwners = editableExchangeFeeOwners(roles, cycle.coordinatorId, current.supplierId);
  const feeBelongs = (id: string) => {
    const owner = facts.feeOwner.get(id);
    return owner === current.supplierId || owner === cycle.coordinatorId;
  };
  const feeIds = mergeEditableIds({
    field: "feeIds",
    current: current.feeIds,
    requested: input.feeIds,
    editable: new Set([...facts.feeOwner].filter(([id, owner]) => feeOwners.has(owner) && feeBelongs(id)).map(([id]) => id)),
    belongs: feeBelongs,
  });
  refuseNewlyArchived("feeIds", current.feeIds, feeIds, facts.archivedIds);
  // Limits are the coordinator's (docs/domain.md 3): anyone else sending other ones is refused.
  const limitsEditable = canEditBuyerLimits(roles);
  const requestedLimits =
    input.limits === undefined
      ? undefined
      : limitRecord(
          "limits",
          input.limits.map((entry) => ({ id: entry.variantId, max: entry.maxPerBuyer })),
          new Set(variantIds),
        );
  guardUnchanged("limits", limitsEditable, keptFor(current.limits, variantIds), requestedLimits, sameRecord);
  if (requestedLimits) {
    const caseRefusals = limitCaseErrors(requestedLimits, current.limits ?? {}, caseSizes);
    if (Object.keys(caseRefusals).length) throw new DomainError("validation_failed", caseRefusals);
  }
  return {
    ...current,
    variantIds,
    feeIds,
    receivalInstructions: input.receivalInstructions ?? current.receivalInstructions,
    limits: keptFor(limitsEditable && requestedLimits ? requestedLimits : current.limits, variantIds),
  };
}

export type OutgoingInput = {
  variantIds?: string[];
  feeIds?: string[];
  readyFor?: string;
  readyOn?: string | null;
  pickupInstructions?: string;
  pickupTimes?: Record<string, string>;
  tags?: string[];
  shippingMethodIds?: string[];
  paymentMethodIds?: string[];
  visibility?: ExchangeVisibility;
  variantsLocked?: boolean;
  /** The exchange's pickup-point caps, all of them (a method left out, or with null, has none). */
  shippingMethodCaps?: { shippingMethodId: string; maxOrders: number | null }[];
};

export function planOutgoingUpdate(
  cycle: OrderCycle,
  facts: CycleFacts & { methodOwner: ReadonlyMap<string, string> },
  roles: CycleRoles,
  current: OutgoingExchange,
  input: OutgoingInput,
): OutgoingExchange {
  const distributorId = current.distributorId;
  const detailsEditable = canEditOutgoingDetails(roles, distributorId);
  const editableVariants = variantsEditableUnlocked(roles, cycle, facts, distributorId);
  guardUnchanged("readyFor", detailsEditable, current.readyFor, input.readyFor);
  guardUnchanged("readyOn", detailsEditable, current.readyOn, input.readyOn);
  guardUnchanged("pickupInstructions", detailsEditable, current.pickupInstructions, input.pickupInstructions);
  guardUnchanged("pickupTimes", detailsEditable, current.pickupTimes, input.pickupTimes, samePickupTimes);
  guardUnchanged("tags", detailsEditable, current.tags, input.tags, sameList);
  guardUnchanged("shippingMethodIds", detailsEditable, current.shippingMethodIds, input.shippingMethodIds, sameList);
  guardUnchanged("paymentMethodIds", detailsEditable, current.paymentMethodIds, input.paymentMethodIds, sameList);
  guardUnchanged("visibility", canChangeVisibility(roles, distributorId), current.visibility, input.visibility);
  guardUnchanged("variantsLocked", canLockVariants(roles), current.variantsLocked, input.variantsLocked);

  const allowed = variantsAllowedForDistributor(cycle, facts, distributorId);
  const inCycle = new Set(cycle.incoming.flatMap((exchange) => exchange.variantIds));
  const variantIds = mergeEditableIds({
    field: "variantIds",
    current: current.variantIds,
    requested: input.variantIds,
    editable: editableVariants,
    belongs: (id) => allowed.has(id) || inCycle.has(id),
  });
  // A locked offer (docs/domain.md 12): what the caller could otherwise change is refused, never silently kept.
  if (lockedAgainst(roles, current) && !sameList(variantIds, current.variantIds)) throw new DomainError("forbidden", { variantIds: { key: "variantsLocked" } });

  const feeOwners = editableExchangeFeeOwners(roles, cycle.coordinatorId, distributorId);
  const feeBelongs = (id: string) => {
    const owner = facts.feeOwner.get(id);
    return owner === distributorId || owner === cycle.coordinatorId;
  };
  const feeIds = detailsEditable
    ? mergeEditableIds({
        field: "feeIds",
        current: current.feeIds,
        requested: input.feeIds,
        editable: new Set([...facts.feeOwner].filter(([id, owner]) => feeOwners.has(owner) && feeBelongs(id)).map(([id]) => id)),
        belongs: feeBelongs,
      })
    : (guardUnchanged("feeIds", false, current.feeIds, input.feeIds, sameList), current.feeIds);

  refuseNewlyArchived("feeIds", current.feeIds, feeIds, facts.archivedIds);
  const ownMethod = (field: string, ids: string[] | undefined, currentIds: string[]) => {
    if (ids === undefined || !detailsEditable) return currentIds;
    for (const id of ids) {
      if (facts.methodOwner.get(id) !== distributorId) throw new DomainError("validation_failed", { [field]: { key: "unknownIds" } });
    }
    const planned = [...new Set(ids)];
    refuseNewlyArchived(field, currentIds, planned, facts.archivedIds);
    return planned;
  };

  const shippingMethodIds = ownMethod("shippingMethodIds", input.shippingMethodIds, current.shippingMethodIds);
  // Caps go with the methods (docs/domain.md 3: the coordinator's, and the distributor's own pickup points').
  const requestedCaps =
    input.shippingMethodCaps === undefined
      ? undefined
      : limitRecord(
          "shippingMethodCaps",
          input.shippingMethodCaps.map((entry) => ({ id: entry.shippingMethodId, max: entry.maxOrders })),
          new Set(shippingMethodIds),
        );
  const capsEditable = canEditPickupCaps(roles, distributorId);
  guardUnchanged("shippingMethodCaps", capsEditable, keptFor(current.shippingMethodCaps, shippingMethodIds), requestedCaps, sameRecord);
  return {
    ...current,
    variantIds,
    feeIds,
    readyFor: detailsEditable ? (input.readyFor ?? current.readyFor) : current.readyFor,
    readyOn: detailsEditable && input.readyOn !== undefined ? input.readyOn : current.readyOn,
    pickupInstructions: detailsEditable ? (input.pickupInstructions ?? current.pickupInstructions) : current.pickupInstructions,
    pickupTimes: offeredPickupTimes(detailsEditable && input.pickupTimes ? input.pickupTimes : current.pickupTimes, shippingMethodIds),
    tags: detailsEditable && input.tags ? normaliseTags(input.tags) : current.tags,
    shippingMethodIds,
    paymentMethodIds: ownMethod("paymentMethodIds", input.paymentMethodIds, current.paymentMethodIds),
    visibility: canChangeVisibility(roles, distributorId) ? (input.visibility ?? current.visibility) : current.visibility,
    variantsLocked: canLockVariants(roles) ? (input.variantsLocked ?? current.variantsLocked) : current.variantsLocked,
    shippingMethodCaps: keptFor(capsEditable && requestedCaps ? requestedCaps : current.shippingMethodCaps, shippingMethodIds),
  };
}

/** Pickup times of the methods the exchange offers only, blank ones dropped (the method's hours apply). */
function offeredPickupTimes(times: Readonly<Record<string, string>>, shippingMethodIds: readonly string[]): Record<string, string> {
  const offered = new Set(shippingMethodIds);
  return Object.fromEntries(
    Object.entries(times)
      .filter(([methodId, time]) => offered.has(methodId) && time.trim() !== "")
      .map(([methodId, time]) => [methodId, time.trim()]),
  );
}

export function samePickupTimes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const entries = (times: Readonly<Record<string, string>>) =>
    JSON.stringify(
      Object.entries(times)
        .filter(([, time]) => time.trim() !== "")
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return entries(a) === entries(b);
}

export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();
}

/** Whether a planned exchange equals the current one (id lists compared as sets): such a request changes nothing and records nothing. */
export function sameExchange<T extends IncomingExchange | OutgoingExchange>(current: T, planned: T): boolean {
  const keys = new Set([...Object.keys(current), ...Object.keys(planned)]) as Set<keyof T>;
  for (const key of keys) {
    const a = current[key];
    const b = planned[key];
    if (Array.isArray(a) && Array.isArray(b)) {
      if (!sameList(a, b)) return false;
    } else if (key === "pickupTimes") {
      if (!samePickupTimes(a as Record<string, string>, b as Record<string, string>)) return false;
    } else if (key === "limits" || key === "shippingMethodCaps" || key === "placedByMethod") {
      if (!sameRecord(a as Record<string, number> | undefined, b as Record<string, number> | undefined)) return false;
    } else if (!Object.is(a, b)) return false;
  }
  return true;
}
