// "Your basket is waiting": a buyer whose cart in a cycle is not checked out, some hours before the
// close, with the close and the link back to the shop.
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatInstant } from "#app/i18n/format";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";
import { marketingFooter, unsubscribeHtml, unsubscribeText } from "./marketing";

export type ClosingSoonData = {
  locale: Locale;
  shop: string;
  timeZone: string;
  closesAt: Date;
  /** Items in the cart. */
  items: number;
  shopUrl: string;
  unsubscribeUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderClosingSoon(data: ClosingSoonData, t: TFunction): RenderedEmail {
  const closes = formatInstant(data.closesAt, data.timeZone, data.locale, { withYear: false });
  const subject = t("notifications:closingSoon.subject", { shop: data.shop });
  const intro = t("notifications:closingSoon.intro", { shop: data.shop, closes, count: data.items });
  const html = htmlLayout({
    lang: data.locale,
    heading: data.shop,
    preheader: intro,
    footer: marketingFooter(data.shop, t),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<p style="margin:0;"><a href="${escapeHtml(data.shopUrl)}" style="display:inline-block;background:#2f7d4f;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;">${escapeHtml(t("notifications:closingSoon.toCart"))}</a></p>
${unsubscribeHtml(data.unsubscribeUrl, t)}`,
  });
  const text = [
    intro,
    "",
    t("common:format.labelValue", { label: t("notifications:closingSoon.toCart"), value: data.shopUrl }),
    "",
    marketingFooter(data.shop, t),
    unsubscribeText(data.unsubscribeUrl, t),
  ].join("\n");
  return { subject, html, text };
}
