// Invoices as PDF (docs/domain.md 10), made with pdfkit and streamed: one invoice, or every invoice
// of a shop's cycle in one file, each page in its buyer's language. The figures are the snapshot's.
import { Readable } from "node:stream";
import PDFDocument from "pdfkit";
import { invoiceDocument, type InvoiceDocument } from "./document.server";
import { facturXPdf } from "./factur-x.server";
import { pdfText } from "#app/i18n/format";
import type { InvoiceView } from "./queries.server";

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const PAGE_BOTTOM = 800;

const plain = pdfText;

/** The line table: the description, then right-aligned figures (x of each column's left edge, its width). */
const description = { x: MARGIN, width: 190 };
const figures = [
  { key: "quantity", x: 232, width: 32 },
  { key: "unitExcl", x: 266, width: 58 },
  { key: "unitIncl", x: 326, width: 58 },
  { key: "rate", x: 386, width: 40 },
  { key: "totalExcl", x: 428, width: 62 },
  { key: "totalIncl", x: 492, width: 63 },
] as const;

function writeInvoice(doc: Doc, invoice: InvoiceDocument) {
  const write = (text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}) => doc.text(plain(text), x, y, options);

  doc.font("Helvetica-Bold").fontSize(18);
  write(invoice.title, MARGIN, MARGIN);
  doc.font("Helvetica").fontSize(9);
  let y = MARGIN + 30;
  if (invoice.notice) {
    write(invoice.notice, MARGIN, y, { width: 515 });
    y = doc.y + 6;
  }

  let partiesBottom = y;
  invoice.parties.forEach((party, index) => {
    const x = index === 0 ? MARGIN : 315;
    doc.font("Helvetica-Bold").fontSize(9);
    write(party.title, x, y);
    doc.font("Helvetica");
    let at = y + 13;
    for (const line of party.lines) {
      write(line, x, at, { width: 240 });
      at = doc.y + 1;
    }
    partiesBottom = Math.max(partiesBottom, at);
  });
  y = partiesBottom + 10;

  for (const fact of invoice.facts) {
    doc.font("Helvetica-Bold");
    write(fact.label, MARGIN, y, { width: 110 });
    doc.font("Helvetica");
    write(fact.value, MARGIN + 115, y, { width: 400 });
    y = doc.y + 2;
  }
  y += 10;

  const header = () => {
    doc.font("Helvetica-Bold").fontSize(8);
    write(invoice.columns.description, description.x, y, { width: description.width });
    for (const column of figures) write(invoice.columns[column.key], column.x, y, { width: column.width, align: "right" });
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
    write(line.title, description.x, y, { width: description.width });
    let bottom = doc.y;
    if (line.note) {
      doc.fillColor("#555555");
      write(line.note, description.x, bottom, { width: description.width });
      doc.fillColor("#000000");
      bottom = doc.y;
    }
    for (const column of figures) write(line[column.key], column.x, y, { width: column.width, align: "right" });
    y = Math.max(bottom, doc.y) + 4;
  }
  doc.moveTo(MARGIN, y).lineTo(555, y).lineWidth(0.5).stroke();
  y += 10;
  if (y > PAGE_BOTTOM - 140) {
    doc.addPage();
    y = MARGIN;
  }

  const top = y;
  doc.font("Helvetica-Bold").fontSize(9);
  write(invoice.taxesTitle, MARGIN, y);
  y = doc.y + 3;
  doc.fontSize(8);
  write(invoice.taxColumns.rate, MARGIN, y, { width: 60 });
  write(invoice.taxColumns.base, MARGIN + 60, y, { width: 80, align: "right" });
  write(invoice.taxColumns.tax, MARGIN + 140, y, { width: 70, align: "right" });
  y = doc.y + 2;
  doc.font("Helvetica");
  for (const rate of invoice.taxes) {
    write(rate.rate, MARGIN, y, { width: 60 });
    write(rate.base, MARGIN + 60, y, { width: 80, align: "right" });
    write(rate.tax, MARGIN + 140, y, { width: 70, align: "right" });
    y = doc.y + 2;
  }

  let totalsY = top;
  for (const total of invoice.totals) {
    doc.font(total.grand ? "Helvetica-Bold" : "Helvetica").fontSize(total.grand ? 11 : 9);
    write(total.label, 330, totalsY, { width: 130 });
    write(total.amount, 460, totalsY, { width: 95, align: "right" });
    totalsY = doc.y + 4;
  }
  y = Math.max(y, totalsY) + 14;

  doc.font("Helvetica").fontSize(8);
  write(invoice.payment, MARGIN, y, { width: 515 });
  write(invoice.footnote, MARGIN, doc.y + 2, { width: 515 });
}

/** How much drawn PDF may wait for the reader before drawing pauses (a slow download holds no more). */
const BUFFERED_BYTES = 1 << 20;

/**
 * The PDF of these invoices, one after another, as a stream of bytes. Pages are drawn while the
 * reader keeps up: a combined PDF of a large cycle never sits whole in memory.
 */
function invoicesPdfStream(invoices: readonly InvoiceView[], title: string): ReadableStream<Uint8Array> {
  const doc: Doc = new PDFDocument({ size: "A4", margin: MARGIN, autoFirstPage: false, info: { Title: plain(title), Producer: "Circuit" } });
  const stream = Readable.toWeb(doc as unknown as Readable) as unknown as ReadableStream<Uint8Array>;
  void (async () => {
    try {
      if (invoices.length === 0) doc.addPage();
      for (const invoice of invoices) {
        while (doc.readableLength > BUFFERED_BYTES) await new Promise((resolve) => setTimeout(resolve, 5));
        doc.addPage();
        writeInvoice(doc, invoiceDocument(invoice));
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

/**
 * One invoice's PDF, as a Factur-X e-invoice (its XML attached). Made whole before it is sent: the
 * attachment goes into the finished file. Should the e-invoice library refuse it, the printed PDF
 * alone is sent and the refusal logged, so a buyer always gets their invoice.
 */
export async function invoicePdfResponse(invoice: InvoiceView): Promise<Response> {
  const printed = new Uint8Array(await new Response(invoicesPdfStream([invoice], invoice.number)).arrayBuffer());
  let body: Uint8Array = printed;
  try {
    body = await facturXPdf(invoice, printed);
  } catch (error) {
    console.error(`Invoice ${invoice.number}: the Factur-X XML could not be made`, error);
  }
  return new Response(Buffer.from(body), {
    status: 200,
    headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${invoice.number.replace(/[^A-Za-z0-9._-]/g, "_")}.pdf"` },
  });
}
