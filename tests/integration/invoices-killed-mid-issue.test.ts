// quality.md R10, second half: a process killed in the middle of issuing an invoice (its number
// taken and its invoice written, not committed) leaves neither: the next invoice takes that number.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { domainEvents, invoiceCounters, invoices } from "#db/schema";
import { type CoopPlus } from "#tests/support/coop";
import { invoicingCoop, issueInvoiceApi, placeInvoicedShopOrder } from "#tests/support/invoices";

const root = path.resolve(import.meta.dirname, "../..");
let w: CoopPlus;
let cycleId: string;
const admin = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
});

afterAll(async () => {
  await admin.end();
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("a process killed mid-issue", () => {
  it("leaves no invoice without its number and no number without its invoice", async () => {
    const orderId = await placeInvoicedShopOrder(w, cycleId, "river", [{ variantId: w.variants.a[0], quantity: 1 }]);
    const year = new Date().getUTCFullYear();
    // Hold the issue at its last write (the invoice.issued event): by then it has taken its number and written its invoice.
    const holder = await admin.reserve();
    await holder`begin`;
    await holder`lock table domain_events in share mode`;
    let output = "";
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "tests/support/issue-invoice-process.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "test",
        DATABASE_URL: process.env.DATABASE_URL!,
        APP_URL: "http://localhost:3000",
        ORDER_ID: orderId,
        ACTOR_USER_ID: w.people.distributor.id,
        ACTOR_ENTERPRISE_IDS: w.actors.distributor.enterpriseIds.join(","),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let backend = 0;
    try {
      backend = await waitFor("the issue to wait at its event", async () => {
        const [row] = await admin<{ pid: number }[]>`
          select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "domain_events"%'`;
        return row?.pid;
      });
      child.kill("SIGKILL");
      await exited;
      expect(output).not.toContain("issued ");
    } finally {
      await holder`commit`;
      holder.release();
    }
    await waitFor("the killed issue's backend to end", async () => {
      const rows = await admin`select 1 from pg_stat_activity where pid = ${backend}`;
      return rows.length === 0 ? true : undefined;
    });
    expect(await getDb().select().from(invoices).where(eq(invoices.orderId, orderId))).toEqual([]);
    expect(await getDb().select().from(domainEvents)).toEqual([]);
    const counters = await getDb()
      .select()
      .from(invoiceCounters)
      .where(and(eq(invoiceCounters.distributorId, w.distributor.id), eq(invoiceCounters.year, year)));
    expect(counters.map((row) => row.lastSequence)).toEqual([]);
    // The number the killed issue had taken goes to the next invoice.
    const issued = await issueInvoiceApi(orderId, w.people.distributor.token);
    expect(issued.status).toBe(201);
    expect(issued.body.number).toBe(`RIV-${year}-000001`);
  }, 90_000);
});
