// The invitation to manage an enterprise: the sign-up link and the enterprise's language are
// gathered here, the template renders, the outbox keeps it in the transaction that records the invitation.
import { settings } from "#app/config/settings.server";
import { isLocale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import type { Executor } from "#db/connection.server";
import { renderManagerInvitation } from "#emails/manager-invitation";

export type ManagerInvitation = {
  enterpriseId: string;
  enterpriseName: string;
  enterpriseEmail: string;
  locale: string;
  inviterName: string;
  email: string;
};

/** Queued once per enterprise and email, in the transaction that records the invitation. */
export async function queueManagerInvitation(tx: Executor, invitation: ManagerInvitation) {
  const locale = isLocale(invitation.locale) ? invitation.locale : "en";
  const signUpUrl = `${settings().appUrl.replace(/\/$/, "")}/signup?email=${encodeURIComponent(invitation.email)}`;
  const rendered = renderManagerInvitation({ ...invitation, locale, signUpUrl }, emailTranslator(locale));
  return enqueueEmail(
    {
      idempotencyKey: `invite:${invitation.enterpriseId}:${invitation.email.toLowerCase()}`,
      kind: "manager_invitation",
      enterpriseId: invitation.enterpriseId,
      to: invitation.email,
      replyTo: invitation.enterpriseEmail,
      ...rendered,
    },
    tx,
  );
}
