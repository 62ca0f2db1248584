// The pure parts of adjusting an order (docs/domain.md 8): a weighed line's price, rounded half up
// once per line; the lines after a change (0 removes, a weight kept only while the quantity is);
// each bad line refused at its own field.
import { weighedLineCents } from "#app/domain/fees/pricing";
import { lineChangeErrors, linesAfter } from "#app/domain/orders/adjust.server";

describe("weighedLineCents", () => {
  it.each([
    [900, 430, 500, 774], // a 500 g cheese at 9.00 weighing 430 g
    [270, 1050, 1000, 284], // 283.5 rounds up
    [270, 1_049, 1000, 283], // 283.23 rounds down
    [1999, 2500, 1000, 4998], // 4997.5 rounds up, once for the line
  ])("%i cents × %i g ÷ %i g = %i", (unit, actual, nominal, expected) => {
    expect(weighedLineCents(unit, actual, nominal)).toBe(expected);
  });
});

describe("linesAfter", () => {
  const before = [
    { variantId: "cheese", quantity: 2, actualWeightGrams: 860 },
    { variantId: "bread", quantity: 1, actualWeightGrams: null },
  ];
  it("0 removes a line, an unlisted line stays, a new variant is added", () => {
    expect(
      linesAfter(before, [
        { variantId: "bread", quantity: 0 },
        { variantId: "eggs", quantity: 6 },
      ]),
    ).toEqual([
      { variantId: "cheese", quantity: 2, actualWeightGrams: 860 },
      { variantId: "eggs", quantity: 6, actualWeightGrams: null },
    ]);
  });
  it("keeps a weight while the quantity stays, drops it when the quantity changes, clears it with null", () => {
    expect(linesAfter(before, [{ variantId: "cheese", quantity: 2 }])[0].actualWeightGrams).toBe(860);
    expect(linesAfter(before, [{ variantId: "cheese", quantity: 1 }])[0].actualWeightGrams).toBeNull();
    expect(linesAfter(before, [{ variantId: "cheese", quantity: 1, actualWeightGrams: 420 }])[0].actualWeightGrams).toBe(420);
    expect(linesAfter(before, [{ variantId: "cheese", quantity: 2, actualWeightGrams: null }])[0].actualWeightGrams).toBeNull();
  });
});

describe("lineChangeErrors", () => {
  it("names each bad line's own field", () => {
    expect(
      lineChangeErrors([
        { variantId: "a", quantity: -1 },
        { variantId: "b", quantity: 1.5 },
        { variantId: "c", quantity: 1000 },
        { variantId: "d", quantity: 1, actualWeightGrams: 0 },
        { variantId: "e", quantity: 1 },
        { variantId: "e", quantity: 2 },
      ]),
    ).toEqual({
      "lines.a": { key: "wholeNumber" },
      "lines.b": { key: "wholeNumber" },
      "lines.c": { key: "tooBig", values: { max: 999 } },
      "lines.d.actualWeightGrams": { key: "tooSmall", values: { min: 1 } },
      "lines.e": { key: "duplicateLine" },
    });
    expect(lineChangeErrors([{ variantId: "a", quantity: 0 }])).toEqual({});
  });
});
