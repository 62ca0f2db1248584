// Email delivery through the outbox: a real worker sends queued rows to a real SMTP server.
import { eq, sql } from "drizzle-orm";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { enqueueEmail } from "#app/mail/outbox.server";
import { outgoingEmail, startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let smtp: SmtpCatcher;
let worker: WorkerHandle;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit Test <mailer@circuit.test>" });
  worker = await startWorker({ concurrency: 2, pollInterval: 100, schedule: false, logLevel: "silent" });
});

afterAll(async () => {
  await worker?.stop();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rowOf(id: string) {
  const [row] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, id));
  return row;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

function receivedBy(address: string) {
  return smtp.messages.filter((message) => message.to && !Array.isArray(message.to) && message.to.value.some((entry) => entry.address === address));
}

async function jobsWithKey(key: string) {
  const rows = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where key = ${key}`);
  return rows[0].count;
}

/**
 * Nothing more can be sent for this row: it is no longer queued and no delivery job of it is left
 * waiting or running (a worker sends only from such a job). What a sleep used to stand for.
 */
async function untilSettled(id: string) {
  await until(
    async () => ({ status: (await rowOf(id))?.status ?? "absent", jobs: await jobsWithKey(`email:${id}`) }),
    (state) => state.status !== "queued" && state.jobs === 0,
  );
}

/** Every delivery job of the queue has run: whatever the worker was going to send is in. */
async function untilQueueDrained() {
  await until(
    async () =>
      (await getDb().execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = 'deliver_email'`))[0].count,
    (count) => count === 0,
  );
}

describe("email delivery through the outbox", () => {
  test("a queued email is delivered once, with HTML and text parts, from MAIL_FROM, reply-to set and a Message-ID from its outbox id", async () => {
    const message = outgoingEmail({ subject: "Your order is ready", html: "<p>Pick it up <strong>Friday</strong></p>", text: "Pick it up Friday" });
    const id = await getDb().transaction((tx) => enqueueEmail(message, tx));
    expect(id).toBeDefined();

    await smtp.waitFor(1);
    await untilSettled(id!);

    const received = receivedBy(message.to);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.subject).toBe("Your order is ready");
    expect(mail.html).toContain("<strong>Friday</strong>");
    expect(mail.text?.trim()).toBe("Pick it up Friday");
    expect(mail.from?.value[0]).toMatchObject({ address: "mailer@circuit.test", name: "Circuit Test" });
    expect(mail.replyTo?.value[0].address).toBe("hub@example.test");
    expect(mail.messageId).toBe(`<outbox.${id}@circuit.test>`);

    const row = await rowOf(id!);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await jobsWithKey(`email:${id}`)).toBe(0);
  });

  test("the same idempotency key queued twice gives one row and one email", async () => {
    const message = outgoingEmail();
    const first = await getDb().transaction((tx) => enqueueEmail(message, tx));
    const second = await getDb().transaction((tx) => enqueueEmail({ ...message, subject: "A second try" }, tx));
    expect(first).toBeDefined();
    expect(second).toBeUndefined();

    await untilSettled(first!);
    await untilQueueDrained();
    const rows = await getDb().select().from(outboxEmails).where(eq(outboxEmails.idempotencyKey, message.idempotencyKey));
    expect(rows).toHaveLength(1);
    expect(receivedBy(message.to).map((mail) => mail.subject)).toEqual([message.subject]);
  });

  test("an email queued in a transaction that rolls back leaves no row, no job and sends nothing", async () => {
    const message = outgoingEmail();
    let queuedId: string | undefined;
    await expect(
      getDb().transaction(async (tx) => {
        queuedId = await enqueueEmail(message, tx);
        throw new Error("the causing change was refused");
      }),
    ).rejects.toThrow("refused");

    expect(queuedId).toBeDefined();
    expect(await rowOf(queuedId!)).toBeUndefined();
    expect(await jobsWithKey(`email:${queuedId}`)).toBe(0);
    // No row and no job: nothing can send it. Still, let the worker finish whatever it holds.
    await untilQueueDrained();
    expect(receivedBy(message.to)).toHaveLength(0);
  });

  test("an email queued without a transaction gets its row and its job together", async () => {
    const message = outgoingEmail();
    const id = await enqueueEmail(message);
    await until(
      () => rowOf(id!),
      (row) => row.status === "sent",
    );
    expect(receivedBy(message.to)).toHaveLength(1);
  });

  test("a refused delivery is recorded, retried after a backoff, then delivered", async () => {
    smtp.rejectNext(1);
    const message = outgoingEmail();
    const id = await enqueueEmail(message);

    const afterFailure = await until(
      () => rowOf(id!),
      (row) => row.attempts === 1,
    );
    expect(afterFailure.status).toBe("queued");
    expect(afterFailure.lastError).toMatch(/451|Try again later/);
    const [job] = await getDb().execute<{ attempts: number; run_at: Date }>(
      sql`select attempts, run_at from graphile_worker.jobs where key = ${`email:${id}`}`,
    );
    expect(job.attempts).toBe(1);
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(Date.now());

    // graphile-worker's first backoff is e¹ ≈ 2.7 s.
    const delivered = await until(
      () => rowOf(id!),
      (row) => row.status === "sent",
      15_000,
    );
    expect(delivered.attempts).toBe(2);
    expect(receivedBy(message.to)).toHaveLength(1);
  });

  test("after its last attempt an email is marked failed and no longer retried", async () => {
    const message = outgoingEmail();
    smtp.rejectNext(1);
    const id = await getDb().transaction(async (tx) => {
      const queued = await enqueueEmail(message, tx);
      // As if seven earlier attempts had been refused.
      await tx.update(outboxEmails).set({ attempts: 7 }).where(eq(outboxEmails.id, queued!));
      return queued;
    });

    const failed = await until(
      () => rowOf(id!),
      (row) => row.status !== "queued",
    );
    expect(failed).toMatchObject({ status: "failed", attempts: 8 });
    expect(failed.lastError).toMatch(/451|Try again later/);
    expect(failed.sentAt).toBeNull();
    await until(
      () => jobsWithKey(`email:${id}`),
      (count) => count === 0,
    );
    expect(receivedBy(message.to)).toHaveLength(0);
  });
  test("many emails share a few reused SMTP connections instead of one each", async () => {
    const before = smtp.connections();
    const received = smtp.messages.length;
    const messages = Array.from({ length: 20 }, () => outgoingEmail());
    await getDb().transaction(async (tx) => {
      for (const message of messages) await enqueueEmail(message, tx);
    });
    await smtp.waitFor(received + messages.length);
    for (const message of messages) expect(receivedBy(message.to)).toHaveLength(1);
    // At most SMTP_MAX_CONNECTIONS (4) new ones, and none when the pool's connections are still open.
    expect(smtp.connections() - before).toBeLessThanOrEqual(4);
  });
});
