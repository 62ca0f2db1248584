// Webhooks (docs/domain.md 14, quality.md R13): registration with its address checks, events written
// with the change that caused them, signed deliveries checked by a receiver written from docs/api.md
// (not from Circuit's signer), retries on a schedule until the receiver recovers, never twice for an
// attempt that succeeded, replays marked, an endpoint failing for 3 days disabled and its owner told.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycles, outboxEmails, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { announceOpenedCycles } from "#app/domain/order-cycles/opening.server";
import { deliverWebhook } from "#app/domain/webhooks/deliver.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import * as webhooksRoute from "#app/routes/api.v1.enterprises.$enterpriseId.webhooks";
import * as webhookRoute from "#app/routes/api.v1.webhooks.$webhookId";
import * as deliveriesRoute from "#app/routes/api.v1.webhooks.$webhookId.deliveries";
import * as replayRoute from "#app/routes/api.v1.webhooks.$webhookId.deliveries.$deliveryId.replay";
import * as invoiceRoute from "#app/routes/api.v1.orders.$orderId.invoice";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { setEnv } from "#tests/support/settings";
import { cancelOrderApi, placeOrderApi } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

type Received = { headers: IncomingMessage["headers"]; body: string; verified: boolean };

/**
 * A receiver as an integrator would write it from docs/api.md: recompute HMAC-SHA256 of "<t>.<raw body>"
 * with the secret, compare in constant time, refuse a stale t. `answer` decides each response.
 */
async function receiver() {
  const received: Received[] = [];
  let secret = "";
  let answer: (request: Received) => number | "hang" = () => 200;
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const header = String(request.headers["circuit-signature"] ?? "");
    const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
    const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
    const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
    const verified =
      fresh && typeof parts.v1 === "string" && parts.v1.length === expected.length && timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
    const entry = { headers: request.headers, body, verified };
    received.push(entry);
    const status = answer(entry);
    if (status === "hang") return; // never answers: the attempt times out
    response.writeHead(verified ? status : 400).end(verified ? "ok" : "bad signature");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    setSecret: (value: string) => (secret = value),
    answerWith: (fn: typeof answer) => (answer = fn),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
let hooks: Awaited<ReturnType<typeof receiver>>;

async function register(enterpriseId: string, token: string, body: Record<string, unknown>) {
  const response = await callRoute(webhooksRoute, {
    method: "POST",
    path: `/api/v1/enterprises/${enterpriseId}/webhooks`,
    params: { enterpriseId },
    token,
    body,
  });
  return { status: response.status, body: await json(response) };
}

async function place() {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    },
    { token: buyer.token },
  );
  expect(placed.status).toBe(201);
  return placed.body.id as string;
}

const pendingOf = (endpointId: string) =>
  getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.createdAt);

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Hook week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  buyer = await createUser({ name: "Hook Buyer" });
  hooks = await receiver();
});

afterAll(async () => {
  await hooks.close();
  setEnv({ WEBHOOKS_ALLOW_PRIVATE: undefined });
});

beforeEach(async () => {
  setEnv({ WEBHOOKS_ALLOW_PRIVATE: "true" });
  hooks.answerWith(() => 200);
  hooks.received.length = 0;
  await getDb().update(webhookEndpoints).set({ deletedAt: new Date() });
});

describe("registering an endpoint", () => {
  it("answers the secret once, lists without it; bad input says which field and writes nothing", async () => {
    const created = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: hooks.url, events: ["order.placed"], state: "active" });
    expect(created.body.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const listed = await callRoute(webhooksRoute, { path: "/x", params: { enterpriseId: w.distributor.id }, token: w.people.distributor.token });
    const items = (await json(listed)).items;
    expect(items.map((item: { id: string }) => item.id)).toContain(created.body.id);
    expect(JSON.stringify(items)).not.toContain("whsec_");

    const before = await getDb()
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookEndpoints);
    for (const [body, field, key] of [
      [{ url: "not a url", events: ["order.placed"] }, "url", "invalidUrl"],
      [{ url: hooks.url, events: ["order.eaten"] }, "events.0", "unknownEvent"],
      [{ url: hooks.url, events: [] }, "events", "chooseAtLeast"],
      [{ url: hooks.url, events: ["order.placed", "order.placed"] }, "events", "duplicateEvent"],
      [{ url: "ftp://example.org/x", events: ["order.placed"] }, "url", "invalidUrl"],
    ] as const) {
      const refused = await register(w.distributor.id, w.people.distributor.token, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error.fields[field], `${key}: ${JSON.stringify(refused.body)}`).toBeTruthy();
    }
    expect(
      await getDb()
        .select({ n: sql<number>`count(*)::int` })
        .from(webhookEndpoints),
    ).toEqual(before);
  });

  it("refuses loopback, private and link-local addresses, and plain http, unless the operator allows private ones", async () => {
    setEnv({ WEBHOOKS_ALLOW_PRIVATE: undefined });
    for (const url of [
      hooks.url,
      "https://127.0.0.1/x",
      "https://10.1.2.3/x",
      "https://169.254.169.254/latest",
      "https://[::1]/x",
      "https://[fd00::1]/x",
      "https://localhost/x",
    ]) {
      const refused = await register(w.distributor.id, w.people.distributor.token, { url, events: ["order.placed"] });
      expect(refused.status, url).toBe(422);
      expect(refused.body.error.fields.url, url).toBeTruthy();
    }
    const plain = await register(w.distributor.id, w.people.distributor.token, { url: "http://93.184.215.14/x", events: ["order.placed"] });
    expect(plain.status).toBe(422);
    expect(plain.body.error.fields.url).toMatch(/https/);
  });

  it("is its enterprise's managers' alone: a partner is told 404, nothing written", async () => {
    const outsider = await register(w.distributor.id, w.people.hub.token, { url: hooks.url, events: ["order.placed"] });
    expect(outsider.status).toBe(404);
  });
});

describe("delivering", () => {
  it("an order placed and cancelled reaches the shop's and the coordinator's endpoints, signed, with the order as GET answers it", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed", "order.cancelled"] });
    const hub = await register(w.hub.id, w.people.hub.token, { url: hooks.url, events: ["order.placed"] });
    const lake = await register(w.lake.id, w.people.lake.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    const orderId = await place();
    expect(await pendingOf(lake.body.id)).toEqual([]);
    const [placed] = await pendingOf(shop.body.id);
    expect(await deliverWebhook(placed.id)).toBe("delivered");
    expect(hooks.received).toHaveLength(1);
    const [first] = hooks.received;
    expect(first.verified).toBe(true);
    expect(first.headers["circuit-event"]).toBe("order.placed");
    const event = JSON.parse(first.body);
    expect(event).toMatchObject({ type: "order.placed", data: { id: orderId, state: "placed" } });
    expect(event.id).toMatch(/^evt_/);
    expect(event.data.lines).toHaveLength(1);

    // The hub's endpoint has its own secret: the same event, signed with it.
    hooks.setSecret(hub.body.secret);
    const [forHub] = await pendingOf(hub.body.id);
    expect(forHub.eventId).toBe(placed.eventId);
    expect(await deliverWebhook(forHub.id)).toBe("delivered");
    expect(hooks.received[1].verified).toBe(true);

    // Sent again (a second worker, a replayed job): nothing, it was delivered.
    expect(await deliverWebhook(placed.id)).toBe("skipped");
    expect(hooks.received).toHaveLength(2);

    hooks.setSecret(shop.body.secret);
    expect((await cancelOrderApi(orderId, { token: buyer.token })).status).toBe(200);
    const cancelled = (await pendingOf(shop.body.id)).find((row) => row.eventType === "order.cancelled")!;
    expect(await deliverWebhook(cancelled.id)).toBe("delivered");
    expect(JSON.parse(hooks.received[2].body)).toMatchObject({ type: "order.cancelled", data: { id: orderId, state: "cancelled" } });
  });

  it("a body changed on the way fails the receiver's check", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    await place();
    const [row] = await pendingOf(shop.body.id);
    expect(await deliverWebhook(row.id)).toBe("delivered");
    const [sent] = hooks.received;
    expect(sent.verified).toBe(true);
    const tampered = await fetch(hooks.url, {
      method: "POST",
      headers: { "Circuit-Signature": String(sent.headers["circuit-signature"]) },
      body: sent.body.replace('"state":"placed"', '"state":"cancelled"'),
    });
    expect(tampered.status).toBe(400);
    expect(hooks.received[1].verified).toBe(false);
  });

  it("R13: a receiver answering 500, then not at all, then closed is retried on the schedule and delivered once it recovers", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    await place();
    const [row] = await pendingOf(shop.body.id);
    const t0 = Date.now();
    hooks.answerWith(() => 500);
    expect(await deliverWebhook(row.id, () => new Date(t0))).toBe("retry");
    let [after] = await pendingOf(shop.body.id);
    expect(after).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500 });
    // The first retry comes within 30 s; the job waits for it.
    expect(after.nextAttemptAt!.getTime() - t0).toBeLessThanOrEqual(30_000);
    const job = await getDb().execute<{ run_at: Date }>(sql`select run_at from graphile_worker.jobs where key = ${`webhook:${row.id}`}`);
    expect(new Date(job[0].run_at).getTime()).toBe(after.nextAttemptAt!.getTime());
    // Run early, nothing is sent.
    expect(await deliverWebhook(row.id, () => new Date(t0 + 1000))).toBe("skipped");

    hooks.answerWith(() => "hang");
    expect(await deliverWebhook(row.id, () => new Date(after.nextAttemptAt!.getTime()))).toBe("retry");
    [after] = await pendingOf(shop.body.id);
    expect(after).toMatchObject({ attempts: 2, responseStatus: null });
    expect(after.lastError).toMatch(/no answer within 10 s/);
    expect(after.durationMs).toBeGreaterThanOrEqual(9_000);

    // The endpoint's port closed: refused connection.
    await getDb().update(webhookEndpoints).set({ url: "http://127.0.0.1:9/hooks" }).where(eq(webhookEndpoints.id, shop.body.id));
    expect(await deliverWebhook(row.id, () => new Date(after.nextAttemptAt!.getTime()))).toBe("retry");
    [after] = await pendingOf(shop.body.id);
    expect(after.attempts).toBe(3);
    expect(after.lastError).toMatch(/ECONNREFUSED/);

    await getDb().update(webhookEndpoints).set({ url: hooks.url }).where(eq(webhookEndpoints.id, shop.body.id));
    hooks.answerWith(() => 204);
    const before = hooks.received.length;
    expect(await deliverWebhook(row.id, () => new Date(after.nextAttemptAt!.getTime()))).toBe("delivered");
    expect(hooks.received.length - before).toBe(1);
    [after] = await pendingOf(shop.body.id);
    expect(after).toMatchObject({ status: "delivered", attempts: 4, responseStatus: 204 });
    const [endpoint] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, shop.body.id));
    expect(endpoint.failingSince).toBeNull();
  }, 40_000);

  it("two workers at once send a delivery once", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    await place();
    const [row] = await pendingOf(shop.body.id);
    // Its job was queued with the order, keyed by the delivery.
    const jobs = await getDb().execute<{ key: string }>(sql`select key from graphile_worker.jobs where key = ${`webhook:${row.id}`}`);
    expect(jobs).toHaveLength(1);
    const outcomes = await Promise.all([deliverWebhook(row.id), deliverWebhook(row.id), deliverWebhook(row.id)]);
    expect(outcomes.filter((outcome) => outcome === "delivered")).toHaveLength(1);
    expect(hooks.received).toHaveLength(1);
  });

  it("gives up after 24 h of failures; an endpoint failing for 3 days is disabled and its owner emailed", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    hooks.answerWith(() => 503);
    await place();
    const [row] = await pendingOf(shop.body.id);
    const day = 24 * 60 * 60_000;
    // Last tried a day after it was written: no retry after that.
    await getDb()
      .update(webhookDeliveries)
      .set({ createdAt: new Date(Date.now() - day) })
      .where(eq(webhookDeliveries.id, row.id));
    expect(await deliverWebhook(row.id)).toBe("failed");
    expect((await pendingOf(shop.body.id))[0]).toMatchObject({ status: "failed", nextAttemptAt: null });

    await place();
    const second = (await pendingOf(shop.body.id)).find((delivery) => delivery.status === "pending")!;
    await getDb()
      .update(webhookEndpoints)
      .set({ failingSince: new Date(Date.now() - 3 * day) })
      .where(eq(webhookEndpoints.id, shop.body.id));
    expect(await deliverWebhook(second.id)).toBe("failed");
    const [endpoint] = await getDb().select().from(webhookEndpoints).where(eq(webhookEndpoints.id, shop.body.id));
    expect(endpoint.disabledAt).not.toBeNull();
    const [mail] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, `webhook-disabled:${shop.body.id}`));
    expect(mail.subject).toContain("River Co-op");
    expect(mail.text).toContain(hooks.url);
    // Disabled, it hears of nothing more.
    await place();
    expect((await pendingOf(shop.body.id)).filter((delivery) => delivery.status === "pending")).toEqual([]);
  });

  it("a replay is a new delivery marked as one; the log lists both", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order.placed"] });
    hooks.setSecret(shop.body.secret);
    await place();
    const [row] = await pendingOf(shop.body.id);
    expect(await deliverWebhook(row.id)).toBe("delivered");
    const replay = await callRoute(replayRoute, {
      method: "POST",
      path: "/x",
      params: { webhookId: shop.body.id, deliveryId: row.id },
      token: w.people.distributor.token,
    });
    expect(replay.status).toBe(202);
    const replayed = await json(replay);
    expect(replayed).toMatchObject({ replayOf: row.id, status: "pending", eventId: row.eventId });
    expect(await deliverWebhook(replayed.id)).toBe("delivered");
    expect(hooks.received.map((entry) => entry.headers["circuit-replay"])).toEqual([undefined, row.id]);
    expect(hooks.received[0].body).toBe(hooks.received[1].body);

    const log = await callRoute(deliveriesRoute, { path: "/x", params: { webhookId: shop.body.id }, token: w.people.distributor.token });
    const items = (await json(log)).items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([replayed.id, row.id]);
    expect(items[1]).toMatchObject({ type: "order.placed", status: "delivered", responseStatus: 200, attempts: 1 });

    // Someone else's endpoint is not theirs to read, replay or delete.
    for (const response of [
      await callRoute(deliveriesRoute, { path: "/x", params: { webhookId: shop.body.id }, token: w.people.lake.token }),
      await callRoute(replayRoute, { method: "POST", path: "/x", params: { webhookId: shop.body.id, deliveryId: row.id }, token: w.people.hub.token }),
      await callRoute(webhookRoute, { method: "DELETE", path: "/x", params: { webhookId: shop.body.id }, token: w.people.hub.token }),
    ]) {
      expect(response.status).toBe(404);
    }
    const removed = await callRoute(webhookRoute, { method: "DELETE", path: "/x", params: { webhookId: shop.body.id }, token: w.people.distributor.token });
    expect(removed.status).toBe(204);
    await place();
    expect((await pendingOf(shop.body.id)).filter((delivery) => delivery.status === "pending")).toEqual([]);
  });

  it("an invoice issued reaches the shop's endpoint with the invoice as GET /invoices/:id answers it", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["invoice.issued"] });
    await getDb().update(enterprises).set({ legalName: "River Co-op SCIC", invoicePrefix: "RIV" }).where(eq(enterprises.id, w.distributor.id));
    const orderId = await place();
    expect(await pendingOf(shop.body.id)).toEqual([]);
    const issued = await callRoute(invoiceRoute, {
      method: "POST",
      path: `/api/v1/orders/${orderId}/invoice`,
      params: { orderId },
      token: w.people.distributor.token,
    });
    expect(issued.status).toBe(201);
    const invoice = await json(issued);
    const [row] = await pendingOf(shop.body.id);
    expect(row.eventType).toBe("invoice.issued");
    const body = JSON.parse(row.body);
    expect(body.data).toMatchObject({ id: invoice.id, number: invoice.number, kind: "invoice", totalCents: invoice.totalCents });
  });

  it("a cycle's opening is told once when its time comes, and again when the opening is moved later", async () => {
    const shop = await register(w.distributor.id, w.people.distributor.token, { url: hooks.url, events: ["order_cycle.opened"] });
    const later = await seedCycle(w, { name: "Opens soon", opensAt: minuteFromNow(30), closesAt: minuteFromNow(24 * 60) });
    await putOutgoingExchange(w.actors.hub, later, w.distributor.id, { tags: [] });
    const openings = async () =>
      (await pendingOf(shop.body.id)).filter((row) => row.eventType === "order_cycle.opened" && JSON.parse(row.body).data.id === later);
    await announceOpenedCycles(new Date());
    expect(await openings()).toHaveLength(0);
    const opened = new Date(Date.now() + 31 * 60_000);
    expect(await announceOpenedCycles(opened)).toContain(later);
    expect(await announceOpenedCycles(opened)).not.toContain(later);
    const [told] = await openings();
    expect(JSON.parse(told.body).data).toMatchObject({ id: later, name: "Opens soon" });
    // Moved to open an hour later: told again when that hour comes.
    await getDb()
      .update(orderCycles)
      .set({ opensAt: minuteFromNow(90) })
      .where(eq(orderCycles.id, later));
    expect(await announceOpenedCycles(new Date(Date.now() + 91 * 60_000))).toContain(later);
    expect(await openings()).toHaveLength(2);
  });

  it("the close tells every enterprise of the cycle, each with the cycle as it sees it", async () => {
    const supplier = await register(w.supplierA.id, w.people.supplierA.token, {
      url: hooks.url,
      events: ["order_cycle.closed", "order_cycle.producers_notified"],
    });
    hooks.setSecret(supplier.body.secret);
    await getDb()
      .update(orderCycles)
      .set({ closesAt: new Date(Date.now() - 1000), automaticNotifications: true })
      .where(eq(orderCycles.id, cycleId));
    await processDueCycles(new Date());
    const rows = await pendingOf(supplier.body.id);
    expect(rows.map((row) => row.eventType).sort()).toEqual(["order_cycle.closed", "order_cycle.producers_notified"]);
    const closed = rows.find((row) => row.eventType === "order_cycle.closed")!;
    expect(await deliverWebhook(closed.id)).toBe("delivered");
    const data = JSON.parse(hooks.received[0].body).data;
    expect(data).toMatchObject({ id: cycleId, state: "closed" });
    // A supplier sees its own incoming exchange, not the others' (docs/domain.md 3).
    expect(data.incoming.map((exchange: { supplier: { id: string } }) => exchange.supplier.id)).toEqual([w.supplierA.id]);
  });
});
