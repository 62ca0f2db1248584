// How report cells read in a spreadsheet: decimal points or commas, formulas kept inert, titles in the reader's language.
import { describe, expect, test } from "vitest";
import { toCsv } from "#app/domain/reports/csv.server";
import { centsToDecimal, columnsFor, csvStyleFor, formatCell, totalsOf, type Report } from "#app/domain/reports/definitions";

describe("report cells in a CSV", () => {
  test("money and rates use the decimal mark of the style", () => {
    expect(centsToDecimal(123450)).toBe("1234.50");
    expect(centsToDecimal(-5, "semicolon")).toBe("-0,05");
    expect(formatCell({ key: "taxRate", kind: "rate" }, 550, "semicolon")).toBe("5,5");
    expect(formatCell({ key: "taxRate", kind: "rate" }, 550, "comma")).toBe("5.5");
    expect(formatCell({ key: "quantity", kind: "number" }, 12, "semicolon")).toBe("12");
  });

  test("French readers get semicolons and decimal commas, English readers commas and points", () => {
    expect(csvStyleFor("fr")).toBe("semicolon");
    expect(csvStyleFor("en")).toBe("comma");
  });

  test("text that a spreadsheet would run as a formula is written as text", () => {
    const columns = columnsFor("orders", true);
    const rows = [
      {
        pickup: '=HYPERLINK("x")',
        buyer: "@Ann",
        phone: "+33 6",
        email: "a@b.c",
        deliveryAddress: "-1 street",
        order: 7,
        supplier: "S",
        product: "P",
        variant: "V",
        quantity: 1,
        amountCents: -150,
      },
    ];
    const report: Report = { name: "orders", columns, rows, totals: totalsOf(columns, rows) };
    const [, line] = toCsv(report, "en", "comma").split("\r\n");
    expect(line).toBe(`"'=HYPERLINK(""x"")",'@Ann,'+33 6,a@b.c,'-1 street,7,S,P,V,1,-1.50`);
  });
});
