// Pickup day's rules (docs/domain.md 11, decision 0039), pure: the fulfilment states, which change
// each counter action makes, and who may make it (section 3, "check-in on pickup day": the order's
// own shop's managers and the coordinator's; nobody else, its buyer included).
import { DomainError, forbidden } from "#app/domain/errors";

const fulfilmentStates = ["pending", "collected", "no_show"] as const;
export type FulfilmentState = (typeof fulfilmentStates)[number];

export const isFulfilmentState = (value: unknown): value is FulfilmentState =>
  typeof value === "string" && (fulfilmentStates as readonly string[]).includes(value);

/** collect: handed over; undo: back to pending (a tap by mistake, a no-show who came after all); noShow: not come by the end of the day. */
export type CounterAction = "collect" | "undo" | "noShow";

const counterActionTarget: Record<CounterAction, FulfilmentState> = { collect: "collected", undo: "pending", noShow: "no_show" };

/** What the caller is to the order (orders/access.server's orderAccess). */
export type CheckInRoles = { isBuyer: boolean; isDistributor: boolean; isCoordinator: boolean };

const canCheckIn = (roles: CheckInRoles): boolean => roles.isDistributor || roles.isCoordinator;

/**
 * Why this counter action is refused, or undefined when it may run. A buyer sees the order but may
 * not check it in (403); a cancelled order has nothing to hand over (409 order_cancelled). Anyone
 * else never got this far: the order does not exist for them (404).
 */
export function counterActionRefusal(order: { state: string }, roles: CheckInRoles): DomainError | undefined {
  if (!canCheckIn(roles)) return forbidden();
  if (order.state !== "placed") return new DomainError("order_cancelled");
  return undefined;
}

/** The state after the action, and whether anything changes: the same action again changes nothing. */
export function afterCounterAction(current: FulfilmentState, action: CounterAction): { next: FulfilmentState; changed: boolean } {
  const next = counterActionTarget[action];
  return { next, changed: next !== current };
}

/** The intents of the check-in page's forms. */
export const counterIntents = ["collect", "undo", "noShow", "pay"] as const;
export type CounterIntent = (typeof counterIntents)[number];

export const isCounterIntent = (value: string): value is CounterIntent => (counterIntents as readonly string[]).includes(value);

/** Which orders the check-in page lists; anything else in the query string is "all". */
export const checkInShows = ["all", "pending", "collected", "no_show"] as const;
export type CheckInShow = (typeof checkInShows)[number];
export type CheckInFilters = { search?: string; show: CheckInShow; page: number };

/** Orders on one check-in page: a phone shows this many cards at most; the search finds the rest. */
export const CHECK_IN_PAGE_SIZE = 50;

/** Read from the page's GET form; malformed values are ignored, never refused. */
export function checkInFiltersFromSearch(params: URLSearchParams): CheckInFilters {
  const search = (params.get("q") ?? "").trim().replace(/\s+/g, " ").slice(0, 100);
  const show = params.get("show") ?? "";
  const page = Number(params.get("page") ?? "1");
  return {
    ...(search ? { search } : {}),
    show: (checkInShows as readonly string[]).includes(show) ? (show as CheckInShow) : "all",
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}
