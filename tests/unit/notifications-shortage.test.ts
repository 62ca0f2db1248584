// Decision 0032: a shortage is taken from the orders placed last first, line by line, until covered.
import { allocateShortages, allocateShortagesInFull, lastPlacedFirst, takesByOrder, type OrderedLine } from "#app/domain/notifications/shortage";

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

/** Each order also holds lines of other producers, so any of these lines may go to 0. */
const others = new Map([
  ["o1", 3],
  ["o2", 3],
  ["o3", 3],
]);

describe("allocateShortages", () => {
  test("takes from the last order first, then the one before, with the cents each loses", () => {
    // 9 ordered, 3 delivered: 6 missing = all 4 of #103 (€10.00) and 2 of #102 (€5.00); #101 keeps its 3.
    const takes = allocateShortages(lines, new Map([[carrots, 3]]), others);
    expect(takes).toEqual([
      { orderId: "o3", orderNumber: 103, variantId: carrots, before: 4, after: 0, takenCents: 1000 },
      { orderId: "o2", orderNumber: 102, variantId: carrots, before: 2, after: 0, takenCents: 500 },
    ]);
    expect(takes.reduce((sum, take) => sum + take.takenCents, 0)).toBe(1500);
  });

  test("a shortage smaller than the last order lowers only that order", () => {
    expect(allocateShortages(lines, new Map([[carrots, 8]]), others)).toEqual([
      { orderId: "o3", orderNumber: 103, variantId: carrots, before: 4, after: 3, takenCents: 250 },
    ]);
  });

  test("a shortage spanning all three orders: 7 of 9 missing leaves #101 with 2 (€5.00 of €7.50)", () => {
    const takes = allocateShortages(lines, new Map([[carrots, 2]]), others);
    expect(takes.map((take) => [take.orderNumber, take.after, take.takenCents])).toEqual([
      [103, 0, 1000],
      [102, 0, 500],
      [101, 2, 250],
    ]);
  });

  test("delivering everything, or a variant not listed, takes nothing", () => {
    expect(allocateShortages(lines, new Map([[carrots, 9]]), others)).toEqual([]);
    expect(allocateShortages(lines, new Map(), others)).toEqual([]);
  });

  test("delivering 0 takes every line of the variant, other variants untouched", () => {
    const takes = allocateShortages(lines, new Map([[leeks, 0]]), others);
    expect(takes).toEqual([{ orderId: "o2", orderNumber: 102, variantId: leeks, before: 1, after: 0, takenCents: 300 }]);
  });

  test("never empties an order: its last line keeps 1 and the rest is taken from the order before, what is left uncovered", () => {
    // Without other lines: #103 (carrots only) keeps 1, #102 loses its 2 carrots (it keeps its leeks), #101 gives the last one.
    const { takes, uncovered } = allocateShortagesInFull(lines, new Map([[carrots, 3]]));
    expect(takes.map((take) => [take.orderNumber, take.before, take.after, take.takenCents])).toEqual([
      [103, 4, 1, 750],
      [102, 2, 0, 500],
      [101, 3, 2, 250],
    ]);
    expect(uncovered).toEqual([]);
    // Nothing delivered: each carrots-only order keeps its last carrot, left to the coordinator.
    const none = allocateShortagesInFull(lines, new Map([[carrots, 0]]));
    expect(none.takes.map((take) => [take.orderNumber, take.after])).toEqual([
      [103, 1],
      [102, 0],
      [101, 1],
    ]);
    expect(none.uncovered).toEqual([{ variantId: carrots, quantity: 2, orderNumbers: [103, 101] }]);
  });

  test("orders placed at the same instant: the higher number counts as placed later", () => {
    const same: OrderedLine[] = [
      { orderId: "a", orderNumber: 7, placedAt: at(1), variantId: carrots, quantity: 1, unitPriceCents: 250 },
      { orderId: "b", orderNumber: 8, placedAt: at(1), variantId: carrots, quantity: 1, unitPriceCents: 250 },
    ];
    const twoLinesEach = new Map([
      ["a", 2],
      ["b", 2],
    ]);
    expect(allocateShortages(same, new Map([[carrots, 1]]), twoLinesEach).map((take) => take.orderNumber)).toEqual([8]);
    expect([...same].sort(lastPlacedFirst).map((line) => line.orderNumber)).toEqual([8, 7]);
  });

  test("one adjustment per order, carrying every variant it loses", () => {
    const takes = allocateShortages(
      lines,
      new Map([
        [carrots, 3],
        [leeks, 0],
      ]),
      others,
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
