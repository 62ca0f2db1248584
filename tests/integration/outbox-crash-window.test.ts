// Decision 0006's one window: the relay accepted a message and the worker died before it recorded
// the send. The row is still queued, so the next worker sends it again; the repeat must carry the
// same Message-ID (and X-Circuit-Outbox-Id), so receivers can drop it. Real `npm run worker`
// processes, killed with SIGKILL, and a real SMTP relay on 127.0.0.1.
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { enqueueEmail } from "#app/mail/outbox.server";
import { outgoingEmail, startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";
import { killWorkerProcesses, startWorkerProcess } from "#tests/support/worker-process";

let smtp: SmtpCatcher;
let side: postgres.Sql;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
  smtp = await startSmtpCatcher();
  side = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await killWorkerProcesses();
  await side?.end();
  await smtp?.stop();
});

const workerEnv = () => ({ SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>", WORKER_CONCURRENCY: "1" });

async function until(condition: () => Promise<boolean> | boolean, what: string, withinMs = 30_000) {
  const deadline = Date.now() + withinMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(50);
  }
}

const rowOf = async (id: string) => (await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, id)))[0];
const copiesTo = (address: string) => smtp.messages.filter((_, index) => smtp.envelopes[index].includes(address));

/** A second worker sends the row again: twice at the relay, one Message-ID, and the row sent once recorded. */
async function expectSentAgainAsTheSameMessage(id: string, to: string) {
  expect((await rowOf(id)).status, "the killed worker recorded nothing").toBe("queued");
  const second = startWorkerProcess(workerEnv());
  await until(async () => (await rowOf(id)).status === "sent", `the second worker sent ${id}\n${second.output()}`);
  await second.stop();
  const copies = copiesTo(to);
  expect(copies).toHaveLength(2);
  for (const copy of copies) {
    expect(copy.messageId).toBe(`<outbox.${id}@circuit.test>`);
    expect(copy.headers.get("x-circuit-outbox-id")).toBe(id);
  }
  expect(copies[1].subject).toBe(copies[0].subject);
  // The first attempt died with its transaction: one recorded attempt.
  expect(await rowOf(id)).toMatchObject({ status: "sent", attempts: 1 });
}

describe("the crash window between the relay's acceptance and the worker's record", () => {
  test(
    "a worker SIGKILLed after the relay answered 250, while it records the send, is followed by a resend with the same Message-ID",
    { timeout: 90_000 },
    async () => {
      const message = outgoingEmail();
      const id = (await getDb().transaction((tx) => enqueueEmail(message, tx)))!;
      // Holds the record: the worker's `update outbox_emails` waits behind this SHARE lock, after the
      // relay's 250 (its SELECT … FOR UPDATE is let through).
      const holder = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      const held = await holder.reserve();
      await held`begin`;
      await held`lock table outbox_emails in share mode`;
      try {
        const first = startWorkerProcess(workerEnv());
        await until(() => copiesTo(message.to).length === 1, `the relay accepted ${id}\n${first.output()}`);
        await until(async () => {
          const waiting = await side`
          select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.relation = 'outbox_emails'::regclass and not l.granted and a.query ilike 'update "outbox_emails"%'`;
          return waiting.length === 1;
        }, `the worker records the send of ${id}\n${first.output()}`);
        await first.stop("SIGKILL");
      } finally {
        await holder.end({ timeout: 1 });
      }
      await expectSentAgainAsTheSameMessage(id, message.to);
    },
  );

  test(
    "a worker SIGKILLed while the relay, having accepted the message, holds its reply is followed by a resend with the same Message-ID",
    { timeout: 90_000 },
    async () => {
      const message = outgoingEmail();
      const id = (await getDb().transaction((tx) => enqueueEmail(message, tx)))!;
      smtp.holdReplies();
      try {
        const first = startWorkerProcess(workerEnv());
        await until(() => smtp.heldReplies() === 1, `the relay accepted ${id}\n${first.output()}`);
        await first.stop("SIGKILL");
      } finally {
        smtp.releaseReplies();
      }
      expect(copiesTo(message.to)).toHaveLength(1);
      await expectSentAgainAsTheSameMessage(id, message.to);
    },
  );
});
