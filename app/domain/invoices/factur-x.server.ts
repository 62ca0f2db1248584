// An invoice's PDF as a Factur-X e-invoice (docs/domain.md 10, EN 16931 profile): the printed PDF
// with the invoice's CII XML attached as `factur-x.xml`, made by @e-invoice-eu/core from the
// snapshot's own figures, so the XML's totals are the invoice's to the cent.
import { InvoiceService, type Invoice } from "@e-invoice-eu/core";
import type { InvoiceView } from "./queries.server";

const amount = (cents: number) => (cents / 100).toFixed(2);
const percent = (basisPoints: number) => String(basisPoints / 100);

/** The seller's and buyer's addresses are free text: the first line is the street, the rest the town. */
function address(text: string) {
  const lines = text
    .split(/\n|,/)
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    "cbc:StreetName": lines[0] ?? "-",
    "cbc:CityName": lines.slice(1).join(", ") || lines[0] || "-",
    "cac:Country": { "cbc:IdentificationCode": "FR" },
  };
}

const taxCategory = (rateBasisPoints: number) => ({
  "cbc:ID": rateBasisPoints > 0 ? "S" : "Z",
  "cbc:Percent": percent(rateBasisPoints),
  "cac:TaxScheme": { "cbc:ID": "VAT" },
});

/** The snapshot as EN 16931 data. A credit note is type 381 with its amounts positive, as the norm wants. */
export function eInvoiceOf(invoice: InvoiceView): Invoice {
  const sign = invoice.kind === "credit_note" ? -1 : 1;
  const money = (cents: number) => ({ value: amount(sign * cents) });
  const { seller, buyer } = invoice;
  const data = {
    "ubl:Invoice": {
      "cbc:CustomizationID": "urn:cen.eu:en16931:2017",
      "cbc:ID": invoice.number,
      "cbc:IssueDate": invoice.issueDate,
      "cbc:InvoiceTypeCode": invoice.kind === "credit_note" ? "381" : "380",
      "cbc:DocumentCurrencyCode": invoice.currency,
      "cbc:BuyerReference": invoice.orderNumber,
      ...(invoice.kind === "credit_note" && invoice.creditsInvoiceNumber
        ? { "cac:BillingReference": [{ "cac:InvoiceDocumentReference": { "cbc:ID": invoice.creditsInvoiceNumber } }] }
        : {}),
      "cac:AccountingSupplierParty": {
        "cac:Party": {
          "cac:PartyName": { "cbc:Name": seller.name },
          "cac:PostalAddress": address(seller.address),
          ...(seller.vatNumber ? { "cac:PartyTaxScheme": [{ "cbc:CompanyID": seller.vatNumber, "cac:TaxScheme": { "cbc:ID": "VAT" } }] } : {}),
          "cac:PartyLegalEntity": { "cbc:RegistrationName": seller.legalName, ...(seller.companyNumber ? { "cbc:CompanyID": seller.companyNumber } : {}) },
          ...(seller.email ? { "cac:Contact": { "cbc:ElectronicMail": seller.email } } : {}),
        },
      },
      "cac:AccountingCustomerParty": {
        "cac:Party": {
          "cac:PartyName": { "cbc:Name": buyer.name || buyer.email },
          "cac:PostalAddress": address(buyer.address),
          "cac:PartyLegalEntity": { "cbc:RegistrationName": buyer.name || buyer.email },
          ...(buyer.email ? { "cac:Contact": { "cbc:ElectronicMail": buyer.email } } : {}),
        },
      },
      "cac:Delivery": { "cbc:ActualDeliveryDate": invoice.supplyDate },
      "cac:TaxTotal": [
        {
          "cbc:TaxAmount": money(invoice.totalTaxCents).value,
          "cbc:TaxAmount@currencyID": invoice.currency,
          "cac:TaxSubtotal": invoice.taxes.map((rate) => ({
            "cbc:TaxableAmount": money(rate.baseCents).value,
            "cbc:TaxableAmount@currencyID": invoice.currency,
            "cbc:TaxAmount": money(rate.taxCents).value,
            "cbc:TaxAmount@currencyID": invoice.currency,
            "cac:TaxCategory": taxCategory(rate.rateBasisPoints),
          })),
        },
      ],
      "cac:LegalMonetaryTotal": {
        "cbc:LineExtensionAmount": money(invoice.totalExcludingTaxCents).value,
        "cbc:LineExtensionAmount@currencyID": invoice.currency,
        "cbc:TaxExclusiveAmount": money(invoice.totalExcludingTaxCents).value,
        "cbc:TaxExclusiveAmount@currencyID": invoice.currency,
        "cbc:TaxInclusiveAmount": money(invoice.totalCents).value,
        "cbc:TaxInclusiveAmount@currencyID": invoice.currency,
        "cbc:PayableAmount": money(invoice.totalCents).value,
        "cbc:PayableAmount@currencyID": invoice.currency,
      },
      // The price is for the line's whole quantity (its base quantity), so quantity × price is the line's amount exactly.
      "cac:InvoiceLine": invoice.lines.map((line, index) => ({
        "cbc:ID": String(index + 1),
        "cbc:InvoicedQuantity": String(line.quantity),
        "cbc:InvoicedQuantity@unitCode": "C62",
        "cbc:LineExtensionAmount": money(line.totalExcludingTaxCents).value,
        "cbc:LineExtensionAmount@currencyID": invoice.currency,
        "cac:Item": {
          "cbc:Name": [line.label, line.detail].filter(Boolean).join(" — ") || "-",
          "cac:ClassifiedTaxCategory": taxCategory(line.rateBasisPoints),
        },
        "cac:Price": {
          "cbc:PriceAmount": money(line.totalExcludingTaxCents).value,
          "cbc:PriceAmount@currencyID": invoice.currency,
          "cbc:BaseQuantity": String(line.quantity),
          "cbc:BaseQuantity@unitCode": "C62",
        },
      })),
    },
  };
  return data as unknown as Invoice;
}

const quiet = { log: () => {}, warn: () => {}, error: (message: unknown) => console.error(message) };

/** The printed PDF with the invoice's Factur-X XML attached (PDF/A-3). */
export async function facturXPdf(invoice: InvoiceView, printed: Uint8Array): Promise<Uint8Array> {
  const result = await new InvoiceService(quiet).generate(eInvoiceOf(invoice), {
    format: "Factur-X-EN16931",
    lang: invoice.locale,
    pdf: { buffer: printed, filename: `${invoice.number}.pdf`, mimetype: "application/pdf" },
    noWarnings: true,
  });
  return typeof result === "string" ? new TextEncoder().encode(result) : result;
}
