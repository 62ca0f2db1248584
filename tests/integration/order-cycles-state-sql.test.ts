// The SQL form of a cycle's state (app/domain/order-cycles/state.server.ts) says what state.ts says,
// at the edges of the half-open interval and for undated cycles.
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { cycleColumnsOf, cycleInState, cycleIsOpenAt, cycleNotClosedBy, cycleStateSql } from "#app/domain/order-cycles/state.server";
import { cycleState, cycleStates } from "#app/domain/order-cycles/state";

const opensAt = new Date("2026-03-29T00:30:00Z");
const closesAt = new Date("2026-03-29T02:30:00Z");
const cycles = [
  { opensAt, closesAt },
  { opensAt: null, closesAt },
  { opensAt, closesAt: null },
  { opensAt: null, closesAt: null },
];
const instants = [new Date(opensAt.getTime() - 1), opensAt, new Date(closesAt.getTime() - 1), closesAt, new Date(closesAt.getTime() + 1)];

async function inSql(cycle: { opensAt: Date | null; closesAt: Date | null }, now: Date) {
  const columns = cycleColumnsOf("c");
  const [row] = await getDb().execute<{ state: string; open: boolean; notClosed: boolean } & Record<string, boolean>>(sql`
    select ${cycleStateSql(now, columns)} as state, ${cycleIsOpenAt(now, columns)} as open, ${cycleNotClosedBy(now, columns)} as "notClosed",
      ${sql.join(
        cycleStates.map((state) => sql`coalesce(${cycleInState(state, now, columns)}, false) as ${sql.identifier(state)}`),
        sql`, `,
      )}
    from (select ${cycle.opensAt?.toISOString() ?? null}::timestamptz as opens_at, ${cycle.closesAt?.toISOString() ?? null}::timestamptz as closes_at) c`);
  return row!;
}

describe("a cycle's state in SQL", () => {
  it("is state.ts's state at every edge, and each state's condition holds for that state only", async () => {
    for (const cycle of cycles) {
      for (const now of instants) {
        const expected = cycleState(cycle, now);
        const row = await inSql(cycle, now);
        expect({ cycle, now, state: row.state }).toEqual({ cycle, now, state: expected });
        expect(Boolean(row.open)).toBe(expected === "open");
        for (const state of cycleStates) expect({ cycle, now, state, holds: Boolean(row[state]) }).toEqual({ cycle, now, state, holds: state === expected });
        expect(Boolean(row.notClosed)).toBe(cycle.closesAt === null || now.getTime() < cycle.closesAt.getTime());
      }
    }
  });
});
