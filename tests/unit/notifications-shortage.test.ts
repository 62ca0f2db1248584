// Decision 0032: a shortage is taken from the orders placed last first, line by line, until covered.
import { allocateShortages, lastPlacedFirst, takesByOrder, type OrderedLine } from "#app/domain/notifications/shortage";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 9, minute));
const carrots = "carrots-1kg";
const leeks = "leeks";

/** Three orders of carrots at €2.50: #101 (3, placed first), #102 (2), #103 (4, placed last). */
const lines: OrderedLine[] = [
  { orderId: "o1", orderNumber: 101, placedAt: at(0), variantId: carrots, quantity: 3, unitPriceCents: 250 },
  { orderId: "o2", orderNumber: 102, placedAt: at(5), variantId: carrots, quantity: 2, unitPriceCents: 250 },
  { orderId: "o3", orderNumber: 103, placedAt: at(9), variantId: carrots, quantity: 4, unitPriceCents: 250 },
  { orderId: "o2", orderNumber: 102, placedAt: at(5), variantId: leeks, quantity: 1, unitPriceCents: 300 },
];

describe("allocateShortages", () => {
  test("takes from the last order first, then the one before, with the cents each loses", () => {
    // 9 ordered, 3 delivered: 6 missing = all 4 of #103 (€10.00) and 2 of #102 (€5.00); #101 keeps its 3.
    const takes = allocateShortages(lines, new Map([[carrots, 3]]));
    expect(takes).toEqual([
      { orderId: "o3", orderNumber: 103, variantId: carrots, before: 4, after: 0, takenCents: 1000 },
      { orderId: "o2", orderNumber: 102, variantId: carrots, before: 2, after: 0, takenCents: 500 },
    ]);
    expect(takes.reduce((sum, take) => sum + take.takenCents, 0)).toBe(1500);
  });

  test("a shortage smaller than the last order lowers only that order", () => {
    expect(allocateShortages(lines, new Map([[carrots, 8]]))).toEqual([
      { orderId: "o3", orderNumber: 103, variantId: carrots, before: 4, after: 3, takenCents: 250 },
    ]);
  });

  test("a shortage spanning all three orders: 7 of 9 missing leaves #101 with 2 (€5.00 of €7.50)", () => {
    const takes = allocateShortages(lines, new Map([[carrots, 2]]));
    expect(takes.map((take) => [take.orderNumber, take.after, take.takenCents])).toEqual([
      [103, 0, 1000],
      [102, 0, 500],
      [101, 2, 250],
    ]);
  });

  test("delivering everything, or a variant not listed, takes nothing", () => {
    expect(allocateShortages(lines, new Map([[carrots, 9]]))).toEqual([]);
    expect(allocateShortages(lines, new Map())).toEqual([]);
  });

  test("delivering 0 takes every line of the variant, other variants untouched", () => {
    const takes = allocateShortages(lines, new Map([[leeks, 0]]));
    expect(takes).toEqual([{ orderId: "o2", orderNumber: 102, variantId: leeks, before: 1, after: 0, takenCents: 300 }]);
  });

  test("orders placed at the same instant: the higher number counts as placed later", () => {
    const same: OrderedLine[] = [
      { orderId: "a", orderNumber: 7, placedAt: at(1), variantId: carrots, quantity: 1, unitPriceCents: 250 },
      { orderId: "b", orderNumber: 8, placedAt: at(1), variantId: carrots, quantity: 1, unitPriceCents: 250 },
    ];
    expect(allocateShortages(same, new Map([[carrots, 1]])).map((take) => take.orderNumber)).toEqual([8]);
    expect([...same].sort(lastPlacedFirst).map((line) => line.orderNumber)).toEqual([8, 7]);
  });

  test("one adjustment per order, carrying every variant it loses", () => {
    const takes = allocateShortages(
      lines,
      new Map([
        [carrots, 3],
        [leeks, 0],
      ]),
    );
    expect(takesByOrder(takes)).toEqual([
      { orderId: "o3", orderNumber: 103, changes: [{ variantId: carrots, quantity: 0 }] },
      {
        orderId: "o2",
        orderNumber: 102,
        changes: [
          { variantId: carrots, quantity: 0 },
          { variantId: leeks, quantity: 0 },
        ],
      },
    ]);
  });
});
