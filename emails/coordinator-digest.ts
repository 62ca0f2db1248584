// The coordinator's note when a cycle closes: orders and totals per distributor, what each producer
// has to bring (what their emails said), and the way to the reports.
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";
import { formatMoney } from "#app/i18n/format";
import type { ThresholdMeasure } from "#app/domain/thresholds/rules";

export type CoordinatorDigestData = {
  locale: Locale;
  cycleName: string;
  coordinatorName: string;
  automatic: boolean;
  distributors: { name: string; orders: number; totalCents: number }[];
  /** Per supplier: items ordered from it and their amount at its prices. */
  producers: { name: string; quantity: number; totalCents: number }[];
  reportsUrl: string;
  notificationsUrl: string;
  /** The cycle's minimum thresholds decided at this close (docs/domain.md 12). */
  minimums?: DigestMinimum[];
};

export type DigestMinimum = {
  scope: "cycle" | "supplier" | "shipping_method";
  label: string;
  measure: ThresholdMeasure;
  minimum: number;
  valueAtClose: number;
  outcome: "reached" | "proceeded" | "cancelled";
};

/** A long list of producers is cut here; the notifications page has all of them. */
const PRODUCERS_SHOWN = 50;

/** Pure: `t` is the recipient's translator (emailTranslator), everything else comes in `data`. */
export function renderCoordinatorDigest(data: CoordinatorDigestData, t: TFunction): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, data.locale);
  const orders = data.distributors.reduce((sum, row) => sum + row.orders, 0);
  const total = data.distributors.reduce((sum, row) => sum + row.totalCents, 0);
  const subject = t("notifications:digest.subject", { cycle: data.cycleName, count: orders });
  const intro = t(data.automatic ? "notifications:digest.intro" : "notifications:digest.introManual", { cycle: data.cycleName });
  const rows = [
    ...data.distributors.map((row) => [row.name, String(row.orders), money(row.totalCents)]),
    [t("notifications:digest.all"), String(orders), money(total)],
  ];
  const producersHeading = t(data.automatic ? "notifications:digest.producersTold" : "notifications:digest.producersToTell");
  const producerRows = data.producers
    .slice(0, PRODUCERS_SHOWN)
    .map((row) => [row.name, row.quantity ? String(row.quantity) : t("notifications:digest.nothing"), money(row.totalCents)]);
  const moreProducers =
    data.producers.length > PRODUCERS_SHOWN ? t("notifications:digest.moreProducers", { count: data.producers.length - PRODUCERS_SHOWN }) : "";
  const figure = (measure: ThresholdMeasure, value: number) =>
    measure === "amount" ? money(value) : measure === "cases" ? t("notifications:digest.cases", { count: value }) : String(value);
  const minimumLines = (data.minimums ?? []).map((minimum) =>
    t(`notifications:digest.minimum.${minimum.outcome}`, {
      label: minimum.scope === "cycle" ? data.cycleName : minimum.label,
      minimum: figure(minimum.measure, minimum.minimum),
      value: figure(minimum.measure, minimum.valueAtClose),
    }),
  );
  const td = (value: string, index: number, last: boolean) =>
    `<td ${index ? 'align="right"' : ""} style="padding:6px 4px;border-bottom:1px solid #eef0ec;${last ? "font-weight:700;" : ""}">${escapeHtml(value)}</td>`;
  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("notifications:digest.footer", { cycle: data.cycleName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th align="left" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.distributor"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.orders"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.total"))}</th></tr>
${rows.map((cells, rowIndex) => `<tr>${cells.map((value, index) => td(value, index, rowIndex === rows.length - 1)).join("")}</tr>`).join("\n")}
</table>
<h2 style="font-size:16px;margin:16px 0 8px;">${escapeHtml(producersHeading)}</h2>
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th align="left" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.producer"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.items"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("notifications:digest.producerTotal"))}</th></tr>
${producerRows.map((cells) => `<tr>${cells.map((value, index) => td(value, index, false)).join("")}</tr>`).join("\n")}
</table>
${moreProducers ? `<p style="margin:0 0 16px;color:#5b6b61;">${escapeHtml(moreProducers)}</p>` : ""}
${
  minimumLines.length
    ? `<h2 style="font-size:16px;margin:16px 0 8px;">${escapeHtml(t("notifications:digest.minimums"))}</h2>
<ul style="margin:0 0 16px;padding-left:20px;">${minimumLines.map((line) => `<li style="margin:0 0 4px;">${escapeHtml(line)}</li>`).join("")}</ul>`
    : ""
}
<p style="margin:0;"><a href="${escapeHtml(data.notificationsUrl)}" style="color:#2f7d4f;">${escapeHtml(t("notifications:digest.notifications"))}</a> · <a href="${escapeHtml(data.reportsUrl)}" style="color:#2f7d4f;">${escapeHtml(t("notifications:digest.reports"))}</a></p>`,
  });
  const text = [
    intro,
    "",
    ...rows.map(([name, count, amount]) => t("common:format.labelValue", { label: name, value: `${count} · ${amount}` })),
    "",
    producersHeading,
    ...producerRows.map(([name, quantity, amount]) => t("common:format.labelValue", { label: `- ${name}`, value: `${quantity} · ${amount}` })),
    ...(moreProducers ? [moreProducers] : []),
    ...(minimumLines.length ? ["", t("notifications:digest.minimums"), ...minimumLines.map((line) => `- ${line}`)] : []),
    "",
    t("common:format.labelValue", { label: t("notifications:digest.notifications"), value: data.notificationsUrl }),
    t("common:format.labelValue", { label: t("notifications:digest.reports"), value: data.reportsUrl }),
  ].join("\n");
  return { subject, html, text };
}
