// Repeating a cycle (docs/domain.md 15): each copy is the cycle shifted by a whole number of
// intervals in the coordinator's wall-clock time, so a Tuesday 18:00 close stays Tuesday 18:00 across
// daylight-saving changes. Pure.
import { TZDate } from "@date-fns/tz";
import { addDays, addMonths, addWeeks } from "date-fns";
import { z } from "zod";

export const MAX_REPEATS = 26;
export const MAX_WEEKS_BETWEEN = 8;

export const repeatSchema = z.object({
  every: z.union([z.object({ weeks: z.number().int().min(1).max(MAX_WEEKS_BETWEEN) }).strict(), z.object({ months: z.literal(1) }).strict()]),
  count: z.number().int().min(1).max(MAX_REPEATS),
  dryRun: z.boolean().optional(),
});

export type RepeatInterval = { weeks: number } | { months: 1 };

/** One copy to make: its place in the series and its dates. */
export type PlannedRepeat = { index: number; opensAt: Date; closesAt: Date };

/** The instant `steps` intervals after `instant`, at the same local time of day in `zone`. */
export function shiftInstant(instant: Date, every: RepeatInterval, steps: number, zone: string): Date {
  const local = new TZDate(instant.getTime(), zone);
  const shifted = "weeks" in every ? addWeeks(local, every.weeks * steps) : addMonths(local, every.months * steps);
  return new Date(shifted.getTime());
}

/** A calendar day (YYYY-MM-DD, a ready-on date) shifted the same way. */
export function shiftDay(day: string, every: RepeatInterval, steps: number): string {
  const [year, month, date] = day.split("-").map(Number);
  const start = new Date(Date.UTC(year, month - 1, date));
  const shifted = "weeks" in every ? addDays(start, 7 * every.weeks * steps) : addMonths(start, every.months * steps);
  return shifted.toISOString().slice(0, 10);
}

/**
 * The copies `count` intervals ahead of a cycle at `fromIndex` in its series (0 when it starts one),
 * leaving out the indexes the series already has: repeating again never makes an index twice.
 */
export function planRepeats(
  cycle: { opensAt: Date; closesAt: Date },
  every: RepeatInterval,
  count: number,
  zone: string,
  fromIndex: number,
  existingIndexes: ReadonlySet<number>,
): PlannedRepeat[] {
  const planned: PlannedRepeat[] = [];
  for (let step = 1; step <= count; step++) {
    const index = fromIndex + step;
    if (existingIndexes.has(index)) continue;
    planned.push({ index, opensAt: shiftInstant(cycle.opensAt, every, step, zone), closesAt: shiftInstant(cycle.closesAt, every, step, zone) });
  }
  return planned;
}

/** The choices of the repeat form's "how often" list, as sent. */
export const repeatChoices = ["1w", "2w", "3w", "4w", "1m"] as const;

/** The repeat form's fields as the command takes them; a value it cannot read is passed on for the schema to refuse at its field. */
export function repeatFromForm(fields: { every?: string; count?: string }, dryRun: boolean) {
  const weeks = /^([1-8])w$/.exec(fields.every ?? "");
  const count = fields.count?.trim() ?? "";
  return {
    every: weeks ? { weeks: Number(weeks[1]) } : fields.every === "1m" ? { months: 1 } : fields.every,
    count: /^\d+$/.test(count) ? Number(count) : count,
    dryRun,
  };
}
