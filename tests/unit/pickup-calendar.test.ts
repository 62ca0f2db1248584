// The pickup's calendar event (app/domain/pickup/calendar.ts), read back with a real iCalendar
// parser (ical.js): the pickup point's hours on the ready date at the distributor's wall-clock time,
// across the daylight-saving changes of Europe/Paris; an all-day event when no hours are known.
import ICAL from "ical.js";
import { pickupCalendar, pickupWindow, type PickupEventFacts } from "#app/domain/pickup/calendar";

const words = { title: "Pick up order 12 · River", readyFor: "Ready for", hours: "Hours", instructions: "Pickup instructions", order: "Your order" };

const facts = (extra: Partial<PickupEventFacts> = {}): PickupEventFacts => ({
  orderId: "order-1",
  number: 12,
  shop: "River",
  readyOn: "2026-03-28",
  readyFor: "Saturday morning",
  hours: "Saturday 09:00–12:00",
  isDelivery: false,
  placeName: "Barn pickup",
  address: "Old Barn, 12 Mill Lane, Lyon",
  instructions: "Back door, ring twice",
  timeZone: "Europe/Paris",
  orderUrl: "https://circuit.test/orders/order-1?key=abc",
  isCancelled: false,
  ...extra,
});

function parsed(extra: Partial<PickupEventFacts> = {}) {
  const text = pickupCalendar(facts(extra), words, { uidDomain: "circuit.test", now: new Date("2026-03-01T10:00:00Z") });
  expect(text).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(text!));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return { text: text!, calendar, vevent, event: new ICAL.Event(vevent) };
}

describe("the pickup's calendar event", () => {
  test("is on the ready date during the pickup hours, in Paris time before the clocks go forward (UTC+1)", () => {
    const { event } = parsed({ readyOn: "2026-03-28" });
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-03-28T08:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-03-28T11:00:00.000Z");
    expect(event.startDate.isDate).toBe(false);
  });

  test("keeps the same wall-clock hours after the clocks went forward (UTC+2) and after they went back", () => {
    const spring = parsed({ readyOn: "2026-03-30", hours: "09:00–12:00" }).event;
    expect(spring.startDate.toJSDate().toISOString()).toBe("2026-03-30T07:00:00.000Z");
    expect(spring.endDate.toJSDate().toISOString()).toBe("2026-03-30T10:00:00.000Z");
    const autumnBefore = parsed({ readyOn: "2026-10-24", hours: "16h-19h" }).event;
    expect(autumnBefore.startDate.toJSDate().toISOString()).toBe("2026-10-24T14:00:00.000Z");
    const autumnAfter = parsed({ readyOn: "2026-10-26", hours: "16h-19h" }).event;
    expect(autumnAfter.startDate.toJSDate().toISOString()).toBe("2026-10-26T15:00:00.000Z");
  });

  test("follows the distributor's own zone", () => {
    const { event } = parsed({ readyOn: "2026-07-03", hours: "5-7pm", timeZone: "America/New_York" });
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-07-03T21:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-07-03T23:00:00.000Z");
  });

  test("is an all-day event on the ready date when no hours are known or they do not read as a time window", () => {
    for (const hours of ["", "Ask at the counter", "from 5pm"]) {
      const { event, text } = parsed({ readyOn: "2026-03-29", hours });
      expect(event.startDate.isDate).toBe(true);
      expect(event.startDate.toString()).toBe("2026-03-29");
      expect(event.endDate.toString()).toBe("2026-03-30");
      expect(text).toContain("DTSTART;VALUE=DATE:20260329");
    }
  });

  test("falls back to the whole day when the hours fall in the hour the clocks skip", () => {
    const { event } = parsed({ readyOn: "2026-03-29", hours: "02:15–02:45" });
    expect(event.startDate.isDate).toBe(true);
  });

  test("carries the pickup point, address, hours, instructions and the order's link, under a UID stable per order", () => {
    const first = parsed();
    const again = parsed({ readyOn: "2026-04-04", hours: "10:00-11:00" });
    expect(first.event.uid).toBe("order-order-1@circuit.test");
    expect(again.event.uid).toBe(first.event.uid);
    expect(first.event.summary).toBe("Pick up order 12 · River");
    expect(first.event.location).toBe("Barn pickup, Old Barn, 12 Mill Lane, Lyon");
    expect(first.event.description).toContain("Hours: Saturday 09:00–12:00");
    expect(first.event.description).toContain("Pickup instructions:\nBack door, ring twice");
    expect(first.event.description).toContain("https://circuit.test/orders/order-1?key=abc");
    expect(first.vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(parsed({ isCancelled: true }).vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(first.calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
  });

  test("is not made without a ready date", () => {
    expect(pickupCalendar(facts({ readyOn: null }), words, { uidDomain: "circuit.test", now: new Date() })).toBeUndefined();
  });
});

describe("reading a pickup point's hours", () => {
  test.each([
    ["Friday 16:00–19:00", [16, 0], [19, 0]],
    ["16h-19h", [16, 0], [19, 0]],
    ["17h30 à 19h", [17, 30], [19, 0]],
    ["Saturday 9-12", [9, 0], [12, 0]],
    ["11am to 1pm", [11, 0], [13, 0]],
    ["5-7pm", [17, 0], [19, 0]],
    ["Wed 17:00 - 19:30, Sat 9:00-12:00", [17, 0], [19, 30]],
  ])("%s is a window", (hours, start, end) => {
    expect(pickupWindow(hours)).toEqual({ start: { hour: start[0], minute: start[1] }, end: { hour: end[0], minute: end[1] } });
  });

  test("picks the window written after the ready day's name, and none when that day is not named", () => {
    const hours = "Wed 17:00 - 19:30, Sat 9:00-12:00";
    expect(pickupWindow(hours, 3)).toEqual({ start: { hour: 17, minute: 0 }, end: { hour: 19, minute: 30 } });
    expect(pickupWindow(hours, 6)).toEqual({ start: { hour: 9, minute: 0 }, end: { hour: 12, minute: 0 } });
    expect(pickupWindow("Samedi 9h-12h", 6)).toEqual({ start: { hour: 9, minute: 0 }, end: { hour: 12, minute: 0 } });
    expect(pickupWindow(hours, 5)).toBeUndefined();
    expect(pickupWindow("Saturday 09:00–12:00", 1)).toBeUndefined();
    expect(pickupWindow("16h-19h", 1)).toEqual({ start: { hour: 16, minute: 0 }, end: { hour: 19, minute: 0 } });
  });

  test("gives an all-day event for a ready day its hours do not name (Saturday's hours, a Monday pickup)", () => {
    const { event } = parsed({ readyOn: "2026-03-30", hours: "Saturday 09:00–12:00" });
    expect(event.startDate.isDate).toBe(true);
    expect(event.description).toContain("Hours: Saturday 09:00–12:00");
  });

  test.each(["", "Ask at the counter", "from 5pm", "19:00-16:00", "2026-12-14", "open 25-30"])("%s is no window", (hours) => {
    expect(pickupWindow(hours)).toBeUndefined();
  });
});
