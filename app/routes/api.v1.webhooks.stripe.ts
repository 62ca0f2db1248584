// POST /api/v1/webhooks/stripe: Stripe's events. The raw body is verified before anything reads it as JSON.
import type { ActionFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { handleStripeWebhook } from "#app/domain/payments/webhooks.server";
import { jsonResponse, methodNotAllowed, publicApi } from "#app/http/api.server";

const MAX_BODY_BYTES = 1_000_000;

async function rawBody(request: Request): Promise<Buffer> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) throw new DomainError("malformed");
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw new DomainError("malformed");
  return bytes;
}

export async function loader() {
  return methodNotAllowed();
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return publicApi(args, async ({ request }) => {
    await handleStripeWebhook(await rawBody(request), request.headers.get("Stripe-Signature"));
    return jsonResponse({ received: true });
  });
}
