// "Our shop is open": a distributor's announcement of a cycle to its consenting customers, with
// when orders close, when they are ready, the distributor's own word, and the link to the shop.
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatDay, formatInstant } from "#app/i18n/format";
import { escapeHtml, type RenderedEmail } from "./layout";
import { marketingEmail } from "./marketing";

export type CycleAnnouncementData = {
  locale: Locale;
  shop: string;
  /** The distributor's time zone: the close is read there. */
  timeZone: string;
  closesAt: Date | null;
  readyFor: string;
  /** yyyy-mm-dd, or null when the distributor gave only the text. */
  readyOn: string | null;
  /** The distributor's own words, when it announces by hand. */
  message: string;
  shopUrl: string;
  unsubscribeUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderCycleAnnouncement(data: CycleAnnouncementData, t: TFunction): RenderedEmail {
  const subject = t("notifications:announcement.subject", { shop: data.shop });
  const intro = t("notifications:announcement.intro", { shop: data.shop });
  const facts = [
    [t("notifications:announcement.closesAt"), data.closesAt ? formatInstant(data.closesAt, data.timeZone, data.locale, { withYear: false }) : ""],
    [t("notifications:announcement.readyOn"), data.readyOn ? formatDay(data.readyOn, data.locale) : ""],
    [t("notifications:announcement.readyFor"), data.readyFor],
  ].filter(([, value]) => value);
  return marketingEmail(
    {
      locale: data.locale,
      shop: data.shop,
      subject,
      intro,
      bodyHtml: `${data.message ? `<p style="margin:0 0 16px;">${escapeHtml(data.message).replace(/\n/g, "<br>")}</p>` : ""}
${
  facts.length
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;margin:0 0 16px;background:#f6f7f4;border-radius:8px;">
${facts.map(([label, value]) => `<tr><td style="padding:8px 12px;color:#5b6b61;width:35%;vertical-align:top;">${escapeHtml(label)}</td><td style="padding:8px 12px;font-weight:600;">${escapeHtml(value)}</td></tr>`).join("")}
</table>`
    : ""
}
`,
      bodyText: [...(data.message ? ["", data.message] : []), "", ...facts.map(([label, value]) => t("common:format.labelValue", { label, value }))],
      action: { label: t("notifications:announcement.toShop"), url: data.shopUrl },
      unsubscribeUrl: data.unsubscribeUrl,
    },
    t,
  );
}
