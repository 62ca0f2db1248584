// Invoices as PDF (docs/domain.md 10), made with pdfkit and streamed: one invoice, or every invoice
// of a shop's cycle in one file, each page in its buyer's language. The figures are the snapshot's.
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import { formatMoney } from "#app/i18n/format";
import { isLocale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import type { InvoiceView } from "./queries.server";
import { describeLine, rateText } from "./wording";

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const PAGE_BOTTOM = 800;

/** The standard PDF fonts speak WinAnsi: the narrow and no-break spaces of French numbers become plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0\u2009]/g, " ");

/** Amounts, right-aligned columns: x of each column's right edge, and widths. */
const columns = [
  { key: "description", x: MARGIN, width: 190, align: "left" as const },
  { key: "quantity", x: 232, width: 32, align: "right" as const },
  { key: "unitExcl", x: 266, width: 58, align: "right" as const },
  { key: "unitIncl", x: 326, width: 58, align: "right" as const },
  { key: "rate", x: 386, width: 40, align: "right" as const },
  { key: "totalExcl", x: 428, width: 62, align: "right" as const },
  { key: "totalIncl", x: 492, width: 63, align: "right" as const },
];

function writeInvoice(doc: Doc, invoice: InvoiceView) {
  const locale = isLocale(invoice.locale) ? invoice.locale : "en";
  const t = translator(locale, "invoices");
  const money = (cents: number | null) => (cents === null ? "" : plain(formatMoney(cents, locale)));
  const write = (text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) => doc.text(plain(text), x, y, options);

  doc.font("Helvetica-Bold").fontSize(18);
  write(t(invoice.kind === "credit_note" ? "creditNoteTitle" : "title", { number: invoice.number }), MARGIN, MARGIN);
  doc.font("Helvetica").fontSize(9);
  let y = MARGIN + 30;
  if (invoice.kind === "credit_note" && invoice.creditsInvoiceNumber) {
    write(t("credits", { number: invoice.creditsInvoiceNumber }), MARGIN, y);
    y += 14;
  }

  const party = (title: string, lines: string[], x: number, top: number) => {
    doc.font("Helvetica-Bold").fontSize(9);
    write(title, x, top);
    doc.font("Helvetica");
    let at = top + 13;
    for (const line of lines.filter(Boolean)) {
      write(line, x, at, { width: 240 });
      at = doc.y + 1;
    }
    return at;
  };
  const { seller, buyer } = invoice;
  const sellerBottom = party(
    t("seller"),
    [
      seller.legalName,
      seller.legalName !== seller.name ? seller.name : "",
      seller.address,
      seller.companyNumber ? t("companyNumber", { value: seller.companyNumber }) : "",
      seller.vatNumber ? t("vatNumber", { value: seller.vatNumber }) : "",
      seller.email,
    ],
    MARGIN,
    y,
  );
  const buyerBottom = party(t("buyer"), [buyer.name, buyer.address, buyer.email], 315, y);
  y = Math.max(sellerBottom, buyerBottom) + 10;

  const facts: [string, string][] = [
    [t("number"), invoice.number],
    [t("issueDate"), invoice.issueDate],
    [t("supplyDate"), invoice.supplyDate + (invoice.readyFor ? ` (${invoice.readyFor})` : "")],
    [t("order"), t("orderNumber", { number: invoice.orderNumber })],
    [t("cycle"), invoice.cycleName],
  ];
  for (const [label, value] of facts) {
    doc.font("Helvetica-Bold");
    write(label, MARGIN, y, { width: 110 });
    doc.font("Helvetica");
    write(value, MARGIN + 115, y, { width: 400 });
    y = doc.y + 2;
  }
  y += 10;

  const header = () => {
    doc.font("Helvetica-Bold").fontSize(8);
    for (const column of columns) write(t(`columns.${column.key}`), column.x, y, { width: column.width, align: column.align });
    y = doc.y + 3;
    doc.moveTo(MARGIN, y).lineTo(555, y).lineWidth(0.5).stroke();
    y += 4;
    doc.font("Helvetica").fontSize(8);
  };
  header();
  for (const line of invoice.lines) {
    if (y > PAGE_BOTTOM - 40) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    const { title, note } = describeLine(line, t, locale);
    const cells = [
      "",
      String(line.quantity),
      money(line.unitPriceExcludingTaxCents),
      money(line.unitPriceCents),
      rateText(line.rateBasisPoints, locale),
      money(line.totalExcludingTaxCents),
      money(line.totalCents),
    ];
    write(title, columns[0].x, y, { width: columns[0].width });
    let bottom = doc.y;
    if (note) {
      doc.fillColor("#555555");
      write(note, columns[0].x, bottom, { width: columns[0].width });
      doc.fillColor("#000000");
      bottom = doc.y;
    }
    columns.slice(1).forEach((column, index) => write(cells[index + 1], column.x, y, { width: column.width, align: column.align }));
    y = Math.max(bottom, doc.y) + 4;
  }
  doc.moveTo(MARGIN, y).lineTo(555, y).lineWidth(0.5).stroke();
  y += 10;
  if (y > PAGE_BOTTOM - 140) {
    doc.addPage();
    y = MARGIN;
  }

  doc.font("Helvetica-Bold").fontSize(9);
  write(t("taxesTitle"), MARGIN, y);
  y = doc.y + 3;
  doc.fontSize(8);
  write(t("taxColumns.rate"), MARGIN, y, { width: 60 });
  write(t("taxColumns.base"), MARGIN + 60, y, { width: 80, align: "right" });
  write(t("taxColumns.tax"), MARGIN + 140, y, { width: 70, align: "right" });
  y = doc.y + 2;
  doc.font("Helvetica");
  for (const rate of invoice.taxes) {
    write(rateText(rate.rateBasisPoints, locale), MARGIN, y, { width: 60 });
    write(money(rate.baseCents), MARGIN + 60, y, { width: 80, align: "right" });
    write(money(rate.taxCents), MARGIN + 140, y, { width: 70, align: "right" });
    y = doc.y + 2;
  }

  let totalsY = y - (invoice.taxes.length + 1) * 12 - 12;
  const total = (label: string, amount: number, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(bold ? 11 : 9);
    write(label, 330, totalsY, { width: 130 });
    write(money(amount), 460, totalsY, { width: 95, align: "right" });
    totalsY = doc.y + 4;
  };
  total(t("totalExcl"), invoice.totalExcludingTaxCents);
  total(t("totalTax"), invoice.totalTaxCents);
  total(t("totalIncl"), invoice.totalCents, true);
  y = Math.max(y, totalsY) + 14;

  doc.font("Helvetica").fontSize(8);
  write(
    `${t("payment")}: ${t("paymentLine", {
      method: invoice.payment.methodName || "—",
      state: t(`paymentState.${invoice.payment.state}`),
      paid: money(invoice.payment.paidCents),
    })}`,
    MARGIN,
    y,
    { width: 515 },
  );
  write(t("pricesIncludeTax"), MARGIN, doc.y + 2, { width: 515 });
}

/** How much drawn PDF may wait for the reader before drawing pauses (a slow download holds no more). */
const BUFFERED_BYTES = 1 << 20;

/**
 * The PDF of these invoices, one after another, as a stream of bytes. Pages are drawn while the
 * reader keeps up: a combined PDF of a large cycle never sits whole in memory.
 */
export function invoicesPdfStream(invoices: readonly InvoiceView[], title: string): ReadableStream<Uint8Array> {
  const doc: Doc = new PDFDocument({ size: "A4", margin: MARGIN, autoFirstPage: false, info: { Title: plain(title), Producer: "Circuit" } });
  const stream = Readable.toWeb(doc as unknown as Readable) as unknown as ReadableStream<Uint8Array>;
  void (async () => {
    try {
      if (invoices.length === 0) doc.addPage();
      for (const invoice of invoices) {
        while (doc.readableLength > BUFFERED_BYTES) await new Promise((resolve) => setTimeout(resolve, 5));
        doc.addPage();
        writeInvoice(doc, invoice);
      }
      doc.end();
    } catch (error) {
      doc.destroy(error as Error);
    }
  })();
  return stream;
}

/** A PDF answer, streamed, named for download. */
export function pdfResponse(invoices: readonly InvoiceView[], fileName: string): Response {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(invoicesPdfStream(invoices, fileName.replace(/\.pdf$/, "")), {
    status: 200,
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${safeName}"` },
  });
}
