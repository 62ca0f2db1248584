// The email to an enterprise's owner when its endpoint is disabled, queued in the transaction that disables it.
import { eq } from "drizzle-orm";
import { settings } from "#app/config/settings.server";
import { isLocale } from "#app/i18n/config";
import { formatInstant } from "#app/i18n/format";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import type { Executor } from "#db/connection.server";
import { enterprises, users, type webhookEndpoints } from "#db/schema";
import { renderWebhookDisabled } from "#emails/webhook-disabled";

export async function queueEndpointDisabledEmail(
  tx: Executor,
  endpoint: typeof webhookEndpoints.$inferSelect,
  facts: { failingSince: Date; lastError: string | null },
) {
  const [owner] = await tx
    .select({ name: enterprises.name, locale: enterprises.locale, timeZone: enterprises.timeZone, email: users.email })
    .from(enterprises)
    .innerJoin(users, eq(users.id, enterprises.ownerId))
    .where(eq(enterprises.id, endpoint.enterpriseId));
  if (!owner) return;
  const locale = isLocale(owner.locale) ? owner.locale : "en";
  const t = emailTranslator(locale);
  const rendered = renderWebhookDisabled(
    {
      locale,
      enterpriseName: owner.name,
      url: endpoint.url,
      // In the enterprise's own time, as every other date it is sent.
      failingSince: formatInstant(facts.failingSince, owner.timeZone, locale),
      lastError: facts.lastError ?? "",
      manageUrl: `${settings().appUrl}/admin/enterprises/${endpoint.enterpriseId}/webhooks`,
    },
    t,
  );
  await enqueueEmail(
    {
      idempotencyKey: `webhook-disabled:${endpoint.id}`,
      kind: "webhook_disabled",
      enterpriseId: endpoint.enterpriseId,
      to: owner.email,
      replyTo: null,
      ...rendered,
    },
    tx,
  );
}
