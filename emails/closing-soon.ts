// "Your basket is waiting": a buyer whose cart in a cycle is not checked out, some hours before the
// close, with the close and the link back to the shop.
import type { TFunction } from "i18next";
import type { Locale } from "#app/i18n/config";
import { formatInstant } from "#app/i18n/format";
import type { RenderedEmail } from "./layout";
import { marketingEmail } from "./marketing";

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
  return marketingEmail(
    {
      locale: data.locale,
      shop: data.shop,
      subject,
      intro,
      action: { label: t("notifications:closingSoon.toCart"), url: data.shopUrl },
      unsubscribeUrl: data.unsubscribeUrl,
    },
    t,
  );
}
