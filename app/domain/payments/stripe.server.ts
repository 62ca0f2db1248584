// Card payments through Stripe's hosted Checkout (decision 0008): the SDK client from the settings,
// and starting a payment for an order. Whether an order is paid is decided by webhooks alone.
import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import Stripe from "stripe";
import { getDb } from "#db/connection.server";
import { enterprises, orders, paymentMethods } from "#db/schema";
import { DomainError, invalidField } from "#app/domain/errors";
import { CURRENCY } from "#app/domain/money";
import { cardPaymentsConfigured } from "#app/domain/methods/payments.server";
import { settings } from "#app/config/settings.server";
import { payRefusal } from "#app/domain/orders/abilities";
import { orderAccess, type OrderRequester } from "#app/domain/orders/access.server";
import { isLocale } from "#app/i18n/config";
import { balanceCentsSql, paymentStateSql } from "./balance.server";
import { translator } from "#app/i18n/resources.server";

/** Stripe refuses card charges under 0.50 in euros. */
const CARD_MINIMUM_CENTS = 50;

/** Where Stripe sends the buyer back to. */
export type ReturnUrls = { successUrl: string; cancelUrl: string };

let cached: { signature: string; client: Stripe } | undefined;

/** The API address: Stripe's own unless STRIPE_API_BASE points elsewhere (a local stub in tests). */
function apiAddress(): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  const base = settings().stripe.apiBase;
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/** The SDK client for the current settings (rebuilt when they change, as tests do). */
export function stripeClient(): Stripe {
  const key = settings().stripe.secretKey;
  if (!key) throw invalidField("paymentMethodId", "cardPaymentsNotConfigured");
  const signature = `${key}|${settings().stripe.apiBase ?? ""}`;
  if (cached?.signature !== signature) {
    cached = {
      signature,
      client: new Stripe(key, { ...apiAddress(), maxNetworkRetries: 2, timeout: 20_000, telemetry: false, appInfo: { name: "Circuit" } }),
    };
  }
  return cached.client;
}

/**
 * A Checkout Session lives at most 24 hours, and Stripe forgets an idempotency key after 24 hours.
 * Sessions are made per 12-hour window and expire 12 to 24 hours after they are made, so a key
 * replayed within its window always returns a session that can still be paid.
 */
const WINDOW_MS = 12 * 60 * 60 * 1000;
function sessionExpiry(now: Date): number {
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return Math.floor(((window + 2) * WINDOW_MS) / 1000) - 60;
}

/**
 * The idempotency key of a session request: per order, and per exact request content (amount,
 * return addresses, expiry window). A double click or a retry gets the same session; a changed
 * order total gets a new one instead of Stripe refusing the reused key.
 */
function checkoutIdempotencyKey(orderId: string, params: Stripe.Checkout.SessionCreateParams): string {
  const digest = createHash("sha256").update(JSON.stringify(params)).digest("hex").slice(0, 24);
  return `circuit-order-${orderId}-checkout-${digest}`;
}

async function loadPayableOrder(orderId: string) {
  const [row] = await getDb()
    .select({
      id: orders.id,
      number: orders.number,
      state: orders.state,
      paymentState: paymentStateSql(),
      balanceCents: balanceCentsSql(),
      email: orders.email,
      locale: orders.locale,
      totalCents: orders.totalCents,
      stripePaymentIntentId: orders.stripePaymentIntentId,
      shopName: enterprises.name,
      paymentKind: paymentMethods.kind,
    })
    .from(orders)
    .innerJoin(enterprises, eq(enterprises.id, orders.distributorId))
    .leftJoin(paymentMethods, eq(paymentMethods.id, orders.paymentMethodId))
    .where(eq(orders.id, orderId));
  if (!row || row.state === "cart") throw new DomainError("not_found");
  return row;
}

/** Why an order cannot be paid by card now, as the DomainError to answer with; undefined when it can. */
function refusal(order: Awaited<ReturnType<typeof loadPayableOrder>>): DomainError | undefined {
  if (order.paymentKind !== "stripe") return invalidField("paymentMethodId", "notPaidByCard");
  if (order.paymentState === "paid" || order.paymentState === "overpaid") return new DomainError("conflict", { payment: { key: "alreadyPaid" } });
  if (order.paymentState === "refunded") return new DomainError("conflict", { payment: { key: "alreadyRefunded" } });
  if (order.state !== "placed") return new DomainError("conflict", { payment: { key: "orderCancelled" } });
  if (order.balanceCents < CARD_MINIMUM_CENTS) return invalidField("payment", "belowCardMinimum");
  return undefined;
}

/**
 * Creates (idempotently) a Checkout Session in payment mode for the order's total and returns the
 * address to send the buyer to. The caller has already checked who is asking (see payOrderByCard).
 */
export async function startCardPayment(orderId: string, urls: ReturnUrls, now = new Date()): Promise<{ url: string; sessionId: string }> {
  if (!cardPaymentsConfigured()) throw invalidField("paymentMethodId", "cardPaymentsNotConfigured");
  const order = await loadPayableOrder(orderId);
  const refused = refusal(order);
  if (refused) throw refused;

  const locale = isLocale(order.locale) ? order.locale : "en";
  const description = `${translator(locale, "shop")("order.title", { number: order.number })} · ${order.shopName}`;
  const metadata = { orderId: order.id, orderNumber: String(order.number) };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    client_reference_id: order.id,
    customer_email: order.email,
    locale,
    line_items: [{ quantity: 1, price_data: { currency: CURRENCY.toLowerCase(), unit_amount: order.balanceCents, product_data: { name: description } } }],
    metadata,
    payment_intent_data: { description, metadata },
    success_url: urls.successUrl,
    cancel_url: urls.cancelUrl,
    expires_at: sessionExpiry(now),
  };

  let session: Stripe.Checkout.Session;
  try {
    session = await stripeClient().checkout.sessions.create(params, { idempotencyKey: checkoutIdempotencyKey(order.id, params) });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const detail =
      error instanceof Stripe.errors.StripeError ? `${error.type} ${error.statusCode ?? ""} ${error.message} (${error.requestId ?? "no request id"})` : error;
    console.error(`Stripe refused or did not answer the Checkout Session request of order ${order.id}:`, detail);
    throw new DomainError("conflict", { payment: { key: "cardPaymentUnavailable" } });
  }
  if (!session.url) throw new DomainError("conflict", { payment: { key: "cardPaymentUnavailable" } });

  // Older API versions create the PaymentIntent with the session: keep it so its events find the order.
  const intentId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (intentId && !order.stripePaymentIntentId) {
    await getDb()
      .update(orders)
      .set({ stripePaymentIntentId: intentId })
      .where(and(eq(orders.id, order.id), isNull(orders.stripePaymentIntentId)))
      .catch((error) => console.error("Could not remember the PaymentIntent of an order", error));
  }
  return { url: session.url, sessionId: session.id };
}

/** The buyer of an order (signed in, or holding the order's link key) starts paying it by card. */
export async function payOrderByCard(requester: OrderRequester, orderId: string, urls: ReturnUrls, now = new Date()) {
  const refused = payRefusal(await orderAccess(requester, orderId));
  if (refused) throw refused;
  return startCardPayment(orderId, urls, now);
}

/** What the payment page shows: the order's number, shop, total and whether it may be paid now. */
export async function cardPaymentSummary(requester: OrderRequester, orderId: string) {
  const notBuyer = payRefusal(await orderAccess(requester, orderId));
  if (notBuyer) throw notBuyer;
  const order = await loadPayableOrder(orderId);
  const refused = cardPaymentsConfigured() ? refusal(order) : invalidField("paymentMethodId", "cardPaymentsNotConfigured");
  return {
    id: order.id,
    number: String(order.number),
    shopName: order.shopName,
    totalCents: order.totalCents,
    balanceCents: order.balanceCents,
    paymentState: order.paymentState,
    state: order.state,
    /** The translation key (errors:fields.*) of why it cannot be paid by card now, if it cannot. */
    refusalKey: refused ? (Object.values(refused.fields)[0]?.key ?? null) : null,
  };
}
