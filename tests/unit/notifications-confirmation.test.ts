// The pure parts of producer confirmation and amendments: what a statement may say, what is kept
// after answering again (decision 0032), and what an amendment lists.
import { snapshotChanges } from "#app/domain/notifications/amendment";
import { checkStatement, confirmationSchema, mergeStatement, statementState } from "#app/domain/notifications/confirmation";
import { DomainError } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";

const ordered = new Map([
  ["carrots", 9],
  ["leeks", 2],
]);
const parse = (input: unknown) => parseWith(confirmationSchema, input);
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.fields;
  }
  return null;
};

describe("a statement", () => {
  test("reads a form's text quantities as numbers and refuses what is not a whole number 0 or more", () => {
    expect(parse({ lines: [{ variantId: "carrots", deliverQuantity: "4" }] }).lines[0].deliverQuantity).toBe(4);
    expect(refusal(() => parse({ lines: [{ variantId: "carrots", deliverQuantity: "-1" }] }))).toEqual({
      "lines.0.deliverQuantity": { key: "tooSmall", values: { min: 0 } },
    });
    expect(refusal(() => parse({ lines: [{ variantId: "carrots", deliverQuantity: "two" }] }))).toEqual({ "lines.0.deliverQuantity": { key: "wholeNumber" } });
    expect(refusal(() => parse({ lines: [{ variantId: "carrots", deliverQuantity: "" }] }))).toEqual({ "lines.0.deliverQuantity": { key: "invalidType" } });
    expect(refusal(() => parse({ lines: [], extra: 1 }))).toEqual({ _: { key: "unknownField" } });
  });

  test("at most what is ordered now, a variant ordered from this supplier, each variant once", () => {
    expect(refusal(() => checkStatement(parse({ lines: [{ variantId: "carrots", deliverQuantity: 10 }] }), ordered))).toEqual({
      "lines.0.deliverQuantity": { key: "atMostOrdered", values: { max: 9 } },
    });
    expect(refusal(() => checkStatement(parse({ lines: [{ variantId: "milk", deliverQuantity: 0 }] }), ordered))).toEqual({
      "lines.0.variantId": { key: "notOrderedFromSupplier" },
    });
    expect(
      refusal(() =>
        checkStatement(
          parse({
            lines: [
              { variantId: "leeks", deliverQuantity: 1 },
              { variantId: "leeks", deliverQuantity: 2 },
            ],
          }),
          ordered,
        ),
      ),
    ).toEqual({ "lines.1.variantId": { key: "duplicateVariant" } });
    expect(() => checkStatement(parse({ lines: [{ variantId: "carrots", deliverQuantity: 9 }] }), ordered)).not.toThrow();
  });
});

describe("answering again", () => {
  test("keeps the most that was ordered, so a shortage taken earlier stays short", () => {
    const first = mergeStatement(parse({ lines: [{ variantId: "carrots", deliverQuantity: 4 }] }), ordered, []);
    expect(first).toEqual([
      { variantId: "carrots", orderedQuantity: 9, deliverQuantity: 4 },
      { variantId: "leeks", orderedQuantity: 2, deliverQuantity: 2 },
    ]);
    expect(statementState(first)).toBe("short");
    // The orders now hold 4 carrots; "everything" now means those 4, still short of the 9 ordered.
    const afterShortage = new Map([
      ["carrots", 4],
      ["leeks", 2],
    ]);
    const second = mergeStatement(parse({}), afterShortage, first);
    expect(second).toEqual(first);
    expect(statementState(second)).toBe("short");
    expect(statementState(mergeStatement(parse({}), ordered, []))).toBe("confirmed");
  });
});

describe("an amendment", () => {
  const line = (variantId: string, quantity: number, unit: number) => ({
    variantId,
    productName: variantId,
    variantName: "x",
    quantity,
    totalCents: quantity * unit,
  });
  test("lists only the variants whose quantity or amount changed, a variant gone as 0", () => {
    const before = { lines: [line("carrots", 3, 250), line("leeks", 1, 300), line("milk", 2, 180)], quantity: 6, totalCents: 1410 };
    const after = { lines: [line("carrots", 6, 250), line("leeks", 1, 300), line("pumpkin", 1, 390)], quantity: 8, totalCents: 2190 };
    expect(snapshotChanges(before, after)).toEqual([
      { variantId: "carrots", productName: "carrots", variantName: "x", beforeQuantity: 3, afterQuantity: 6, beforeCents: 750, afterCents: 1500 },
      { variantId: "milk", productName: "milk", variantName: "x", beforeQuantity: 2, afterQuantity: 0, beforeCents: 360, afterCents: 0 },
      { variantId: "pumpkin", productName: "pumpkin", variantName: "x", beforeQuantity: 0, afterQuantity: 1, beforeCents: 0, afterCents: 390 },
    ]);
    expect(snapshotChanges(after, after)).toEqual([]);
  });
});
