// An invoice's figures (docs/domain.md 10, decision 0038): items at their supplier price, fees as
// their own lines, tax derived per line half up, per-rate totals adding up exactly, the total the
// order's; a credit note mirrors it. Every expected figure is worked by hand.
import { describe, expect, it } from "vitest";
import { buildInvoiceSnapshot, creditNoteOf, invoiceNumber, orderFingerprint, type InvoiceOrder } from "#app/domain/invoices/snapshot";
import { deriveTaxes } from "#app/domain/invoices/tax";

const seller = {
  name: "Green Hub",
  legalName: "Green Hub SCIC SAS",
  address: "1 Barn Lane",
  companyNumber: "912345678",
  vatNumber: "FR12912345678",
  email: "hub@example.test",
  timeZone: "Europe/Paris",
};

const margin = (amountCents: number, taxRateBasisPoints: number) => ({ name: "Hub margin", enterpriseName: "Green Hub", amountCents, taxRateBasisPoints });
const packing = { name: "A packing", enterpriseName: "Farm A", amountCents: 12, taxRateBasisPoints: 2000 };

/**
 * Carrots 2.50 at 5.5 % + margin 0.19 (5.5 %) + packing 0.12 (20 %) = 2.81 × 3 = 8.43;
 * honey 9.90 at 5.5 % + margin 0.74 = 10.64 × 1; wine 12.00 at 20 % + margin 0.90 (20 %) = 12.90 × 2 = 25.80;
 * hub admin 1.50 per order (20 %), delivery 5.00 (20 %). Total 51.37.
 */
function order(overrides: Partial<InvoiceOrder> = {}): InvoiceOrder {
  return {
    orderId: "order-1",
    orderNumber: 1042,
    cycleName: "Week 49",
    locale: "fr",
    buyer: { name: "Alice Martin", email: "alice@example.test", address: "3 rue des Lilas" },
    readyFor: "Friday evening",
    readyOn: "2026-12-04",
    lines: [
      line("Carrots", "1 kg", 250, 550, 3, [margin(19, 550), packing]),
      line("Honey", "500 g", 990, 550, 1, [margin(74, 550)]),
      line("Wine", "75 cl", 1200, 2000, 2, [margin(90, 2000)]),
    ],
    adjustments: [
      { label: "Hub admin", enterpriseName: "Green Hub", place: "coordinator", supplierName: "", amountCents: 150, taxRateBasisPoints: 2000 },
      { label: "Home delivery", enterpriseName: "", place: "shipping", supplierName: "", amountCents: 500, taxRateBasisPoints: 2000 },
    ],
    totalCents: 5137,
    payment: { state: "unpaid", methodName: "Cash", paidCents: 0 },
    ...overrides,
  };
}

function line(
  productName: string,
  variantName: string,
  supplierPriceCents: number,
  taxRateBasisPoints: number,
  quantity: number,
  fees: InvoiceOrder["lines"][number]["fees"],
) {
  const unitPriceCents = supplierPriceCents + fees.reduce((sum, fee) => sum + Number(fee.amountCents), 0);
  return {
    productName,
    variantName,
    supplierName: "Farm A",
    quantity,
    unitPriceCents,
    totalCents: unitPriceCents * quantity,
    supplierPriceCents,
    taxRateBasisPoints,
    actualWeightGrams: null,
    fees,
  };
}

describe("deriveTaxes", () => {
  it("places what the lines' roundings leave on the largest line of the rate, earlier first among equals", () => {
    // 0.10 at 20 % holds 0.0167 each, rounded to 0.02; the three together hold 0.05.
    const derived = deriveTaxes([
      { grossCents: 10, rateBasisPoints: 2000 },
      { grossCents: 10, rateBasisPoints: 2000 },
      { grossCents: 10, rateBasisPoints: 2000 },
    ]);
    expect(derived.lines.map((entry) => entry.taxCents)).toEqual([1, 2, 2]);
    expect(derived.lines.map((entry) => entry.netCents)).toEqual([9, 8, 8]);
    expect(derived.taxes).toEqual([{ rateBasisPoints: 2000, baseCents: 25, taxCents: 5 }]);
  });

  it("gives the cent to the largest line when lines differ, and declares a 0 % base with no tax", () => {
    // 0.10 → 0.0167 → 0.02 twice, 10.00 → 1.6667 → 1.67: 1.71; but 10.20 at 20 % holds 1.70: the 10.00 line gives the cent back.
    const derived = deriveTaxes([
      { grossCents: 10, rateBasisPoints: 2000 },
      { grossCents: 10, rateBasisPoints: 2000 },
      { grossCents: 1000, rateBasisPoints: 2000 },
      { grossCents: 400, rateBasisPoints: 0 },
    ]);
    expect(derived.lines.map((entry) => entry.taxCents)).toEqual([2, 2, 166, 0]);
    expect(derived.taxes).toEqual([
      { rateBasisPoints: 0, baseCents: 400, taxCents: 0 },
      { rateBasisPoints: 2000, baseCents: 850, taxCents: 170 },
    ]);
    expect(derived).toMatchObject({ totalExcludingTaxCents: 1250, totalTaxCents: 170, totalCents: 1420 });
  });

  it("adds lines, rates and the total up exactly over many random orders", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let run = 0; run < 500; run++) {
      const amounts = Array.from({ length: 1 + (next() % 12) }, () => ({ grossCents: next() % 5000, rateBasisPoints: [0, 550, 1000, 2000][next() % 4] }));
      const derived = deriveTaxes(amounts);
      expect(derived.lines.reduce((sum, entry) => sum + entry.netCents + entry.taxCents, 0)).toBe(derived.totalCents);
      for (const rate of derived.taxes) {
        const ofRate = derived.lines.filter((entry) => entry.rateBasisPoints === rate.rateBasisPoints);
        expect(ofRate.reduce((sum, entry) => sum + entry.taxCents, 0)).toBe(rate.taxCents);
        expect(ofRate.reduce((sum, entry) => sum + entry.netCents, 0)).toBe(rate.baseCents);
      }
      expect(derived.totalExcludingTaxCents + derived.totalTaxCents).toBe(amounts.reduce((sum, entry) => sum + entry.grossCents, 0));
    }
  });
});

describe("buildInvoiceSnapshot", () => {
  it("lists items at their supplier price, each fee as its own line, and totals per rate to the cent (5.5 % and 20 %)", () => {
    const invoice = buildInvoiceSnapshot(order(), seller, new Date("2026-12-05T23:30:00Z"));
    expect(invoice.issueDate).toBe("2026-12-06"); // past midnight in Paris
    expect(invoice.supplyDate).toBe("2026-12-04");
    expect(invoice.seller).toEqual({
      name: "Green Hub",
      legalName: "Green Hub SCIC SAS",
      address: "1 Barn Lane",
      companyNumber: "912345678",
      vatNumber: "FR12912345678",
      email: "hub@example.test",
    });
    expect(invoice.lines.map((entry) => [entry.kind, entry.label, entry.quantity, entry.unitPriceCents, entry.rateBasisPoints, entry.totalCents])).toEqual([
      ["item", "Carrots", 3, 250, 550, 750],
      ["item", "Honey", 1, 990, 550, 990],
      ["item", "Wine", 2, 1200, 2000, 2400],
      ["fee", "Hub margin", 3, 19, 550, 57],
      ["fee", "A packing", 3, 12, 2000, 36],
      ["fee", "Hub margin", 1, 74, 550, 74],
      ["fee", "Hub margin", 2, 90, 2000, 180],
      ["fee", "Hub admin", 1, 150, 2000, 150],
      ["shipping", "Home delivery", 1, 500, 2000, 500],
    ]);
    // 5.5 %: 7.50 → 0.39, 9.90 → 0.52, 0.57 → 0.03, 0.74 → 0.04 = 0.98; 18.71 × 5.5/105.5 = 0.9754 → 0.98.
    // 20 %: 24.00 → 4.00, 0.36 → 0.06, 1.80 → 0.30, 1.50 → 0.25, 5.00 → 0.83 = 5.44; 32.66 / 6 = 5.4433 → 5.44.
    expect(invoice.lines.map((entry) => entry.taxCents)).toEqual([39, 52, 400, 3, 6, 4, 30, 25, 83]);
    expect(invoice.lines.map((entry) => entry.totalExcludingTaxCents)).toEqual([711, 938, 2000, 54, 30, 70, 150, 125, 417]);
    expect(invoice.lines[0].unitPriceExcludingTaxCents).toBe(237); // 2.50 - 0.13
    expect(invoice.taxes).toEqual([
      { rateBasisPoints: 550, baseCents: 1773, taxCents: 98 },
      { rateBasisPoints: 2000, baseCents: 2722, taxCents: 544 },
    ]);
    expect(invoice.totalExcludingTaxCents).toBe(4495);
    expect(invoice.totalTaxCents).toBe(642);
    expect(invoice.totalCents).toBe(5137);
  });

  it("gives a weighed line's fees their weighed share and the item the rest, so the line still adds up", () => {
    // 430 g of a 500 g cheese: unit 9.00 (8.40 + 0.60 margin), line 7.74; the margin's share 0.60 × 774/900 = 0.516 → 0.52.
    const cheese = { ...line("Cheese", "500 g", 840, 550, 1, [margin(60, 550)]), totalCents: 774, actualWeightGrams: 430 };
    const invoice = buildInvoiceSnapshot(order({ lines: [cheese], adjustments: [], totalCents: 774 }), seller, new Date("2026-12-05T10:00:00Z"));
    expect(invoice.lines.map((entry) => [entry.label, entry.weighedGrams, entry.unitPriceCents, entry.totalCents])).toEqual([
      ["Cheese", 430, 840, 722],
      ["Hub margin", null, null, 52],
    ]);
    expect(invoice.totalCents).toBe(774);
  });

  it("refuses to say another total than the order's", () => {
    expect(() => buildInvoiceSnapshot(order({ totalCents: 5136 }), seller, new Date())).toThrow(/5137/);
  });

  it("makes a credit note of every amount negated, adding up to minus the invoice", () => {
    const invoice = buildInvoiceSnapshot(order(), seller, new Date("2026-12-05T10:00:00Z"));
    const credit = creditNoteOf(invoice, "2026-12-07");
    expect(credit.kind).toBe("credit_note");
    expect(credit.issueDate).toBe("2026-12-07");
    expect(credit.totalCents).toBe(-5137);
    expect(credit.totalExcludingTaxCents).toBe(-4495);
    expect(credit.taxes).toEqual([
      { rateBasisPoints: 550, baseCents: -1773, taxCents: -98 },
      { rateBasisPoints: 2000, baseCents: -2722, taxCents: -544 },
    ]);
    expect(credit.lines.reduce((sum, entry) => sum + entry.totalCents, 0)).toBe(-5137);
  });

  it("fingerprints what was ordered, not how it was paid", () => {
    const a = buildInvoiceSnapshot(order(), seller, new Date("2026-12-05T10:00:00Z"));
    const paid = buildInvoiceSnapshot(order({ payment: { state: "paid", methodName: "Cash", paidCents: 5137 } }), seller, new Date("2026-12-09T10:00:00Z"));
    expect(orderFingerprint(paid)).toBe(orderFingerprint(a));
    const fewer = order();
    const changed = buildInvoiceSnapshot(
      { ...fewer, lines: [fewer.lines[0], fewer.lines[1], { ...fewer.lines[2], quantity: 1, totalCents: 1290 }], totalCents: 5137 - 1290 },
      seller,
      new Date(),
    );
    expect(orderFingerprint(changed)).not.toBe(orderFingerprint(a));
  });

  it("numbers invoices <prefix>-<year>-<six digits>", () => {
    expect(invoiceNumber("GH", 2026, 1)).toBe("GH-2026-000001");
    expect(invoiceNumber("FAC-B", 2027, 123456)).toBe("FAC-B-2027-123456");
  });
});

describe("a promo code's discount on an invoice (decision 0051)", () => {
  it("is a discount line per tax rate, last, negative, taking its part off that rate's tax; the invoice still adds up to the order", () => {
    const base = order();
    const invoice = buildInvoiceSnapshot(
      order({
        adjustments: [
          ...base.adjustments,
          { label: "REDUC10", enterpriseName: "Green Hub", place: "promo", supplierName: "", amountCents: -191, taxRateBasisPoints: 550 },
          { label: "REDUC10", enterpriseName: "Green Hub", place: "promo", supplierName: "", amountCents: -258, taxRateBasisPoints: 2000 },
        ],
        totalCents: 5137 - 449,
      }),
      seller,
      new Date("2026-12-04T10:00:00Z"),
    );
    const withoutDiscount = buildInvoiceSnapshot(base, seller, new Date("2026-12-04T10:00:00Z"));
    expect(invoice.totalCents).toBe(4688);
    expect(invoice.lines.slice(-2).map((line) => [line.kind, line.label, line.totalCents])).toEqual([
      ["discount", "REDUC10", -191],
      ["discount", "REDUC10", -258],
    ]);
    expect(invoice.totalTaxCents).toBeLessThan(withoutDiscount.totalTaxCents);
  });
});
