// Several workers on one database: each queued email still leaves exactly once. Two real
// `npm run worker` processes, as operators run workers apart; each names itself in its From so the
// test sees that both took part.
import { inArray, sql } from "drizzle-orm";
import { addJob, migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { enqueueEmail } from "#app/mail/outbox.server";
import { outgoingEmail, startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { killWorkerProcesses, startWorkerProcess } from "#tests/support/worker-process";

let smtp: SmtpCatcher;

beforeAll(async () => {
  // A slow relay keeps sends in flight long enough for the two workers to overlap.
  smtp = await startSmtpCatcher({ delayMs: 20 });
  await migrateJobQueue(process.env.DATABASE_URL!);
});

afterAll(async () => {
  await killWorkerProcesses();
  await smtp?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("workers sharing the queue", () => {
  test(
    "two worker processes running at once deliver 30 queued emails exactly once each, even with a duplicate job per email",
    { timeout: 120_000 },
    async () => {
      const workers = ["A", "B"].map((name) =>
        startWorkerProcess({ SMTP_URL: smtp.url, MAIL_FROM: `Worker ${name} <no-reply@circuit.test>`, WORKER_CONCURRENCY: "4" }),
      );
      await Promise.all(workers.map((worker) => worker.ready));

      // Queued once both listen: the commit wakes both, and they share the jobs.
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

      // Done when no delivery job is left: each ran (and its send, if any, reached the relay) before
      // it was deleted, so nothing more can arrive.
      const deadline = Date.now() + 60_000;
      for (;;) {
        const [{ count }] = await getDb().execute<{ count: number }>(
          sql`select count(*)::int as count from graphile_worker.jobs where task_identifier = 'deliver_email'`,
        );
        if (count === 0) break;
        if (Date.now() > deadline) throw new Error(`${count} delivery jobs left after 60 s:\n${workers.map((worker) => worker.output()).join("\n")}`);
        await sleep(100);
      }
      await Promise.all(workers.map((worker) => worker.stop()));

      expect(smtp.messages).toHaveLength(30);
      const messageIds = smtp.messages.map((message) => message.messageId);
      expect(new Set(messageIds).size).toBe(30);
      expect(messageIds.sort()).toEqual(ids.map((id) => `<outbox.${id}@circuit.test>`).sort());
      // Both processes delivered some of them.
      const senders = new Set(smtp.messages.map((message) => message.from?.value[0]?.name));
      expect([...senders].sort()).toEqual(["Worker A", "Worker B"]);

      const rows = await getDb()
        .select({ status: outboxEmails.status, attempts: outboxEmails.attempts })
        .from(outboxEmails)
        .where(inArray(outboxEmails.id, ids));
      expect(rows).toHaveLength(30);
      expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    },
  );
});
