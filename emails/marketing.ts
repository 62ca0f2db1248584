// What every marketing email carries (docs/domain.md 13): why the reader receives it, and the
// one-click link that withdraws their consent. Transactional email has neither.
import type { TFunction } from "i18next";
import { escapeHtml } from "./layout";

export function marketingFooter(shop: string, t: TFunction): string {
  return t("notifications:marketing.footer", { shop });
}

export function unsubscribeHtml(unsubscribeUrl: string, t: TFunction): string {
  return `<p style="margin:24px 0 0;font-size:13px;color:#5b6b61;"><a href="${escapeHtml(unsubscribeUrl)}" style="color:#5b6b61;">${escapeHtml(t("notifications:marketing.unsubscribe"))}</a></p>`;
}

export function unsubscribeText(unsubscribeUrl: string, t: TFunction): string {
  return t("common:format.labelValue", { label: t("notifications:marketing.unsubscribe"), value: unsubscribeUrl });
}
