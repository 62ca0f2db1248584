// The invitation to manage an enterprise, sent to an email that has no account yet, in the
// enterprise's language; signing up with that email accepts it.
import { settings } from "#app/config/settings.server";
import type { Executor } from "#db/connection.server";
import { isLocale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout.server";
import { enqueueEmail } from "#app/mail/outbox.server";

export type ManagerInvitation = {
  enterpriseId: string;
  enterpriseName: string;
  enterpriseEmail: string;
  locale: string;
  inviterName: string;
  email: string;
};

export function renderManagerInvitation(invitation: ManagerInvitation, appUrl: string): RenderedEmail {
  const locale = isLocale(invitation.locale) ? invitation.locale : "en";
  const t = translator(locale, "emails");
  const tc = translator(locale, "common");
  const values = { enterprise: invitation.enterpriseName, inviter: invitation.inviterName, email: invitation.email };
  const signUpUrl = `${appUrl.replace(/\/$/, "")}/signup?email=${encodeURIComponent(invitation.email)}`;
  const subject = t("managerInvitation.subject", values);
  const intro = t("managerInvitation.intro", values);
  const how = t("managerInvitation.how", values);
  const html = htmlLayout({
    lang: locale,
    heading: invitation.enterpriseName,
    preheader: intro,
    footer: t("managerInvitation.footer", values),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<p style="margin:0 0 16px;">${escapeHtml(how)}</p>
<p style="margin:0 0 16px;"><a href="${escapeHtml(signUpUrl)}" style="display:inline-block;background:#2f7d4f;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:8px;font-weight:600;">${escapeHtml(t("managerInvitation.action"))}</a></p>
<p style="margin:0;color:#5b6b61;font-size:14px;">${escapeHtml(t("managerInvitation.ignore"))}</p>`,
  });
  const text = [invitation.enterpriseName, "", intro, "", how, "", tc("format.labelValue", { label: t("managerInvitation.action"), value: signUpUrl }), "", t("managerInvitation.ignore")].join("\n");
  return { subject, html, text };
}

/** Queued once per enterprise and email, in the transaction that records the invitation. */
export async function queueManagerInvitation(tx: Executor, invitation: ManagerInvitation) {
  const rendered = renderManagerInvitation(invitation, settings().appUrl);
  return enqueueEmail(
    {
      idempotencyKey: `invite:${invitation.enterpriseId}:${invitation.email.toLowerCase()}`,
      kind: "manager_invitation",
      to: invitation.email,
      replyTo: invitation.enterpriseEmail,
      ...rendered,
    },
    tx,
  );
}
