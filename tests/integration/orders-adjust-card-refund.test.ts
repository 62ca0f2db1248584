// The two halves of docs/domain.md 8's money rule meet: a hub adjustment that lowers a card-paid
// order's total refunds exactly the difference through Stripe (after the commit, once); one that
// raises it leaves a balance due on GET /orders/:id.
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { runJobsOnce } from "#app/jobs/worker.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { insertCardPayment, paymentRows } from "#tests/support/payments";
import { setEnv } from "#tests/support/settings";
import { getOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
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
  cycleId = await seedCycle(w, { name: "Card week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  for (const variantId of w.variants.a) await setStock(variantId, 50);
  buyer = await createUser({ name: "Carla Card" });
});

afterAll(async () => {
  await stub.close();
});

async function placePaidByCard(quantity: number) {
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: w.variants.a[1], quantity }],
    },
    { token: buyer.token },
  );
  expect(placed.status).toBe(201);
  const orderId = placed.body.id as string;
  const total = placed.body.totalCents as number;
  const payment = await insertCardPayment(orderId, total);
  return { orderId, total, payment };
}

async function patch(orderId: string, quantity: number) {
  const response = await callRoute(orderRoute, {
    method: "PATCH",
    path: `/api/v1/orders/${orderId}`,
    params: { orderId },
    body: { lines: [{ variantId: w.variants.a[1], quantity }], note: "Delivered short" },
    token: w.people.hub.token,
  });
  return { status: response.status, body: await json(response) };
}

const refundCalls = () => stub.requests.filter((request) => request.method === "POST" && request.path === "/v1/refunds");

it("after the close, lowering a card-paid order refunds the difference once; raising another leaves a balance due", async () => {
  const lowered = await placePaidByCard(3);
  const raised = await placePaidByCard(1);
  await getDb()
    .update(orderCycles)
    .set({ closesAt: new Date(Date.now() - 1000) })
    .where(eq(orderCycles.id, cycleId));

  const down = await patch(lowered.orderId, 2);
  expect(down.status).toBe(200);
  const difference = lowered.total - (down.body.totalCents as number);
  expect(difference).toBeGreaterThan(0);
  const [refund] = (await paymentRows(lowered.orderId)).filter((row) => row.kind === "refund");
  expect(refund).toMatchObject({ method: "card", amountCents: difference, state: "pending", refundsPaymentId: lowered.payment.id });

  await runJobsOnce({ connectionString: process.env.DATABASE_URL! });
  await runJobsOnce({ connectionString: process.env.DATABASE_URL! });
  expect(refundCalls()).toHaveLength(1);
  expect(refundCalls()[0].body).toMatchObject({ amount: String(difference) });
  const loweredNow = await getOrderApi(lowered.orderId, { token: w.people.hub.token });
  expect(loweredNow.body).toMatchObject({ paidCents: down.body.totalCents, balanceCents: 0, paymentState: "paid" });

  const up = await patch(raised.orderId, 3);
  expect(up.status).toBe(200);
  expect((await paymentRows(raised.orderId)).filter((row) => row.kind === "refund")).toEqual([]);
  const raisedNow = await getOrderApi(raised.orderId, { token: w.people.hub.token });
  expect(raisedNow.body).toMatchObject({
    paidCents: raised.total,
    balanceCents: (up.body.totalCents as number) - raised.total,
    paymentState: "partially_paid",
  });
  expect(refundCalls()).toHaveLength(1);
});
