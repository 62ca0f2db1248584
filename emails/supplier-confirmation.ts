// The coordinator's note when a producer states what it will deliver: in full, or short with the
// variants it will not bring in full, the orders lowered for it, and its note.
import type { Locale } from "#app/i18n/config";
import type { TFunction } from "i18next";
import { escapeHtml, htmlLayout, type RenderedEmail } from "./layout";

export type SupplierConfirmationData = {
  locale: Locale;
  cycleName: string;
  coordinatorName: string;
  producerName: string;
  state: "confirmed" | "short";
  shortages: { product: string; ordered: number; deliver: number }[];
  lowered: { orderNumber: number; product: string; before: number; after: number }[];
  /** What no order could give without being emptied: left to the coordinator (cancel or adjust by hand). */
  uncovered: { product: string; quantity: number; orders: string }[];
  note: string;
  notificationsUrl: string;
};

/** Pure: `t` is the recipient's translator (emailTranslator). */
export function renderSupplierConfirmation(data: SupplierConfirmationData, t: TFunction): RenderedEmail {
  const vars = { producer: data.producerName, cycle: data.cycleName };
  const subject = t(data.state === "short" ? "notifications:confirmationEmail.subjectShort" : "notifications:confirmationEmail.subjectConfirmed", vars);
  const intro = t(data.state === "short" ? "notifications:confirmationEmail.short" : "notifications:confirmationEmail.confirmed", vars);
  const shortText = data.shortages.map((line) => `- ${t("notifications:confirmationEmail.shortLine", line)}`);
  const loweredText = data.lowered.map(
    (line) =>
      `- ${t("notifications:confirmationEmail.loweredLine", { number: line.orderNumber, product: line.product, before: line.before, after: line.after })}`,
  );
  const uncoveredText = data.uncovered.map((line) => `- ${t("notifications:confirmationEmail.uncoveredLine", line)}`);
  const list = (items: string[]) =>
    `<ul style="margin:0 0 16px;padding-left:20px;">${items.map((item) => `<li>${escapeHtml(item.slice(2))}</li>`).join("")}</ul>`;
  const sections = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("notifications:confirmationEmail.greeting", { coordinator: data.coordinatorName }))}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(intro)}</p>`,
    ...(shortText.length ? [list(shortText)] : []),
    ...(loweredText.length ? [`<p style="margin:0 0 8px;">${escapeHtml(t("notifications:confirmationEmail.lowered"))}</p>`, list(loweredText)] : []),
    ...(data.note
      ? [
          `<p style="margin:0 0 16px;"><strong>${escapeHtml(t("notifications:confirmationEmail.note"))}</strong><br>${escapeHtml(data.note).replace(/\n/g, "<br>")}</p>`,
        ]
      : []),
    `<p style="margin:0;"><a href="${escapeHtml(data.notificationsUrl)}">${escapeHtml(t("notifications:confirmationEmail.link"))}</a></p>`,
  ];
  const html = htmlLayout({
    lang: data.locale,
    heading: data.cycleName,
    preheader: intro,
    footer: t("notifications:confirmationEmail.footer"),
    bodyHtml: sections.join("\n"),
  });
  const text = [
    t("notifications:confirmationEmail.greeting", { coordinator: data.coordinatorName }),
    "",
    intro,
    ...shortText,
    ...(loweredText.length ? ["", t("notifications:confirmationEmail.lowered"), ...loweredText] : []),
    ...(uncoveredText.length ? ["", t("notifications:confirmationEmail.uncovered"), ...uncoveredText] : []),
    ...(data.note ? ["", t("notifications:confirmationEmail.note"), data.note] : []),
    "",
    `${t("notifications:confirmationEmail.link")}: ${data.notificationsUrl}`,
  ].join("\n");
  return { subject, html, text };
}
