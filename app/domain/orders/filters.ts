// What a hub looks for in a cycle's orders, read from a URL's query (a GET form, so it works without
// JavaScript): a buyer's name, email or order number, a pickup point or delivery method, a payment
// state. Anything malformed is ignored rather than refused: a filter never breaks the page. Pure.

export const paymentFilters = ["unpaid", "partially_paid", "paid", "overpaid", "refunded", "cancelled"] as const;
type PaymentFilter = (typeof paymentFilters)[number];

export type OrderFilters = { search?: string; shippingMethodId?: string; payment?: PaymentFilter };

const idPattern = /^[A-Za-z0-9-]{1,64}$/;

export function orderFiltersFromSearch(params: URLSearchParams): OrderFilters {
  const search = (params.get("q") ?? "").trim().replace(/\s+/g, " ").slice(0, 100);
  const shippingMethodId = params.get("shippingMethodId") ?? "";
  const payment = params.get("payment") ?? "";
  return {
    ...(search ? { search } : {}),
    ...(idPattern.test(shippingMethodId) ? { shippingMethodId } : {}),
    ...((paymentFilters as readonly string[]).includes(payment) ? { payment: payment as PaymentFilter } : {}),
  };
}

export function isFiltered(filters: OrderFilters): boolean {
  return Boolean(filters.search || filters.shippingMethodId || filters.payment);
}

/** "#12" or "12" is an order number; anything else is looked for in names and emails. */
export function orderNumberIn(search: string): number | undefined {
  const match = /^#?(\d{1,15})$/.exec(search);
  return match ? Number(match[1]) : undefined;
}

/** A LIKE pattern that finds the text anywhere, with the text's own % and _ taken literally. */
export function containsPattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
