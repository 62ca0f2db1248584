// Quiet hours (docs/domain.md 13): marketing email queued between 21:00 and 08:00 in the
// distributor's zone waits for 08:00 there, on the wall clock, across daylight-saving changes.
import { describe, expect, test } from "vitest";
import { isQuietHour, marketingSendAt } from "#app/domain/marketing/quiet-hours";
import { parseLocalDateTime } from "#app/domain/time";

const paris = (local: string) => parseLocalDateTime(local, "Europe/Paris")!;

describe("marketingSendAt", () => {
  test("leaves the day as it is", () => {
    for (const local of ["2026-12-09T08:00", "2026-12-09T12:00", "2026-12-09T20:59"])
      expect(marketingSendAt(paris(local), "Europe/Paris")).toEqual(paris(local));
  });

  test("moves the evening to the next morning and the small hours to the same morning", () => {
    expect(marketingSendAt(paris("2026-12-09T21:00"), "Europe/Paris")).toEqual(paris("2026-12-10T08:00"));
    expect(marketingSendAt(paris("2026-12-31T23:30"), "Europe/Paris")).toEqual(paris("2027-01-01T08:00"));
    expect(marketingSendAt(paris("2026-12-10T00:10"), "Europe/Paris")).toEqual(paris("2026-12-10T08:00"));
    expect(marketingSendAt(paris("2026-12-10T07:59"), "Europe/Paris")).toEqual(paris("2026-12-10T08:00"));
  });

  test("ends the night at 08:00 local when the clocks change", () => {
    // Back an hour on 25 October 2026, forward an hour on 28 March 2027.
    expect(marketingSendAt(paris("2026-10-24T22:00"), "Europe/Paris").toISOString()).toBe("2026-10-25T07:00:00.000Z");
    expect(marketingSendAt(paris("2027-03-27T22:00"), "Europe/Paris").toISOString()).toBe("2027-03-28T06:00:00.000Z");
  });

  test("reads the hour in the distributor's zone, not the server's", () => {
    const instant = new Date("2026-12-09T22:00:00Z"); // 23:00 in Paris, 09:00 in Sydney
    expect(isQuietHour(instant, "Europe/Paris")).toBe(true);
    expect(isQuietHour(instant, "Australia/Sydney")).toBe(false);
    expect(marketingSendAt(instant, "UTC").toISOString()).toBe("2026-12-10T08:00:00.000Z");
  });
});
