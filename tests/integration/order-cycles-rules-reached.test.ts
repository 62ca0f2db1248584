// Rules of domain.md section 2 that only pure helpers were tested for, now through the command and
// the API: only a hub coordinates; automatic notification needs a close within a year; moving the
// dates of a cycle that has orders needs the confirmation. Each refusal leaves everything as it was.
import { count, eq } from "drizzle-orm";
import { createOrderCycle, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import * as cycleRoute from "#app/routes/api.v1.order-cycles.$cycleId";
import { getDb } from "#db/connection.server";
import { orderCycleHistory, orderCycles } from "#db/schema";
import { actorFor, coopPlus, insertEnterprise, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { setStock } from "#tests/support/shop";

const DAY = 24 * 60 * 60 * 1000;
let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

async function cyclesOf(coordinatorId: string) {
  const [row] = await getDb().select({ n: count() }).from(orderCycles).where(eq(orderCycles.coordinatorId, coordinatorId));
  return row.n;
}

async function stored(cycleId: string) {
  const [row] = await getDb().select().from(orderCycles).where(eq(orderCycles.id, cycleId));
  const [history] = await getDb().select({ n: count() }).from(orderCycleHistory).where(eq(orderCycleHistory.orderCycleId, cycleId));
  return {
    opensAt: row.opensAt?.toISOString() ?? null,
    closesAt: row.closesAt?.toISOString() ?? null,
    automaticNotifications: row.automaticNotifications,
    updatedAt: row.updatedAt.toISOString(),
    history: history.n,
  };
}

const createApi = (token: string, body: Record<string, unknown>) => callRoute(cyclesRoute, { method: "POST", path: "/api/v1/order-cycles", token, body });
const patchApi = (token: string, cycleId: string, body: Record<string, unknown>) =>
  callRoute(cycleRoute, { method: "PATCH", path: `/api/v1/order-cycles/${cycleId}`, params: { cycleId }, token, body });

describe("only a hub may coordinate", () => {
  test("a producer and a profile its manager manages are refused at coordinatorId by the command and the API; nothing is created", async () => {
    const owner = w.people.supplierA; // manages Farm A (a producer)
    const profile = await insertEnterprise(owner, { name: "Farm A listing", kind: "profile" });
    const actor = await actorFor(owner);
    const now = new Date();
    for (const coordinatorId of [w.supplierA.id, profile.id]) {
      const input = {
        name: "Not a hub's",
        coordinatorId,
        opensAt: new Date(now.getTime() + DAY).toISOString(),
        closesAt: new Date(now.getTime() + 8 * DAY).toISOString(),
      };
      await expect(createOrderCycle(actor, input, now)).rejects.toMatchObject({ code: "validation_failed", fields: { coordinatorId: { key: "notAHub" } } });
      const response = await createApi(owner.token, input);
      expect(response.status).toBe(422);
      const body = await json(response);
      expect(body.error.code).toBe("validation_failed");
      expect(Object.keys(body.error.fields)).toEqual(["coordinatorId"]);
      expect(body.error.fields.coordinatorId).toBe("Only a hub can coordinate an order cycle.");
      expect(await cyclesOf(coordinatorId)).toBe(0);
    }
  });

  test("a producer that is also a hub may coordinate, through the command and the API", async () => {
    const owner = w.people.supplierC;
    const producerHub = await insertEnterprise(owner, { name: "Farm C hub", kind: "hub", isProducer: true });
    const actor = await actorFor(owner);
    const input = {
      name: "Producer hub week",
      coordinatorId: producerHub.id,
      opensAt: new Date(Date.now() + DAY).toISOString(),
      closesAt: new Date(Date.now() + 8 * DAY).toISOString(),
    };
    await createOrderCycle(actor, input);
    expect((await createApi(owner.token, input)).status).toBe(201);
    expect(await cyclesOf(producerHub.id)).toBe(2);
  });
});

describe("automatic notification needs a close within a year", () => {
  test("a new cycle closing in 367 days with it is refused by the command and the API; 365 days is accepted", async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
    const before = await cyclesOf(w.hub.id);
    const far = { name: "Never really closes", coordinatorId: w.hub.id, opensAt: at(1), closesAt: at(367), automaticNotifications: true };
    await expect(createOrderCycle(w.actors.hub, far, now)).rejects.toMatchObject({
      code: "validation_failed",
      fields: { automaticNotifications: { key: "closesTooFar" } },
    });
    const response = await createApi(w.people.hub.token, far);
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(Object.keys(body.error.fields)).toEqual(["automaticNotifications"]);
    expect(body.error.fields.automaticNotifications).toBe("Automatic notification needs a cycle that closes within a year.");
    expect(await cyclesOf(w.hub.id)).toBe(before);
    // Without the flag the same dates are fine; and with it, a close within the year is.
    expect((await createApi(w.people.hub.token, { ...far, automaticNotifications: false })).status).toBe(201);
    await createOrderCycle(w.actors.hub, { ...far, closesAt: at(365) }, now);
    expect((await createApi(w.people.hub.token, { ...far, closesAt: at(364) })).status).toBe(201);
    expect(await cyclesOf(w.hub.id)).toBe(before + 3);
  });

  test("switching it on for a far close, or moving the close of a notifying cycle past the year, is refused by the command and the API; nothing changes", async () => {
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const farCycle = await seedCycle(w, { name: "Far close", opensAt: at(1), closesAt: at(400) });
    const before = await stored(farCycle);
    await expect(updateOrderCycle(w.actors.hub, farCycle, { automaticNotifications: true }, now)).rejects.toMatchObject({
      fields: { automaticNotifications: { key: "closesTooFar" } },
    });
    const switched = await patchApi(w.people.hub.token, farCycle, { automaticNotifications: true });
    expect(switched.status).toBe(422);
    expect(Object.keys((await json(switched)).error.fields)).toEqual(["automaticNotifications"]);
    expect(await stored(farCycle)).toEqual(before);

    const notifying = await seedCycle(w, { name: "Notifying", opensAt: at(1), closesAt: at(30) });
    await updateOrderCycle(w.actors.hub, notifying, { automaticNotifications: true }, now);
    const kept = await stored(notifying);
    await expect(updateOrderCycle(w.actors.hub, notifying, { closesAt: at(400).toISOString() }, now)).rejects.toMatchObject({
      fields: { automaticNotifications: { key: "closesTooFar" } },
    });
    const moved = await patchApi(w.people.hub.token, notifying, { closesAt: at(400).toISOString() });
    expect(moved.status).toBe(422);
    expect(await stored(notifying)).toEqual(kept);
  });
});

describe("moving the dates of a cycle that has orders", () => {
  let cycleId: string;
  beforeAll(async () => {
    cycleId = await seedCycle(w, { name: "Week with an order", opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 3 * DAY) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await setStock(w.variants.a[0], null);
    await placeOrder(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email: "ordered@example.org",
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      },
      undefined,
    );
  });

  test("the command refuses without the confirmation (asked at the date that moved) and changes nothing", async () => {
    const before = await stored(cycleId);
    const later = new Date(Date.parse(before.closesAt!) + DAY).toISOString();
    const earlier = new Date(Date.parse(before.opensAt!) - DAY).toISOString();
    await expect(updateOrderCycle(w.actors.hub, cycleId, { closesAt: later })).rejects.toMatchObject({
      code: "needs_confirmation",
      fields: { closesAt: { key: "confirmDateChange" } },
    });
    await expect(updateOrderCycle(w.actors.hub, cycleId, { opensAt: earlier })).rejects.toMatchObject({
      code: "needs_confirmation",
      fields: { opensAt: { key: "confirmDateChange" } },
    });
    await expect(updateOrderCycle(w.actors.hub, cycleId, { opensAt: earlier, closesAt: later, confirmDateChange: false })).rejects.toMatchObject({
      code: "needs_confirmation",
      fields: { opensAt: { key: "confirmDateChange" } },
    });
    expect(await stored(cycleId)).toEqual(before);
    // A change that moves no date needs no confirmation.
    await updateOrderCycle(w.actors.hub, cycleId, { name: "Week with an order", closesAt: before.closesAt });
    await updateOrderCycle(w.actors.hub, cycleId, { closesAt: later, confirmDateChange: true });
    expect((await stored(cycleId)).closesAt).toBe(later);
  });

  test("the API refuses with 409 needs_confirmation when told not to confirm, and changes nothing; as documented it confirms by itself otherwise", async () => {
    const before = await stored(cycleId);
    const later = new Date(Date.parse(before.closesAt!) + DAY).toISOString();
    const refused = await patchApi(w.people.hub.token, cycleId, { closesAt: later, confirmDateChange: false });
    expect(refused.status).toBe(409);
    const body = await json(refused);
    expect(body.error.code).toBe("needs_confirmation");
    expect(Object.keys(body.error.fields)).toEqual(["closesAt"]);
    expect(await stored(cycleId)).toEqual(before);
    // docs/api.md: "The API confirms a date change on a cycle with orders by itself".
    const confirmed = await patchApi(w.people.hub.token, cycleId, { closesAt: later });
    expect(confirmed.status).toBe(200);
    expect((await json(confirmed)).closesAt).toBe(later);
  });

  test("a cycle without orders moves without the confirmation", async () => {
    const empty = await seedCycle(w, { name: "Week without orders" });
    const before = await stored(empty);
    const later = new Date(Date.parse(before.closesAt!) + DAY).toISOString();
    await updateOrderCycle(w.actors.hub, empty, { closesAt: later });
    expect((await stored(empty)).closesAt).toBe(later);
  });
});
