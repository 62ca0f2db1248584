// Whether this Circuit instance can take card payments: it needs Stripe keys (docs/operations.md).
import { settings } from "#app/config/settings.server";

export function cardPaymentsConfigured(): boolean {
  return settings().cardPaymentsConfigured;
}
