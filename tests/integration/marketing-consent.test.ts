// docs/domain.md 13, decision 0053: marketing consent recorded at checkout and by the distributor;
// announcements once per customer per cycle (automatic at opening, or by hand); closing-soon
// reminders once per cart; quiet hours defer, never drop; every marketing email carries a
// one-click unsubscribe (link and headers) that withdraws consent at once, checked again at send
// time; transactional email has none of it. Delivered to a real SMTP server.
import { and, eq, like, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { announcementKey, queueAnnouncement } from "#app/domain/marketing/announcements.server";
import { sendClosingSoonReminders } from "#app/domain/marketing/closing-soon.server";
import { announceOpenedCycles } from "#app/domain/order-cycles/opening.server";
import { putOutgoingExchange, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { putCustomer } from "#app/domain/shop/customers.server";
import { parseLocalDateTime } from "#app/domain/time";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { deliverOutboxEmail } from "#app/mail/deliver.server";
import { closeTransports } from "#app/mail/transport.server";
import { getDb } from "#db/connection.server";
import { customers, enterprises, orderCycles, outboxEmails, variants } from "#db/schema";
import * as announceApi from "#app/routes/api.v1.order-cycles.$cycleId.outgoing.$distributorId.announce";
import * as unsubscribeApi from "#app/routes/api.v1.unsubscribe.$token";
import * as unsubscribePage from "#app/routes/unsubscribe.$token";
import * as signupPage from "#app/routes/signup";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { setEnv } from "#tests/support/settings";
import { placeOrderApi } from "#tests/support/shop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let smtp: SmtpCatcher;

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null });
});

afterAll(async () => {
  closeTransports();
  await smtp?.stop();
  setEnv({ SMTP_URL: undefined, MAIL_FROM: undefined });
});

/** An open cycle where River's exchange is listed to everyone (no tags). */
async function openCycle(name: string, closesInMinutes = 7 * 24 * 60) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(closesInMinutes) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  return cycleId;
}

async function customer(email: string, consent: boolean, tags: string[] = []) {
  const row = await putCustomer(w.actors.distributor, w.distributor.id, { email, tags, marketingConsent: consent });
  return row.id;
}

const consentOf = async (email: string) =>
  (
    await getDb()
      .select({ at: customers.marketingConsentAt, source: customers.marketingConsentSource })
      .from(customers)
      .where(and(eq(customers.distributorId, w.distributor.id), sql`lower(${customers.email}) = ${email}`))
  )[0];

const announcementsOf = (cycleId: string) =>
  getDb()
    .select()
    .from(outboxEmails)
    .where(like(outboxEmails.idempotencyKey, `announce:${cycleId}:%`));

/** Delivers every queued row to the SMTP catcher now, as the worker's job would (run_at aside). */
async function deliverAll(ids: string[]) {
  const outcomes = [];
  for (const id of ids) outcomes.push(await deliverOutboxEmail(id));
  return outcomes;
}

function mailTo(address: string): ParsedMail[] {
  return smtp.messages.filter((message) => !Array.isArray(message.to) && message.to?.value.some((entry) => entry.address === address));
}

/** A header as the relay received it (mailparser turns List-* headers into objects). */
const header = (mail: ParsedMail, name: string) => {
  const line = mail.headerLines.find((candidate) => candidate.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(":") + 1).trim();
};

const tokenIn = (mail: ParsedMail) => /\/unsubscribe\/([\w.-]+)>/.exec(header(mail, "List-Unsubscribe") ?? "")?.[1];

function announceAs(token: string, cycleId: string, body: unknown = {}) {
  return callRoute(announceApi, {
    method: "POST",
    path: `/api/v1/order-cycles/${cycleId}/outgoing/${w.distributor.id}/announce`,
    params: { cycleId, distributorId: w.distributor.id },
    token,
    body,
  });
}

describe("consent", () => {
  test("the checkout box records consent with its time and source; unticked records none", async () => {
    const cycleId = await openCycle("Consent at checkout");
    const order = (email: string, marketingConsent?: boolean) =>
      placeOrderApi({
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        email,
        name: "Buyer",
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
        ...(marketingConsent === undefined ? {} : { marketingConsent }),
      });
    const before = new Date();
    expect((await order("yes@example.org", true)).status).toBe(201);
    expect((await order("no@example.org", false)).status).toBe(201);
    expect((await order("silent@example.org")).status).toBe(201);
    const yes = await consentOf("yes@example.org");
    expect(yes.source).toBe("checkout");
    expect(yes.at!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect((await consentOf("no@example.org")).at).toBeNull();
    expect((await consentOf("silent@example.org")).at).toBeNull();
    // A later order without the box keeps the consent given.
    expect((await order("yes@example.org", false)).status).toBe(201);
    expect((await consentOf("yes@example.org")).at).toEqual(yes.at);
    // A transactional confirmation carries no unsubscribe link or header.
    const [confirmation] = await getDb()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.toAddress, "yes@example.org"), like(outboxEmails.kind, "order_%")))
      .limit(1);
    expect(confirmation).toBeDefined();
    expect(await deliverOutboxEmail(confirmation.id)).toBe("sent");
    const [mail] = mailTo("yes@example.org");
    expect(header(mail, "List-Unsubscribe")).toBeUndefined();
    expect(header(mail, "List-Unsubscribe-Post")).toBeUndefined();
    expect(mail.text).not.toContain("/unsubscribe/");
  });

  test("the sign-up box, when a shop sent the visitor, records consent for that shop; unticked records none", async () => {
    const signUp = (email: string, consent: boolean) =>
      callRoute(signupPage, {
        path: `/signup?redirectTo=${encodeURIComponent(`/shop/${w.distributor.id}`)}`,
        form: {
          name: "New buyer",
          email,
          password: "correct horse battery staple",
          locale: "fr",
          redirectTo: `/shop/${w.distributor.id}`,
          ...(consent ? { marketingConsent: "on" } : {}),
        },
      });
    const page = await callRoute(signupPage, { path: `/signup?redirectTo=${encodeURIComponent(`/shop/${w.distributor.id}`)}` });
    expect(await json(page)).toMatchObject({ shop: { id: w.distributor.id, name: "River Co-op" } });
    expect((await signUp("signed-up@example.org", true)).status).toBe(302);
    expect(await consentOf("signed-up@example.org")).toMatchObject({ source: "signup" });
    expect((await signUp("no-news@example.org", false)).status).toBe(302);
    expect(await consentOf("no-news@example.org")).toBeUndefined();
  });

  test("the distributor records and withdraws consent through the API", async () => {
    await customer("told-in-person@example.org", true);
    expect(await consentOf("told-in-person@example.org")).toMatchObject({ source: "distributor" });
    await customer("told-in-person@example.org", false);
    expect((await consentOf("told-in-person@example.org")).at).toBeNull();
  });
});

describe("announcements", () => {
  test("by hand: one email per consenting customer per cycle, however often it is sent, with the unsubscribe link and headers", async () => {
    const cycleId = await openCycle("Announced by hand");
    await customer("ann@example.org", true);
    await customer("bea@example.org", true, ["vip"]);
    await customer("cyd@example.org", false);

    const onlyVip = await announceAs(w.people.distributor.token, cycleId, { tags: ["VIP"], message: "Oysters this week" });
    expect(onlyVip.status).toBe(202);
    expect(await json(onlyVip)).toEqual({ recipients: 1 });
    // Everyone else who consented (customers of earlier tests among them), Bea not again.
    const all = await announceAs(w.people.distributor.token, cycleId);
    const { recipients: others } = await json(all);
    expect(others).toBeGreaterThanOrEqual(1);
    const again = await announceAs(w.people.hub.token, cycleId);
    expect(again.status).toBe(202);
    expect(await json(again)).toEqual({ recipients: 0 });

    const rows = await announcementsOf(cycleId);
    const addresses = rows.map((row) => row.toAddress);
    expect(addresses.filter((address) => address === "ann@example.org")).toHaveLength(1);
    expect(addresses.filter((address) => address === "bea@example.org")).toHaveLength(1);
    expect(addresses).not.toContain("cyd@example.org");
    expect(addresses).not.toContain("no@example.org");
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(others + 1).toBe(rows.length);
    expect(await deliverAll(rows.map((row) => row.id))).toEqual(rows.map(() => "sent"));
    const [bea] = mailTo("bea@example.org");
    expect(bea.subject).toContain("River Co-op");
    expect(bea.text).toContain("Oysters this week");
    expect(bea.text).toContain(`/shop/${w.distributor.id}`);
    expect(bea.text).toContain("Friday river");
    expect(header(bea, "List-Unsubscribe")).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/[\w.-]+>$/);
    expect(header(bea, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(bea.text).toContain(`/unsubscribe/${tokenIn(bea)}`);
    expect(mailTo("cyd@example.org")).toHaveLength(0);
  });

  test("are refused for a cycle that is not open, and to whoever is not River's manager or the coordinator", async () => {
    const upcoming = await seedCycle(w, { name: "Not open yet" });
    const refused = await announceAs(w.people.distributor.token, upcoming);
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.fields).toHaveProperty("orderCycleId");
    const open = await openCycle("Open, refused to others");
    expect((await announceAs(w.people.supplierA.token, open)).status).toBe(403);
    expect((await announceAs(w.people.unrelated.token, open)).status).toBe(404);
    expect((await announceAs(w.people.distributor.token, open, { tags: "vip" })).status).toBe(422);
    expect(await announcementsOf(upcoming)).toHaveLength(0);
    expect(await announcementsOf(open)).toHaveLength(0);
  });

  test("go out automatically when a cycle opens, for a distributor that switched them on, once", async () => {
    await customer("auto@example.org", true);
    const cycleId = await seedCycle(w, { name: "Opens by itself", opensAt: minuteFromNow(60), closesAt: minuteFromNow(7 * 24 * 60) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
    await getDb().update(enterprises).set({ announceOpenCycles: true }).where(eq(enterprises.id, w.distributor.id));
    try {
      await announceOpenedCycles(new Date());
      expect(await announcementsOf(cycleId)).toHaveLength(0);
      await updateOrderCycle(w.actors.hub, cycleId, { opensAt: minuteFromNow(-1).toISOString() });
      const afterOpening = new Date(Date.now() + 1000);
      await announceOpenedCycles(afterOpening);
      const rows = await announcementsOf(cycleId);
      expect(rows.map((row) => row.toAddress)).toContain("auto@example.org");
      await announceOpenedCycles(afterOpening);
      expect(await announcementsOf(cycleId)).toHaveLength(rows.length);
      // By hand afterwards: nobody twice.
      expect(await json(await announceAs(w.people.distributor.token, cycleId))).toEqual({ recipients: 0 });
    } finally {
      await getDb().update(enterprises).set({ announceOpenCycles: false }).where(eq(enterprises.id, w.distributor.id));
    }
  });
});

describe("unsubscribe", () => {
  test("GET asks, POST withdraws at once and again changes nothing; a forged token changes nothing; an old link after a new opt-in withdraws nothing", async () => {
    const cycleId = await openCycle("Unsubscribe");
    await customer("dan@example.org", true);
    await announceAs(w.people.distributor.token, cycleId);
    const [row] = (await announcementsOf(cycleId)).filter((candidate) => candidate.toAddress === "dan@example.org");
    await deliverAll([row.id]);
    const token = tokenIn(mailTo("dan@example.org")[0])!;

    const page = await callRoute(unsubscribePage, { path: `/unsubscribe/${token}`, params: { token } });
    expect(page.status).toBe(200);
    expect(await json(page)).toMatchObject({ state: "confirm", shop: "River Co-op" });
    expect((await consentOf("dan@example.org")).at).not.toBeNull();

    const forged = `${token.split(".")[0]}.${"A".repeat(43)}`;
    for (const bad of [forged, "nonsense", `${token}x`]) {
      const answer = await callRoute(unsubscribePage, { method: "POST", path: `/unsubscribe/${bad}`, params: { token: bad }, form: {} });
      expect(answer.status).toBe(404);
      expect(await json(answer)).toMatchObject({ state: "invalid" });
      expect((await callRoute(unsubscribeApi, { method: "POST", path: `/api/v1/unsubscribe/${bad}`, params: { token: bad } })).status).toBe(404);
    }
    expect((await consentOf("dan@example.org")).at).not.toBeNull();

    // The mail client's one-click POST: no cookie, no Origin of ours.
    const oneClick = await callRoute(unsubscribePage, {
      method: "POST",
      path: `/unsubscribe/${token}`,
      params: { token },
      form: { "List-Unsubscribe": "One-Click" },
      headers: { Origin: "https://mail.example.net" },
    });
    expect(oneClick.status).toBe(200);
    expect(await json(oneClick)).toMatchObject({ state: "withdrawn" });
    expect((await consentOf("dan@example.org")).at).toBeNull();

    const twice = await callRoute(unsubscribeApi, { method: "POST", path: `/api/v1/unsubscribe/${token}`, params: { token } });
    expect(twice.status).toBe(200);
    expect(await json(twice)).toMatchObject({ outcome: "already", subscribed: false });

    // Consent given again: the old link no longer withdraws it.
    await customer("dan@example.org", true);
    const stale = await callRoute(unsubscribeApi, { method: "POST", path: `/api/v1/unsubscribe/${token}`, params: { token } });
    expect(await json(stale)).toMatchObject({ outcome: "outdated" });
    expect((await consentOf("dan@example.org")).at).not.toBeNull();
  });

  test("a customer who unsubscribes between queueing and sending is not sent to", async () => {
    const cycleId = await openCycle("Unsubscribed meanwhile");
    await customer("eve@example.org", true);
    await announceAs(w.people.distributor.token, cycleId);
    const [row] = (await announcementsOf(cycleId)).filter((candidate) => candidate.toAddress === "eve@example.org");
    const token = /\/unsubscribe\/([\w.-]+)/.exec(row.text)![1];
    expect(row.unsubscribeUrl).toContain(token);
    expect((await callRoute(unsubscribeApi, { method: "POST", path: `/api/v1/unsubscribe/${token}`, params: { token } })).status).toBe(200);
    expect(await deliverOutboxEmail(row.id)).toBe("withdrawn");
    expect(mailTo("eve@example.org")).toHaveLength(0);
    const [after] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, row.id));
    expect(after.status).toBe("withdrawn");
  });
});

describe("quiet hours", () => {
  const paris = (local: string) => parseLocalDateTime(local, "Europe/Paris")!;
  const jobRunAt = async (outboxId: string) =>
    new Date((await getDb().execute<{ run_at: string }>(sql`select run_at::text from graphile_worker.jobs where key = ${`email:${outboxId}`}`))[0]?.run_at);

  test("an announcement queued at night in Paris waits for 08:00 there, across the change to winter time", async () => {
    const cycleId = await openCycle("Quiet hours");
    const fay = await customer("fay@example.org", true);
    const gus = await customer("gus@example.org", true);
    // 31 October 2027: clocks go back at 03:00 in Paris (UTC+2 in the evening, UTC+1 in the morning).
    await queueAnnouncement(getDb(), cycleId, w.distributor.id, { tags: [] }, paris("2027-10-30T22:30"));
    const [fayRow] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, announcementKey(cycleId, fay)));
    expect(fayRow.notBefore?.toISOString()).toBe("2027-10-31T07:00:00.000Z");
    expect(fayRow.status).toBe("queued");
    // The delivery job waits too: deferred, not dropped.
    expect((await jobRunAt(fayRow.id)).toISOString()).toBe("2027-10-31T07:00:00.000Z");
    const [gusRow] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, announcementKey(cycleId, gus)));
    expect(gusRow.notBefore?.toISOString()).toBe("2027-10-31T07:00:00.000Z");
  });

  test("outside quiet hours it leaves at once; before 08:00 it waits for the same morning", async () => {
    const cycleId = await openCycle("Quiet mornings");
    const hal = await customer("hal@example.org", true);
    await queueAnnouncement(getDb(), cycleId, w.distributor.id, {}, paris("2027-03-28T06:30")); // the morning clocks went forward
    const [row] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, announcementKey(cycleId, hal)));
    expect(row.notBefore?.toISOString()).toBe("2027-03-28T06:00:00.000Z"); // 08:00 CEST
    const day = await openCycle("Daytime");
    const ivy = await customer("ivy@example.org", true);
    const noon = paris("2026-12-09T12:00");
    await queueAnnouncement(getDb(), day, w.distributor.id, {}, noon);
    const [daytime] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, announcementKey(day, ivy)));
    expect(daytime.notBefore?.toISOString()).toBe(noon.toISOString());
  });
});

describe("closing soon", () => {
  test("a signed-in consenting buyer whose cart is not checked out gets one reminder N hours before the close", async () => {
    const cycleId = await openCycle("Closing soon", 10 * 60);
    const buyer = await createUser({ email: "jo@example.org", name: "Jo" });
    const shy = await createUser({ email: "kim@example.org", name: "Kim" });
    await customer("jo@example.org", true);
    await customer("kim@example.org", false);
    for (const who of [buyer, shy]) {
      await setCartLine(
        w.distributor.id,
        { userId: who.id, email: who.email },
        { userId: who.id, email: who.email, shareKeys: [], managedEnterpriseIds: [] },
        { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 2 },
      );
    }
    const [cycle] = await getDb().select({ closesAt: orderCycles.closesAt }).from(orderCycles).where(eq(orderCycles.id, cycleId));
    const closesAt = cycle.closesAt!.getTime();
    const reminders = () =>
      getDb()
        .select()
        .from(outboxEmails)
        .where(and(eq(outboxEmails.kind, "closing_soon"), eq(outboxEmails.cycleId, cycleId)));

    // 24 hours by default: ten hours before the close it is due (at noon in Paris, outside quiet hours or not).
    await getDb().update(enterprises).set({ closingReminderHours: 6 }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendClosingSoonReminders(new Date(closesAt - 7 * 3_600_000))).toBe(0);
    await getDb().update(enterprises).set({ closingReminderHours: 24 }).where(eq(enterprises.id, w.distributor.id));
    const now = new Date(closesAt - 9 * 3_600_000);
    expect(await sendClosingSoonReminders(now)).toBe(1);
    expect(await sendClosingSoonReminders(now)).toBe(0);
    expect(await sendClosingSoonReminders(new Date(closesAt - 3_600_000))).toBe(0);
    const rows = await reminders();
    expect(rows.map((row) => row.toAddress)).toEqual(["jo@example.org"]);
    expect(rows[0].unsubscribeUrl).toMatch(/\/unsubscribe\//);
    // Sent while the cart still waits (and the cycle is open): with the unsubscribe headers.
    expect(await deliverOutboxEmail(rows[0].id)).toBe("sent");
    const [mail] = mailTo("jo@example.org");
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(mail.text).toContain("2 items");
  });

  test("is off when the distributor says so, and a reminder held past checkout is not sent", async () => {
    const cycleId = await openCycle("Checked out meanwhile", 5 * 60);
    const buyer = await createUser({ email: "lou@example.org", name: "Lou" });
    await customer("lou@example.org", true);
    const { cartId } = await setCartLine(
      w.distributor.id,
      { userId: buyer.id, email: buyer.email },
      { userId: buyer.id, email: buyer.email, shareKeys: [], managedEnterpriseIds: [] },
      { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 1 },
    );
    await getDb().update(enterprises).set({ closingReminderHours: null }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendClosingSoonReminders(new Date())).toBe(0);
    await getDb().update(enterprises).set({ closingReminderHours: 24 }).where(eq(enterprises.id, w.distributor.id));
    expect(await sendClosingSoonReminders(new Date())).toBeGreaterThanOrEqual(1);
    const [row] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.orderId, cartId));
    expect(row.kind).toBe("closing_soon");
    const placed = await placeOrderApi(
      {
        distributorId: w.distributor.id,
        orderCycleId: cycleId,
        shippingMethodId: w.methods.distributor.shipping.id,
        paymentMethodId: w.methods.distributor.payment.id,
        lines: [{ variantId: w.variants.a[0], quantity: 1 }],
      },
      { token: buyer.token },
    );
    expect(placed.status).toBe(201);
    // The API order does not consume the shop cart; emptying it stands for the checkout.
    await getDb().execute(sql`delete from orders where id = ${cartId}`);
    expect(await deliverOutboxEmail(row.id)).toBe("withdrawn");
    expect(mailTo("lou@example.org").filter((mail) => mail.subject?.includes("waiting"))).toHaveLength(0);
  });
});
