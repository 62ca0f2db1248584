// Quiet hours (docs/domain.md 13): no marketing email between 21:00 and 08:00 in the distributor's
// time zone. Pure: the instant a message may leave, given when it was queued.
import { TZDate } from "@date-fns/tz";
import { parseLocalDateTime } from "#app/domain/time";

/** Local hour from which marketing email may leave again. */
const QUIET_HOURS_END = 8;
/** Local hour from which marketing email waits for the morning. */
const QUIET_HOURS_START = 21;

function pad(value: number) {
  return String(value).padStart(2, "0");
}

/**
 * `now` when it falls outside quiet hours in `zone`, otherwise the next 08:00 there (the same
 * morning before 08:00, the next morning from 21:00). Read on the wall clock, so a night with a
 * daylight-saving change still ends at 08:00 local time.
 */
export function marketingSendAt(now: Date, zone: string): Date {
  const local = new TZDate(now.getTime(), zone);
  const hour = local.getHours();
  if (hour >= QUIET_HOURS_END && hour < QUIET_HOURS_START) return now;
  // The calendar day of the morning: today before 08:00, tomorrow from 21:00 (noon avoids DST edges).
  const morning = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 12, 0, zone);
  if (hour >= QUIET_HOURS_START) morning.setDate(morning.getDate() + 1);
  const day = `${morning.getFullYear()}-${pad(morning.getMonth() + 1)}-${pad(morning.getDate())}`;
  return parseLocalDateTime(`${day}T${pad(QUIET_HOURS_END)}:00`, zone) ?? now;
}

/** Whether `now` falls in quiet hours in `zone`. */
export function isQuietHour(now: Date, zone: string): boolean {
  return marketingSendAt(now, zone).getTime() !== now.getTime();
}
