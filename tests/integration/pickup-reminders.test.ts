// Pickup reminders at the offsets a distributor picks (docs/domain.md 13, decision 0054): one email
// per order and offset (7, 3, 1 days before the ready date), from 08:00 in the distributor's zone,
// exactly once, none for an offset already past when the order was placed, in the buyer's language,
// with the pickup's calendar file attached, as a real SMTP server receives it. `now` is injected.
import { eq } from "drizzle-orm";
import ICAL from "ical.js";
import type { ParsedMail } from "mailparser";
import { updateShopPreferences } from "#app/domain/enterprises/commands.server";
import { sendDueReminders } from "#app/domain/notifications/reminders.server";
import { parseLocalDateTime } from "#app/domain/time";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { getDb } from "#db/connection.server";
import { orders, pickupReminders, shippingMethods } from "#db/schema";
import { dayFromToday, type CoopPlus } from "#tests/support/coop";
import { orderReadyOn, reminderWorld, remindersOf } from "#tests/support/reminders";
import { setEnv } from "#tests/support/settings";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await reminderWorld();
  await getDb()
    .update(shippingMethods)
    .set({ address: "Old Barn, 12 Mill Lane", openingHours: "16:00–19:00" })
    .where(eq(shippingMethods.id, w.methods.distributor.shipping.id));
  await updateShopPreferences(w.actors.distributor, w.distributor.id, { pickupReminderDays: [1, 3, 7] });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

/** The instant at a wall-clock time in Paris (River's zone), `days` before a day: `paris("2026-12-09", 7, "08:00")`. */
function paris(day: string, daysBefore: number, time: string): Date {
  const local = new Date(Date.parse(`${day}T00:00:00Z`) - daysBefore * 86_400_000).toISOString().slice(0, 10);
  return parseLocalDateTime(`${local}T${time}`, "Europe/Paris")!;
}

async function mailWhere(what: string, match: (mail: ParsedMail) => boolean): Promise<ParsedMail> {
  // Each sweep sends one message per order: wait for the worker to hand it to the relay.
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const found = smtp.messages.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No ${what}; got ${smtp.messages.map((m) => m.subject).join("; ")}`);
}

const calendarOf = (mail: ParsedMail) => {
  const file = mail.attachments.find((attachment) => attachment.filename === "pickup.ics");
  expect(file, `the calendar file of "${mail.subject}"`).toBeDefined();
  expect(file!.contentType).toBe("text/calendar");
  return new ICAL.Event(new ICAL.Component(ICAL.parse(file!.content.toString("utf8"))).getFirstSubcomponent("vevent")!);
};

describe("pickup reminders", () => {
  test("go out 7, 3 and 1 days before the ready date, once each, from 08:00 in the distributor's zone", async () => {
    const readyOn = dayFromToday(10);
    const { orderId, number } = await orderReadyOn(w, readyOn, "ada@example.org");
    await sendDueReminders(paris(readyOn, 8, "10:00"));
    await sendDueReminders(paris(readyOn, 7, "07:59"));
    expect(await remindersOf(orderId)).toHaveLength(0);

    expect(await sendDueReminders(paris(readyOn, 7, "08:00"))).toBeGreaterThanOrEqual(1);
    await sendDueReminders(paris(readyOn, 7, "08:15"));
    await sendDueReminders(paris(readyOn, 5, "12:00"));
    expect((await remindersOf(orderId)).map((mail) => mail.subject)).toEqual([`Your order ${number} is ready in 7 days · River Co-op`]);

    await sendDueReminders(paris(readyOn, 3, "08:30"));
    await sendDueReminders(paris(readyOn, 3, "20:00"));
    await sendDueReminders(paris(readyOn, 1, "09:00"));
    await sendDueReminders(paris(readyOn, 1, "09:15"));
    await sendDueReminders(paris(readyOn, 0, "09:00"));
    const sent = await remindersOf(orderId);
    expect(sent.map((mail) => mail.subject)).toEqual([
      `Your order ${number} is ready in 7 days · River Co-op`,
      `Your order ${number} is ready in 3 days · River Co-op`,
      `Your order ${number} is ready tomorrow · River Co-op`,
    ]);
    expect(sent.every((mail) => mail.toAddress === "ada@example.org" && mail.replyTo === w.people.distributor.email)).toBe(true);
    const rows = await getDb().select().from(pickupReminders).where(eq(pickupReminders.orderId, orderId));
    expect(rows.map((row) => row.daysBefore).sort()).toEqual([1, 3, 7]);
    expect(rows.every((row) => row.readyOn === readyOn && row.outboxEmailId)).toBe(true);
  });

  test("arrive over SMTP with the pickup's calendar file, at the pickup hours in Paris time", async () => {
    const readyOn = dayFromToday(20);
    const { orderId, number } = await orderReadyOn(w, readyOn, "cal@example.org");
    await sendDueReminders(paris(readyOn, 3, "08:05"));
    const mail = await mailWhere("3-day reminder", (m) => m.subject === `Your order ${number} is ready in 3 days · River Co-op`);
    expect(mail.text).toContain("The pickup is in the attached calendar file.");
    expect(mail.text).toContain(`/orders/${orderId}?key=`);
    const event = calendarOf(mail);
    expect(event.uid).toContain(orderId);
    expect(event.startDate.toJSDate().toISOString()).toBe(paris(readyOn, 0, "16:00").toISOString());
    expect(event.endDate.toJSDate().toISOString()).toBe(paris(readyOn, 0, "19:00").toISOString());
    expect(event.location).toBe(`${w.methods.distributor.shipping.name}, Old Barn, 12 Mill Lane`);

    // The confirmation carried the same event, under the same UID.
    const confirmation = await mailWhere("confirmation", (m) => m.subject === `Order ${number} confirmed · River Co-op`);
    expect(calendarOf(confirmation).uid).toBe(event.uid);
  });

  test("skip the offsets already past when the order is placed", async () => {
    // Ready in two days: the 7- and 3-day reminders were due before the order existed.
    const readyOn = dayFromToday(2);
    const { orderId } = await orderReadyOn(w, readyOn, "late@example.org");
    await sendDueReminders(new Date());
    expect(await remindersOf(orderId)).toHaveLength(0);
    await sendDueReminders(paris(readyOn, 1, "08:05"));
    await sendDueReminders(paris(readyOn, 1, "12:00"));
    const rows = await getDb().select().from(pickupReminders).where(eq(pickupReminders.orderId, orderId));
    expect(rows.map((row) => row.daysBefore)).toEqual([1]);
    expect(await remindersOf(orderId)).toHaveLength(1);
  });

  test("after a long pause of the worker, send only the nearest offset due, never the stale ones", async () => {
    const readyOn = dayFromToday(40);
    const { orderId, number } = await orderReadyOn(w, readyOn, "pause@example.org");
    // Nothing swept for 7 and 3 days before: the first sweep runs on the eve (no lower time bound).
    await sendDueReminders(paris(readyOn, 1, "10:00"));
    await sendDueReminders(paris(readyOn, 1, "11:00"));
    expect((await remindersOf(orderId)).map((mail) => mail.subject)).toEqual([`Your order ${number} is ready tomorrow · River Co-op`]);
  });

  test("are written in the buyer's language", async () => {
    const readyOn = dayFromToday(50);
    const { orderId, number } = await orderReadyOn(w, readyOn, "fleur@example.org", "fr");
    await sendDueReminders(paris(readyOn, 7, "08:00"));
    const [reminder] = await remindersOf(orderId);
    expect(reminder.subject).toBe(`Votre commande ${number} est prête dans 7 jours · River Co-op`);
    expect(reminder.text).toContain("Le retrait figure dans le fichier d’agenda joint.");
    const mail = await mailWhere("French reminder", (m) => m.subject === reminder.subject);
    expect(calendarOf(mail).summary).toBe(`Retrait de la commande ${number} · River Co-op`);
  });

  test("go out once when two sweeps run at the same moment", async () => {
    const readyOn = dayFromToday(60);
    const { orderId } = await orderReadyOn(w, readyOn, "twice@example.org");
    const at = paris(readyOn, 3, "08:00");
    await Promise.all([sendDueReminders(at), sendDueReminders(at), sendDueReminders(at)]);
    expect(await remindersOf(orderId)).toHaveLength(1);
  });

  test("follow the days the distributor picked, none once it picks none", async () => {
    const readyOn = dayFromToday(70);
    const { orderId } = await orderReadyOn(w, readyOn, "picky@example.org");
    await updateShopPreferences(w.actors.distributor, w.distributor.id, { pickupReminderDays: [3] });
    try {
      await sendDueReminders(paris(readyOn, 7, "09:00"));
      expect(await remindersOf(orderId)).toHaveLength(0);
      await sendDueReminders(paris(readyOn, 3, "09:00"));
      expect(await remindersOf(orderId)).toHaveLength(1);
      await updateShopPreferences(w.actors.distributor, w.distributor.id, { pickupReminderDays: [] });
      await sendDueReminders(paris(readyOn, 1, "09:00"));
      expect(await remindersOf(orderId)).toHaveLength(1);
    } finally {
      await updateShopPreferences(w.actors.distributor, w.distributor.id, { pickupReminderDays: [1, 3, 7] });
    }
  });

  test("are not sent for a cancelled order", async () => {
    const readyOn = dayFromToday(80);
    const { orderId } = await orderReadyOn(w, readyOn, "gone@example.org");
    await getDb().update(orders).set({ state: "cancelled" }).where(eq(orders.id, orderId));
    await sendDueReminders(paris(readyOn, 1, "09:00"));
    expect(await remindersOf(orderId)).toHaveLength(0);
  });
});
