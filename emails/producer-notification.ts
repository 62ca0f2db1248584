// The email each producer gets when a cycle closes (or when the coordinator notifies by hand): what
// to bring, for which distributors and ready dates, with quantities and amounts, in the producer's
// language. HTML and plain text say the same thing.
import type { ProducerReport, ProductRow } from "#app/domain/notifications/producer-report";
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { buttonHtml, escapeHtml, htmlLayout, tableCellAttributes, type RenderedEmail } from "./layout";
import { formatMoney } from "#app/i18n/format";

export type ProducerNotificationData = {
  locale: Locale;
  cycleName: string;
  coordinatorName: string;
  coordinatorEmail: string;
  /** Where the coordinator is, under the sign-off; empty when it gave none. */
  coordinatorAddress?: string;
  producerName: string;
  receivalInstructions: string;
  report: ProducerReport;
  /** Sent by hand before the close, written out in the producer's language: orders are still coming in. */
  openUntil?: string;
  /** The signed link where the producer says what it will deliver (absent when nothing was ordered). */
  confirmUrl?: string;
};

const { cell, cellRight, head, headRight } = tableCellAttributes;

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderProducerNotification(data: ProducerNotificationData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, data.locale);
  const { report } = data;
  const subject = t("notifications:producerEmail.subject", { cycle: data.cycleName, producer: data.producerName });
  const nothing = report.products.length === 0;
  const buyerName = (row: { buyerName: string }) => row.buyerName || t("notifications:producerEmail.noName");
  const outletLine = (outlet: ProducerReport["outlets"][number]) =>
    outlet.readyFor ? `${outlet.distributorName} (${outlet.readyFor})` : outlet.distributorName;

  const productTable = (rows: ProductRow[], totalCents: number, taxCents?: number) => `
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th ${head}>${escapeHtml(t("notifications:producerEmail.product"))}</th><th ${headRight}>${escapeHtml(t("notifications:producerEmail.quantity"))}</th><th ${headRight}>${escapeHtml(t("notifications:producerEmail.unitPrice"))}</th><th ${headRight}>${escapeHtml(t("notifications:producerEmail.subtotal"))}</th>${taxCents === undefined ? "" : `<th ${headRight}>${escapeHtml(t("notifications:producerEmail.tax"))}</th>`}</tr>
${rows
  .map(
    (row) =>
      `<tr><td ${cell}>${escapeHtml(`${row.productName} (${row.variantName})`)}</td><td ${cellRight}>${row.quantity}</td><td ${cellRight}>${escapeHtml(money(row.unitPriceCents))}</td><td ${cellRight}>${escapeHtml(money(row.subtotalCents))}</td>${taxCents === undefined ? "" : `<td ${cellRight}>${escapeHtml(money(row.taxCents))}</td>`}</tr>`,
  )
  .join("\n")}
<tr><td style="padding:8px 4px;font-weight:700;">${escapeHtml(t("notifications:producerEmail.total"))}</td><td></td><td></td><td align="right" style="padding:8px 4px;font-weight:700;white-space:nowrap;">${escapeHtml(money(totalCents))}</td>${taxCents === undefined ? "" : `<td align="right" style="padding:8px 4px;font-weight:700;white-space:nowrap;">${escapeHtml(money(taxCents))}</td>`}</tr>
</table>`;

  const intro = data.openUntil
    ? t(nothing ? "producerEmail.nothingOrderedSoFar" : "producerEmail.introSoFar", { cycle: data.cycleName, closes: data.openUntil })
    : nothing
      ? t("notifications:producerEmail.nothingOrdered", { cycle: data.cycleName })
      : t("notifications:producerEmail.intro", { cycle: data.cycleName });
  const sections: string[] = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("notifications:producerEmail.greeting", { producer: data.producerName }))}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>`,
  ];
  if (!nothing) {
    sections.push(
      `<ul style="margin:0 0 16px;padding-left:20px;">${report.outlets.map((outlet) => `<li>${escapeHtml(outletLine(outlet))}</li>`).join("")}</ul>`,
    );
    if (data.receivalInstructions)
      sections.push(
        `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("notifications:producerEmail.receival"))}</strong><br>${escapeHtml(data.receivalInstructions).replace(/\n/g, "<br>")}</p>`,
      );
    sections.push(
      `<h2 style="font-size:16px;margin:16px 0 8px;">${escapeHtml(t("notifications:producerEmail.summary"))}</h2>`,
      productTable(report.products, report.totalCents, report.taxCents),
    );
    if (report.byDistributor.length > 1) {
      for (const part of report.byDistributor) {
        sections.push(
          `<h3 style="font-size:15px;margin:16px 0 8px;">${escapeHtml(outletLine(part.outlet))}</h3>`,
          productTable(part.products, part.totalCents, part.taxCents),
        );
      }
    }
    if (report.buyers) {
      sections.push(
        `<h2 style="font-size:16px;margin:16px 0 8px;">${escapeHtml(t("notifications:producerEmail.byBuyer"))}</h2>`,
        `<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th ${head}>${escapeHtml(t("notifications:producerEmail.buyer"))}</th><th ${head}>${escapeHtml(t("notifications:producerEmail.order"))}</th><th ${head}>${escapeHtml(t("notifications:producerEmail.product"))}</th><th ${headRight}>${escapeHtml(t("notifications:producerEmail.quantity"))}</th></tr>
${report.buyers.map((row) => `<tr><td ${cell}>${escapeHtml(buyerName(row))}</td><td ${cell}>${row.orderNumber} · ${escapeHtml(row.distributorName)}</td><td ${cell}>${escapeHtml(`${row.productName} (${row.variantName})`)}</td><td ${cellRight}>${row.quantity}</td></tr>`).join("\n")}
</table>`,
      );
    }
  } else if (data.receivalInstructions) {
    sections.push(`<p style="margin:0 0 16px;color:#5b6b61;">${escapeHtml(t("notifications:producerEmail.nothingToBring"))}</p>`);
  }
  if (data.confirmUrl)
    sections.push(
      `<p style="margin:16px 0 4px;">${escapeHtml(t("notifications:producerEmail.confirmLead", { coordinator: data.coordinatorName }))}</p>`,
      `<p style="margin:0 0 4px;">${buttonHtml(data.confirmUrl, t("notifications:producerEmail.confirmButton"))}</p>`,
      `<p style="margin:0 0 16px;color:#5b6b61;font-size:13px;">${escapeHtml(t("notifications:producerEmail.confirmValidity", { days: 30 }))}</p>`,
    );
  sections.push(
    `<p style="margin:16px 0 0;">${escapeHtml(t("notifications:producerEmail.signOff", { coordinator: data.coordinatorName, email: data.coordinatorEmail }))}</p>`,
  );
  if (data.coordinatorAddress)
    sections.push(`<p style="margin:4px 0 0;color:#5b6b61;">${escapeHtml(`${data.coordinatorName} · ${data.coordinatorAddress}`).replace(/\n/g, "<br>")}</p>`);

  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("notifications:producerEmail.footer", { coordinator: data.coordinatorName }),
    bodyHtml: sections.join("\n"),
  });

  const textTable = (rows: ProductRow[], totalCents: number, taxCents: number) => [
    ...rows.map((row) =>
      t("common:format.labelValue", {
        label: `- ${row.productName} (${row.variantName})`,
        value: `${row.quantity} × ${money(row.unitPriceCents)} = ${money(row.subtotalCents)}${row.taxCents ? ` (${t("common:format.labelValue", { label: t("notifications:producerEmail.tax"), value: money(row.taxCents) })})` : ""}`,
      }),
    ),
    t("common:format.labelValue", { label: t("notifications:producerEmail.total"), value: money(totalCents) }),
    t("common:format.labelValue", { label: t("notifications:producerEmail.tax"), value: money(taxCents) }),
  ];
  const text = [
    t("notifications:producerEmail.greeting", { producer: data.producerName }),
    "",
    intro,
    ...(nothing
      ? []
      : [
          ...report.outlets.map((outlet) => `- ${outletLine(outlet)}`),
          ...(data.receivalInstructions ? ["", `${t("notifications:producerEmail.receival")}`, data.receivalInstructions] : []),
          "",
          t("notifications:producerEmail.summary"),
          ...textTable(report.products, report.totalCents, report.taxCents),
          ...(report.byDistributor.length > 1
            ? report.byDistributor.flatMap((part) => ["", outletLine(part.outlet), ...textTable(part.products, part.totalCents, part.taxCents)])
            : []),
          ...(report.buyers
            ? [
                "",
                t("notifications:producerEmail.byBuyer"),
                ...report.buyers.map((row) =>
                  t("common:format.labelValue", {
                    label: `- ${buyerName(row)} · ${row.orderNumber} · ${row.distributorName}`,
                    value: `${row.productName} (${row.variantName}) × ${row.quantity}`,
                  }),
                ),
              ]
            : []),
        ]),
    ...(data.confirmUrl
      ? [
          "",
          t("notifications:producerEmail.confirmLead", { coordinator: data.coordinatorName }),
          data.confirmUrl,
          t("notifications:producerEmail.confirmValidity", { days: 30 }),
        ]
      : []),
    "",
    t("notifications:producerEmail.signOff", { coordinator: data.coordinatorName, email: data.coordinatorEmail }),
    ...(data.coordinatorAddress ? [`${data.coordinatorName} · ${data.coordinatorAddress}`] : []),
  ].join("\n");
  return { subject, html, text };
}
