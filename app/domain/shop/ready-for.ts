// What a buyer is told a cycle is for (docs/domain.md 2, "ready for"): the distributor's text, else its
// ready-on day written out ("Friday 4 December"), else nothing and the caller names it.
import { formatDay } from "#app/i18n/format";

export function readyForText(exchange: { readyFor?: string | null; readyOn?: string | null } | undefined, locale: string): string {
  if (exchange?.readyFor) return exchange.readyFor;
  return exchange?.readyOn ? formatDay(exchange.readyOn, locale) : "";
}
