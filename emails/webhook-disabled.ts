// Told to an enterprise when one of its webhook endpoints has failed for 3 days and was disabled:
// what failed last, and where to look and turn it back on (docs/domain.md 14).
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

export type WebhookDisabledData = {
  locale: Locale;
  enterpriseName: string;
  url: string;
  failingSince: string;
  lastError: string;
  /** The enterprise's webhooks page. */
  manageUrl: string;
};

/** Pure: `t` is the recipient's translator, everything else comes in `data`. */
export function renderWebhookDisabled(data: WebhookDisabledData, t: TFunction): RenderedEmail {
  const values = { enterprise: data.enterpriseName, url: data.url, since: data.failingSince };
  const subject = t("emails:webhookDisabled.subject", values);
  const intro = t("emails:webhookDisabled.intro", values);
  const lastError = t("emails:webhookDisabled.lastError", { error: data.lastError });
  const how = t("emails:webhookDisabled.how", values);
  const html = htmlLayout({
    lang: data.locale,
    heading: data.enterpriseName,
    preheader: intro,
    footer: t("emails:webhookDisabled.footer", values),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<p style="margin:0 0 16px;font-family:monospace;font-size:14px;overflow-wrap:anywhere;">${escapeHtml(data.url)}</p>
<p style="margin:0 0 16px;color:#5b6b61;">${escapeHtml(lastError)}</p>
<p style="margin:0 0 16px;">${escapeHtml(how)}</p>
<p style="margin:0;">${buttonHtml(data.manageUrl, t("emails:webhookDisabled.action"))}</p>`,
  });
  const text = [
    data.enterpriseName,
    "",
    intro,
    "",
    data.url,
    "",
    lastError,
    "",
    how,
    "",
    t("common:format.labelValue", { label: t("emails:webhookDisabled.action"), value: data.manageUrl }),
  ].join("\n");
  return { subject, html, text };
}
