// R6: instants are entered in the coordinator's zone and never move across a daylight-saving
// change (Europe/Paris and Australia/Melbourne); the API takes offsets and answers in UTC "Z".
import { beforeAll, describe, expect, it } from "vitest";
import * as cyclesApi from "#app/routes/api.v1.order-cycles";
import * as cycleApi from "#app/routes/api.v1.order-cycles.$cycleId";
import * as newCyclePage from "#app/routes/admin.order-cycles.new";
import * as generalPage from "#app/routes/admin.order-cycles.$cycleId._index";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { cycleState } from "#app/domain/order-cycles/state";
import { toLocalInput } from "#app/domain/time";
import { actorFor, coopPlus, insertEnterprise, insertMethods, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let melbourne: { manager: TestUser; cookie: string; hubId: string };

beforeAll(async () => {
  w = await coopPlus();
  const manager = await createUser({ name: "Melbourne manager" });
  const hub = await insertEnterprise(manager, { name: "Yarra Hub", kind: "hub", timeZone: "Australia/Melbourne" });
  await insertMethods(hub.id);
  melbourne = { manager, cookie: await sessionCookie(manager), hubId: hub.id };
});

/**
 * Creates a cycle through the "new cycle" form, as a coordinator types it in its own zone. The
 * 2026 changes are behind the clock by now: the form's "create it closed" is ticked.
 */
async function createThroughForm(cookie: string, coordinatorId: string, opensAt: string, closesAt: string) {
  return callRoute(newCyclePage, {
    cookie,
    path: "/admin/order-cycles/new",
    form: { coordinatorId, name: "DST week", opensAt, closesAt, confirmClosed: "on" },
  });
}

async function createdCycle(res: Response, actorUser: TestUser) {
  expect(res.status, await res.clone().text()).toBe(302);
  const id = res.headers.get("Location")!.match(/^\/admin\/order-cycles\/([^/]+)\/incoming$/)![1];
  return viewCycleForActor(await actorFor(actorUser), id);
}

describe("Europe/Paris (clocks go forward 29 March 2026 at 02:00, back 25 October at 03:00)", () => {
  it("'2026-03-29T03:30' (just after clocks went forward) closes at 01:30Z, and closes at exactly that instant", async () => {
    const view = await createdCycle(await createThroughForm(w.sessions.hub, w.hub.id, "2026-03-20T08:00", "2026-03-29T03:30"), w.people.hub);
    expect(view.opensAt).toBe("2026-03-20T07:00:00.000Z");
    expect(view.closesAt).toBe("2026-03-29T01:30:00.000Z");
    const closesAt = new Date(view.closesAt!);
    const opensAt = new Date(view.opensAt!);
    expect(cycleState({ opensAt, closesAt }, new Date(closesAt.getTime() - 1))).toBe("open");
    expect(cycleState({ opensAt, closesAt }, closesAt)).toBe("closed");
    // The editor shows back what was typed.
    expect(toLocalInput(closesAt, "Europe/Paris")).toBe("2026-03-29T03:30");
  });

  it("'2026-10-25T02:30' (the repeated hour) is its first occurrence, 00:30Z; 03:30 that day is 02:30Z", async () => {
    const first = await createdCycle(await createThroughForm(w.sessions.hub, w.hub.id, "2026-10-20T08:00", "2026-10-25T02:30"), w.people.hub);
    expect(first.closesAt).toBe("2026-10-25T00:30:00.000Z");
    expect(toLocalInput(new Date(first.closesAt!), "Europe/Paris")).toBe("2026-10-25T02:30");
    const after = await createdCycle(await createThroughForm(w.sessions.hub, w.hub.id, "2026-10-20T08:00", "2026-10-25T03:30"), w.people.hub);
    expect(after.closesAt).toBe("2026-10-25T02:30:00.000Z");
  });

  it("'2026-03-29T02:30' does not exist in Paris: 422 with the error on closesAt, and no cycle is created", async () => {
    const before = (await json(await callRoute(cyclesApi, { token: w.people.hub.token }))).items.length;
    const res = await createThroughForm(w.sessions.hub, w.hub.id, "2026-03-20T08:00", "2026-03-29T02:30");
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.fieldErrorKeys).toEqual({ closesAt: "nonexistentLocalTime" });
    expect(body.fieldErrors.closesAt).toMatch(/does not exist/);
    expect(body.values.closesAt).toBe("2026-03-29T02:30");
    expect((await json(await callRoute(cyclesApi, { token: w.people.hub.token }))).items.length).toBe(before);
  });

  it("moving the close through the General form across the change keeps the local time, and a nonexistent time changes nothing", async () => {
    const view = await createdCycle(await createThroughForm(w.sessions.hub, w.hub.id, "2026-03-20T08:00", "2026-03-27T18:00"), w.people.hub);
    expect(view.closesAt).toBe("2026-03-27T17:00:00.000Z");
    const post = (closesAt: string) =>
      callRoute(generalPage, {
        cookie: w.sessions.hub,
        params: { cycleId: view.id },
        form: { intent: "settings", name: view.name, opensAt: "2026-03-20T08:00", closesAt },
      });
    expect((await post("2026-03-29T18:00")).status).toBe(200);
    expect((await viewCycleForActor(w.actors.hub, view.id)).closesAt).toBe("2026-03-29T16:00:00.000Z");
    const refused = await post("2026-03-29T02:00");
    expect(refused.status).toBe(422);
    expect((await json(refused)).fieldErrorKeys).toEqual({ closesAt: "nonexistentLocalTime" });
    expect((await viewCycleForActor(w.actors.hub, view.id)).closesAt).toBe("2026-03-29T16:00:00.000Z");
  });
});

describe("Australia/Melbourne (clocks go back 5 April 2026 at 03:00, forward 4 October at 02:00)", () => {
  it("'2026-04-05T02:30' (the repeated hour) is its first occurrence, 15:30Z the day before; 03:30 is 17:30Z", async () => {
    const first = await createdCycle(await createThroughForm(melbourne.cookie, melbourne.hubId, "2026-03-30T08:00", "2026-04-05T02:30"), melbourne.manager);
    expect(first.opensAt).toBe("2026-03-29T21:00:00.000Z");
    expect(first.closesAt).toBe("2026-04-04T15:30:00.000Z");
    expect(toLocalInput(new Date(first.closesAt!), "Australia/Melbourne")).toBe("2026-04-05T02:30");
    const after = await createdCycle(await createThroughForm(melbourne.cookie, melbourne.hubId, "2026-03-30T08:00", "2026-04-05T03:30"), melbourne.manager);
    expect(after.closesAt).toBe("2026-04-04T17:30:00.000Z");
  });

  it("'2026-10-04T02:30' does not exist in Melbourne: 422 on closesAt; 03:30 that day is 16:30Z the day before", async () => {
    const res = await createThroughForm(melbourne.cookie, melbourne.hubId, "2026-09-28T08:00", "2026-10-04T02:30");
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrorKeys).toEqual({ closesAt: "nonexistentLocalTime" });
    const after = await createdCycle(await createThroughForm(melbourne.cookie, melbourne.hubId, "2026-09-28T08:00", "2026-10-04T03:30"), melbourne.manager);
    expect(after.closesAt).toBe("2026-10-03T16:30:00.000Z");
  });

  it("a nonexistent opening time is reported on opensAt", async () => {
    const res = await createThroughForm(melbourne.cookie, melbourne.hubId, "2026-10-04T02:15", "2026-10-10T18:00");
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrorKeys).toEqual({ opensAt: "nonexistentLocalTime" });
  });
});

describe("the API", () => {
  const create = (body: Record<string, unknown>, token = w.people.hub.token) =>
    callRoute(cyclesApi, { token, body: { name: "API week", coordinatorId: w.hub.id, ...body } });

  it("accepts ISO 8601 instants with offsets and answers in UTC Z", async () => {
    const res = await create({ opensAt: "2026-03-28T09:00:00+01:00", closesAt: "2026-03-29T03:30:00+02:00" });
    expect(res.status).toBe(201);
    const view = await json(res);
    expect(view.opensAt).toBe("2026-03-28T08:00:00.000Z");
    expect(view.closesAt).toBe("2026-03-29T01:30:00.000Z");
  });

  it("an offset can name the second occurrence of a repeated hour", async () => {
    const res = await create({ opensAt: "2026-10-24T09:00:00+02:00", closesAt: "2026-10-25T02:30:00+01:00" });
    expect((await json(res)).closesAt).toBe("2026-10-25T01:30:00.000Z");
  });

  it("takes Melbourne offsets and Z", async () => {
    const res = await create({ opensAt: "2026-04-01T00:00:00Z", closesAt: "2026-04-05T02:30:00+10:00" }, melbourne.manager.token);
    // The coordinator is Green Hub: the Melbourne manager may not coordinate it.
    expect(res.status).toBe(403);
    const own = await callRoute(cyclesApi, {
      token: melbourne.manager.token,
      body: { name: "Yarra week", coordinatorId: melbourne.hubId, opensAt: "2026-04-01T00:00:00Z", closesAt: "2026-04-05T02:30:00+10:00" },
    });
    expect(own.status).toBe(201);
    expect((await json(own)).closesAt).toBe("2026-04-04T16:30:00.000Z");
  });

  it("PATCH with an offset moves the instant; GET answers the same in Z", async () => {
    const view = await json(await create({ opensAt: "2026-03-20T08:00:00+01:00", closesAt: "2026-03-27T18:00:00+01:00" }));
    const res = await callRoute(cycleApi, {
      method: "PATCH",
      token: w.people.hub.token,
      params: { cycleId: view.id },
      body: { closesAt: "2026-03-29T18:00:00+02:00" },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).closesAt).toBe("2026-03-29T16:00:00.000Z");
    expect((await json(await callRoute(cycleApi, { token: w.people.hub.token, params: { cycleId: view.id } }))).closesAt).toBe("2026-03-29T16:00:00.000Z");
  });

  it("refuses a malformed instant or a close before the opening with 422 on the field", async () => {
    for (const [body, field] of [
      [{ closesAt: "2026-02-30T10:00:00+01:00" }, "closesAt"],
      [{ opensAt: "next friday" }, "opensAt"],
      [{ opensAt: "2026-03-29T10:00:00+01:00", closesAt: "2026-03-29T09:00:00+01:00" }, "closesAt"],
    ] as const) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys((await json(res)).error.fields)).toEqual([field]);
    }
  });
});
