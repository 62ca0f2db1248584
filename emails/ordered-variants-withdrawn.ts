// The coordinator's note when a supplier unticks variants that placed orders already hold: the
// orders keep them, so the producer must still bring them, and the hub may want to tell the buyers.
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

export type OrderedVariantsWithdrawnData = {
  locale: Locale;
  cycleName: string;
  supplierName: string;
  actorName: string;
  variants: { name: string; units: number; orders: number }[];
  units: number;
  orders: number;
  historyUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderOrderedVariantsWithdrawn(data: OrderedVariantsWithdrawnData, t: TFunction): RenderedEmail {
  const subject = t("emails:variantsWithdrawn.subject", { cycle: data.cycleName, supplier: data.supplierName });
  const intro = t("emails:variantsWithdrawn.intro", { cycle: data.cycleName, supplier: data.supplierName, name: data.actorName });
  const held = t("emails:variantsWithdrawn.held", { count: data.orders, units: data.units });
  const line = (variant: OrderedVariantsWithdrawnData["variants"][number]) =>
    t("emails:variantsWithdrawn.line", { name: variant.name, units: variant.units, count: variant.orders });
  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("emails:variantsWithdrawn.footer", { cycle: data.cycleName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<ul style="margin:0 0 16px;padding-left:20px;">${data.variants.map((variant) => `<li>${escapeHtml(line(variant))}</li>`).join("")}</ul>
<p style="margin:0 0 16px;">${escapeHtml(held)}</p>
<p style="margin:0;"><a href="${escapeHtml(data.historyUrl)}" style="color:#2f7d4f;">${escapeHtml(t("emails:variantsWithdrawn.history"))}</a></p>`,
  });
  const text = [
    intro,
    "",
    ...data.variants.map((variant) => `- ${line(variant)}`),
    "",
    held,
    "",
    `${t("emails:variantsWithdrawn.history")}: ${data.historyUrl}`,
  ].join("\n");
  return { subject, html, text };
}
