// What a hub looks for in a cycle's orders, read from a URL's query (a GET form, so it works without
// JavaScript): a buyer's name, email or order number, a pickup point or delivery method, a payment
// state; and where the page of the list starts (a cursor on the order number). Anything malformed is
// ignored rather than refused, so a filter never breaks the page, and named by filterProblems so
// the page can say what it left out. Pure.

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

/** The orders list shows this many orders a page (decision 0040). */
export const ORDERS_PAGE_SIZE = 100;

/** Where a page starts: after an order number (the next page) or before one (the previous page). */
export type OrderCursor = { after: number } | { before: number };

const cursorPattern = /^[1-9]\d{0,14}$/;

export function orderCursorFromSearch(params: URLSearchParams): OrderCursor | null {
  const after = params.get("after") ?? "";
  if (cursorPattern.test(after)) return { after: Number(after) };
  const before = params.get("before") ?? "";
  if (cursorPattern.test(before)) return { before: Number(before) };
  return null;
}

export type FilterProblem = { field: "payment" | "shippingMethodId" | "cursor"; value: string };

/** What the query asked for that the list could not read, to be said next to the filter it concerns. */
export function filterProblems(params: URLSearchParams): FilterProblem[] {
  const problems: FilterProblem[] = [];
  const payment = params.get("payment") ?? "";
  if (payment && !(paymentFilters as readonly string[]).includes(payment)) problems.push({ field: "payment", value: payment.slice(0, 40) });
  const shippingMethodId = params.get("shippingMethodId") ?? "";
  if (shippingMethodId && !idPattern.test(shippingMethodId)) problems.push({ field: "shippingMethodId", value: shippingMethodId.slice(0, 40) });
  for (const name of ["after", "before"]) {
    const value = params.get(name);
    if (value !== null && !cursorPattern.test(value)) problems.push({ field: "cursor", value: value.slice(0, 40) });
  }
  return problems;
}

/** The list's query string with these filters, from a page on: the links that page through it keep them. */
export function orderListSearch(filters: OrderFilters, cursor: OrderCursor | null = null): string {
  const params = new URLSearchParams();
  if (filters.search) params.set("q", filters.search);
  if (filters.shippingMethodId) params.set("shippingMethodId", filters.shippingMethodId);
  if (filters.payment) params.set("payment", filters.payment);
  if (cursor && "after" in cursor) params.set("after", String(cursor.after));
  else if (cursor) params.set("before", String(cursor.before));
  const query = params.toString();
  return query ? `?${query}` : "";
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
