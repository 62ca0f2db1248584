// The enterprise's webhooks page (a form, with a session): its managers add an endpoint and see its
// secret once, a bad address is refused at its field with nothing written, a delivery is sent again;
// anyone else is told the page does not exist.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import * as page from "#app/routes/admin.enterprises.$enterpriseId._profile.webhooks";
import { coopPlus, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";

let w: CoopPlus;
const params = () => ({ enterpriseId: w.distributor.id });
const path = () => `/admin/enterprises/${w.distributor.id}/webhooks`;
const post = (cookie: string, form: Record<string, string | string[]>) => callRoute(page, { path: path(), params: params(), cookie, form });
const count = async () =>
  (
    await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints)
  )[0].n;

beforeAll(async () => {
  w = await coopPlus();
});

describe("the webhooks page", () => {
  it("adds an endpoint, showing its secret once; the list never shows it again", async () => {
    const added = await post(w.sessions.distributor, { intent: "add", url: "https://93.184.215.14/hooks", events: ["order.placed", "order.paid"] });
    expect(added.status).toBe(200);
    const body = await json(added);
    expect(body).toMatchObject({ ok: true, url: "https://93.184.215.14/hooks" });
    expect(body.secret).toMatch(/^whsec_/);
    const shown = await json(await callRoute(page, { path: path(), params: params(), cookie: w.sessions.distributor }));
    expect(shown.endpoints).toHaveLength(1);
    expect(shown.endpoints[0].events).toEqual(["order.placed", "order.paid"]);
    expect(JSON.stringify(shown)).not.toContain(body.secret);
  });

  it("refuses a private address and an empty choice of events at their fields, in the reader's language, writing nothing", async () => {
    const before = await count();
    const refused = await callRoute(page, {
      path: path(),
      params: params(),
      cookie: w.sessions.distributor,
      headers: { "Accept-Language": "fr" },
      form: { intent: "add", url: "https://192.168.1.20/hooks" },
    });
    expect(refused.status).toBe(422);
    const body = await json(refused);
    expect(body.fieldErrors.url).toMatch(/réseau privé/);
    expect(body.fieldErrors.events).toBeTruthy();
    expect(await count()).toBe(before);
  });

  it("sends a delivery again as a replay", async () => {
    const [endpoint] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.enterpriseId, w.distributor.id));
    const [original] = await getDb()
      .insert(webhookDeliveries)
      .values({ endpointId: endpoint.id, eventId: "evt_test", eventType: "order.placed", body: "{}", status: "failed" })
      .returning();
    const replayed = await post(w.sessions.distributor, { intent: "replay", endpointId: endpoint.id, deliveryId: original.id });
    expect(replayed.status).toBe(200);
    const rows = await getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.replayOfId, original.id));
    expect(rows).toHaveLength(1);
  });

  it("is not there for a partner or the coordinator: 404, and their posts change nothing", async () => {
    for (const cookie of [w.sessions.hub, w.sessions.lake, w.sessions.supplierA]) {
      const before = await count();
      const shown = await callRoute(page, { path: path(), params: params(), cookie });
      expect(shown.status).toBe(404);
      const posted = await post(cookie, { intent: "add", url: "https://93.184.215.14/x", events: ["order.placed"] });
      expect(posted.status).toBe(404);
      expect(await count()).toBe(before);
    }
  });
});
