// The outbox sweep: queued rows without a delivery job get one, however old they are.
import { eq, sql } from "drizzle-orm";
import { addJob } from "#app/jobs/queue.server";
import { runJobsOnce, startWorker } from "#app/jobs/worker.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { sweepOutbox } from "#app/mail/deliver.server";
import { enqueueEmail } from "#app/mail/outbox.server";
import { outgoingEmail, startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let smtp: SmtpCatcher;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  setEnv({ SMTP_URL: smtp.url });
});

afterAll(async () => {
  await smtp?.stop();
});

const DAY = 24 * 60 * 60 * 1000;

async function rowOf(id: string) {
  const [row] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, id));
  return row;
}

async function jobsWithKey(key: string) {
  const rows = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs where key = ${key}`);
  return rows[0].count;
}

function receivedBy(address: string) {
  return smtp.messages.filter((message) => message.to && !Array.isArray(message.to) && message.to.value.some((entry) => entry.address === address));
}

describe("the outbox sweep", () => {
  // Runs first: this file's database has no job queue until a worker starts.
  test("an email queued before the job queue existed is delivered as soon as a worker starts", async () => {
    const message = outgoingEmail();
    const id = await enqueueEmail(message);
    const worker = await startWorker({ pollInterval: 100, schedule: false, logLevel: "silent" });
    try {
      await smtp.waitFor(1);
      expect(receivedBy(message.to)).toHaveLength(1);
      for (let i = 0; i < 50 && (await rowOf(id!)).status !== "sent"; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await rowOf(id!)).status).toBe("sent");
    } finally {
      await worker.stop();
    }
  });

  test("a queued row older than a day that has no job is found by the sweep and delivered", async () => {
    const message = outgoingEmail();
    const [old] = await getDb()
      .insert(outboxEmails)
      .values({
        idempotencyKey: message.idempotencyKey,
        kind: message.kind,
        toAddress: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        html: message.html,
        text: message.text,
        createdAt: new Date(Date.now() - 3 * DAY),
      })
      .returning();
    const alreadySent = outgoingEmail();
    await getDb()
      .insert(outboxEmails)
      .values({
        idempotencyKey: alreadySent.idempotencyKey,
        kind: alreadySent.kind,
        toAddress: alreadySent.to,
        subject: alreadySent.subject,
        html: alreadySent.html,
        text: alreadySent.text,
        status: "sent",
        attempts: 1,
        sentAt: new Date(Date.now() - 2 * DAY),
        createdAt: new Date(Date.now() - 3 * DAY),
      });
    expect(await jobsWithKey(`email:${old.id}`)).toBe(0);

    await addJob("sweep_outbox", {});
    await runJobsOnce({ logLevel: "silent" });

    expect(receivedBy(message.to)).toHaveLength(1);
    expect(receivedBy(alreadySent.to)).toHaveLength(0);
    expect(await rowOf(old.id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  test("the sweep leaves alone a row whose delivery job is waiting, so it is not sent twice", async () => {
    const message = outgoingEmail();
    const id = await enqueueEmail(message);
    expect(await jobsWithKey(`email:${id}`)).toBe(1);

    expect(await sweepOutbox()).toBe(0);
    expect(await jobsWithKey(`email:${id}`)).toBe(1);

    await runJobsOnce({ logLevel: "silent" });
    expect(receivedBy(message.to)).toHaveLength(1);
  });

  test("the sweep gives a new job to a queued row whose job gave up before the row recorded it", async () => {
    const message = outgoingEmail();
    const id = await enqueueEmail(message);
    await getDb().execute(sql`update graphile_worker._private_jobs set attempts = max_attempts where key = ${`email:${id}`}`);

    expect(await sweepOutbox()).toBe(1);
    await runJobsOnce({ logLevel: "silent" });
    expect(receivedBy(message.to)).toHaveLength(1);
    expect((await rowOf(id!)).status).toBe("sent");
  });

  test("a row that is sent or failed is never swept", async () => {
    const failed = outgoingEmail();
    await getDb()
      .insert(outboxEmails)
      .values({
        idempotencyKey: failed.idempotencyKey,
        kind: failed.kind,
        toAddress: failed.to,
        subject: failed.subject,
        html: failed.html,
        text: failed.text,
        status: "failed",
        attempts: 8,
        createdAt: new Date(Date.now() - 10 * DAY),
      });
    expect(await sweepOutbox()).toBe(0);
  });
});
