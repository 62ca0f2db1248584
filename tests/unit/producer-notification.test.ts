// The producer's email at the close (docs/domain.md section 6): quantity, unit price, subtotal and tax
// by variant and price, then the same by distributor, and buyers by name only.
import { producerReports, type SoldLine } from "#app/domain/notifications/producer-report";
import { renderProducerNotification } from "#emails/producer-notification";
import { emailTranslator } from "#app/i18n/resources.server";

const outlets = [
  { distributorId: "river", distributorName: "River Co-op", readyFor: "Friday river", readyOn: null },
  { distributorId: "lake", distributorName: "Lake Co-op", readyFor: "Saturday lake", readyOn: null },
];

function line(overrides: Partial<SoldLine>): SoldLine {
  return {
    supplierId: "farm",
    distributorId: "river",
    variantId: "jam",
    productName: "Jam",
    variantName: "370 g",
    quantity: 1,
    supplierPriceCents: 550,
    taxRateBasisPoints: 1000,
    orderNumber: 1,
    buyerName: "Xavier Roux",
    ...overrides,
  };
}

function render(lines: SoldLine[], showBuyerNames = false) {
  const [report] = producerReports({ supplierIds: ["farm"], outlets, lines, showBuyerNames });
  return {
    report,
    email: renderProducerNotification(
      {
        locale: "en",
        cycleName: "Week 50",
        coordinatorName: "Green Valley",
        coordinatorEmail: "hub@example.org",
        coordinatorAddress: "1 Mill Lane, Greenford",
        producerName: "Farm A",
        receivalInstructions: "",
        report,
      },
      emailTranslator("en"),
    ),
  };
}

describe("the producer's email", () => {
  // 10% included in €5.50 × 2 = €11.00 is €1.00; × 1 = €5.50 is €0.50.
  const lines = [line({ quantity: 2 }), line({ distributorId: "lake", orderNumber: 2, buyerName: "" })];

  test("gives the tax of each row and of each distributor's part, in the text and the HTML", () => {
    const { report, email } = render(lines);
    expect(report.byDistributor.map((part) => [part.outlet.distributorName, part.totalCents, part.taxCents])).toEqual([
      ["River Co-op", 1100, 100],
      ["Lake Co-op", 550, 50],
    ]);
    expect(email.text).toContain("- Jam (370 g): 3 × €5.50 = €16.50 (Tax included: €1.50)");
    expect(email.text).toMatch(
      /River Co-op \(Friday river\)\n- Jam \(370 g\): 2 × €5\.50 = €11\.00 \(Tax included: €1\.00\)\nTotal: €11\.00\nTax included: €1\.00/,
    );
    expect(email.text).toMatch(
      /Lake Co-op \(Saturday lake\)\n- Jam \(370 g\): 1 × €5\.50 = €5\.50 \(Tax included: €0\.50\)\nTotal: €5\.50\nTax included: €0\.50/,
    );
    // Three tables (summary, River, Lake), each with its tax column.
    expect(email.html.match(/>Tax included</g)).toHaveLength(3);
  });

  test("names buyers only when allowed, and says so when a buyer gave no name", () => {
    expect(render(lines).email.text).not.toContain("Xavier");
    const { email } = render(lines, true);
    expect(email.text).toContain("- Xavier Roux · 1 · River Co-op");
    expect(email.text).toContain("- No name given · 2 · Lake Co-op");
  });

  test("signs off with the coordinator's email and address", () => {
    const { email } = render(lines);
    expect(email.text).toContain("Reply to this email to reach Green Valley (hub@example.org).\nGreen Valley · 1 Mill Lane, Greenford");
    expect(email.html).toContain("Green Valley · 1 Mill Lane, Greenford");
  });
});
