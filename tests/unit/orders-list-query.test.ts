// The orders list's query string (decision 0040): a page cursor read or refused, the problems said
// for what the list could not read, and the links that keep the filters. Pure.
import { filterProblems, orderCursorFromSearch, orderFiltersFromSearch, orderListSearch } from "#app/domain/orders/filters";

const params = (query: string) => new URLSearchParams(query);

describe("the orders list's query string", () => {
  test("a cursor is an order number after or before which the page starts", () => {
    expect(orderCursorFromSearch(params("after=120"))).toEqual({ after: 120 });
    expect(orderCursorFromSearch(params("before=7"))).toEqual({ before: 7 });
    expect(orderCursorFromSearch(params(""))).toBeNull();
    for (const bad of ["after=0", "after=-3", "after=1.5", "after=12abc", `after=${"9".repeat(16)}`, "before="]) {
      expect(orderCursorFromSearch(params(bad))).toBeNull();
    }
  });

  test("what could not be read is named, the rest of the filters still apply", () => {
    expect(filterProblems(params("payment=everything&after=x&q=ann"))).toEqual([
      { field: "payment", value: "everything" },
      { field: "cursor", value: "x" },
    ]);
    expect(filterProblems(params("payment=paid&after=12&shippingMethodId=abc-1"))).toEqual([]);
    expect(filterProblems(params("shippingMethodId=a'b"))).toEqual([{ field: "shippingMethodId", value: "a'b" }]);
    expect(filterProblems(params(`payment=${"x".repeat(300)}`))[0].value).toHaveLength(40);
  });

  test("the links keep every filter, and read back as the same filters and cursor", () => {
    const filters = orderFiltersFromSearch(params("q=Anne%20%26%20Co&shippingMethodId=m-1&payment=partially_paid"));
    const next = orderListSearch(filters, { after: 300 });
    expect(next).toBe("?q=Anne+%26+Co&shippingMethodId=m-1&payment=partially_paid&after=300");
    expect(orderFiltersFromSearch(params(next.slice(1)))).toEqual(filters);
    expect(orderCursorFromSearch(params(next.slice(1)))).toEqual({ after: 300 });
    expect(orderListSearch({}, { before: 5 })).toBe("?before=5");
    expect(orderListSearch({})).toBe("");
  });
});
