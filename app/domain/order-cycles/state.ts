// A cycle's state is computed from the clock, never stored: open is the half-open interval [opensAt, closesAt).

export const cycleStates = ["undated", "upcoming", "open", "closed"] as const;
export type CycleState = (typeof cycleStates)[number];

export function cycleState(cycle: { opensAt: Date | null; closesAt: Date | null }, now: Date): CycleState {
  if (!cycle.opensAt || !cycle.closesAt) return "undated";
  if (now.getTime() < cycle.opensAt.getTime()) return "upcoming";
  if (now.getTime() < cycle.closesAt.getTime()) return "open";
  return "closed";
}

export const isOpen = (cycle: { opensAt: Date | null; closesAt: Date | null }, now: Date) => cycleState(cycle, now) === "open";

/**
 * The cycle takes orders at `now`: open, and its close not already processed (a close moved into
 * the future is processed again at the new close). What an order checks under the cycle's lock.
 */
export function takesOrders(cycle: { opensAt: Date | null; closesAt: Date | null; processedClosesAt: Date | null }, now: Date): boolean {
  const processed = cycle.processedClosesAt !== null && cycle.closesAt !== null && cycle.closesAt.getTime() <= cycle.processedClosesAt.getTime();
  return !processed && isOpen(cycle, now);
}

/** Automatic notification needs a close that really comes: not more than a year ahead. */
const AUTOMATIC_NOTIFICATION_HORIZON_MS = 366 * 24 * 60 * 60 * 1000;

export function closesTooFarForNotification(closesAt: Date | null, now: Date): boolean {
  return closesAt !== null && closesAt.getTime() - now.getTime() > AUTOMATIC_NOTIFICATION_HORIZON_MS;
}

/** A new cycle closing at or before `now` would be closed from the start, and its close processed at once. */
export function closesBeforeNow(closesAt: Date | null, now: Date): boolean {
  return closesAt !== null && closesAt.getTime() <= now.getTime();
}

/**
 * Whether a distributor's ready-on day (YYYY-MM-DD) falls before the day the cycle opens, in the
 * coordinator's zone: goods would be ready before anyone could order them.
 */
export function readyBeforeOpening(readyOn: string | null, opensAt: Date | null, zone: string): boolean {
  if (!readyOn || !opensAt) return false;
  return readyOn < openingDay(opensAt, zone);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a zone. */
export function openingDay(opensAt: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(opensAt);
}
