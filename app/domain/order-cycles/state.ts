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

/** Automatic notification needs a close that really comes: not more than a year ahead. */
export const AUTOMATIC_NOTIFICATION_HORIZON_MS = 366 * 24 * 60 * 60 * 1000;

export function closesTooFarForNotification(closesAt: Date | null, now: Date): boolean {
  return closesAt !== null && closesAt.getTime() - now.getTime() > AUTOMATIC_NOTIFICATION_HORIZON_MS;
}
