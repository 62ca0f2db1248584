// The list's state filter uses the same half-open interval [opens_at, closes_at) in SQL as
// cycleState in code (docs/domain.md section 2), and hides cycles closed for more than 30 days.
import { beforeAll, describe, expect, it } from "vitest";
import * as cyclesApi from "#app/routes/api.v1.order-cycles";
import { createOrderCycle } from "#app/domain/order-cycles/commands.server";
import { listCyclesForActor } from "#app/domain/order-cycles/queries.server";
import { cycleState, cycleStates } from "#app/domain/order-cycles/state";
import { coopPlus, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let w: CoopPlus;
let ids: Record<"open" | "upcoming" | "closed" | "undated" | "openedOnly" | "closedLongAgo", string>;

async function cycle(name: string, opensAt: Date | null, closesAt: Date | null) {
  return createOrderCycle(w.actors.hub, {
    name,
    coordinatorId: w.hub.id,
    opensAt: opensAt?.toISOString() ?? null,
    closesAt: closesAt?.toISOString() ?? null,
    confirmClosed: true,
  });
}

beforeAll(async () => {
  w = await coopPlus();
  // The list reads the real clock: dates an hour or more away from now.
  const now = Date.now();
  ids = {
    open: await cycle("Open now", new Date(now - HOUR), new Date(now + HOUR)),
    upcoming: await cycle("Opens soon", new Date(now + HOUR), new Date(now + 2 * HOUR)),
    closed: await cycle("Closed an hour ago", new Date(now - 2 * HOUR), new Date(now - HOUR)),
    undated: await cycle("No dates", null, null),
    openedOnly: await cycle("No close", new Date(now - HOUR), null),
    closedLongAgo: await cycle("Closed 40 days ago", new Date(now - 41 * DAY), new Date(now - 40 * DAY)),
  };
});

const list = async (query: string) => {
  const res = await callRoute(cyclesApi, { token: w.people.hub.token, path: `/api/v1/order-cycles${query}` });
  return { status: res.status, body: await json(res) };
};

describe("GET /order-cycles?state=", () => {
  it.each([
    ["open", ["open"]],
    ["upcoming", ["upcoming"]],
    ["closed", ["closed"]],
    ["undated", ["undated", "openedOnly"]],
  ] as const)("?state=%s lists exactly the %s cycles, each with that state", async (state, expected) => {
    const { status, body } = await list(`?state=${state}`);
    expect(status).toBe(200);
    expect(body.items.map((item: { id: string }) => item.id).sort()).toEqual(expected.map((key) => ids[key]).sort());
    for (const item of body.items) expect(item.state).toBe(state);
    expect(body.nextCursor).toBeNull();
  });

  it("without a state lists every cycle but those closed more than 30 days ago, open first, with UTC instants", async () => {
    const { body } = await list("");
    const listed = body.items.map((item: { id: string }) => item.id);
    expect(listed.sort()).toEqual([ids.open, ids.upcoming, ids.closed, ids.undated, ids.openedOnly].sort());
    expect(body.items[0].id).toBe(ids.open);
    expect(body.items.find((item: { id: string }) => item.id === ids.open).closesAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("includeClosedDays reveals older closed cycles", async () => {
    const { body } = await list("?state=closed&includeClosedDays=60");
    expect(body.items.map((item: { id: string }) => item.id).sort()).toEqual([ids.closed, ids.closedLongAgo].sort());
  });

  it("refuses an unknown state or a malformed day count with 422", async () => {
    expect((await list("?state=active")).status).toBe(422);
    expect((await list("?includeClosedDays=-3")).status).toBe(422);
  });
});

describe("the SQL filter and cycleState agree at the boundaries", () => {
  it("opens_at == now is open, closes_at == now is closed, one millisecond either side as expected", async () => {
    // Exact instants, with milliseconds, and the domain function given a fixed clock.
    const opensAt = new Date(Date.now() + 5 * DAY + 123);
    const closesAt = new Date(opensAt.getTime() + 2 * DAY);
    const id = await cycle("Boundaries", opensAt, closesAt);
    const at = (base: Date, delta = 0) => new Date(base.getTime() + delta);
    const cases: [Date, string][] = [
      [at(opensAt, -1), "upcoming"],
      [opensAt, "open"],
      [at(closesAt, -1), "open"],
      [closesAt, "closed"],
      [at(closesAt, 1), "closed"],
    ];
    for (const [now, expected] of cases) {
      expect(cycleState({ opensAt, closesAt }, now)).toBe(expected);
      for (const state of cycleStates) {
        const listed = (await listCyclesForActor(w.actors.hub, { state }, now)).items.map((item) => item.id);
        expect(listed.includes(id), `${state} at ${now.toISOString()}`).toBe(state === expected);
      }
    }
  });

  it("lists open cycles soonest close first, then upcoming soonest opening first, then undated, then closed latest first", async () => {
    const { items } = await listCyclesForActor(w.actors.hub, { includeClosedDays: 3650 });
    const states = items.map((item) => item.state);
    expect(states).toEqual(
      [...states].sort((a, b) => ["open", "upcoming", "undated", "closed"].indexOf(a) - ["open", "upcoming", "undated", "closed"].indexOf(b)),
    );
    const of = (state: string) => items.filter((item) => item.state === state);
    const ascending = (values: (string | null)[]) => values.every((value, i) => i === 0 || (values[i - 1] ?? "") <= (value ?? ""));
    expect(ascending(of("open").map((item) => item.closesAt))).toBe(true);
    expect(ascending(of("upcoming").map((item) => item.opensAt))).toBe(true);
    const closed = of("closed").map((item) => item.closesAt);
    expect(closed.length).toBeGreaterThan(1);
    expect(ascending([...closed].reverse())).toBe(true);
  });

  it("for every cycle and several clocks, the list filtered in SQL equals the list filtered by cycleState", async () => {
    const { items: all } = await listCyclesForActor(w.actors.hub, { includeClosedDays: 3650 });
    for (const offset of [-50 * DAY, -HOUR, 0, HOUR, 3 * DAY]) {
      const now = new Date(Date.now() + offset);
      const { items: everything } = await listCyclesForActor(w.actors.hub, { includeClosedDays: 3650 }, now);
      expect(everything.length).toBe(all.length);
      for (const state of cycleStates) {
        const inSql = (await listCyclesForActor(w.actors.hub, { state, includeClosedDays: 3650 }, now)).items.map((item) => item.id).sort();
        const inCode = everything
          .filter(
            (item) =>
              cycleState({ opensAt: item.opensAt ? new Date(item.opensAt) : null, closesAt: item.closesAt ? new Date(item.closesAt) : null }, now) === state,
          )
          .map((item) => item.id)
          .sort();
        expect(inSql, `${state} at ${offset}`).toEqual(inCode);
      }
    }
  });
});

describe("GET /order-cycles pages with a keyset cursor", () => {
  it("walks every cycle two at a time, in the list's order, each once, ending with nextCursor null", async () => {
    const whole = await list("?includeClosedDays=3650");
    expect(whole.status).toBe(200);
    expect(whole.body.items.length).toBeGreaterThan(4);
    expect(whole.body.nextCursor).toBeNull();

    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?includeClosedDays=3650&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(pages).toBeGreaterThan(2);
    expect(walked).toEqual(whole.body.items.map((item: { id: string }) => item.id));
  });

  it("pages within a state filter too", async () => {
    const first = await list("?state=closed&includeClosedDays=3650&limit=1");
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(`?state=closed&includeClosedDays=3650&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    expect(new Date(second.body.items[0].closesAt).getTime()).toBeLessThanOrEqual(new Date(first.body.items[0].closesAt).getTime());
  });

  it("a cursor it did not make, or a limit that is not a number, is 422", async () => {
    const forged = Buffer.from(JSON.stringify(["9", "x", "y"])).toString("base64url");
    for (const query of ["?cursor=not-a-cursor", `?cursor=${forged}`, "?limit=two", "?limit=-1"]) {
      const res = await list(query);
      expect(res.status, query).toBe(422);
    }
  });
});
