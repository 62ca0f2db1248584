// What an invoice says (docs/domain.md 10): an immutable snapshot of an order built from its stored
// lines and adjustments, with items at their supplier price, every fee its own line, tax derived
// per line (./tax) and the total equal to the order's. A credit note mirrors an invoice. Pure.
import { createHash } from "node:crypto";
import { CURRENCY, mulDivRoundHalfUp } from "#app/domain/money";
import { deriveTaxes, unitPriceExcludingTax } from "./tax";

type InvoiceKind = "invoice" | "credit_note";

export type InvoiceSeller = {
  name: string;
  legalName: string;
  address: string;
  companyNumber: string;
  vatNumber: string;
  email: string;
};

type InvoiceBuyer = { name: string; email: string; address: string };

/**
 * item: a product at its supplier price; fee: a per-item fee summed over the order, or a per-order
 * fee; shipping: the delivery fee; discount: a promo code's, negative, one per tax rate of the items (decision 0051).
 */
type InvoiceLineKind = "item" | "fee" | "shipping" | "discount";

export type InvoiceLine = {
  kind: InvoiceLineKind;
  label: string;
  /** item: the variant; fee: the enterprise charging it. */
  detail: string;
  /** item: the supplier; an incoming per-order fee: the supplier whose items it covers. */
  supplierName: string;
  /** A weighed item's whole weight, when it was priced by it. */
  weighedGrams: number | null;
  quantity: number;
  /** Null when the line's amount is not quantity × one price (weighed contributions). */
  unitPriceCents: number | null;
  unitPriceExcludingTaxCents: number | null;
  rateBasisPoints: number;
  totalCents: number;
  totalExcludingTaxCents: number;
  taxCents: number;
};

export type InvoiceSnapshot = {
  kind: InvoiceKind;
  currency: string;
  /** The buyer's language: the invoice is shown in it. */
  locale: string;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  orderId: string;
  orderNumber: string;
  cycleName: string;
  /** Calendar days (YYYY-MM-DD) in the distributor's zone. */
  issueDate: string;
  supplyDate: string;
  /** The distributor's own words for when the order is ready ("Friday evening"), if any. */
  readyFor: string;
  lines: InvoiceLine[];
  taxes: { rateBasisPoints: number; baseCents: number; taxCents: number }[];
  totalExcludingTaxCents: number;
  totalTaxCents: number;
  totalCents: number;
  payment: { state: string; methodName: string; paidCents: number };
};

type StoredFee = { name?: unknown; enterpriseName?: unknown; amountCents?: unknown; taxRateBasisPoints?: unknown };

/** An order as stored (order_lines, order_adjustments) and the facts around it. */
export type InvoiceOrder = {
  orderId: string;
  orderNumber: number | string;
  cycleName: string;
  locale: string;
  buyer: InvoiceBuyer;
  readyFor: string;
  /** The distributor's ready-on day, if it gave one. */
  readyOn: string | null;
  lines: readonly {
    productName: string;
    variantName: string;
    supplierName: string;
    quantity: number;
    unitPriceCents: number;
    totalCents: number;
    supplierPriceCents: number;
    taxRateBasisPoints: number;
    actualWeightGrams: number | null;
    fees: readonly StoredFee[];
  }[];
  adjustments: readonly { label: string; enterpriseName: string; place: string; supplierName: string; amountCents: number; taxRateBasisPoints: number }[];
  totalCents: number;
  payment: { state: string; methodName: string; paidCents: number };
};

type Draft = Omit<InvoiceLine, "totalExcludingTaxCents" | "taxCents" | "unitPriceExcludingTaxCents">;

/**
 * A fee's share of one order line: its unit amount × the line's effective quantity (total ÷ unit
 * price: the quantity, or the weighed fraction of it), half up. The item keeps the rest, so an
 * order line's parts always add up to the line.
 */
function feeShare(feeCents: number, line: InvoiceOrder["lines"][number]): number {
  if (line.unitPriceCents <= 0 || feeCents <= 0) return 0;
  return mulDivRoundHalfUp(feeCents, line.totalCents, line.unitPriceCents);
}

function drafts(order: InvoiceOrder): Draft[] {
  const items: Draft[] = [];
  const perItemFees = new Map<string, Draft>();
  for (const line of order.lines) {
    const weighed = line.actualWeightGrams !== null && line.totalCents !== line.unitPriceCents * line.quantity;
    let feesCents = 0;
    for (const fee of line.fees) {
      const amount = Number(fee.amountCents ?? 0);
      const rate = Number(fee.taxRateBasisPoints ?? 0);
      const name = String(fee.name ?? "");
      const enterpriseName = String(fee.enterpriseName ?? "");
      const share = weighed ? feeShare(amount, line) : amount * line.quantity;
      feesCents += share;
      const key = JSON.stringify([name, enterpriseName, rate, amount]);
      const entry = perItemFees.get(key);
      if (entry) {
        entry.quantity += line.quantity;
        entry.totalCents += share;
        if (weighed) entry.unitPriceCents = null;
      } else {
        perItemFees.set(key, {
          kind: "fee",
          label: name,
          detail: enterpriseName,
          supplierName: "",
          weighedGrams: null,
          quantity: line.quantity,
          unitPriceCents: weighed ? null : amount,
          rateBasisPoints: rate,
          totalCents: share,
        });
      }
    }
    items.push({
      kind: "item",
      label: line.productName,
      detail: line.variantName,
      supplierName: line.supplierName,
      weighedGrams: weighed ? line.actualWeightGrams : null,
      quantity: line.quantity,
      unitPriceCents: line.supplierPriceCents,
      rateBasisPoints: line.taxRateBasisPoints,
      totalCents: line.totalCents - feesCents,
    });
  }
  const adjustments: Draft[] = order.adjustments.map((adjustment) => ({
    kind: adjustment.place === "shipping" ? "shipping" : adjustment.place === "promo" ? "discount" : "fee",
    label: adjustment.label,
    detail: adjustment.enterpriseName,
    supplierName: adjustment.supplierName,
    weighedGrams: null,
    quantity: 1,
    unitPriceCents: adjustment.amountCents,
    rateBasisPoints: adjustment.taxRateBasisPoints,
    totalCents: adjustment.amountCents,
  }));
  // Shipping after the fees, as on the order, and a promo code's discount last.
  const sorted = (["fee", "shipping", "discount"] as const).flatMap((kind) => adjustments.filter((line) => line.kind === kind));
  return [...items, ...perItemFees.values(), ...sorted];
}

/** The day (YYYY-MM-DD) of an instant in a zone. */
export function dayIn(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/**
 * The invoice of an order as it stands. Throws when the stored lines and fees do not add up to the
 * order's total: an invoice must never say another amount than the one the buyer owes.
 */
export function buildInvoiceSnapshot(order: InvoiceOrder, seller: InvoiceSeller & { timeZone: string }, issuedAt: Date): InvoiceSnapshot {
  const lines = drafts(order);
  const derived = deriveTaxes(lines.map((line) => ({ grossCents: line.totalCents, rateBasisPoints: line.rateBasisPoints })));
  if (derived.totalCents !== order.totalCents)
    throw new Error(`Order ${order.orderNumber}: lines add up to ${derived.totalCents}, the order to ${order.totalCents}`);
  const issueDate = dayIn(issuedAt, seller.timeZone);
  const sellerFacts: InvoiceSeller = {
    name: seller.name,
    legalName: seller.legalName,
    address: seller.address,
    companyNumber: seller.companyNumber,
    vatNumber: seller.vatNumber,
    email: seller.email,
  };
  return {
    kind: "invoice",
    currency: CURRENCY,
    locale: order.locale,
    seller: sellerFacts,
    buyer: order.buyer,
    orderId: order.orderId,
    orderNumber: String(order.orderNumber),
    cycleName: order.cycleName,
    issueDate,
    supplyDate: order.readyOn ?? issueDate,
    readyFor: order.readyFor,
    lines: lines.map((line, index) => ({
      ...line,
      unitPriceExcludingTaxCents: line.unitPriceCents === null ? null : unitPriceExcludingTax(line.unitPriceCents, line.rateBasisPoints),
      totalExcludingTaxCents: derived.lines[index].netCents,
      taxCents: derived.lines[index].taxCents,
    })),
    taxes: derived.taxes,
    totalExcludingTaxCents: derived.totalExcludingTaxCents,
    totalTaxCents: derived.totalTaxCents,
    totalCents: derived.totalCents,
    payment: order.payment,
  };
}

/** The credit note cancelling an invoice: the same lines, every amount negated, issued on its own day. */
export function creditNoteOf(invoice: InvoiceSnapshot, issueDate: string): InvoiceSnapshot {
  const negate = (value: number) => (value === 0 ? 0 : -value);
  const negateOrNull = (value: number | null) => (value === null ? null : negate(value));
  return {
    ...invoice,
    kind: "credit_note",
    issueDate,
    lines: invoice.lines.map((line) => ({
      ...line,
      unitPriceCents: negateOrNull(line.unitPriceCents),
      unitPriceExcludingTaxCents: negateOrNull(line.unitPriceExcludingTaxCents),
      totalCents: negate(line.totalCents),
      totalExcludingTaxCents: negate(line.totalExcludingTaxCents),
      taxCents: negate(line.taxCents),
    })),
    taxes: invoice.taxes.map((rate) => ({ rateBasisPoints: rate.rateBasisPoints, baseCents: negate(rate.baseCents), taxCents: negate(rate.taxCents) })),
    totalExcludingTaxCents: negate(invoice.totalExcludingTaxCents),
    totalTaxCents: negate(invoice.totalTaxCents),
    totalCents: negate(invoice.totalCents),
  };
}

/**
 * What of the order an invoice was made from: its buyer and its lines. Payments, the seller's
 * details and dates are left out, so paying an order or renaming the hub does not call for a new invoice.
 */
export function orderFingerprint(snapshot: Pick<InvoiceSnapshot, "buyer" | "lines" | "totalCents">): string {
  const content = JSON.stringify({
    buyer: [snapshot.buyer.name, snapshot.buyer.email, snapshot.buyer.address],
    lines: snapshot.lines.map((line) => [
      line.kind,
      line.label,
      line.detail,
      line.supplierName,
      line.weighedGrams,
      line.quantity,
      line.rateBasisPoints,
      line.totalCents,
    ]),
    total: snapshot.totalCents,
  });
  return createHash("sha256").update(content).digest("hex");
}

/** `<prefix>-<year>-<000001>`. */
export function invoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, "0")}`;
}
