// What every marketing email carries (docs/domain.md 13): why the reader receives it, and the
// one-click link that withdraws their consent. Transactional email has neither.
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { buttonHtml, escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

function marketingFooter(shop: string, t: TFunction): string {
  return t("notifications:marketing.footer", { shop });
}

function unsubscribeHtml(unsubscribeUrl: string, t: TFunction): string {
  return `<p style="margin:24px 0 0;font-size:13px;color:#5b6b61;"><a href="${escapeHtml(unsubscribeUrl)}" style="color:#5b6b61;">${escapeHtml(t("notifications:marketing.unsubscribe"))}</a></p>`;
}

function unsubscribeText(unsubscribeUrl: string, t: TFunction): string {
  return t("common:format.labelValue", { label: t("notifications:marketing.unsubscribe"), value: unsubscribeUrl });
}

/**
 * A marketing email around what it says of its own: the shop's name first, its intro, then the
 * email's own content (`bodyHtml`, already escaped, and its plain-text lines), one button to the
 * shop, why the reader receives it and the unsubscribe link, in both parts.
 */
export function marketingEmail(
  message: {
    locale: Locale;
    shop: string;
    subject: string;
    intro: string;
    bodyHtml?: string;
    bodyText?: string[];
    action: { label: string; url: string };
    unsubscribeUrl: string;
  },
  t: TFunction,
): RenderedEmail {
  const { locale, shop, intro, action, unsubscribeUrl } = message;
  const html = htmlLayout({
    lang: locale,
    heading: shop,
    preheader: intro,
    footer: marketingFooter(shop, t),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
${message.bodyHtml ?? ""}<p style="margin:0;">${buttonHtml(action.url, action.label)}</p>
${unsubscribeHtml(unsubscribeUrl, t)}`,
  });
  const text = [
    intro,
    ...(message.bodyText ?? []),
    "",
    t("common:format.labelValue", { label: action.label, value: action.url }),
    "",
    marketingFooter(shop, t),
    unsubscribeText(unsubscribeUrl, t),
  ].join("\n");
  return { subject: message.subject, html, text };
}
