// The buyer's confirmation email (docs/domain.md section 5), delivered by the outbox worker to a real
// SMTP server: the shop, ready for, pickup point, pickup instructions, lines, fees and totals, in
// the buyer's language (their account's, else their browser's), with the shop in reply-to.
import type { ParsedMail } from "mailparser";
import { sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { eq } from "drizzle-orm";
import { getDb, recordQueries, type RecordedQuery } from "#db/connection.server";
import { outboxEmails, paymentMethods, shippingMethods } from "#db/schema";
import { coopPlus, insertFee, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { cancelOrderApi, placeOrderApi, setStock } from "#tests/support/shop";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { createUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

let w: CoopPlus;
let smtp: SmtpCatcher;
let worker: WorkerHandle;
let cycleId: string;
let pickupId: string;
let transferId: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
  w = await coopPlus();
  const [pickup] = await getDb()
    .insert(shippingMethods)
    .values({ enterpriseId: w.distributor.id, name: "Market hall", kind: "pickup", address: "3 Quai des Arts", openingHours: "Fri 17-19", feeCents: 50 })
    .returning();
  const [transfer] = await getDb()
    .insert(paymentMethods)
    .values({ enterpriseId: w.distributor.id, name: "Bank transfer", kind: "bank_transfer", instructions: "IBAN FR76 0000 1111" })
    .returning();
  pickupId = pickup.id;
  transferId = transfer.id;
  // Per item: hub, Farm A and River take 10 cents each (carrots 1 kg 250 -> 280, 3 kg 700 -> 730).
  // Per order: River's crate deposit of 1.50.
  const crates = await insertFee(w.distributor.id, "Crate deposit", "flat_rate", { amountCents: 150 });
  cycleId = await seedCycle(w, { name: "Email week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, {
    tags: [],
    feeIds: [w.fees.distributor.id, crates.id],
    pickupInstructions: "Back door, ring twice",
    shippingMethodIds: [pickupId],
    paymentMethodIds: [transferId],
  });
  for (const variantId of w.variants.a) await setStock(variantId, null);
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

const order = (extra: Record<string, unknown> = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: pickupId,
  paymentMethodId: transferId,
  // 2 x 2.80 + 1 x 7.30 = 12.90 of items; 1.50 crates + 0.50 pickup = 2.00 of fees; 14.90 in all.
  lines: [
    { variantId: w.variants.a[0], quantity: 2 },
    { variantId: w.variants.a[1], quantity: 1 },
  ],
  ...extra,
});

async function mailFor(address: string, subjectStart: string): Promise<ParsedMail> {
  const started = Date.now();
  for (;;) {
    const found = smtp.messages.filter((message) => message.subject?.startsWith(subjectStart) && JSON.stringify(message.to).includes(address));
    if (found.length > 0) {
      expect(found).toHaveLength(1);
      return found[0];
    }
    if (Date.now() - started > 15_000)
      throw new Error(`No "${subjectStart}" email for ${address}; got ${smtp.messages.map((m) => `${m.subject} -> ${JSON.stringify(m.to)}`).join("; ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until nothing to this address (or to anyone) is queued or has a delivery job left: nothing more can be sent to it. */
async function settled(address?: string) {
  const started = Date.now();
  for (;;) {
    const [row] = await getDb().execute<{ pending: number }>(sql`
      select count(*)::int as pending from outbox_emails o
      where (${address ?? null}::text is null or o.to_address = ${address ?? null})
        and (o.status = 'queued' or exists (select 1 from graphile_worker.jobs j where j.key = 'email:' || o.id))`);
    if (row.pending === 0) return;
    if (Date.now() - started > 15_000) throw new Error(`${row.pending} email(s) to ${address ?? "anyone"} still pending`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lines = (text: string | undefined) => (text ?? "").split("\n").map((line) => line.trim());

describe("the confirmation email", () => {
  test("in English for an English-speaking buyer: everything the buyer needs, over SMTP", async () => {
    const buyer = await createUser({ name: "Emma English" });
    const placed = await placeOrderApi(order(), { token: buyer.token });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ itemsTotalCents: 1290, feesTotalCents: 200, totalCents: 1490 });
    const number = placed.body.number as string;

    const mail = await mailFor(buyer.email, `Order ${number} confirmed`);
    expect(mail.subject).toBe(`Order ${number} confirmed · River Co-op`);
    expect(mail.from?.value[0].address).toBe("no-reply@circuit.test");
    expect(mail.replyTo?.value[0].address).toBe(w.people.distributor.email);

    const text = lines(mail.text);
    expect(text).toContain(`Thank you! River Co-op has your order ${number}.`);
    expect(text).toContain("Ready for: Friday river");
    expect(text).toContain("Pickup at: Market hall · 3 Quai des Arts · Fri 17-19");
    expect(text).toContain("Payment: Bank transfer");
    expect(text).toContain("Back door, ring twice");
    expect(text).toContain("IBAN FR76 0000 1111");
    expect(text).toContain("Carrots (1 kg)  2 × €2.80  €5.60");
    expect(text).toContain("Carrots (3 kg)  1 × €7.30  €7.30");
    expect(text).toContain("Crate deposit · River Co-op, on the whole order  €1.50");
    expect(text).toContain("Market hall  €0.50");
    expect(text).toContain("Total: €14.90");
    expect(mail.text).toMatch(new RegExp(`http://localhost:3000/orders/${placed.body.id}\\?key=[A-Za-z0-9_-]{32}`));

    // The HTML part says the same.
    const html = mail.html as string;
    for (const fragment of [
      "Friday river",
      "Market hall · 3 Quai des Arts · Fri 17-19",
      "Back door, ring twice",
      "Carrots (1 kg)",
      "2 × €2.80",
      "€5.60",
      "€7.30",
      "Crate deposit",
      "€1.50",
      "€0.50",
      "€14.90",
    ]) {
      expect(html).toContain(fragment);
    }
    expect(html).toContain('lang="en"');
  });

  test("in French for a buyer whose account is in French, whatever the browser says", async () => {
    const buyer = await createUser({ name: "Françoise", locale: "fr" });
    const placed = await placeOrderApi(order(), { token: buyer.token, headers: { "Accept-Language": "en-GB,en;q=0.9" } });
    expect(placed.status).toBe(201);
    const number = placed.body.number as string;

    const mail = await mailFor(buyer.email, `Commande ${number}`);
    expect(mail.subject).toBe(`Commande ${number} confirmée · River Co-op`);
    const text = lines(mail.text);
    expect(text).toContain(`Merci ! River Co-op a bien reçu votre commande ${number}.`);
    expect(text).toContain("Prête pour : Friday river");
    expect(text).toContain("Retrait à : Market hall · 3 Quai des Arts · Fri 17-19");
    expect(text).toContain("Instructions de retrait :");
    expect(text).toContain("Back door, ring twice");
    expect(text).toContain("Carrots (1 kg)  2 × 2,80\u00a0€  5,60\u00a0€");
    expect(text).toContain("Carrots (3 kg)  1 × 7,30\u00a0€  7,30\u00a0€");
    expect(text).toContain("Crate deposit · River Co-op, sur toute la commande  1,50\u00a0€");
    expect(text).toContain("Market hall  0,50\u00a0€");
    expect(text).toContain("Total : 14,90\u00a0€");
    expect(mail.html as string).toContain('lang="fr"');
  });

  test("in French for a guest whose browser asks for French", async () => {
    const placed = await placeOrderApi(order({ email: "invite@example.org", name: "Invité" }), { headers: { "Accept-Language": "fr-FR,fr;q=0.9" } });
    expect(placed.status).toBe(201);
    const mail = await mailFor("invite@example.org", `Commande ${placed.body.number}`);
    expect(mail.subject).toBe(`Commande ${placed.body.number} confirmée · River Co-op`);
    expect(lines(mail.text)).toContain("Total : 14,90\u00a0€");
  });

  test("a cancellation is told too, once", async () => {
    const buyer = await createUser({ name: "Cancels" });
    const placed = await placeOrderApi(order({ lines: [{ variantId: w.variants.a[0], quantity: 1 }] }), { token: buyer.token });
    await mailFor(buyer.email, `Order ${placed.body.number} confirmed`);
    expect((await cancelOrderApi(placed.body.id, { token: buyer.token })).status).toBe(200);
    expect((await cancelOrderApi(placed.body.id, { token: buyer.token })).status).toBe(200);
    const mail = await mailFor(buyer.email, `Order ${placed.body.number} cancelled`);
    expect(mail.subject).toBe(`Order ${placed.body.number} cancelled · River Co-op`);
    // Not a sleep as proof that no second one comes: wait until nothing more can be sent, then count.
    await settled(buyer.email);
    expect(smtp.messages.filter((message) => message.subject?.startsWith(`Order ${placed.body.number} cancelled`))).toHaveLength(1);
  });
});

/**
 * The statements of a request's transaction, begin to commit. The worker runs in this process and
 * its deliveries would be recorded too: each order is placed once every email already queued is
 * sent, and its own is sent only after its commit.
 */
function upToCommit(queries: RecordedQuery[]) {
  const statements = queries.map((query) => query.query.trim().toLowerCase());
  return { transaction: statements.slice(statements.indexOf("begin"), statements.indexOf("commit") + 1) };
}

describe("placing an order (docs/performance.md P3, decision 0061)", () => {
  // A guest's order: begin; the shop, its cycles and its payment methods; whether the email is an
  // account's; the cycle held; variants with their limits, fees, the shipping method; stock;
  // capacity; the customer; the order, its lines, its fee adjustments; the outbox row with its job;
  // the webhook endpoints; commit. Before decision 0061: 20, with the chosen payment method and the
  // per-buyer limits read again.
  const GUEST_STATEMENTS = 18;

  test("costs a fixed number of statements, whatever its number of lines, and the worker renders its email", async () => {
    const guest = async (orderLines: { variantId: string; quantity: number }[]) => {
      await settled();
      return recordQueries(() => placeOrderApi(order({ email: "counted@example.org", name: "Counted", lines: orderLines })));
    };
    const one = await guest([{ variantId: w.variants.a[0], quantity: 1 }]);
    // Both variants this shop sells in the cycle.
    const two = await guest([
      { variantId: w.variants.a[0], quantity: 1 },
      { variantId: w.variants.a[1], quantity: 2 },
    ]);
    expect(one.result.status).toBe(201);
    expect(two.result.status).toBe(201);
    const counted = [upToCommit(one.queries), upToCommit(two.queries)];
    expect(counted[0].transaction.length).toBeLessThanOrEqual(GUEST_STATEMENTS);
    expect(counted[1].transaction.length).toBe(counted[0].transaction.length);
    // One multi-row INSERT of the lines.
    expect(counted[1].transaction.filter((statement) => statement.startsWith('insert into "order_lines"'))).toHaveLength(1);
    // No re-read of what was written: nothing selects from orders or order_lines after the order's INSERT.
    const afterInsert = counted[1].transaction.slice(counted[1].transaction.findIndex((statement) => statement.startsWith('insert into "orders"')));
    expect(afterInsert.filter((statement) => /^select [^()]* from "(orders|order_lines)"/.test(statement))).toEqual([]);

    // A signed-in buyer's: their tags instead of the account check of the guest's email.
    const buyer = await createUser({ name: "Counted buyer" });
    await settled();
    const signedIn = await recordQueries(() => placeOrderApi(order(), { token: buyer.token }));
    expect(signedIn.result.status).toBe(201);
    expect(upToCommit(signedIn.queries).transaction.length).toBeLessThanOrEqual(GUEST_STATEMENTS);

    // The outbox row is queued with the order's id and kind only; the worker renders and sends it.
    const [queued] = await getDb()
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.idempotencyKey, `order:${two.result.body.id}:placed`));
    expect(queued).toMatchObject({ kind: "order_placed", orderId: two.result.body.id, toAddress: "counted@example.org" });
    const number = two.result.body.number as string;
    const mail = await mailFor("counted@example.org", `Order ${number} confirmed`);
    expect(mail.subject).toBe(`Order ${number} confirmed · River Co-op`);
    expect(mail.replyTo?.value[0].address).toBe(w.people.distributor.email);
    const text = lines(mail.text);
    expect(text).toContain(`Thank you! River Co-op has your order ${number}.`);
    expect(text).toContain("Pickup at: Market hall · 3 Quai des Arts · Fri 17-19");
    expect(text).toContain("Back door, ring twice");
    expect(text).toContain("Carrots (1 kg)  1 × €2.80  €2.80");
    expect(text).toContain(`Total: €${(two.result.body.totalCents / 100).toFixed(2)}`);
    // What was sent is kept on the row, so a retry or the dev mail page shows the same message.
    await settled("counted@example.org");
    const [sent] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, queued.id));
    expect(sent).toMatchObject({ status: "sent", renderOnSend: false, subject: mail.subject });
    expect(sent.text).toContain(`Thank you! River Co-op has your order ${number}.`);
  });
});
