// Buyer reminders at the default offset: one email the day before the ready date (from 08:00 in the
// distributor's zone), with the pickup point and instructions; none when the distributor picked no day.
import { eq } from "drizzle-orm";
import { sendDueReminders } from "#app/domain/notifications/reminders.server";
import { getDb } from "#db/connection.server";
import { enterprises } from "#db/schema";
import { parseLocalDateTime } from "#app/domain/time";
import { dayBefore, dayFromToday, type CoopPlus } from "#tests/support/coop";
import { orderReadyOn, reminderWorld, remindersOf } from "#tests/support/reminders";

let w: CoopPlus;

beforeAll(async () => {
  w = await reminderWorld();
});

/** The instant at a wall-clock time in Paris (River's zone): `paris("2026-12-09", "08:05")`. */
const paris = (day: string, time: string) => parseLocalDateTime(`${day}T${time}`, "Europe/Paris")!;
/** "Thursday 10 December", as an English reader writes the day. */
const spelled = (day: string) =>
  new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));

describe("buyer reminders", () => {
  test("go out once on the day before, from 08:00 in the distributor's time zone", async () => {
    // Ready days ahead of today: a fixed date would fall before the cycle opens once passed, and be refused.
    const readyOn = dayFromToday(8);
    const eve = dayBefore(readyOn);
    const { orderId } = await orderReadyOn(w, readyOn, "ada@example.org");
    expect(await sendDueReminders(paris(dayBefore(eve), "10:00"))).toBe(0); // two days before
    expect(await sendDueReminders(paris(eve, "07:30"))).toBe(0);
    expect(await remindersOf(orderId)).toHaveLength(0);

    expect(await sendDueReminders(paris(eve, "08:05"))).toBe(1);
    expect(await sendDueReminders(paris(eve, "16:00"))).toBe(0);
    const [mail] = await remindersOf(orderId);
    expect(mail.toAddress).toBe("ada@example.org");
    expect(mail.subject).toContain("ready tomorrow");
    expect(mail.text).toContain(spelled(readyOn));
    expect(mail.text).toContain("Friday river");
    expect(mail.text).toContain("Pickup");
    expect(mail.text).toContain("Back door");
    expect(mail.text).toContain(`/orders/${orderId}?key=`);
  });

  test("are not sent by a distributor that picked no reminder day", async () => {
    const readyOn = dayFromToday(18);
    const { orderId } = await orderReadyOn(w, readyOn, "bob@example.org");
    await getDb().update(enterprises).set({ pickupReminderDays: [] }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendDueReminders(paris(dayBefore(readyOn), "10:00"))).toBe(0);
    expect(await remindersOf(orderId)).toHaveLength(0);
    await getDb()
      .update(enterprises)
      .set({ pickupReminderDays: [1] })
      .where(eq(enterprises.id, w.distributor.id));
    expect(await sendDueReminders(paris(dayBefore(readyOn), "10:00"))).toBe(1);
  });
});
