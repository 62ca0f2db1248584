// docs/quality.md R2: a worker process killed (SIGKILL) mid-way through 50 producers, then restarted,
// and two workers at once: every producer gets exactly one email. Also: a crash while queueing
// leaves nothing half-written.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq, inArray, like, sql } from "drizzle-orm";
import { processDueCycles } from "#app/domain/notifications/closing.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycles, outboxEmails } from "#db/schema";
import { insertLargeCycle } from "#tests/support/coop";
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

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** `npm run worker` as its own process, one job at a time. */
function startWorkerProcess(smtpUrl: string): ChildProcess {
  // node itself (not the tsx wrapper), so a SIGKILL hits the process that holds the jobs.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, SMTP_URL: smtpUrl, MAIL_FROM: "Circuit <no-reply@circuit.test>", WORKER_CONCURRENCY: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** A closed cycle with automatic notification and 50 producers, each with its own address. */
async function closedCycleOf50() {
  const big = await insertLargeCycle({ suppliers: 50, variantsEach: 1, distributors: 1 });
  await getDb().execute(sql`update enterprises set email = 'farm-' || id || '@example.test' where id in ${big.supplierIds}`);
  await getDb()
    .update(orderCycles)
    .set({ automaticNotifications: true, opensAt: new Date(Date.now() - 3 * 3_600_000), closesAt: new Date(Date.now() - 60_000) })
    .where(eq(orderCycles.id, big.cycleId));
  const emails = (await getDb().select({ email: enterprises.email }).from(enterprises).where(inArray(enterprises.id, big.supplierIds))).map((row) => row.email);
  return { ...big, emails };
}

function countPerAddress(smtp: SmtpCatcher, addresses: string[]) {
  const counts = new Map(addresses.map((address) => [address, 0]));
  for (const envelope of smtp.envelopes) for (const address of envelope) if (counts.has(address)) counts.set(address, counts.get(address)! + 1);
  return counts;
}

/**
 * Waits until nothing more can arrive, rather than sleeping in the hope that a duplicate would
 * have come by then: the expected messages are in, every outbox row of the cycle is recorded sent,
 * and no delivery job is left waiting or running (a worker sends only from such a job, and a row
 * recorded sent gets none again).
 */
async function settle(smtp: SmtpCatcher, expected: number, cycleId: string) {
  await smtp.waitFor(expected, 60_000);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [row] = await getDb().execute<{ unsent: number; jobs: number }>(sql`
      select (select count(*)::int from outbox_emails where idempotency_key like ${`%:${cycleId}:%`} and status <> 'sent') as unsent,
             (select count(*)::int from graphile_worker.jobs where task_identifier = 'deliver_email') as jobs`);
    if (row.unsent === 0 && row.jobs === 0) return;
    if (Date.now() > deadline) throw new Error(`Still ${row.unsent} unsent row(s) and ${row.jobs} delivery job(s) after 30 s`);
    await sleep(50);
  }
}

describe("producer notifications are sent exactly once", () => {
  test("a crash while queueing the 50 emails rolls back; the next sweep queues each once", async () => {
    const big = await closedCycleOf50();
    await getDb().execute(
      sql.raw(`
      create function fail_on_25th() returns trigger language plpgsql as $$
      begin
        if (select count(*) from outbox_emails where idempotency_key like 'producer-notification:${big.cycleId}:%') >= 25 then
          raise exception 'simulated crash';
        end if;
        return new;
      end $$;
      create trigger fail_on_25th before insert on outbox_emails for each row execute function fail_on_25th();`),
    );
    await expect(processDueCycles()).rejects.toThrow();
    const none = await getDb()
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `producer-notification:${big.cycleId}:%`));
    expect(none).toHaveLength(0);
    const [cycle] = await getDb().select({ processed: orderCycles.processedClosesAt }).from(orderCycles).where(eq(orderCycles.id, big.cycleId));
    expect(cycle.processed).toBeNull();

    await getDb().execute(sql`drop trigger fail_on_25th on outbox_emails; drop function fail_on_25th();`);
    expect(await processDueCycles()).toContain(big.cycleId);
    const queued = await getDb()
      .select({ to: outboxEmails.toAddress })
      .from(outboxEmails)
      .where(like(outboxEmails.idempotencyKey, `producer-notification:${big.cycleId}:%`));
    expect(queued.map((row) => row.to).sort()).toEqual([...big.emails].sort());
    // Leave nothing for the next tests' workers.
    await getDb()
      .update(outboxEmails)
      .set({ status: "sent" })
      .where(like(outboxEmails.idempotencyKey, `%:${big.cycleId}:%`));
  });

  test("a worker killed with SIGKILL mid-way, then restarted, delivers each producer's email once", { timeout: 120_000 }, async () => {
    const big = await closedCycleOf50();
    let first: ChildProcess | undefined;
    // Each message is held a quarter second before the relay accepts it: the kill lands inside a send.
    const smtp = await startSmtpCatcher({
      delayMs: 250,
      onHold: (held) => {
        if (held === 15) first?.kill("SIGKILL");
      },
    });
    try {
      first = startWorkerProcess(smtp.url); // its start-up sweep processes the close itself
      await new Promise((resolve) => first!.once("exit", resolve));
      expect(smtp.messages.length).toBeGreaterThan(5);
      expect(smtp.messages.length).toBeLessThan(50);

      const second = startWorkerProcess(smtp.url);
      await settle(smtp, 51, big.cycleId); // 50 producers and the coordinator's digest
      await stopProcess(second);

      const counts = countPerAddress(smtp, big.emails);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(smtp.messages).toHaveLength(51);
    } finally {
      await smtp.stop();
    }
  });

  test("two workers at once deliver each producer's email once", { timeout: 120_000 }, async () => {
    const big = await closedCycleOf50();
    const smtp = await startSmtpCatcher({ delayMs: 20 });
    try {
      const workers = [startWorkerProcess(smtp.url), startWorkerProcess(smtp.url)];
      await settle(smtp, 51, big.cycleId);
      await Promise.all(workers.map(stopProcess));
      const counts = countPerAddress(smtp, big.emails);
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(smtp.messages).toHaveLength(51);
    } finally {
      await smtp.stop();
    }
  });
});
