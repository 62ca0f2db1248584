// A session ends 30 days after login whatever its activity; a session whose start is unknown counts as ended.
import { describe, expect, it } from "vitest";
import { isPastAbsoluteLifetime } from "#app/auth/session.server";

const DAY = 24 * 60 * 60 * 1000;
const now = Date.parse("2026-11-22T12:00:00Z");

describe("isPastAbsoluteLifetime", () => {
  it("accepts a session begun up to 30 days ago", () => {
    expect(isPastAbsoluteLifetime(new Date(now - 29 * DAY), now)).toBe(false);
    expect(isPastAbsoluteLifetime(new Date(now - 30 * DAY), now)).toBe(false);
  });

  it("refuses a session begun more than 30 days ago", () => {
    expect(isPastAbsoluteLifetime(new Date(now - 30 * DAY - 1), now)).toBe(true);
    expect(isPastAbsoluteLifetime(new Date(now - 31 * DAY).toISOString(), now)).toBe(true);
  });

  it("refuses a session whose start is missing or unreadable rather than letting it live forever", () => {
    expect(isPastAbsoluteLifetime(undefined, now)).toBe(true);
    expect(isPastAbsoluteLifetime("not a date", now)).toBe(true);
  });
});
