// The order page's refund form on a card-paid order (docs/domain.md 9, decision 0036): it offers a
// card refund up to what the cards paid, sends it to Stripe once however often the form is sent,
// and lists it; the loader tells the panel what the cards can still give back.
import * as hubOrderPage from "#app/routes/admin.order-cycles.$cycleId.orders_.$orderId";
import * as buyerOrderPage from "#app/routes/orders.$orderId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { insertCardPayment, paymentRows } from "#tests/support/payments";
import { setEnv } from "#tests/support/settings";
import { placeOrderApi, setStock } from "#tests/support/shop";
import { startStripeStub, type StripeStub } from "#tests/support/stripe-stub";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
let stub: StripeStub;

beforeAll(async () => {
  stub = await startStripeStub();
  setEnv({ STRIPE_SECRET_KEY: "sk_test_circuit", STRIPE_API_BASE: stub.url });
  await migrateJobQueue(process.env.DATABASE_URL!);
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Card page week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await setStock(w.variants.a[1], 50);
  buyer = await createUser({ name: "Carla Card" });
});

afterAll(async () => {
  await stub.close();
});

const refundCalls = () => stub.requests.filter((request) => request.method === "POST" && request.path === "/v1/refunds");

it("refunds part of a card payment through Stripe once, and the buyer sees it", async () => {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: w.variants.a[1], quantity: 2 }],
    },
    { token: buyer.token },
  );
  const orderId = placed.body.id as string;
  const total = placed.body.totalCents as number;
  await insertCardPayment(orderId, total);
  const page = (form?: Record<string, string>) =>
    callRoute(hubOrderPage, { path: `/admin/order-cycles/${cycleId}/orders/${orderId}`, params: { cycleId, orderId }, cookie: w.sessions.hub, form });

  const loaded = await json(await page());
  expect(loaded.payments).toMatchObject({ cardRefundableCents: total, paidCents: total, paymentState: "paid" });
  expect(loaded.payments.records).toEqual([expect.objectContaining({ method: "card", recordedBy: null })]);

  const calls = refundCalls().length;
  const form = { intent: "refund", idempotencyKey: loaded.payments.idempotencyKey, refundAmount: "1,00", refundMethod: "card", reason: "One was bruised" };
  for (let i = 0; i < 2; i++) expect((await page(form)).status).toBe(302);
  expect(refundCalls().length).toBe(calls + 1);
  const refunds = (await paymentRows(orderId)).filter((row) => row.kind === "refund");
  expect(refunds).toEqual([expect.objectContaining({ method: "card", amountCents: 100, state: "completed", note: "One was bruised" })]);

  const after = await json(await page());
  expect(after.payments).toMatchObject({ cardRefundableCents: total - 100, paidCents: total - 100, paymentState: "partially_paid" });
  const buyerPage = await json(await callRoute(buyerOrderPage, { path: `/orders/${orderId}`, params: { orderId }, token: buyer.token }));
  expect(buyerPage.payments.refunds).toEqual([expect.objectContaining({ amountCents: 100, method: "card", state: "completed" })]);

  // More than the card can give back: refused at the field, Stripe not asked.
  const refused = await page({ intent: "refund", idempotencyKey: crypto.randomUUID(), refundAmount: String(total), refundMethod: "card" });
  expect(refused.status).toBe(422);
  expect(Object.keys((await json(refused)).fieldErrors)).toEqual(["refundAmount"]);
  expect(refundCalls().length).toBe(calls + 1);
});
