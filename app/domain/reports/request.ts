// Reading a report request: its filters from a URL, each an id or nothing (anything else is ignored).
import type { ReportFilters } from "./reports.server";

const idPattern = /^[A-Za-z0-9-]{1,64}$/;

export function filtersFromSearch(params: URLSearchParams): ReportFilters {
  const pick = (name: string) => {
    const value = params.get(name);
    return value && idPattern.test(value) ? value : undefined;
  };
  return { distributorId: pick("distributorId"), supplierId: pick("supplierId"), shippingMethodId: pick("shippingMethodId") };
}
