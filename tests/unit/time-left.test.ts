// How the shop says when a cycle closes: "in 3 days", "dans 5 heures"; months away, no countdown.
import { closesFarAhead, timeLeft } from "#app/ui/time-left";

const now = "2026-12-01T12:00:00.000Z";
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();

describe("the time left before a close", () => {
  test.each([
    [45, "en", "in 45 minutes"],
    [180, "en", "in 3 hours"],
    [3 * 24 * 60, "en", "in 3 days"],
    [180, "fr", "dans 3 heures"],
  ])("%i minutes in %s reads %s", (minutes, locale, expected) => {
    expect(timeLeft(later(minutes), now, locale)).toBe(expected);
  });

  test("a close more than 75 days away is not counted down", () => {
    expect(closesFarAhead(later(74 * 24 * 60), now)).toBe(false);
    expect(closesFarAhead(later(76 * 24 * 60), now)).toBe(true);
    expect(closesFarAhead(later(3650 * 24 * 60), now)).toBe(true);
  });
});
