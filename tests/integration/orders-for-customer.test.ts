// Orders for others (docs/domain.md 12, decision 0048), through POST /api/v1/orders with
// onBehalfOf: a manager of the shop or of the coordinator types in a phone order for a customer,
// new (made in the shop's customer list with email, name and phone) or known (found by email,
// whatever its case); the order records who entered it, takes stock like a checkout, is confirmed
// to the customer in their language over SMTP, and may be entered after the close. Bad input is
// refused at its field with nothing written; a supplier, another shop or an outsider are refused.
import type { ParsedMail } from "mailparser";
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { customers, orderCycles, paymentMethods } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { putCustomer } from "#app/domain/shop/customers.server";
import { notifyProducersNow } from "#app/domain/notifications/closing.server";
import { isPhoneNumber } from "#app/domain/orders/customer-contact";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi, setStock, stockOf } from "#tests/support/shop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;
let cycleId: string;
let carrots: string;
let leeks: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Phone week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: ["vip-river"] });
  [carrots, leeks] = [w.variants.a[0], w.variants.a[1]];
  await setStock(carrots, 100);
  await setStock(leeks, 100);
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

const order = (onBehalfOf: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines: [{ variantId: carrots, quantity: 2 }],
  onBehalfOf,
  ...extra,
});

async function written() {
  const [row] = await getDb().execute<{ orders: number; customers: number; lines: number }>(sql`
    select (select count(*)::int from orders where state = 'placed') as orders,
      (select count(*)::int from customers) as customers,
      (select count(*)::int from order_lines) as lines`);
  return { ...row, carrots: await stockOf(carrots), leeks: await stockOf(leeks) };
}

async function orderRow(orderId: string) {
  const [row] = await getDb().execute<{
    buyer_id: string | null;
    email: string;
    buyer_name: string;
    phone: string;
    locale: string;
    entered_by_user_id: string | null;
    entered_by_enterprise_id: string | null;
  }>(sql`select buyer_id, email, buyer_name, phone, locale, entered_by_user_id, entered_by_enterprise_id from orders where id = ${orderId}`);
  return row;
}

async function mailFor(address: string, subjectStart: string): Promise<ParsedMail> {
  const started = Date.now();
  for (;;) {
    const found = smtp.messages.filter((message) => message.subject?.startsWith(subjectStart) && JSON.stringify(message.to).includes(address));
    if (found.length > 0) return found[0];
    if (Date.now() - started > 15_000) throw new Error(`No "${subjectStart}" email for ${address}; got ${smtp.messages.map((m) => m.subject).join("; ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a manager enters an order for a customer", () => {
  test("a new customer: made in the shop's list with email, name and phone; the order records who entered it and takes stock", async () => {
    const before = await written();
    const placed = await placeOrderApi(order({ email: "Jeanne.Phone@Example.org", name: "Jeanne Phone", phone: "+33 6 12 34 56 78" }), {
      token: w.people.distributor.token,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.enteredBy).toEqual({ userId: w.people.distributor.id, enterpriseId: w.distributor.id });
    const row = await orderRow(placed.body.id);
    expect(row).toMatchObject({
      buyer_id: null,
      email: "jeanne.phone@example.org",
      buyer_name: "Jeanne Phone",
      phone: "+33 6 12 34 56 78",
      entered_by_user_id: w.people.distributor.id,
      entered_by_enterprise_id: w.distributor.id,
    });
    const [customer] = await getDb()
      .select()
      .from(customers)
      .where(sql`lower(${customers.email}) = 'jeanne.phone@example.org'`);
    expect(customer).toMatchObject({ distributorId: w.distributor.id, name: "Jeanne Phone", phone: "+33 6 12 34 56 78", userId: null });
    expect(await stockOf(carrots)).toBe(before.carrots! - 2);
    // The same price as the shop: the buyer's own checkout of the same lines costs the same.
    const buyer = await createUser({ name: "Shop Buyer" });
    await putCustomer(w.actors.distributor, w.distributor.id, { email: buyer.email, tags: ["vip-river"] });
    const own = await placeOrderApi({ ...order({}), onBehalfOf: undefined }, { token: buyer.token });
    expect(own.status).toBe(201);
    expect(placed.body.totalCents).toBe(own.body.totalCents);
    expect(own.body.enteredBy).toBeNull();
    // The exchange is private (tagged): that does not keep its own managers out, and the customer is told.
    const mail = await mailFor("jeanne.phone@example.org", `Order ${placed.body.number} confirmed`);
    expect(mail.subject).toContain("River Co-op");
  });

  test("a known customer is found by email whatever its case: no second row, their name and phone kept", async () => {
    await putCustomer(w.actors.distributor, w.distributor.id, { email: "Paul.Known@example.org", name: "Paul Known", tags: ["vip-river"] });
    await getDb()
      .update(customers)
      .set({ phone: "01 23 45 67 89" })
      .where(sql`lower(${customers.email}) = 'paul.known@example.org'`);
    const placed = await placeOrderApi(order({ email: "PAUL.KNOWN@EXAMPLE.ORG" }), { token: w.people.hub.token });
    expect(placed.status).toBe(201);
    const rows = await getDb()
      .select()
      .from(customers)
      .where(sql`lower(${customers.email}) = 'paul.known@example.org'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "Paul Known", phone: "01 23 45 67 89", tags: ["vip-river"] });
    // The coordinator's manager entered it, for the coordinator.
    expect(await orderRow(placed.body.id)).toMatchObject({
      buyer_name: "Paul Known",
      phone: "01 23 45 67 89",
      entered_by_user_id: w.people.hub.id,
      entered_by_enterprise_id: w.hub.id,
    });
  });

  test("a French customer with an account gets the order in their account and the confirmation in French, over SMTP", async () => {
    const marie = await createUser({ name: "Marie Dupont", locale: "fr" });
    const placed = await placeOrderApi(order({ email: marie.email.toUpperCase(), phone: "06 11 22 33 44" }), {
      token: w.people.distributor.token,
      headers: { "Accept-Language": "en-GB,en;q=0.9" },
    });
    expect(placed.status).toBe(201);
    expect(await orderRow(placed.body.id)).toMatchObject({ buyer_id: marie.id, locale: "fr", buyer_name: "Marie Dupont" });
    const mail = await mailFor(marie.email, `Commande ${placed.body.number}`);
    expect(mail.subject).toBe(`Commande ${placed.body.number} confirmée · River Co-op`);
    expect(mail.html as string).toContain('lang="fr"');
  });

  test("a new customer without an account hears in the language chosen for them, else the shop's", async () => {
    const chosen = await placeOrderApi(order({ email: "luc@example.org", name: "Luc", locale: "fr" }), { token: w.people.distributor.token });
    expect(chosen.status).toBe(201);
    expect((await orderRow(chosen.body.id)).locale).toBe("fr");
    await getDb().execute(sql`update enterprises set locale = 'fr' where id = ${w.distributor.id}`);
    try {
      const shops = await placeOrderApi(order({ email: "anne@example.org", name: "Anne" }), { token: w.people.distributor.token });
      expect((await orderRow(shops.body.id)).locale).toBe("fr");
    } finally {
      await getDb().execute(sql`update enterprises set locale = 'en' where id = ${w.distributor.id}`);
    }
    // Their last order here says it next time.
    const again = await placeOrderApi(order({ email: "anne@example.org" }), { token: w.people.distributor.token });
    expect((await orderRow(again.body.id)).locale).toBe("fr");
  });

  test("after the close the hub's side still enters orders (taking stock); the buyer's own checkout is refused", async () => {
    const closed = await seedCycle(w, { name: "Closed week", opensAt: minuteFromNow(-120), closesAt: minuteFromNow(60) });
    await putOutgoingExchange(w.actors.hub, closed, w.distributor.id, { tags: [] });
    await getDb()
      .update(orderCycles)
      .set({ closesAt: minuteFromNow(-1), processedClosesAt: minuteFromNow(-1) })
      .where(eq(orderCycles.id, closed));
    // The producers were already told what to bring: the late order reaches Farm A as an amendment.
    await notifyProducersNow(w.actors.hub, closed, new Date());
    const stock = await stockOf(carrots);
    const buyer = await createUser({ name: "Late Buyer" });
    const own = await placeOrderApi({ ...order({}), orderCycleId: closed, onBehalfOf: undefined }, { token: buyer.token });
    expect(own.status).toBe(409);
    const entered = await placeOrderApi(order({ email: "late@example.org", name: "Late Caller" }, { orderCycleId: closed }), {
      token: w.people.distributor.token,
    });
    expect(entered.status).toBe(201);
    expect(await stockOf(carrots)).toBe(stock! - 2);
    const jobs = await getDb().execute<{ key: string }>(sql`select key from graphile_worker.jobs where key like ${`supplier-amendment:${closed}:%`}`);
    expect(jobs.map((job) => job.key)).toEqual([`supplier-amendment:${closed}:${w.supplierA.id}`]);
  });

  test("before the cycle opens, nobody enters orders (409, nothing written)", async () => {
    const upcoming = await seedCycle(w, { name: "Upcoming week" });
    await putOutgoingExchange(w.actors.hub, upcoming, w.distributor.id, { tags: [] });
    const before = await written();
    const response = await placeOrderApi(order({ email: "early@example.org" }, { orderCycleId: upcoming }), { token: w.people.hub.token });
    expect(response.status).toBe(409);
    expect(response.body.error.fields.orderCycleId).toBeTruthy();
    expect(await written()).toEqual(before);
  });
});

describe("refusals leave everything as it was", () => {
  test.each([
    ["a supplier of the cycle", 403, () => w.people.supplierA.token],
    ["another shop of the cycle", 403, () => w.people.lake.token],
    ["an unrelated hub", 404, () => w.people.unrelated.token],
    ["a plain user", 404, () => w.people.nobody.token],
  ])("%s: %i", async (_who, status, token) => {
    if (status === 403) await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
    const before = await written();
    const response = await placeOrderApi(order({ email: "victim@example.org", name: "Victim" }), { token: token() });
    expect(response.status).toBe(status);
    expect(await written()).toEqual(before);
  });

  test("without signing in: 401", async () => {
    const before = await written();
    const response = await placeOrderApi(order({ email: "anon@example.org" }));
    expect(response.status).toBe(401);
    expect(await written()).toEqual(before);
  });

  test("a bad email or phone: 422 at the field, in the caller's language, nothing written", async () => {
    const before = await written();
    const badEmail = await placeOrderApi(order({ email: "not-an-email", phone: "06 12 34 56 78" }), { token: w.people.distributor.token });
    expect(badEmail.status).toBe(422);
    expect(Object.keys(badEmail.body.error.fields)).toEqual(["onBehalfOf.email"]);
    const badPhone = await placeOrderApi(order({ email: "ok@example.org", phone: "call me maybe" }), {
      token: w.people.distributor.token,
      headers: { "Accept-Language": "fr" },
    });
    expect(badPhone.status).toBe(422);
    expect(badPhone.body.error.fields["onBehalfOf.phone"]).toMatch(/numéro de téléphone/);
    expect(await written()).toEqual(before);
  });

  test("the phone rule (pure)", () => {
    for (const good of ["+33 6 12 34 56 78", "06-12-34-56-78", "(01) 23.45.67.89", "0612345678"]) expect(isPhoneNumber(good)).toBe(true);
    for (const bad of ["12345", "call me", "06 12 34 56 78 ext 2", "+33 6 12 34 56 78 90 12 34 56 78 90"]) expect(isPhoneNumber(bad)).toBe(false);
  });

  test("a card method needs its holder: 422 on the payment method, nothing written", async () => {
    const [card] = await getDb().insert(paymentMethods).values({ enterpriseId: w.distributor.id, name: "Card", kind: "stripe" }).returning();
    await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, {
      paymentMethodIds: [w.methods.distributor.payment.id, card.id],
    });
    const before = await written();
    const response = await placeOrderApi(order({ email: "card@example.org" }, { paymentMethodId: card.id }), { token: w.people.distributor.token });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.error.fields)).toEqual(["paymentMethodId"]);
    expect(await written()).toEqual(before);
  });

  test("beyond the stock: 409 on the line saying how many are left, nothing written", async () => {
    await setStock(leeks, 3);
    const before = await written();
    const response = await placeOrderApi(
      order(
        { email: "greedy@example.org" },
        {
          lines: [
            { variantId: carrots, quantity: 1 },
            { variantId: leeks, quantity: 4 },
          ],
        },
      ),
      {
        token: w.people.distributor.token,
      },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("out_of_stock");
    expect(response.body.error.fields[`lines.${leeks}`]).toMatch(/3/);
    expect(await written()).toEqual(before);
  });

  test("racing managers never sell more than the stock: 12 phone orders at once for 5 leeks, exactly 5 placed", async () => {
    await setStock(leeks, 5);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        placeOrderApi(order({ email: `race${index}@example.org` }, { lines: [{ variantId: leeks, quantity: 1 }] }), {
          token: index % 2 ? w.people.hub.token : w.people.distributor.token,
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(7);
    expect(await stockOf(leeks)).toBe(0);
  });
});
