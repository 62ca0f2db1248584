// Each order adjustment says what it covers (issue 13): the same per-order fee on two suppliers is
// two lines that read apart, "… on Farm A's items" and "… on Farm B's items", in the cart, the
// checkout, the order page and the confirmation email.
import type { ParsedMail } from "mailparser";
import { eq } from "drizzle-orm";
import { putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { cartCookie } from "#app/http/cart-cookie.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import * as orderPageRoute from "#app/routes/orders.$orderId";
import { getDb } from "#db/connection.server";
import { orderAdjustments } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, insertFee, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi } from "#tests/support/shop";
import { setEnv } from "#tests/support/settings";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;
let cycleId: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await coopPlus();
  // The hub's cold chain, once per order over each supplier's items.
  const coldChain = await insertFee(w.hub.id, "Cold-chain transport", "flat_rate", { amountCents: 150 });
  cycleId = await seedCycle(w, { name: "Two suppliers", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { feeIds: [coldChain.id] });
  await putIncomingExchange(w.actors.hub, cycleId, w.supplierB.id, { feeIds: [coldChain.id] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

const orderLines = () => [
  { variantId: w.variants.a[0], quantity: 1 },
  { variantId: w.variants.b[0], quantity: 1 },
];

const coldChainCovers = (adjustments: { label: string; supplierName?: string; place?: string }[]) =>
  adjustments
    .filter((adjustment) => adjustment.label === "Cold-chain transport")
    .map((adjustment) => [adjustment.place, adjustment.supplierName])
    .sort();

describe("the same per-order fee on two suppliers", () => {
  test("is two adjustments, each naming the supplier whose items it covers, at checkout and in the order", async () => {
    let guestToken: string | undefined;
    for (const line of orderLines())
      guestToken = (await setCartLine(w.lake.id, { guestToken: guestToken ?? null }, {}, { orderCycleId: cycleId, ...line })).guestToken ?? guestToken;
    const cookie = (await cartCookie().serialize(guestToken)).split(";")[0];
    const checkout = await json(await callRoute(checkoutRoute, { path: `/shop/${w.lake.id}/checkout`, params: { distributorId: w.lake.id }, cookie }));
    expect(coldChainCovers(checkout.cart.adjustments)).toEqual([
      ["incoming", "Farm A"],
      ["incoming", "Farm B"],
    ]);

    const placed = await placeOrderApi({
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      email: "two-farms@example.test",
      lines: orderLines(),
    });
    expect(placed.status).toBe(201);
    expect(coldChainCovers(placed.body.adjustments)).toEqual([
      ["incoming", "Farm A"],
      ["incoming", "Farm B"],
    ]);
    const stored = await getDb().select().from(orderAdjustments).where(eq(orderAdjustments.orderId, placed.body.id));
    expect(coldChainCovers(stored)).toEqual([
      ["incoming", "Farm A"],
      ["incoming", "Farm B"],
    ]);

    const orderId = placed.body.id as string;
    const page = await json(await callRoute(orderPageRoute, { path: `/orders/${orderId}?key=${orderAccessKey(orderId)}`, params: { orderId } }));
    expect(coldChainCovers(page.adjustments)).toEqual([
      ["incoming", "Farm A"],
      ["incoming", "Farm B"],
    ]);

    const mail = await mailTo("two-farms@example.test");
    const text = (mail.text ?? "").split("\n").map((line) => line.trim());
    expect(text).toContain("Cold-chain transport · on Farm A's items  €1.50");
    expect(text).toContain("Cold-chain transport · on Farm B's items  €1.50");
  });
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
