// A tiny stand-in for Stripe's API on 127.0.0.1 (the network is closed), recording every request,
// plus builders for signed webhook deliveries made with the SDK's own test helper.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { getDb } from "#db/connection.server";
import { orderCycles, orders, paymentMethods, payments } from "#db/schema";

export type StubRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The form-encoded body as Stripe's SDK sends it, flat: `line_items[0][price_data][unit_amount]` → "1234". */
  body: Record<string, string>;
};

export type StripeStub = {
  /** e.g. http://127.0.0.1:41234, for STRIPE_API_BASE. */
  url: string;
  requests: StubRequest[];
  /** The next N API calls answer this status with a Stripe error body. */
  failNext(status: number, times?: number): void;
  /** The Checkout Session the next creation answers with gets these fields (e.g. a payment_intent). */
  nextSessionFields(fields: Record<string, unknown>): void;
  reset(): void;
  close(): Promise<void>;
};

function randomId(prefix: string) {
  return `${prefix}_test_${randomBytes(12).toString("hex")}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { "Content-Type": "application/json", "Request-Id": randomId("req"), ...headers });
  response.end(JSON.stringify(body));
}

/** A Checkout Session as Stripe answers it (the fields Circuit and a reader care about). */
function checkoutSession(body: Record<string, string>, extra: Record<string, unknown>) {
  const id = randomId("cs");
  const quantity = Number(body["line_items[0][quantity]"] ?? 1);
  const unitAmount = Number(body["line_items[0][price_data][unit_amount]"] ?? 0);
  const metadata = Object.fromEntries(
    Object.entries(body)
      .filter(([name]) => /^metadata\[[^\]]+\]$/.test(name))
      .map(([name, value]) => [name.slice("metadata[".length, -1), value]),
  );
  return {
    id,
    object: "checkout.session",
    amount_subtotal: quantity * unitAmount,
    amount_total: quantity * unitAmount,
    cancel_url: body.cancel_url ?? null,
    client_reference_id: body.client_reference_id ?? null,
    created: Math.floor(Date.now() / 1000),
    currency: body["line_items[0][price_data][currency]"] ?? null,
    customer: null,
    customer_email: body.customer_email ?? null,
    expires_at: Number(body.expires_at ?? Math.floor(Date.now() / 1000) + 86_400),
    livemode: false,
    locale: body.locale ?? null,
    metadata,
    mode: body.mode ?? "payment",
    payment_intent: null,
    payment_status: "unpaid",
    status: "open",
    success_url: body.success_url ?? null,
    url: `https://checkout.stripe.com/c/pay/${id}`,
    ...extra,
  };
}

export async function startStripeStub(): Promise<StripeStub> {
  const requests: StubRequest[] = [];
  /** Stripe replays the first answer to a reused idempotency key. */
  const byIdempotencyKey = new Map<string, { status: number; body: unknown }>();
  let failures: { status: number; times: number } | undefined;
  let sessionFields: Record<string, unknown> = {};

  const server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : (value ?? "")]));
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const recorded: StubRequest = { method: request.method ?? "GET", path: url.pathname, headers, body: Object.fromEntries(new URLSearchParams(raw)) };
    requests.push(recorded);

    if (!headers.authorization?.startsWith("Bearer sk_")) {
      return send(response, 401, { error: { type: "invalid_request_error", message: "Invalid API Key provided." } });
    }
    if (failures && failures.times > 0) {
      failures.times -= 1;
      return send(response, failures.status, { error: { type: "api_error", message: "Stub failure" } }, { "Stripe-Should-Retry": "false" });
    }
    const key = headers["idempotency-key"];
    const replay = key ? byIdempotencyKey.get(`${recorded.method} ${recorded.path} ${key}`) : undefined;
    if (replay) return send(response, replay.status, replay.body, { "Idempotent-Replayed": "true", "Idempotency-Key": key! });

    if (recorded.method === "POST" && recorded.path === "/v1/checkout/sessions") {
      const session = checkoutSession(recorded.body, sessionFields);
      sessionFields = {};
      if (key) byIdempotencyKey.set(`${recorded.method} ${recorded.path} ${key}`, { status: 200, body: session });
      return send(response, 200, session, key ? { "Idempotency-Key": key } : {});
    }
    if (recorded.method === "POST" && recorded.path === "/v1/refunds") {
      const amount = Number(recorded.body.amount ?? 0);
      if (!recorded.body.payment_intent || !(amount > 0)) {
        return send(response, 400, { error: { type: "invalid_request_error", message: "Missing payment_intent or amount." } });
      }
      const refund = {
        id: randomId("re"),
        object: "refund",
        amount,
        charge: randomId("ch"),
        created: Math.floor(Date.now() / 1000),
        currency: "eur",
        metadata: Object.fromEntries(
          Object.entries(recorded.body)
            .filter(([name]) => /^metadata\[[^\]]+\]$/.test(name))
            .map(([name, value]) => [name.slice("metadata[".length, -1), value]),
        ),
        payment_intent: recorded.body.payment_intent,
        reason: recorded.body.reason ?? null,
        status: "succeeded",
      };
      if (key) byIdempotencyKey.set(`${recorded.method} ${recorded.path} ${key}`, { status: 200, body: refund });
      return send(response, 200, refund, key ? { "Idempotency-Key": key } : {});
    }
    return send(response, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${recorded.method}: ${recorded.path}).` } });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(status, times = 1) {
      failures = { status, times };
    },
    nextSessionFields(fields) {
      sessionFields = fields;
    },
    reset() {
      requests.length = 0;
      byIdempotencyKey.clear();
      failures = undefined;
      sessionFields = {};
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// ---- Webhook deliveries ----

/** A Stripe event envelope around an object, as Stripe posts it. */
export function stripeEvent(type: string, object: Record<string, unknown>, id = randomId("evt")) {
  return {
    id,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The raw body and Stripe-Signature header of a delivery signed with the endpoint's secret. */
export function signedDelivery(event: unknown, secret: string, timestamp?: number) {
  const payload = JSON.stringify(event, null, 2);
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) };
}

export function paymentIntentObject(fields: { id?: string; orderId?: string; amount: number; status?: string; currency?: string }) {
  return {
    id: fields.id ?? randomId("pi"),
    object: "payment_intent",
    amount: fields.amount,
    amount_received: fields.status === "requires_payment_method" ? 0 : fields.amount,
    currency: fields.currency ?? "eur",
    livemode: false,
    metadata: fields.orderId ? { orderId: fields.orderId } : {},
    status: fields.status ?? "succeeded",
    last_payment_error: fields.status === "requires_payment_method" ? { code: "card_declined", message: "Your card was declined." } : null,
  };
}

export function checkoutSessionObject(fields: { orderId: string; paymentIntentId: string | null; amount: number; paymentStatus?: string }) {
  return {
    id: randomId("cs"),
    object: "checkout.session",
    amount_total: fields.amount,
    client_reference_id: fields.orderId,
    currency: "eur",
    livemode: false,
    metadata: { orderId: fields.orderId },
    mode: "payment",
    payment_intent: fields.paymentIntentId,
    payment_status: fields.paymentStatus ?? "paid",
    status: "complete",
  };
}

export function chargeObject(fields: { paymentIntentId: string; amount: number; refunded?: boolean; amountRefunded?: number; orderId?: string }) {
  return {
    id: randomId("ch"),
    object: "charge",
    amount: fields.amount,
    amount_refunded: fields.amountRefunded ?? (fields.refunded === false ? 0 : fields.amount),
    currency: "eur",
    livemode: false,
    metadata: fields.orderId ? { orderId: fields.orderId } : {},
    paid: true,
    payment_intent: fields.paymentIntentId,
    refunded: fields.refunded ?? true,
    status: "succeeded",
  };
}

export { randomId as stripeTestId };

// ---- Orders to pay ----

/**
 * A placed, unpaid order at a distributor, paid by a Stripe payment method, written directly
 * (with its own order cycle) so payment tests do not depend on pricing or cycle rules.
 */
export async function insertCardOrder(fields: {
  distributorId: string;
  buyer?: { id: string; email: string } | null;
  email?: string;
  totalCents?: number;
  paymentKind?: "stripe" | "cash";
  state?: "placed" | "cancelled";
  paymentState?: "unpaid" | "paid" | "refunded";
  locale?: string;
}) {
  const db = getDb();
  const [cycle] = await db
    .insert(orderCycles)
    .values({ name: "Week 12", coordinatorId: fields.distributorId, opensAt: new Date(Date.now() - 86_400_000), closesAt: new Date(Date.now() + 86_400_000) })
    .returning();
  const kind = fields.paymentKind ?? "stripe";
  const [method] = await db
    .insert(paymentMethods)
    .values({ enterpriseId: fields.distributorId, name: kind === "stripe" ? "Card" : "Cash", kind })
    .returning();
  const total = fields.totalCents ?? 2_345;
  const [order] = await db
    .insert(orders)
    .values({
      orderCycleId: cycle.id,
      distributorId: fields.distributorId,
      buyerId: fields.buyer?.id ?? null,
      email: fields.buyer?.email ?? fields.email ?? "guest@example.test",
      buyerName: "Buyer",
      state: fields.state ?? "placed",
      paymentMethodId: method.id,
      locale: fields.locale ?? "en",
      itemsTotalCents: total,
      totalCents: total,
      placedAt: new Date(Date.now() - 60_000),
      updatedAt: new Date(Date.now() - 60_000),
    })
    .returning();
  // Paid and refunded orders have the card payment (and refund) records the webhooks would have written.
  if (fields.paymentState === "paid" || fields.paymentState === "refunded") {
    const [payment] = await db
      .insert(payments)
      .values({
        orderId: order.id,
        kind: "payment",
        method: kind === "stripe" ? "card" : "cash",
        amountCents: total,
        state: fields.paymentState === "paid" ? "completed" : "refunded",
        occurredAt: new Date(Date.now() - 30_000),
      })
      .returning();
    if (fields.paymentState === "refunded") {
      await db.insert(payments).values({
        orderId: order.id,
        kind: "refund",
        method: payment.method,
        amountCents: total,
        state: "completed",
        occurredAt: new Date(Date.now() - 20_000),
        refundsPaymentId: payment.id,
      });
    }
  }
  return order;
}
