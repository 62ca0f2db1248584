// Decision 0053 with decision 0006's crash window: a worker process killed (SIGKILL) in the middle
// of a cycle's announcement, then restarted, delivers each consenting customer's email once, with
// the Message-ID of its outbox row, and sends nothing to a customer who unsubscribed meanwhile.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq, like, sql } from "drizzle-orm";
import { queueAnnouncement } from "#app/domain/marketing/announcements.server";
import { unsubscribeWithToken } from "#app/domain/marketing/consent.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { parseLocalDateTime } from "#app/domain/time";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle } from "#tests/support/coop";
import { grantMarketingConsent } from "#app/domain/marketing/consent.server";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

const root = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
});

/** `npm run worker` as its own process, one job at a time (node itself, so SIGKILL hits the process holding the jobs). */
function startWorkerProcess(smtpUrl: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, SMTP_URL: smtpUrl, MAIL_FROM: "Circuit <no-reply@circuit.test>", WORKER_CONCURRENCY: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Until every announcement row of the cycle is settled (sent or withdrawn) and no delivery job is left: nothing more can arrive. */
async function settle(smtp: SmtpCatcher, expected: number, cycleId: string) {
  await smtp.waitFor(expected, 60_000);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await getDb().execute<{ unsettled: number; jobs: number }>(sql`
      select (select count(*)::int from outbox_emails where idempotency_key like ${`announce:${cycleId}:%`} and status not in ('sent', 'withdrawn')) as unsettled,
             (select count(*)::int from graphile_worker.jobs where task_identifier = 'deliver_email') as jobs`);
    if (row.unsettled === 0 && row.jobs === 0) return;
    if (Date.now() > deadline) throw new Error(`Still ${row.unsettled} unsettled row(s) and ${row.jobs} delivery job(s) after 30 s`);
    await sleep(50);
  }
}

test("a worker killed mid-announcement, then restarted, sends each customer one email with its row's Message-ID", { timeout: 120_000 }, async () => {
  const w = await coopPlus();
  const cycleId = await seedCycle(w, { name: "Announced through a crash", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(7 * 24 * 60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  const emails = Array.from({ length: 30 }, (_, index) => `customer-${index}@example.org`);
  for (const email of emails) await grantMarketingConsent(getDb(), w.distributor.id, email, "checkout", new Date());
  // Queued at noon in Paris (outside quiet hours), so the jobs may run at once.
  const noon = parseLocalDateTime("2026-12-03T12:00", "Europe/Paris")!;
  expect(await queueAnnouncement(getDb(), cycleId, w.distributor.id, {}, noon)).toBe(30);
  const rows = await getDb()
    .select()
    .from(outboxEmails)
    .where(like(outboxEmails.idempotencyKey, `announce:${cycleId}:%`));
  // One customer unsubscribes after queueing, before any worker runs.
  const leaver = rows.find((row) => row.toAddress === emails[29])!;
  expect((await unsubscribeWithToken(leaver.unsubscribeUrl!.split("/unsubscribe/")[1]))?.outcome).toBe("withdrawn");

  let first: ChildProcess | undefined;
  // Each message is held a quarter second before the relay accepts it: the kill lands inside a send.
  const smtp = await startSmtpCatcher({
    delayMs: 250,
    onHold: (held) => {
      if (held === 10) first?.kill("SIGKILL");
    },
  });
  try {
    first = startWorkerProcess(smtp.url);
    await new Promise((resolve) => first!.once("exit", resolve));
    expect(smtp.messages.length).toBeGreaterThan(3);
    expect(smtp.messages.length).toBeLessThan(29);

    const second = startWorkerProcess(smtp.url);
    await settle(smtp, 29, cycleId);
    await stopProcess(second);

    const byAddress = new Map<string, string[]>();
    for (const message of smtp.messages) {
      const to = !Array.isArray(message.to) ? message.to?.value[0]?.address : undefined;
      if (to) byAddress.set(to, [...(byAddress.get(to) ?? []), message.messageId ?? ""]);
    }
    for (const email of emails.slice(0, 29)) {
      const row = rows.find((candidate) => candidate.toAddress === email)!;
      expect(byAddress.get(email), email).toEqual([`<outbox.${row.id}@circuit.test>`]);
    }
    expect(byAddress.has(emails[29])).toBe(false);
    expect(smtp.messages).toHaveLength(29);
    const [withdrawn] = await getDb().select({ status: outboxEmails.status }).from(outboxEmails).where(eq(outboxEmails.id, leaver.id));
    expect(withdrawn.status).toBe("withdrawn");
    // Announcing again after the crash queues nobody twice.
    expect(await queueAnnouncement(getDb(), cycleId, w.distributor.id, {}, noon)).toBe(0);
  } finally {
    await smtp.stop();
  }
});
