// The coordinator's note when a cycle closes: orders and totals per distributor, and the way to the reports.
import { formatMoney } from "#app/domain/money";
import type { Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout.server";

export type CoordinatorDigestData = {
  locale: Locale;
  cycleName: string;
  coordinatorName: string;
  automatic: boolean;
  distributors: { name: string; orders: number; totalCents: number }[];
  reportsUrl: string;
};

export function renderCoordinatorDigest(data: CoordinatorDigestData): RenderedEmail {
  const t = translator(data.locale, "closing");
  const tc = translator(data.locale, "common");
  const money = (amount: number) => formatMoney(amount, data.locale);
  const orders = data.distributors.reduce((sum, row) => sum + row.orders, 0);
  const total = data.distributors.reduce((sum, row) => sum + row.totalCents, 0);
  const subject = t("digest.subject", { cycle: data.cycleName, count: orders });
  const intro = t(data.automatic ? "digest.intro" : "digest.introManual", { cycle: data.cycleName });
  const rows = [...data.distributors.map((row) => [row.name, String(row.orders), money(row.totalCents)]), [t("digest.all"), String(orders), money(total)]];
  const td = (value: string, index: number, last: boolean) =>
    `<td ${index ? 'align="right"' : ""} style="padding:6px 4px;border-bottom:1px solid #eef0ec;${last ? "font-weight:700;" : ""}">${escapeHtml(value)}</td>`;
  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("digest.footer", { cycle: data.cycleName }),
    bodyHtml: `
<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>
<table cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px;margin:0 0 16px;">
<tr><th align="left" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("digest.distributor"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("digest.orders"))}</th><th align="right" style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;">${escapeHtml(t("digest.total"))}</th></tr>
${rows.map((cells, rowIndex) => `<tr>${cells.map((value, index) => td(value, index, rowIndex === rows.length - 1)).join("")}</tr>`).join("\n")}
</table>
<p style="margin:0;"><a href="${escapeHtml(data.reportsUrl)}" style="color:#2f7d4f;">${escapeHtml(t("digest.reports"))}</a></p>`,
  });
  const text = [intro, "", ...rows.map(([name, count, amount]) => tc("format.labelValue", { label: name, value: `${count} · ${amount}` })), "", tc("format.labelValue", { label: t("digest.reports"), value: data.reportsUrl })].join("\n");
  return { subject, html, text };
}
