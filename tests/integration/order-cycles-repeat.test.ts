// Repeating a cycle (docs/domain.md 15): copies every N weeks or every month at the same local time
// across daylight-saving changes, linked in a series whose indexes are never made twice; a dry run
// only lists the dates; bad input answers at its field and changes nothing.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as repeatRoute from "#app/routes/api.v1.order-cycles.$cycleId.repeat";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycleHistory, orderCycles, outgoingExchanges } from "#db/schema";
import { coopPlus, seedCycle, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase, withoutTables } from "#tests/support/db-snapshot";
import { callRoute, json } from "#tests/support/http";

/** An instant given as a wall-clock time in a zone ("2027-10-26T18:00"). */
function local(wallClock: string, zone: string): Date {
  const guess = new Date(`${wallClock}:00Z`);
  const offset = (at: Date) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
      })
        .formatToParts(at)
        .map((part) => [part.type, part.value]),
    );
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - at.getTime();
  };
  return new Date(guess.getTime() - offset(new Date(guess.getTime() - offset(guess))));
}

function wallClock(instant: string | Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function datedCycle(w: CoopPlus, zone: string, opens: string, closes: string) {
  await getDb().update(enterprises).set({ timeZone: zone }).where(eq(enterprises.id, w.hub.id));
  return seedCycle(w, { name: "Veg box", opensAt: local(opens, zone), closesAt: local(closes, zone) });
}

function repeat(w: CoopPlus, cycleId: string, body: unknown, token = w.people.hub.token) {
  return callRoute(repeatRoute, { token, params: { cycleId }, body });
}

async function series(seriesId: string) {
  return getDb()
    .select({ id: orderCycles.id, index: orderCycles.seriesIndex, opensAt: orderCycles.opensAt, closesAt: orderCycles.closesAt, name: orderCycles.name })
    .from(orderCycles)
    .where(eq(orderCycles.seriesId, seriesId))
    .orderBy(orderCycles.seriesIndex);
}

describe("a weekly repeat keeps the local hour across daylight-saving changes", () => {
  for (const [zone, opens, closes, expectedCloses] of [
    // Paris leaves summer time on 31 October 2027.
    ["Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00", ["Tue 2027-11-02 18:00", "Tue 2027-11-09 18:00", "Tue 2027-11-16 18:00"]],
    // Paris enters summer time on 28 March 2027.
    ["Europe/Paris", "2027-03-16T08:00", "2027-03-23T18:00", ["Tue 2027-03-30 18:00", "Tue 2027-04-06 18:00", "Tue 2027-04-13 18:00"]],
    // Melbourne enters summer time on 3 October 2027 and leaves it on 4 April 2027.
    ["Australia/Melbourne", "2027-09-21T08:00", "2027-09-28T18:00", ["Tue 2027-10-05 18:00", "Tue 2027-10-12 18:00", "Tue 2027-10-19 18:00"]],
    ["Australia/Melbourne", "2027-03-23T08:00", "2027-03-30T18:00", ["Tue 2027-04-06 18:00", "Tue 2027-04-13 18:00", "Tue 2027-04-20 18:00"]],
  ] as const) {
    it(`${zone}, closing ${closes}`, async () => {
      const w = await coopPlus();
      const cycleId = await datedCycle(w, zone, opens, closes);
      const res = await repeat(w, cycleId, { every: { weeks: 1 }, count: 3 });
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(body.items.map((item: { closesAt: string }) => wallClock(item.closesAt, zone))).toEqual(expectedCloses);
      expect(body.items.map((item: { opensAt: string }) => wallClock(item.opensAt, zone).slice(-5))).toEqual(["08:00", "08:00", "08:00"]);
      const [source] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
      expect(source.seriesIndex).toBe(0);
      const members = await series(source.seriesId!);
      expect(members.map((member) => member.index)).toEqual([0, 1, 2, 3]);
      expect(members.slice(1).map((member) => wallClock(member.closesAt!, zone))).toEqual(expectedCloses);
    });
  }
});

describe("repeat", () => {
  it("copies the parties, shifts the ready-on dates, records where each copy came from, and names it by its opening day", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { readyOn: "2027-10-29" });
    const body = await json(await repeat(w, cycleId, { every: { weeks: 2 }, count: 2 }));
    expect(body.items.map((item: { name: string }) => item.name)).toEqual(["Veg box · 2 November 2027", "Veg box · 16 November 2027"]);
    for (const [n, item] of body.items.entries()) {
      const exchanges = await getDb().select().from(outgoingExchanges).where(eq(outgoingExchanges.orderCycleId, item.id));
      expect(exchanges.map((exchange) => exchange.distributorId).sort()).toEqual([w.distributor.id, w.lake.id].sort());
      expect(exchanges.find((exchange) => exchange.distributorId === w.distributor.id)!.readyOn).toBe(["2027-11-12", "2027-11-26"][n]);
      const history = await getDb().select().from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, item.id));
      expect(history.map((row) => row.action)).toEqual(["repeated_from"]);
      expect(history[0].details).toMatchObject({ orderCycleId: cycleId, index: n + 1, every: { weeks: 2 } });
    }
  });

  it("every month: the same day and hour, the last day of a shorter month when the day is past it", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-01-25T08:00", "2027-01-31T18:00");
    const body = await json(await repeat(w, cycleId, { every: { months: 1 }, count: 3 }));
    expect(body.items.map((item: { closesAt: string }) => wallClock(item.closesAt, "Europe/Paris"))).toEqual([
      "Sun 2027-02-28 18:00",
      "Wed 2027-03-31 18:00",
      "Fri 2027-04-30 18:00",
    ]);
  });

  it("never makes an index twice: repeating again adds only the missing ones, from any cycle of the series", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    await repeat(w, cycleId, { every: { weeks: 1 }, count: 3 });
    const again = await json(await repeat(w, cycleId, { every: { weeks: 1 }, count: 5 }));
    expect(again.items.map((item: { index: number }) => item.index)).toEqual([4, 5]);
    expect(again.skippedIndexes).toEqual([1, 2, 3]);
    const [source] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
    const members = await series(source.seriesId!);
    expect(members.map((member) => member.index)).toEqual([0, 1, 2, 3, 4, 5]);
    // From the second copy, two ahead are 3 and 4: both made already.
    const fromCopy = await json(await repeat(w, members[2].id, { every: { weeks: 1 }, count: 2 }));
    expect(fromCopy.items).toEqual([]);
    expect(fromCopy.skippedIndexes).toEqual([3, 4]);
    expect(await series(source.seriesId!)).toHaveLength(6);
  });

  it("made at once by many requests, each index exists once", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    const answers = await Promise.all(Array.from({ length: 6 }, () => repeat(w, cycleId, { every: { weeks: 1 }, count: 4 })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    const made = (await Promise.all(answers.map((answer) => json(answer)))).reduce((sum, body) => sum + body.items.length, 0);
    expect(made).toBe(4);
    const [source] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
    expect((await series(source.seriesId!)).map((member) => member.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it("a dry run lists the dates and writes nothing", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    const before = withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]);
    const res = await repeat(w, cycleId, { every: { weeks: 1 }, count: 2, dryRun: true });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.dryRun).toBe(true);
    expect(body.items.map((item: { index: number; closesAt: string }) => [item.index, wallClock(item.closesAt, "Europe/Paris")])).toEqual([
      [1, "Tue 2027-11-02 18:00"],
      [2, "Tue 2027-11-09 18:00"],
    ]);
    expect(changesBetween(before, withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]))).toEqual({});
  });

  it("refuses at the field and changes nothing: more than 26, an interval of 0, a cycle without dates; 403 for a distributor, 404 for an outsider", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    const undated = await seedCycle(w, { name: "Undated", opensAt: null, closesAt: null });
    const before = withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]);
    const fieldOf = async (res: Response) => Object.keys((await json(res)).error.fields);
    const tooMany = await repeat(w, cycleId, { every: { weeks: 1 }, count: 27 });
    expect(tooMany.status).toBe(422);
    expect(await fieldOf(tooMany)).toEqual(["count"]);
    const none = await repeat(w, cycleId, { every: { weeks: 1 }, count: 0 });
    expect(await fieldOf(none)).toEqual(["count"]);
    const zero = await repeat(w, cycleId, { every: { weeks: 0 }, count: 2 });
    expect(zero.status).toBe(422);
    expect((await fieldOf(zero))[0]).toMatch(/^every/);
    const noDates = await repeat(w, undated, { every: { weeks: 1 }, count: 2 });
    expect(noDates.status).toBe(422);
    expect(await fieldOf(noDates)).toEqual(["opensAt"]);
    expect((await repeat(w, cycleId, { every: { weeks: 1 }, count: 2 }, w.people.distributor.token)).status).toBe(403);
    expect((await repeat(w, cycleId, { every: { weeks: 1 }, count: 2 }, w.people.unrelated.token)).status).toBe(404);
    expect(changesBetween(before, withoutTables(await snapshotDatabase(), ["sessions", "rate_limits"]))).toEqual({});
  });
});

describe("the General step's repeat form", () => {
  it("previews the dates in the hub's language, then makes the copies; a bad count is answered at its field", async () => {
    const w = await coopPlus();
    const cycleId = await datedCycle(w, "Europe/Paris", "2027-10-19T08:00", "2027-10-26T18:00");
    const post = (form: Record<string, string>) =>
      callRoute(generalPage, {
        path: `/admin/order-cycles/${cycleId}`,
        params: { cycleId },
        cookie: w.sessions.hub,
        form,
        headers: { "Accept-Language": "fr" },
      });
    const preview = await json(await post({ intent: "repeatPreview", every: "2w", count: "3" }));
    expect(preview.repeat.items.map((item: { name: string }) => item.name)).toHaveLength(3);
    const [untouched] = await getDb().select({ seriesId: orderCycles.seriesId }).from(orderCycles).where(eq(orderCycles.id, cycleId));
    expect(untouched.seriesId).toBeNull();
    const made = await json(await post({ intent: "repeat", every: "2w", count: "3" }));
    expect(made.repeat.items).toHaveLength(3);
    expect(made.repeat.items.map((item: { closesAt: string }) => wallClock(item.closesAt, "Europe/Paris"))).toEqual([
      "Tue 2027-11-09 18:00",
      "Tue 2027-11-23 18:00",
      "Tue 2027-12-07 18:00",
    ]);
    const refused = await post({ intent: "repeatPreview", every: "1w", count: "40" });
    expect(refused.status).toBe(422);
    const answer = await json(refused);
    expect(answer.intent).toBe("repeatPreview");
    expect(answer.fieldErrors.count).toBeTruthy();
  });
});
