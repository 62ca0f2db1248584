// When and where agree (issue 13): a pickup point's time for a cycle is the outgoing exchange's,
// the method's usual hours being the default, at checkout, on the order page and in the email; a
// delivery order is told the delivery's details, never the pickup instructions; a copy of a cycle
// leaves the ready-on dates (which drive reminders) empty.
import type { ParsedMail } from "mailparser";
import { cloneOrderCycle, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { loadCycle } from "#app/domain/order-cycles/load.server";
import { checkoutOptions } from "#app/domain/shop/catalogue.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import * as orderPageRoute from "#app/routes/orders.$orderId";
import { getDb } from "#db/connection.server";
import { shippingMethods } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, dayFromToday, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi } from "#tests/support/shop";
import { setEnv } from "#tests/support/settings";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;
let cycleId: string;
let barnId: string;
let hallId: string;
let deliveryId: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await coopPlus();
  const methods = await getDb()
    .insert(shippingMethods)
    .values([
      { enterpriseId: w.distributor.id, name: "Barn", kind: "pickup", address: "Mill Lane", openingHours: "Friday 16:00–19:00" },
      { enterpriseId: w.distributor.id, name: "Hall", kind: "pickup", address: "Quai", openingHours: "Saturday 09:00–12:00" },
      { enterpriseId: w.distributor.id, name: "Van", kind: "delivery", description: "Within the ring road, Saturday morning.", feeCents: 500 },
    ])
    .returning();
  [barnId, hallId, deliveryId] = methods.map((method) => method.id);
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60 * 24) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, {
    tags: [],
    readyFor: "Thursday evening",
    readyOn: dayFromToday(8),
    pickupInstructions: "Barn behind the mill",
    shippingMethodIds: [barnId, hallId, deliveryId],
    paymentMethodIds: [w.methods.distributor.payment.id],
    pickupTimes: { [barnId]: "Thursday 17:00–19:00", [hallId]: " ", [w.methods.distributor.shipping.id]: "Not offered here" },
  });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

async function mailTo(address: string): Promise<ParsedMail> {
  const started = Date.now();
  for (;;) {
    const found = smtp.messages.find((message) => JSON.stringify(message.to).includes(address));
    if (found) return found;
    if (Date.now() - started > 15_000) throw new Error(`No email for ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const place = (shippingMethodId: string, email: string) =>
  placeOrderApi({
    distributorId: w.distributor.id,
    orderCycleId: cycleId,
    shippingMethodId,
    paymentMethodId: w.methods.distributor.payment.id,
    email,
    deliveryAddress: "3 Quai de Saône",
    lines: [{ variantId: w.variants.a[0], quantity: 1 }],
  });

async function orderPage(orderId: string) {
  return json(await callRoute(orderPageRoute, { path: `/orders/${orderId}?key=${orderAccessKey(orderId)}`, params: { orderId } }));
}

describe("a pickup point's time in a cycle", () => {
  test("is the exchange's for that point, and the point's usual hours for the others; only offered points keep one", async () => {
    const cycle = (await loadCycle(cycleId))!;
    expect(cycle.outgoing.find((exchange) => exchange.distributorId === w.distributor.id)?.pickupTimes).toEqual({ [barnId]: "Thursday 17:00–19:00" });
    const options = await checkoutOptions(w.distributor.id, cycleId, {});
    const hours = Object.fromEntries(options.shippingMethods.map((method) => [method.name, method.openingHours]));
    expect(hours).toMatchObject({ Barn: "Thursday 17:00–19:00", Hall: "Saturday 09:00–12:00" });
  });

  test("is what the order page and the confirmation email say, beside the ready-for", async () => {
    const placed = await place(barnId, "barn-buyer@example.test");
    expect(placed.status).toBe(201);
    const page = await orderPage(placed.body.id);
    expect(page.where).toBe("Barn · Mill Lane · Thursday 17:00–19:00");
    expect(page.pickupInstructions).toBe("Barn behind the mill");
    const text = (await mailTo("barn-buyer@example.test")).text ?? "";
    expect(text).toContain("Pickup at: Barn · Mill Lane · Thursday 17:00–19:00");
    expect(text).not.toContain("Friday 16:00–19:00");
  });
});

describe("a delivery order", () => {
  test("shows the delivery's details and never the pickup instructions", async () => {
    const placed = await place(deliveryId, "van-buyer@example.test");
    expect(placed.status).toBe(201);
    const page = await orderPage(placed.body.id);
    expect(page.where).toBe("Van · 3 Quai de Saône");
    expect(page.pickupInstructions).toBe("");
    expect(page.deliveryDetails).toBe("Within the ring road, Saturday morning.");
    const text = (await mailTo("van-buyer@example.test")).text ?? "";
    expect(text).toContain("Within the ring road, Saturday morning.");
    expect(text).not.toContain("Barn behind the mill");
  });
});

describe("a copy of the cycle", () => {
  test("keeps the ready-for and pickup times and leaves the ready-on date empty", async () => {
    const copyId = await cloneOrderCycle(w.actors.hub, cycleId);
    const copy = await loadCycle(copyId);
    const exchange = copy!.outgoing.find((candidate) => candidate.distributorId === w.distributor.id)!;
    expect([exchange.readyFor, exchange.readyOn, exchange.pickupTimes]).toEqual(["Thursday evening", null, { [barnId]: "Thursday 17:00–19:00" }]);
  });
});
