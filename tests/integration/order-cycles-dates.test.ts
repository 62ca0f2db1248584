// Dates that contradict each other or the clock (issue 13): a new cycle closed before it is created
// is asked about at "Closes at" (and nothing is created or emailed until confirmed); a ready-on day
// before the cycle opens is refused at "Ready on".
import { eq } from "drizzle-orm";
import * as newCyclePage from "#app/routes/admin.order-cycles.new";
import * as outgoingPage from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import * as outgoingApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { toLocalInput } from "#app/domain/time";
import { getDb } from "#db/connection.server";
import { orderCycles, outboxEmails } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

const local = (date: Date) => toLocalInput(date, "Europe/Paris");
const createInForm = (name: string, form: Record<string, string> = {}) =>
  callRoute(newCyclePage, {
    cookie: w.sessions.hub,
    form: { coordinatorId: w.hub.id, name, opensAt: local(minuteFromNow(-3 * 24 * 60)), closesAt: local(minuteFromNow(-24 * 60)), ...form },
  });
const cyclesNamed = (name: string) => getDb().select().from(orderCycles).where(eq(orderCycles.name, name));

describe("a new cycle that would already be closed", () => {
  it("is not created: the question sits at “Closes at”, and nothing is emailed", async () => {
    const outboxBefore = (await getDb().select().from(outboxEmails)).length;
    const response = await createInForm("Last month");
    expect(response.status).toBe(409);
    const body = await json(response);
    expect(body.fieldErrorKeys).toEqual({ closesAt: "closesBeforeNow" });
    expect(body.fieldErrors.closesAt).toContain("already passed");
    expect(body.values.closesAt).toBeTruthy();
    expect(await cyclesNamed("Last month")).toHaveLength(0);
    expect((await getDb().select().from(outboxEmails)).length).toBe(outboxBefore);
  });

  it("is created once the coordinator confirms it is recording a past cycle", async () => {
    const response = await createInForm("Recorded last month", { confirmClosed: "on" });
    expect(response.status).toBe(302);
    expect(await cyclesNamed("Recorded last month")).toHaveLength(1);
  });

  it("a cycle closing in the future is created without a question", async () => {
    const response = await createInForm("Next week", { opensAt: local(minuteFromNow(60)), closesAt: local(minuteFromNow(7 * 24 * 60)) });
    expect(response.status).toBe(302);
  });
});

describe("a distributor's ready-on day", () => {
  it("before the day the cycle opens is refused at “Ready on”, and the exchange stays as it was", async () => {
    const opensAt = new Date("2030-03-10T08:00:00Z");
    const cycleId = await seedCycle(w, { name: "Spring", opensAt, closesAt: new Date("2030-03-14T17:00:00Z") });
    const response = await callRoute(outgoingPage, {
      cookie: w.sessions.distributor,
      params: { cycleId },
      form: {
        intent: "save",
        distributorId: w.distributor.id,
        readyFor: "Friday river",
        readyOn: "2030-03-09",
        pickupInstructions: "Back door",
        tags: "vip-river",
      },
    });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.fieldErrorKeys).toEqual({ readyOn: "readyBeforeOpening" });
    expect(body.fieldErrors.readyOn).toContain("2030-03-10");
    const river = (await viewCycleForActor(w.actors.hub, cycleId)).outgoing.find((exchange) => exchange.distributor.id === w.distributor.id)!;
    expect(river.readyOn).toBeNull();

    const api = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.distributor.token,
      params: { cycleId, distributorId: w.distributor.id },
      body: { readyOn: "2030-03-01" },
    });
    expect(api.status).toBe(422);
  });

  it("on the day the cycle opens or later is saved", async () => {
    const cycleId = await seedCycle(w, { name: "Spring later", opensAt: new Date("2030-03-10T08:00:00Z"), closesAt: new Date("2030-03-14T17:00:00Z") });
    const api = await callRoute(outgoingApi, {
      method: "PUT",
      token: w.people.distributor.token,
      params: { cycleId, distributorId: w.distributor.id },
      body: { readyOn: "2030-03-15" },
    });
    expect(api.status).toBe(200);
    expect((await json(api)).readyOn).toBe("2030-03-15");
  });
});
