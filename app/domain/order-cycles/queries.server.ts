// Read side of order cycles: the list a manager sees, and one cycle as the caller may see it.
import { cycleForActor } from "#app/domain/access/cycle.server";
import { and, asc, eq, gte, inArray, isNull, or, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterpriseFees, enterprises, incomingExchanges, orderCycles, orders, outgoingExchanges } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { invalidField } from "#app/domain/errors";
import { externalIdSearch } from "#app/domain/external-ids/rules";
import { decodeCursor, encodeCursor } from "#app/domain/paging";
import { visibleCycles } from "#app/domain/access/scopes.server";
import { loadFacts } from "./load.server";
import { cycleState, type CycleState } from "./state";
import { cycleInState, cycleNotClosedBy, cycleStateSql } from "./state.server";
import { cycleView } from "./view";

export type CycleListItem = {
  id: string;
  name: string;
  state: CycleState;
  opensAt: string | null;
  closesAt: string | null;
  coordinator: { id: string; name: string; timeZone: string };
  externalId: string | null;
  /** Its place in a series of repeats (0 for the cycle first repeated); null when never repeated. */
  seriesIndex: number | null;
  isCoordinator: boolean;
  /** Whether placed orders exist: moving the dates then asks first. */
  hasOrders: boolean;
};

/** A page of the cycle list: 500 by default, as many as a manager's list needs. */
const CYCLES_PAGE_SIZE = 500;

/**
 * Cycles the caller is involved in, a page at a time; closed ones older than `includeClosedDays` are
 * left out. Open first (soonest close first), then upcoming (soonest opening), undated, and closed
 * (latest close first): what a manager looks for. The order is computed in SQL so that a keyset
 * cursor (state rank, sort instant, id) can carry on where a page stopped.
 */
export async function listCyclesForActor(
  actor: Actor,
  options: { state?: CycleState; includeClosedDays?: number; externalId?: string | null; limit?: number; cursor?: string | null } = {},
  now = new Date(),
): Promise<{ items: CycleListItem[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor, 3);
  if (after && !(/^[0-3]$/.test(after[0]) && /^-?\d+(\.\d+)?$/.test(after[1]))) throw invalidField("cursor", "invalid");
  if (actor.enterpriseIds.length === 0) return { items: [], nextCursor: null };
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? CYCLES_PAGE_SIZE), 1), CYCLES_PAGE_SIZE);
  const managed = [...actor.enterpriseIds];
  const closedSince = new Date(now.getTime() - (options.includeClosedDays ?? 30) * 24 * 60 * 60 * 1000);
  const involved = visibleCycles(managed);
  const externalId = externalIdSearch(options.externalId);
  const state = cycleStateSql(now);
  // Open first, then upcoming, undated and closed: the list's order of the states, as a sort key.
  const rank = sql<number>`(case ${state} when 'open' then 0 when 'upcoming' then 1 when 'undated' then 2 else 3 end)`;
  // Within a state, seconds since the epoch, negated where the latest comes first; an undated cycle
  // without a close sorts before the dated ones.
  const instant = sql<string>`(case ${state} when 'undated' then coalesce(extract(epoch from ${orderCycles.closesAt}), -1e12)
    when 'upcoming' then extract(epoch from ${orderCycles.opensAt})
    when 'open' then extract(epoch from ${orderCycles.closesAt})
    else -extract(epoch from ${orderCycles.closesAt}) end)`;
  const rows = await getDb()
    .select({
      id: orderCycles.id,
      name: orderCycles.name,
      opensAt: orderCycles.opensAt,
      closesAt: orderCycles.closesAt,
      coordinatorId: orderCycles.coordinatorId,
      coordinatorName: enterprises.name,
      coordinatorZone: enterprises.timeZone,
      externalId: orderCycles.externalId,
      seriesIndex: orderCycles.seriesIndex,
      hasOrders: sql<boolean>`exists (select 1 from ${orders} o where o.order_cycle_id = ${orderCycles.id} and o.state <> 'cart')`,
      rank,
      instant: sql<string>`${instant}::text`,
    })
    .from(orderCycles)
    .innerJoin(enterprises, eq(enterprises.id, orderCycles.coordinatorId))
    .where(
      and(
        involved,
        // A cycle looked up by its external id is found however long ago it closed.
        externalId ? eq(orderCycles.externalId, externalId) : or(isNull(orderCycles.closesAt), gte(orderCycles.closesAt, closedSince)),
        options.state ? cycleInState(options.state, now) : undefined,
        after ? sql`(${rank}, ${instant}, ${orderCycles.id}) > (${Number(after[0])}::int, ${after[1]}::numeric, ${after[2]})` : undefined,
      ),
    )
    .orderBy(asc(rank), asc(instant), asc(orderCycles.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      id: row.id,
      name: row.name,
      state: cycleState(row, now),
      opensAt: row.opensAt?.toISOString() ?? null,
      closesAt: row.closesAt?.toISOString() ?? null,
      coordinator: { id: row.coordinatorId, name: row.coordinatorName, timeZone: row.coordinatorZone },
      externalId: row.externalId,
      seriesIndex: row.seriesIndex,
      isCoordinator: managed.includes(row.coordinatorId),
      hasOrders: Boolean(row.hasOrders),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([String(last.rank), last.instant, last.id]) : null,
  };
}

async function enterpriseNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb()
    .select({ id: enterprises.id, name: enterprises.name })
    .from(enterprises)
    .where(inArray(enterprises.id, [...ids]));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** One cycle as the caller may see it; 404 when absent or when the caller is not involved. */
export async function viewCycleForActor(actor: Actor, cycleId: string, now = new Date()) {
  const { cycle, roles } = await cycleForActor(actor, cycleId);
  const facts = await loadFacts(cycle);
  const names = await enterpriseNames([cycle.coordinatorId, ...cycle.incoming.map((e) => e.supplierId), ...cycle.outgoing.map((e) => e.distributorId)]);
  return cycleView(cycle, roles, facts, names, now);
}

/** The zone a manager reads times in: that of the first enterprise they manage (by name), else UTC. */
export async function viewerTimeZone(actor: Actor): Promise<string> {
  if (actor.enterpriseIds.length === 0) return "UTC";
  const [row] = await getDb()
    .select({ timeZone: enterprises.timeZone })
    .from(enterprises)
    .where(inArray(enterprises.id, [...actor.enterpriseIds]))
    .orderBy(enterprises.name)
    .limit(1);
  return row?.timeZone ?? "UTC";
}

/** Hubs the caller manages: the enterprises that may coordinate a new cycle. */
export async function coordinatorsForActor(actor: Actor) {
  if (actor.enterpriseIds.length === 0) return [];
  return getDb()
    .select({ id: enterprises.id, name: enterprises.name, timeZone: enterprises.timeZone })
    .from(enterprises)
    .where(and(inArray(enterprises.id, [...actor.enterpriseIds]), eq(enterprises.kind, "hub")))
    .orderBy(enterprises.name);
}

/** The fees each of these hubs could charge as coordinator. */
export async function feesOwnedBy(enterpriseIds: readonly string[]) {
  if (enterpriseIds.length === 0) return [];
  return getDb()
    .select({
      id: enterpriseFees.id,
      name: enterpriseFees.name,
      feeType: enterpriseFees.feeType,
      ownerId: enterpriseFees.enterpriseId,
      calculatorType: enterpriseFees.calculatorType,
      calculatorParams: enterpriseFees.calculatorParams,
    })
    .from(enterpriseFees)
    .where(and(inArray(enterpriseFees.enterpriseId, [...enterpriseIds]), isNull(enterpriseFees.archivedAt)))
    .orderBy(enterpriseFees.name);
}

/**
 * Open or upcoming (or undated) cycles of a coordinator that still include an enterprise as
 * supplier or distributor: shown when a permission is revoked, since revoking never rewrites cycles.
 */
export async function cyclesStillIncluding(coordinatorIds: readonly string[], enterpriseId: string, now = new Date()) {
  if (coordinatorIds.length === 0) return [];
  const rows = await getDb()
    .select({ id: orderCycles.id, name: orderCycles.name, opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt })
    .from(orderCycles)
    .where(
      and(
        inArray(orderCycles.coordinatorId, [...coordinatorIds]),
        cycleNotClosedBy(now),
        or(
          inArray(
            orderCycles.id,
            getDb().select({ id: incomingExchanges.orderCycleId }).from(incomingExchanges).where(eq(incomingExchanges.supplierId, enterpriseId)),
          ),
          inArray(
            orderCycles.id,
            getDb().select({ id: outgoingExchanges.orderCycleId }).from(outgoingExchanges).where(eq(outgoingExchanges.distributorId, enterpriseId)),
          ),
        ),
      ),
    )
    .orderBy(orderCycles.closesAt);
  return rows.map((row) => ({ id: row.id, name: row.name, state: cycleState(row, now) }));
}
