// The amendment a producer gets when orders changed after it was told what to bring: only the
// variants that changed, before and after, and the new totals; never the whole list again.
import type { AmendedLine } from "#app/domain/notifications/amendment";
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, tableCellAttributes, type RenderedEmail } from "./layout";
import { formatMoney } from "#app/i18n/format";

export type SupplierAmendmentData = {
  locale: Locale;
  cycleName: string;
  coordinatorName: string;
  coordinatorEmail: string;
  producerName: string;
  changes: AmendedLine[];
  totalQuantity: number;
  totalCents: number;
  /** The confirmation link of the notification this amends, while it still answers. */
  confirmUrl?: string;
};

const { cell, cellRight, head, headRight } = tableCellAttributes;

/** Pure: `t` is the recipient's translator (emailTranslator). */
export function renderSupplierAmendment(data: SupplierAmendmentData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, data.locale);
  const subject = t("notifications:amendmentEmail.subject", { cycle: data.cycleName, producer: data.producerName });
  const intro = t("notifications:amendmentEmail.intro", { cycle: data.cycleName });
  const product = (line: AmendedLine) => `${line.productName} (${line.variantName})`;
  const totals = t("notifications:amendmentEmail.totals", { count: data.totalQuantity, amount: money(data.totalCents) });
  const table = `<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th ${head}>${escapeHtml(t("notifications:producerEmail.product"))}</th><th ${headRight}>${escapeHtml(t("notifications:amendmentEmail.before"))}</th><th ${headRight}>${escapeHtml(t("notifications:amendmentEmail.after"))}</th><th ${headRight}>${escapeHtml(t("notifications:producerEmail.subtotal"))}</th></tr>
${data.changes
  .map(
    (line) =>
      `<tr><td ${cell}>${escapeHtml(product(line))}</td><td ${cellRight}>${line.beforeQuantity}</td><td ${cellRight}><strong>${line.afterQuantity}</strong></td><td ${cellRight}>${escapeHtml(`${money(line.beforeCents)} → ${money(line.afterCents)}`)}</td></tr>`,
  )
  .join("\n")}
</table>`;
  const sections = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("notifications:producerEmail.greeting", { producer: data.producerName }))}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>`,
    table,
    `<p style="margin:0 0 16px;font-weight:700;">${escapeHtml(totals)}</p>`,
    `<p style="margin:0 0 16px;color:#5b6b61;">${escapeHtml(t("notifications:amendmentEmail.rest"))}</p>`,
    ...(data.confirmUrl
      ? [
          `<p style="margin:0 0 16px;">${escapeHtml(t("notifications:amendmentEmail.confirm"))} <a href="${escapeHtml(data.confirmUrl)}">${escapeHtml(t("notifications:producerEmail.confirmButton"))}</a></p>`,
        ]
      : []),
    `<p style="margin:16px 0 0;">${escapeHtml(t("notifications:producerEmail.signOff", { coordinator: data.coordinatorName, email: data.coordinatorEmail }))}</p>`,
  ];
  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("notifications:producerEmail.footer", { coordinator: data.coordinatorName }),
    bodyHtml: sections.join("\n"),
  });
  const text = [
    t("notifications:producerEmail.greeting", { producer: data.producerName }),
    "",
    intro,
    ...data.changes.map((line) =>
      t("notifications:amendmentEmail.line", {
        product: `- ${product(line)}`,
        before: line.beforeQuantity,
        after: line.afterQuantity,
        beforeAmount: money(line.beforeCents),
        afterAmount: money(line.afterCents),
      }),
    ),
    "",
    totals,
    t("notifications:amendmentEmail.rest"),
    ...(data.confirmUrl ? ["", t("notifications:amendmentEmail.confirm"), data.confirmUrl] : []),
    "",
    t("notifications:producerEmail.signOff", { coordinator: data.coordinatorName, email: data.coordinatorEmail }),
  ].join("\n");
  return { subject, html, text };
}
