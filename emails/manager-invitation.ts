// The invitation to manage an enterprise, sent to an email that has no account yet, in the
// enterprise's language; signing up with that email accepts it.
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

export type ManagerInvitationData = {
  enterpriseId: string;
  enterpriseName: string;
  enterpriseEmail: string;
  locale: Locale;
  inviterName: string;
  email: string;
  /** Where signing up with that email accepts the invitation. */
  signUpUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderManagerInvitation(invitation: ManagerInvitationData, t: TFunction): RenderedEmail {
  const { locale, signUpUrl } = invitation;
  const values = { enterprise: invitation.enterpriseName, inviter: invitation.inviterName, email: invitation.email };
  const subject = t("emails:managerInvitation.subject", values);
  const intro = t("emails:managerInvitation.intro", values);
  const how = t("emails:managerInvitation.how", values);
  const html = htmlLayout({
    lang: locale,
    heading: invitation.enterpriseName,
    preheader: intro,
    footer: t("emails:managerInvitation.footer", values),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<p style="margin:0 0 16px;">${escapeHtml(how)}</p>
<p style="margin:0 0 16px;">${buttonHtml(signUpUrl, t("emails:managerInvitation.action"))}</p>
<p style="margin:0;color:#5b6b61;font-size:14px;">${escapeHtml(t("emails:managerInvitation.ignore"))}</p>`,
  });
  const text = [
    invitation.enterpriseName,
    "",
    intro,
    "",
    how,
    "",
    t("common:format.labelValue", { label: t("emails:managerInvitation.action"), value: signUpUrl }),
    "",
    t("emails:managerInvitation.ignore"),
  ].join("\n");
  return { subject, html, text };
}
