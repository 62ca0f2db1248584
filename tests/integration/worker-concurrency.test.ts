// Several workers on one database: each queued email still leaves exactly once.
import { inArray, sql } from "drizzle-orm";
import { addJob, migrateJobQueue } from "#app/jobs/queue.server";
import { startWorker, type WorkerHandle } from "#app/jobs/worker.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { enqueueEmail } from "#emails/outbox.server";
import { outgoingEmail, startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let smtp: SmtpCatcher;
const workers: WorkerHandle[] = [];

beforeAll(async () => {
  // A slow relay keeps sends in flight long enough for the two workers to overlap.
  smtp = await startSmtpCatcher({ delayMs: 20 });
  setEnv({ SMTP_URL: smtp.url });
  setEnv({ MAIL_FROM: "Circuit <no-reply@circuit.test>" });
  await migrateJobQueue(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("workers sharing the queue", () => {
  test("two workers running at once deliver 30 queued emails exactly once each, even with a duplicate job per email", async () => {
    const ids = await getDb().transaction(async (tx) => {
      const queued: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const id = await enqueueEmail(outgoingEmail({ subject: `Batch message ${i}` }), tx);
        queued.push(id!);
        // A second, unkeyed job for the same row: only the row lock stands between it and a double send.
        await addJob("deliver_email", { outboxId: id! }, {}, tx);
      }
      return queued;
    });

    workers.push(
      ...(await Promise.all([1, 2].map(() => startWorker({ concurrency: 4, pollInterval: 100, schedule: false, logLevel: "silent" })))),
    );

    await smtp.waitFor(30, 20_000);
    // Both workers drain their queue; nothing more may arrive.
    for (let i = 0; i < 100; i += 1) {
      const [{ count }] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from graphile_worker.jobs`);
      if (count === 0) break;
      await sleep(100);
    }
    await sleep(300);

    expect(smtp.messages).toHaveLength(30);
    const messageIds = smtp.messages.map((message) => message.messageId);
    expect(new Set(messageIds).size).toBe(30);
    expect(messageIds.sort()).toEqual(ids.map((id) => `<outbox.${id}@circuit.test>`).sort());

    const rows = await getDb().select({ status: outboxEmails.status, attempts: outboxEmails.attempts }).from(outboxEmails).where(inArray(outboxEmails.id, ids));
    expect(rows).toHaveLength(30);
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });
});
