// The supplier statement as a PDF (docs/domain.md 10): one block per supplier — its goods, its own
// fees, the fees taken on its items, what it is owed — then the totals, in the reader's language.
// Made with pdfkit and streamed, like the invoices.
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import type { Locale } from "#app/i18n/config";
import { formatMoney, formatPercent, pdfText } from "#app/i18n/format";
import { translator } from "#app/i18n/resources.server";
import type { Report, Row } from "./definitions";
import { statementBySupplier } from "./statement";

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 36;
/** A4 landscape: 842 × 595 points. */
const PAGE_WIDTH = 842;
const PAGE_BOTTOM = 595 - MARGIN;

const plain = pdfText;

const figures = ["quantity", "weighedGrams", "taxRate", "excludingTaxCents", "taxCents", "supplierAmountCents", "feesTakenCents"] as const;
const ITEM_WIDTH = 250;
const FIGURE_WIDTH = (PAGE_WIDTH - 2 * MARGIN - ITEM_WIDTH) / figures.length;

export type StatementHeading = { cycleName: string; coordinatorName: string; printedOn: string };

function drawStatement(doc: Doc, report: Pick<Report, "rows" | "totals">, heading: StatementHeading, locale: Locale) {
  const t = translator(locale, "reports");
  const show = (key: (typeof figures)[number], value: Row[string]) => {
    if (value === null || value === undefined) return "";
    if (key === "taxRate") return plain(formatPercent(Number(value) / 100, locale));
    if (key === "quantity" || key === "weighedGrams") return String(value);
    return plain(formatMoney(Number(value), locale));
  };
  const rowOf = (label: string, row: Row, y: number, options: { bold?: boolean; sums?: boolean } = {}) => {
    doc.font(options.bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
    doc.text(plain(label), MARGIN, y, { width: ITEM_WIDTH - 8 });
    let bottom = doc.y;
    figures.forEach((key, index) => {
      if (options.sums && (key === "quantity" || key === "weighedGrams" || key === "taxRate")) return;
      doc.text(show(key, row[key]), MARGIN + ITEM_WIDTH + index * FIGURE_WIDTH, y, { width: FIGURE_WIDTH - 4, align: "right" });
      bottom = Math.max(bottom, doc.y);
    });
    return bottom + 4;
  };
  const header = (y: number) => {
    doc.font("Helvetica-Bold").fontSize(8).fillColor("#5b6b61");
    doc.text(plain(t("columns.item")), MARGIN, y, { width: ITEM_WIDTH - 8 });
    figures.forEach((key, index) =>
      doc.text(plain(t(`columns.${key}`)), MARGIN + ITEM_WIDTH + index * FIGURE_WIDTH, y, { width: FIGURE_WIDTH - 4, align: "right" }),
    );
    doc.fillColor("#1d2b22");
    const bottom = doc.y + 4;
    doc
      .moveTo(MARGIN, bottom)
      .lineTo(PAGE_WIDTH - MARGIN, bottom)
      .lineWidth(0.5)
      .strokeColor("#cfd8d2")
      .stroke();
    return bottom + 6;
  };
  const room = (y: number, needed: number) => {
    if (y + needed <= PAGE_BOTTOM) return y;
    doc.addPage();
    return header(MARGIN);
  };

  doc
    .font("Helvetica-Bold")
    .fontSize(16)
    .text(plain(t("names.supplier-statement")), MARGIN, MARGIN);
  doc
    .font("Helvetica")
    .fontSize(10)
    .text(plain(`${heading.cycleName} · ${heading.coordinatorName}`), MARGIN, doc.y + 2);
  doc
    .fontSize(8)
    .fillColor("#5b6b61")
    .text(plain(`${t("descriptions.supplier-statement")} ${heading.printedOn}`), MARGIN, doc.y + 2, { width: PAGE_WIDTH - 2 * MARGIN });
  doc.fillColor("#1d2b22");
  let y = header(doc.y + 12);
  for (const group of statementBySupplier(report.rows)) {
    y = room(y, 40);
    doc.font("Helvetica-Bold").fontSize(11).text(plain(group.supplier), MARGIN, y);
    y = doc.y + 4;
    for (const row of group.rows) {
      y = room(y, 16);
      const label = row.fee === null ? `${row.product} · ${row.variant}` : `${row.fee} (${row.enterprise})`;
      y = rowOf(label, row, y);
    }
    y = room(y, 16);
    y = rowOf(t("statementOwed", { supplier: group.supplier }), group.totals, y, { bold: true, sums: true }) + 8;
  }
  y = room(y, 20);
  doc
    .moveTo(MARGIN, y - 4)
    .lineTo(PAGE_WIDTH - MARGIN, y - 4)
    .lineWidth(1)
    .strokeColor("#1d2b22")
    .stroke();
  rowOf(t("total"), report.totals, y, { bold: true, sums: true });
}

/** The statement as a streamed PDF answer, named for download. */
export function statementPdfResponse(report: Pick<Report, "rows" | "totals">, heading: StatementHeading, locale: Locale, fileName: string): Response {
  const doc: Doc = new PDFDocument({ size: "A4", layout: "landscape", margin: MARGIN, info: { Title: plain(fileName), Producer: "Circuit" } });
  const stream = Readable.toWeb(doc as unknown as Readable) as unknown as ReadableStream<Uint8Array>;
  try {
    drawStatement(doc, report, heading, locale);
    doc.end();
  } catch (error) {
    doc.destroy(error as Error);
  }
  return new Response(stream, {
    status: 200,
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"` },
  });
}
