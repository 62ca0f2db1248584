// A cycle's state (./state.ts) in SQL: the same half-open interval [opens_at, closes_at), written
// once for every query that filters or sorts by it. Instants go in as ISO text cast to timestamptz
// (a bare Date inside sql`` is not serialisable by postgres.js).
import { sql, type SQL } from "drizzle-orm";
import { orderCycles } from "#db/schema";
import type { CycleState } from "./state";

/** The instant columns of a cycle: order_cycles' own, or those of an alias in hand-written SQL (`cycleColumnsOf("c")`). */
export type CycleColumns = { opensAt: SQL | typeof orderCycles.opensAt; closesAt: SQL | typeof orderCycles.closesAt };

const ownColumns: CycleColumns = { opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt };

export function cycleColumnsOf(alias: string): CycleColumns {
  return { opensAt: sql.raw(`${alias}.opens_at`), closesAt: sql.raw(`${alias}.closes_at`) };
}

const instant = (now: Date) => sql`${now.toISOString()}::timestamptz`;

/** The cycle is open at `now` (an undated cycle never is). */
export function cycleIsOpenAt(now: Date, cycle: CycleColumns = ownColumns): SQL {
  return cycleInState("open", now, cycle);
}

/** The cycle is in `state` at `now`: state.ts's cycleState as a condition an index can answer. */
export function cycleInState(state: CycleState, now: Date, cycle: CycleColumns = ownColumns): SQL {
  const { opensAt, closesAt } = cycle;
  const at = instant(now);
  switch (state) {
    case "undated":
      return sql`(${opensAt} is null or ${closesAt} is null)`;
    case "upcoming":
      return sql`(${opensAt} > ${at} and ${closesAt} is not null)`;
    case "open":
      return sql`(${opensAt} <= ${at} and ${closesAt} > ${at})`;
    case "closed":
      return sql`(${opensAt} is not null and ${closesAt} <= ${at})`;
  }
}

/** The cycle's state at `now` as a value ('undated', 'upcoming', 'open', 'closed'), for sorting and grouping. */
export function cycleStateSql(now: Date, cycle: CycleColumns = ownColumns): SQL<CycleState> {
  const { opensAt, closesAt } = cycle;
  const at = instant(now);
  return sql<CycleState>`(case when ${opensAt} is null or ${closesAt} is null then 'undated'
    when ${at} < ${opensAt} then 'upcoming' when ${at} < ${closesAt} then 'open' else 'closed' end)`;
}

/** The cycle's close has not come at `now`, or it has none: it still takes, or may yet take, orders. */
export function cycleNotClosedBy(now: Date, cycle: CycleColumns = ownColumns): SQL {
  return sql`(${cycle.closesAt} is null or ${cycle.closesAt} > ${instant(now)})`;
}
