// When a failed delivery is tried again: the first retry within 30 s, then doubling, for 24 h after
// the first attempt; an endpoint failing for 3 days is disabled (docs/domain.md 14). Pure.

const FIRST_RETRY_MS = 15_000;
const LONGEST_WAIT_MS = 4 * 60 * 60_000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60_000;
/** One attempt's limit: a receiver that has not answered by then counts as failed. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** The wait after the n-th failed attempt (1-based): 15 s, 30 s, 1 min, 2 min, … at most 4 h. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), LONGEST_WAIT_MS);
}

/** The next attempt after a failure, or null once 24 h have passed since the delivery was first tried. */
export function nextAttemptAt(failedAttempts: number, firstTriedAt: Date, now: Date): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(failedAttempts));
  return next.getTime() - firstTriedAt.getTime() > GIVE_UP_AFTER_MS ? null : next;
}

/** Whether an endpoint that has failed since `failingSince` is to be disabled now. */
export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}
