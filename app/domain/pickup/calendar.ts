// An order's pickup as a calendar event (.ics, built with the `ics` package): on the exchange's
// ready date, during the pickup point's hours when they read as a time window, else all day. Pure.
import { createEvent, type DateArray, type EventAttributes } from "ics";
import { parseLocalDateTime } from "#app/domain/time";

export type PickupEventFacts = {
  orderId: string;
  number: number;
  shop: string;
  /** yyyy-mm-dd in the distributor's zone; no date, no event. */
  readyOn: string | null;
  readyFor: string | null;
  /** The pickup point's hours for the cycle as typed ("Friday 16:00–19:00"); empty when unknown or a delivery. */
  hours: string;
  isDelivery: boolean;
  /** The pickup point's name, or the delivery method's. */
  placeName: string;
  /** The pickup point's address, or the delivery address. */
  address: string;
  instructions: string;
  /** The distributor's IANA zone: the hours are its wall-clock times. */
  timeZone: string;
  orderUrl: string;
  isCancelled: boolean;
};

export type CalendarWords = { title: string; readyFor: string; hours: string; instructions: string; order: string };

export type LocalTime = { hour: number; minute: number };

// "16:00–19:00", "16h-19h", "9.30 - 12", "17h30 à 19h", "5pm to 7pm", "9-12": a start and an end.
const TIME = String.raw`(\d{1,2})(?:[:h.]([0-5]\d)|h)?\s*(am|pm)?`;
const WINDOW = new RegExp(String.raw`(?<![\d:./-])${TIME}\s*(?:[-–—]|to|until|à|jusqu’à)\s*${TIME}(?![\d:./-])`, "i");

function localTime(hourText: string, minuteText: string | undefined, meridiem: string | undefined): LocalTime | undefined {
  let hour = Number(hourText);
  const minute = Number(minuteText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === "pm" ? 12 : 0);
  }
  return hour <= 23 ? { hour, minute } : undefined;
}

// Weekday names in English and French, full and short, Sunday first (as Date.getUTCDay counts).
const WEEKDAYS: readonly RegExp[] = [
  /\b(sunday|sun|dimanche|dim)\b/i,
  /\b(monday|mon|lundi|lun)\b/i,
  /\b(tuesday|tues?|mardi)\b/i,
  /\b(wednesday|wed|mercredi|mer)\b/i,
  /\b(thursday|thu|thurs?|jeudi|jeu)\b/i,
  /\b(friday|fri|vendredi|ven)\b/i,
  /\b(saturday|sat|samedi|sam)\b/i,
];

type Window = { start: LocalTime; end: LocalTime };

function windowOf(match: RegExpExecArray): Window | undefined {
  // "5-7pm": the end's am/pm also tells the start's.
  const start = localTime(match[1], match[2], match[3] ?? match[6]);
  const end = localTime(match[4], match[5], match[6]);
  if (!start || !end || end.hour * 60 + end.minute <= start.hour * 60 + start.minute) return undefined;
  return { start, end };
}

/**
 * The time window of a pickup point's hours on a day (0 Sunday … 6 Saturday), or undefined when
 * none reads as one. Hours that name weekdays ("Wed 17:00–19:00, Sat 9:00–12:00") give the window
 * written after the ready day's name, and none when that day is not named: a Saturday's hours do not
 * say when a Monday pickup is. Hours that name no day give their first window, whatever the day.
 */
export function pickupWindow(hours: string, weekday?: number): Window | undefined {
  const windows = [...hours.matchAll(new RegExp(WINDOW.source, "gi"))];
  if (windows.length === 0) return undefined;
  const namesDays = WEEKDAYS.some((name) => name.test(hours));
  if (!namesDays || weekday === undefined) return windowOf(windows[0]);
  let from = 0;
  for (const match of windows) {
    const before = hours.slice(from, match.index);
    from = match.index + match[0].length;
    if (WEEKDAYS[weekday].test(before)) return windowOf(match);
  }
  return undefined;
}

const pad = (value: number) => String(value).padStart(2, "0");

function dayParts(day: string): DateArray {
  const [year, month, date] = day.split("-").map(Number);
  return [year, month, date];
}

function nextDay(day: string): DateArray {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

/** When the event is: two instants in the distributor's zone, or the whole ready day. */
function pickupEventTime(facts: Pick<PickupEventFacts, "readyOn" | "hours" | "timeZone">) {
  if (!facts.readyOn) return undefined;
  const window = pickupWindow(facts.hours, new Date(`${facts.readyOn}T12:00:00Z`).getUTCDay());
  if (window) {
    const at = (time: LocalTime) => parseLocalDateTime(`${facts.readyOn}T${pad(time.hour)}:${pad(time.minute)}`, facts.timeZone);
    const start = at(window.start);
    const end = at(window.end);
    // A time the zone skips (clocks going forward) has no instant: the day stays, the hours are in the text.
    if (start && end) return { allDay: false as const, start, end };
  }
  return { allDay: true as const, day: facts.readyOn };
}

/**
 * The .ics text of the order's pickup, or undefined when the exchange has no ready date. The UID is
 * the order's, so a calendar that imports a later copy (a changed order) updates the same event.
 * Times are written in UTC, the instant of the distributor's wall-clock hours, which every
 * calendar shows in its reader's own zone; an all-day event is a date, the same everywhere.
 */
export function pickupCalendar(facts: PickupEventFacts, words: CalendarWords, options: { uidDomain: string; now: Date }): string | undefined {
  const time = pickupEventTime(facts);
  if (!time) return undefined;
  const description = [
    facts.readyFor ? `${words.readyFor}: ${facts.readyFor}` : "",
    facts.hours ? `${words.hours}: ${facts.hours}` : "",
    facts.instructions ? `${words.instructions}:\n${facts.instructions}` : "",
    `${words.order}: ${facts.orderUrl}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const when: Pick<EventAttributes, "start" | "startInputType" | "startOutputType" | "endInputType" | "endOutputType"> & { end: EventAttributes["start"] } =
    time.allDay
      ? { start: dayParts(time.day), end: nextDay(time.day) }
      : {
          start: time.start.getTime(),
          end: time.end.getTime(),
          startInputType: "utc",
          startOutputType: "utc",
          endInputType: "utc",
          endOutputType: "utc",
        };
  const { error, value } = createEvent({
    ...when,
    uid: `order-${facts.orderId}@${options.uidDomain}`,
    productId: "circuit/pickup",
    method: "PUBLISH",
    title: words.title,
    description,
    location: [facts.placeName, facts.address].filter(Boolean).join(", "),
    url: facts.orderUrl,
    status: facts.isCancelled ? "CANCELLED" : "CONFIRMED",
    busyStatus: "FREE",
    transp: "TRANSPARENT",
    // DTSTAMP: when this copy was made, so a later one reads as newer.
    ...({ timestamp: options.now.getTime() } as object),
  });
  if (error || !value) throw error ?? new Error("The calendar event could not be built");
  return value;
}
