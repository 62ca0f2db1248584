// Whether this Circuit instance can take card payments: it needs Stripe keys (operations.md).

export function cardPaymentsConfigured(): boolean {
  return Boolean(process.env.STRIPE_SECRET_KEY?.trim());
}
