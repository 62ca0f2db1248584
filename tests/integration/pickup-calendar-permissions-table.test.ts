// The access table of the pickup's calendar file (GET /orders/:id/calendar.ics, the API's and the
// order page's): the order's buyer, its distributor's managers and the coordinator's read it; anyone
// else is told the order does not exist (404), as for the order itself. Reading changes nothing.
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import { beforeAll, describe, expect, test } from "vitest";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { getDb } from "#db/connection.server";
import { outgoingExchanges } from "#db/schema";
import * as apiCalendarRoute from "#app/routes/api.v1.orders.$orderId.calendar[.]ics";
import * as pageCalendarRoute from "#app/routes/orders.$orderId_.calendar[.]ics";
import { coopPlus, dayFromToday, type CoopPlus } from "#tests/support/coop";
import { callRoute } from "#tests/support/http";
import { openRiverCycle, orderPermissionTable, orderRoleCredentials, placeRiverOrder, type OrderRole as Role } from "#tests/support/order-permission-table";

type Action = "api" | "page";

const expected: Record<Role, Record<Action, number>> = {
  coordinator: { api: 200, page: 200 },
  "order's distributor": { api: 200, page: 200 },
  "other distributor": { api: 404, page: 404 },
  supplier: { api: 404, page: 404 },
  buyer: { api: 200, page: 200 },
  unrelated: { api: 404, page: 404 },
};

let w: CoopPlus;
let cycleId: string;
const readyOn = dayFromToday(6);

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await openRiverCycle(w);
  await getDb().update(outgoingExchanges).set({ readyOn }).where(eq(outgoingExchanges.orderCycleId, cycleId));
});

const eventOf = (text: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!);

function call(action: Action, orderId: string, who: { token?: string; cookie?: string }, query = "") {
  return action === "api"
    ? callRoute(apiCalendarRoute, { path: `/x${query}`, params: { orderId }, token: who.token })
    : callRoute(pageCalendarRoute, { path: `/x${query}`, params: { orderId }, cookie: who.cookie });
}

describe("calendar file permission table", () => {
  orderPermissionTable(expected, {
    credentials: () => orderRoleCredentials(w),
    prepare: () => placeRiverOrder(w, cycleId),
    call: (action, orderId, who) => call(action, orderId, action === "api" ? { token: who.token } : { cookie: who.cookie }),
    allowed: (_action, changes) => expect(changes).toEqual({}),
  });
});

describe("the calendar file", () => {
  test("is text/calendar, a download named after the order, with the pickup on the ready date", async () => {
    const orderId = await placeRiverOrder(w, cycleId);
    const response = await call("api", orderId, { token: w.people.distributor.token });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/calendar/);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="order-\d+\.ics"$/);
    const event = eventOf(await response.text());
    expect(event.uid).toContain(orderId);
    expect(event.startDate.toString().slice(0, 10)).toBe(readyOn);
    // The manager's copy links to the order's page without the buyer's key; the buyer's carries it.
    expect(event.description).not.toContain("key=");
    const buyers = await call("page", orderId, { cookie: w.sessions.nobody });
    expect(eventOf(await buyers.text()).description).toContain(`/orders/${orderId}?key=${orderAccessKey(orderId)}`);
  });

  test("opens to a guest holding the order's link, not to a wrong key nor to nobody", async () => {
    const orderId = await placeRiverOrder(w, cycleId);
    expect((await call("page", orderId, {}, `?key=${orderAccessKey(orderId)}`)).status).toBe(200);
    expect((await call("page", orderId, {}, "?key=not-the-key")).status).toBe(404);
    expect((await call("page", orderId, {})).status).toBe(404);
    expect((await call("api", orderId, {})).status).toBe(401);
    expect((await call("page", "no-such-order", { cookie: w.sessions.hub })).status).toBe(404);
  });

  test("is not found while the cycle has no ready date", async () => {
    const orderId = await placeRiverOrder(w, cycleId);
    await getDb().update(outgoingExchanges).set({ readyOn: null }).where(eq(outgoingExchanges.orderCycleId, cycleId));
    try {
      expect((await call("api", orderId, { token: w.people.hub.token })).status).toBe(404);
    } finally {
      await getDb().update(outgoingExchanges).set({ readyOn }).where(eq(outgoingExchanges.orderCycleId, cycleId));
    }
  });
});
