// Who loses what when a producer brings less than was ordered (decision 0032): pure. The orders
// placed last give up their quantity first (placed_at latest first, then the higher order number),
// each line down to 0 if need be, until the shortage is covered. The first buyers keep what they
// ordered; a late order is the one that learns it will not get everything. A shortage never
// empties an order (an order keeps at least one line; emptying one is cancelling it, the
// coordinator's call): an order's last line keeps 1, the rest of the shortage goes on to the
// order placed before, and what no order can give is left "uncovered" for the coordinator.

export type OrderedLine = {
  orderId: string;
  orderNumber: number;
  placedAt: Date;
  variantId: string;
  quantity: number;
  /** The line's unit price (shop price) as ordered: tells what the shortage takes, in cents. */
  unitPriceCents: number;
};

export type ShortageTake = {
  orderId: string;
  orderNumber: number;
  variantId: string;
  before: number;
  after: number;
  /** (before - after) × unit price: what this line no longer costs, before fees are re-priced. */
  takenCents: number;
};

/** Orders placed last first: latest placed_at, then higher number. */
export function lastPlacedFirst(a: Pick<OrderedLine, "placedAt" | "orderNumber">, b: Pick<OrderedLine, "placedAt" | "orderNumber">): number {
  return b.placedAt.getTime() - a.placedAt.getTime() || b.orderNumber - a.orderNumber;
}

/** Total ordered per variant. */
export function orderedByVariant(lines: readonly OrderedLine[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.variantId, (totals.get(line.variantId) ?? 0) + line.quantity);
  return totals;
}

/**
 * The lines to lower so that each variant's ordered total comes down to what will be delivered.
 * `deliver` lists only the variants stated; unlisted variants are delivered in full. A deliver
 * quantity above what was ordered is the caller's to refuse (it takes nothing here).
 */
export function allocateShortages(
  lines: readonly OrderedLine[],
  deliver: ReadonlyMap<string, number>,
  /** How many lines each order has in all (any supplier); an order not listed counts only the lines given here. */
  orderLineCounts: ReadonlyMap<string, number> = new Map(),
): ShortageTake[] {
  return allocateShortagesInFull(lines, deliver, orderLineCounts).takes;
}

export type Uncovered = { variantId: string; quantity: number; orderNumbers: number[] };

export function allocateShortagesInFull(
  lines: readonly OrderedLine[],
  deliver: ReadonlyMap<string, number>,
  orderLineCounts: ReadonlyMap<string, number> = new Map(),
): { takes: ShortageTake[]; uncovered: Uncovered[] } {
  const ordered = orderedByVariant(lines);
  const takes: ShortageTake[] = [];
  const uncovered: Uncovered[] = [];
  const linesLeft = new Map<string, number>();
  for (const line of lines) linesLeft.set(line.orderId, orderLineCounts.get(line.orderId) ?? lines.filter((other) => other.orderId === line.orderId).length);
  for (const [variantId, deliverQuantity] of deliver) {
    let missing = (ordered.get(variantId) ?? 0) - deliverQuantity;
    if (missing <= 0) continue;
    const candidates = lines.filter((line) => line.variantId === variantId && line.quantity > 0).sort(lastPlacedFirst);
    const keptWhole: number[] = [];
    for (const line of candidates) {
      if (missing <= 0) break;
      // The order's only line left keeps one unit: the order is not emptied.
      const floor = linesLeft.get(line.orderId)! <= 1 ? 1 : 0;
      const taken = Math.min(line.quantity - floor, missing);
      if (floor === 1 && missing > taken) keptWhole.push(line.orderNumber);
      if (taken <= 0) continue;
      missing -= taken;
      if (line.quantity - taken === 0) linesLeft.set(line.orderId, linesLeft.get(line.orderId)! - 1);
      takes.push({
        orderId: line.orderId,
        orderNumber: line.orderNumber,
        variantId,
        before: line.quantity,
        after: line.quantity - taken,
        takenCents: taken * line.unitPriceCents,
      });
    }
    if (missing > 0) uncovered.push({ variantId, quantity: missing, orderNumbers: keptWhole });
  }
  return { takes, uncovered };
}

/** The takes grouped per order (one adjustment each), orders placed last first. */
export function takesByOrder(takes: readonly ShortageTake[]): { orderId: string; orderNumber: number; changes: { variantId: string; quantity: number }[] }[] {
  const byOrder = new Map<string, { orderId: string; orderNumber: number; changes: { variantId: string; quantity: number }[] }>();
  for (const take of takes) {
    const entry = byOrder.get(take.orderId) ?? { orderId: take.orderId, orderNumber: take.orderNumber, changes: [] };
    entry.changes.push({ variantId: take.variantId, quantity: take.after });
    byOrder.set(take.orderId, entry);
  }
  return [...byOrder.values()];
}
