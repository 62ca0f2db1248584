// The offsets a distributor may remind buyers at (days before the ready date), and when each one
// is due: at 08:00 on that day in the distributor's time zone (decision 0054). Pure.

/** The days before the ready date a distributor may pick; the day before is the default (db/schema/enterprises.ts). */
export const PICKUP_REMINDER_DAYS = [1, 3, 7] as const;
export type PickupReminderDay = (typeof PICKUP_REMINDER_DAYS)[number];

/** Local hour from which reminders go out, so nobody is woken at night (docs/domain.md 13: nothing between 21:00 and 08:00). */
export const PICKUP_REMINDER_HOUR = 8;

/** Each offset once, nearest the pickup first: `[7, 1, 7]` → `[1, 7]`. */
export function normalisedReminderDays(days: readonly number[]): PickupReminderDay[] {
  return PICKUP_REMINDER_DAYS.filter((day) => days.includes(day));
}
