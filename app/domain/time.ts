// Instants in, instants out: parsing and formatting wall-clock times in an enterprise's IANA zone.
import { TZDate } from "@date-fns/tz";

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

export function isValidTimeZone(zone: string): boolean {
  if (zone === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/");
  } catch {
    return false;
  }
}

/**
 * The instant at a wall-clock time ("2026-12-04T18:00") in a zone. Undefined for malformed input
 * and for a time the zone skips when clocks go forward; in the hour repeated when clocks go back,
 * the first occurrence.
 */
export function parseLocalDateTime(input: string, zone: string): Date | undefined {
  const match = LOCAL_INPUT.exec(input.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const candidate = new TZDate(year, month - 1, day, hour, minute, zone);
  if (Number.isNaN(candidate.getTime())) return undefined;
  // Try the earlier offset first: for a repeated hour both readings match; the first is earlier.
  const earlier = new Date(candidate.getTime() - 60 * 60 * 1000);
  if (toLocalInput(earlier, zone) === toLocalInputFromParts(year, month, day, hour, minute)) return earlier;
  if (toLocalInput(candidate, zone) !== toLocalInputFromParts(year, month, day, hour, minute)) return undefined;
  return new Date(candidate.getTime());
}

function pad(value: number) {
  return String(value).padStart(2, "0");
}

function toLocalInputFromParts(year: number, month: number, day: number, hour: number, minute: number) {
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/** The wall-clock reading of an instant in a zone, as a datetime-local input value. */
export function toLocalInput(instant: Date, zone: string): string {
  const local = new TZDate(instant.getTime(), zone);
  return toLocalInputFromParts(local.getFullYear(), local.getMonth() + 1, local.getDate(), local.getHours(), local.getMinutes());
}
