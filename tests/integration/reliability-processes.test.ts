// docs/quality.md R8 and R9 with real processes on one real PostgreSQL, as operators run them:
// - R9: two web servers (`WORKER=false npm start`, each with its own DATA_DIR) and a separate
//   `npm run worker`, sharing nothing but DATABASE_URL: a login made on one is valid on the other,
//   a guest cart made on one is seen on the other, and the order link in an email the worker sent
//   opens on either web server.
// - R8: PostgreSQL really stopped for ten seconds and started again under those processes, and
//   under a plain `npm start` (its worker inside): no process exits, pages, forms and the API
//   answer 503 meanwhile, everything serves again, and a cycle that closed while the database was
//   down is processed (its producers' emails arrive). An order being written when the database
//   stops (through the API with the worker apart, through the checkout form under `npm start`) is
//   held mid-transaction, after it took the stock and wrote the order and its lines: it answers 503
//   and leaves nothing behind (the cart it came from kept).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from "#db/embedded";
import { migrateDatabase } from "#db/migrate";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

const root = path.resolve(import.meta.dirname, "../..");
const base = path.resolve(`.data/test/processes-${randomBytes(4).toString("hex")}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: EmbeddedServer;
let side: postgres.Sql;
let smtp: SmtpCatcher;
const running = new Set<RunningProcess>();

type RunningProcess = { child: ChildProcess; output: () => string; url?: string; stop(): Promise<void> };

function startProcess(script: string, env: Record<string, string>, readyLine: string): Promise<RunningProcess> {
  let output = "";
  // node itself with tsx, so signals reach the process under test.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Circuit <no-reply@circuit.test>",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const handle: RunningProcess = {
    child,
    output: () => output,
    async stop() {
      running.delete(handle);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
  running.add(handle);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready within 120 s:\n${output}`)), 120_000);
    const check = setInterval(() => {
      if (!output.includes(readyLine)) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve(handle);
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
}

async function startWeb(name: string, env: Record<string, string> = {}): Promise<RunningProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = path.join(base, name);
  mkdirSync(dataDir, { recursive: true });
  const web = await startProcess("scripts/start.ts", { PORT: String(port), APP_URL: url, DATA_DIR: dataDir, SEED_DEMO: "false", ...env }, "Circuit ready on");
  web.url = url;
  return web;
}

const startSeparateWorker = () => startProcess("scripts/worker.ts", { DATA_DIR: path.join(base, "worker"), WORKER_CONCURRENCY: "2" }, "Circuit worker running");

function alive(process: RunningProcess) {
  return process.child.exitCode === null && process.child.signalCode === null;
}

/** The Set-Cookie pairs of an answer, as a Cookie header. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

async function logIn(web: RunningProcess, email: string): Promise<string> {
  const response = await fetch(`${web.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url! },
    body: new URLSearchParams({ email, password: "circuit-demo" }),
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  const cookie = cookiesOf(response);
  expect(cookie).toContain("circuit_session=");
  return cookie;
}

async function apiToken(web: RunningProcess, email: string): Promise<string> {
  const response = await fetch(`${web.url}/api/v1/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "circuit-demo" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** An open, untagged demo cycle at a distributor, with a variant in stock and the exchange's methods. */
async function somethingToOrder() {
  const [row] = await side<{ cycle_id: string; distributor_id: string; variant_id: string; shipping_method_id: string; payment_method_id: string }[]>`
    select x.order_cycle_id as cycle_id, x.distributor_id, xv.variant_id,
      (select sm.id from outgoing_exchange_shipping_methods xs join shipping_methods sm on sm.id = xs.shipping_method_id where xs.exchange_id = x.id and sm.kind = 'pickup'
        and not exists (select 1 from pickup_point_caps pc where pc.exchange_id = x.id and pc.shipping_method_id = sm.id) limit 1) as shipping_method_id,
      (select pm.id from outgoing_exchange_payment_methods xp join payment_methods pm on pm.id = xp.payment_method_id where xp.exchange_id = x.id and pm.kind <> 'stripe' limit 1) as payment_method_id
    from outgoing_exchanges x
    join order_cycles oc on oc.id = x.order_cycle_id
    join outgoing_exchange_variants xv on xv.exchange_id = x.id
    join variants v on v.id = xv.variant_id
    where oc.opens_at < now() and oc.closes_at > now() and cardinality(x.tags) = 0 and (v.stock is null or v.stock > 5)
      -- Something anyone may order many of: a listed sale without caps, a variant without a per-buyer limit.
      and x.visibility = 'listed' and oc.max_orders is null
      and not exists (select 1 from incoming_exchanges ie join incoming_exchange_variants iv on iv.exchange_id = ie.id
        where ie.order_cycle_id = oc.id and iv.variant_id = v.id and iv.max_per_buyer is not null)
      and exists (select 1 from outgoing_exchange_shipping_methods xs join shipping_methods sm on sm.id = xs.shipping_method_id where xs.exchange_id = x.id and sm.kind = 'pickup'
        and not exists (select 1 from pickup_point_caps pc where pc.exchange_id = x.id and pc.shipping_method_id = sm.id))
    order by oc.closes_at, x.distributor_id, xv.variant_id
    limit 1`;
  expect(row?.shipping_method_id).toBeTruthy();
  expect(row?.payment_method_id).toBeTruthy();
  return row;
}

/** Makes an open demo cycle close `seconds` from now, with automatic notifications, and returns it. */
async function cycleClosingIn(seconds: number) {
  const [cycle] = await side<{ id: string }[]>`
    select oc.id from order_cycles oc
    where oc.opens_at < now() and oc.closes_at > now() and oc.processed_closes_at is null
      and exists (select 1 from orders o where o.order_cycle_id = oc.id and o.state = 'placed')
    order by oc.name limit 1`;
  expect(cycle).toBeTruthy();
  await side`update order_cycles set automatic_notifications = true, closes_at = now() + make_interval(secs => ${seconds}) where id = ${cycle.id}`;
  await side`select graphile_worker.add_job('close_cycles', '{}'::json, run_at => now() + make_interval(secs => ${seconds}), job_key => ${`close-cycle:${cycle.id}`})`;
  return cycle.id;
}

async function producerEmailsOf(cycleId: string) {
  return side<
    { to_address: string; status: string }[]
  >`select to_address, status from outbox_emails where idempotency_key like ${`producer-notification:${cycleId}:%`}`;
}

/** Every web server answers 503 `unavailable` for the API, a page and a form while the database is down. */
async function expectUnavailable(web: RunningProcess, token: string) {
  try {
    await expectUnavailableAnswers(web, token);
  } catch (error) {
    throw new Error(`${String(error)}\n${web.output().slice(-4000)}`, { cause: error });
  }
}

async function expectUnavailableAnswers(web: RunningProcess, token: string) {
  const api = await fetch(`${web.url}/api/v1/enterprises`, { headers: { Authorization: `Bearer ${token}` } });
  expect(api.status).toBe(503);
  expect(api.headers.get("Retry-After")).toBe("5");
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  const page = await fetch(`${web.url}/`, { headers: { "Accept-Language": "fr" } });
  expect(page.status).toBe(503);
  expect(await page.text()).toContain("base de données");
  const form = await fetch(`${web.url}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url! },
    body: new URLSearchParams({ email: "hub@demo.circuit.coop", password: "circuit-demo" }),
    redirect: "manual",
  });
  expect(form.status).toBe(503);
}

async function waitUntilServing(web: RunningProcess, token: string, withinMs: number) {
  const deadline = Date.now() + withinMs;
  let status = 0;
  while (Date.now() < deadline) {
    status = await fetch(`${web.url}/api/v1/enterprises`, { headers: { Authorization: `Bearer ${token}` } }).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(250);
  }
  throw new Error(`${web.url} still answers ${status} ${withinMs} ms after the database came back:\n${web.output().slice(-3000)}`);
}

/** Stops PostgreSQL, runs `whileDown`, starts it again after `downMs`; returns when it was down. */
async function restartDatabaseFor(downMs: number, whileDown: () => Promise<void>) {
  await side.end();
  await database.stop();
  const stoppedAt = Date.now();
  await whileDown();
  await sleep(Math.max(0, downMs - (Date.now() - stoppedAt)));
  const restartedAt = Date.now();
  database = await startEmbeddedPostgres({ dataDir: path.join(base, "postgres"), database: "circuit", port: database.port });
  side = postgres(database.url, { max: 2, onnotice: () => {} });
  return { stoppedAt, restartedAt };
}

/** The close fell while the database was down: no process could have handled it before. */
async function expectClosedWhileDown(cycleId: string, down: { stoppedAt: number; restartedAt: number }) {
  const [cycle] = await side<{ closes_at: Date }[]>`select closes_at from order_cycles where id = ${cycleId}`;
  expect(cycle.closes_at.getTime()).toBeGreaterThan(down.stoppedAt);
  expect(cycle.closes_at.getTime()).toBeLessThan(down.restartedAt);
}

/**
 * Puts every worker of a process inside a job when the database stops, as on a busy day: the relay
 * holds its replies, and orders are placed until each of the `concurrency` workers holds a delivery
 * (theirs, or any other email the worker had to send) whose message the relay has. Released while
 * the database is down, the workers cannot record those sends: they die with their jobs, which run
 * again once the database is back (decision 0015), so each of these emails goes out twice under one
 * Message-ID (decision 0006). Returns the held messages' Message-IDs.
 */
async function busyEveryWorker(web: RunningProcess, concurrency: number) {
  const before = smtp.messages.length;
  smtp.holdReplies();
  const item = await somethingToOrder();
  for (let i = 0; i < concurrency; i += 1) {
    const placed = await fetch(`${web.url}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        distributorId: item.distributor_id,
        orderCycleId: item.cycle_id,
        lines: [{ variantId: item.variant_id, quantity: 1 }],
        shippingMethodId: item.shipping_method_id,
        paymentMethodId: item.payment_method_id,
        email: `busy-${randomBytes(3).toString("hex")}@example.test`,
      }),
    });
    expect(placed.status).toBe(201);
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [{ locked }] = await side<
      { locked: number }[]
    >`select count(*)::int as locked from graphile_worker.jobs where task_identifier = 'deliver_email' and locked_at is not null`;
    if (locked === concurrency && smtp.heldReplies() === concurrency) break;
    if (Date.now() > deadline)
      throw new Error(`${locked} of ${concurrency} workers hold a delivery, ${smtp.heldReplies()} at the relay:\n${web.output().slice(-3000)}`);
    await sleep(100);
  }
  const held = smtp.messages.slice(before).map((message) => message.messageId!);
  expect(held).toHaveLength(concurrency);
  return held;
}

/** Each email the workers were sending when the database stopped went out again, under the same Message-ID, and is now recorded as sent. */
async function expectSentAgain(messageIds: string[], withinMs = 60_000) {
  const ids = messageIds.map((messageId) => /^<outbox\.([^@]+)@circuit\.test>$/.exec(messageId)![1]);
  const deadline = Date.now() + withinMs;
  let rows: { status: string }[] = [];
  while (Date.now() < deadline) {
    rows = await side<typeof rows>`select status from outbox_emails where id in ${side(ids)}`;
    if (rows.length === ids.length && rows.every((row) => row.status === "sent")) break;
    await sleep(250);
  }
  expect(rows.map((row) => row.status)).toEqual(ids.map(() => "sent"));
  for (const messageId of messageIds)
    expect(
      smtp.messages.filter((message) => message.messageId === messageId),
      messageId,
    ).toHaveLength(2);
}

const holders = new Set<postgres.Sql>();

/**
 * Holds order placements in the middle of their transaction: another transaction, never committed,
 * holds outbox_emails in SHARE mode, so a placement waits at the insert of its confirmation email,
 * its last statement, after it took the stock, wrote the order, its customer and its lines (and
 * deleted the cart it came from), all uncommitted. `release()` ends the holding connection (once
 * the database is gone, so nothing is committed or let through).
 */
async function holdOrdersBeforeTheirEmail() {
  const holder = postgres(database.url, { max: 1, onnotice: () => {} });
  holders.add(holder);
  const held = await holder.reserve();
  await held`begin`;
  await held`lock table outbox_emails in share mode`;
  return {
    /**
     * Resolves once a placement waits there, having written its order, customer and lines and taken
     * `variantId`'s stock (its table locks say so), none of which is seen outside its transaction.
     */
    async inFlight(variantId: string, stockBefore: number, cartId?: string, withinMs = 30_000) {
      const deadline = Date.now() + withinMs;
      while (Date.now() < deadline) {
        // Other writers of emails (the worker's tasks) may wait there too: the placement is the one
        // that wrote a customer.
        const [waiting] = await side<{ pid: number }[]>`
          select a.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.relation = 'outbox_emails'::regclass and not l.granted and a.query ilike '%insert into "outbox_emails"%'
            and exists (select 1 from pg_locks c where c.pid = a.pid and c.relation = 'customers'::regclass and c.granted and c.mode = 'RowExclusiveLock')`;
        if (waiting) {
          const [outside] = await side<{ stock: number; carts: number }[]>`
            select (select stock from variants where id = ${variantId}) as stock,
              (select count(*)::int from orders where id = ${cartId ?? null} and state = 'cart') as carts`;
          expect(outside.stock, "the stock taken is seen only inside the placement's transaction").toBe(stockBefore);
          if (cartId) expect(outside.carts, "the cart deleted is seen only inside the placement's transaction").toBe(1);
          const written = await side<{ relname: string }[]>`
            select c.relname from pg_locks l join pg_class c on c.oid = l.relation
            where l.pid = ${waiting.pid} and l.granted and l.mode = 'RowExclusiveLock' and c.relname in ('orders', 'variants', 'customers', 'order_lines')`;
          expect(written.map((lock) => lock.relname).sort(), "the placement wrote its order, customer and lines").toEqual([
            "customers",
            "order_lines",
            "orders",
            "variants",
          ]);
          return;
        }
        await sleep(100);
      }
      throw new Error(`no order placement waited at its confirmation email within ${withinMs} ms`);
    },
    async release() {
      holders.delete(holder);
      await holder.end({ timeout: 1 }).catch(() => {});
    },
  };
}

afterEach(async () => {
  // A failed test must not leave its holds on the next ones.
  for (const holder of [...holders]) await holder.end({ timeout: 1 }).catch(() => {});
  holders.clear();
  smtp.releaseReplies();
});

/** After the restart: nothing of the interrupted order is stored, and the stock is what it was. */
async function expectNothingOf(email: string, variantId: string, stockBefore: number | null) {
  const [left] = await side<{ orders: number; customers: number; emails: number; stock: number | null }[]>`
    select (select count(*)::int from orders where email = ${email}) as orders,
      (select count(*)::int from customers where email = ${email}) as customers,
      (select count(*)::int from outbox_emails where to_address = ${email}) as emails,
      (select stock from variants where id = ${variantId}) as stock`;
  expect(left).toEqual({ orders: 0, customers: 0, emails: 0, stock: stockBefore });
}

async function messageTo(address: string, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const index = smtp.envelopes.findIndex((envelope) => envelope.includes(address));
    if (index >= 0) return smtp.messages[index];
    await sleep(200);
  }
  throw new Error(`no email to ${address} within ${withinMs} ms`);
}

async function waitForProducerEmails(cycleId: string, withinMs: number) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const emails = await producerEmailsOf(cycleId);
    if (emails.length > 0 && emails.every((email) => email.status === "sent")) return emails;
    await sleep(500);
  }
  throw new Error(`the close of ${cycleId} was not processed within ${withinMs} ms: ${JSON.stringify(await producerEmailsOf(cycleId))}`);
}

beforeAll(async () => {
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  database = await startEmbeddedPostgres({ dataDir: path.join(base, "postgres"), database: "circuit" });
  await migrateDatabase(database.url);
  await migrateJobQueue(database.url);
  side = postgres(database.url, { max: 2, onnotice: () => {} });
  smtp = await startSmtpCatcher();
}, 120_000);

afterAll(async () => {
  for (const process of [...running]) await process.stop();
  await side?.end().catch(() => {});
  await smtp?.stop();
  await database?.stop().catch(() => {});
  rmSync(base, { recursive: true, force: true });
}, 60_000);

describe("R9: two web servers and a worker apart, sharing only DATABASE_URL", () => {
  let webA: RunningProcess;
  let webB: RunningProcess;
  let worker: RunningProcess;

  beforeAll(async () => {
    // The first seeds the demo; the second starts on a database that already has it.
    webA = await startWeb("web-a", { WORKER: "false", SEED_DEMO: "true" });
    webB = await startWeb("web-b", { WORKER: "false" });
    worker = await startSeparateWorker();
  }, 240_000);

  test("the instance's secret is generated once, in the database", async () => {
    const rows = await side<{ name: string }[]>`select name from instance_secrets`;
    expect(rows.map((row) => row.name)).toEqual(["session_secret"]);
  });

  test("a login made on one web server is valid on the other", async () => {
    const cookie = await logIn(webA, "buyer@demo.circuit.coop");
    const account = await fetch(`${webB.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("buyer@demo.circuit.coop");
  });

  test("a guest cart made on one web server is the same cart on the other", async () => {
    const item = await somethingToOrder();
    const add = await fetch(`${webA.url}/shop/${item.distributor_id}?cycle=${item.cycle_id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: webA.url! },
      body: new URLSearchParams({ orderCycleId: item.cycle_id, variantId: item.variant_id, quantity: "2" }),
      redirect: "manual",
    });
    expect(add.status).toBeLessThan(400);
    const cookie = cookiesOf(add);
    expect(cookie).toContain("circuit_cart=");
    const [cart] = await side<{ id: string }[]>`select id from orders where state = 'cart' and buyer_id is null order by created_at desc limit 1`;
    const [line] = await side<{ quantity: number }[]>`select quantity from order_lines where order_id = ${cart.id} and variant_id = ${item.variant_id}`;
    expect(line.quantity).toBe(2);
    const checkout = await fetch(`${webB.url}/shop/${item.distributor_id}/checkout?cycle=${item.cycle_id}`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(checkout.status).toBe(200);
    expect(await checkout.text()).toMatch(/name="email"/);
  });

  test("the order link in an email the separate worker sent opens on a web server", async () => {
    const item = await somethingToOrder();
    const email = `guest-${randomBytes(3).toString("hex")}@example.test`;
    const placed = await fetch(`${webA.url}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        distributorId: item.distributor_id,
        orderCycleId: item.cycle_id,
        lines: [{ variantId: item.variant_id, quantity: 1 }],
        shippingMethodId: item.shipping_method_id,
        paymentMethodId: item.payment_method_id,
        email,
        name: "Guest Through Hosts",
      }),
    });
    expect(placed.status).toBe(201);
    const { id, number } = (await placed.json()) as { id: string; number: number };
    const confirmation = await messageTo(email, 30_000);
    const link = new RegExp(`https?://[^\\s"<>]+/orders/${id}\\?key=[A-Za-z0-9_-]+`).exec(confirmation.text ?? "")?.[0];
    expect(link).toBeTruthy();
    const { pathname, search } = new URL(link!);
    for (const web of [webA, webB]) {
      const page = await fetch(`${web.url}${pathname}${search}`, { redirect: "manual" });
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain(`${number}`);
      expect(text).toContain(email);
    }
  });

  test("a visitor without cookies reads fresh stock on the shop page, whichever web server answers", async () => {
    const item = await somethingToOrder();
    await side`update variants set stock = 5 where id = ${item.variant_id}`;
    const page = (web: RunningProcess) => fetch(`${web.url}/shop/${item.distributor_id}?cycle=${item.cycle_id}`).then((response) => response.text());
    for (const web of [webA, webB, webA]) expect(await page(web)).toContain("Only 5 left");
    const placed = await fetch(`${webA.url}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        distributorId: item.distributor_id,
        orderCycleId: item.cycle_id,
        lines: [{ variantId: item.variant_id, quantity: 1 }],
        shippingMethodId: item.shipping_method_id,
        paymentMethodId: item.payment_method_id,
        email: "fresh@example.test",
      }),
    });
    expect(placed.status).toBe(201);
    for (const web of [webA, webB]) expect(await page(web)).toContain("Only 4 left");
  });

  test("R8: the database stops for ten seconds under them; they answer 503, an order in flight is rolled back whole, they serve again, and a close that fell in between is processed by the worker apart", async () => {
    const token = await apiToken(webA, "hub@demo.circuit.coop");
    const busy = await busyEveryWorker(webA, 2);
    const item = await somethingToOrder();
    await side`update variants set stock = 20 where id = ${item.variant_id}`;
    const email = `in-flight-api-${randomBytes(3).toString("hex")}@example.test`;
    const hold = await holdOrdersBeforeTheirEmail();
    const placing = fetch(`${webB.url}/api/v1/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        distributorId: item.distributor_id,
        orderCycleId: item.cycle_id,
        lines: [{ variantId: item.variant_id, quantity: 3 }],
        shippingMethodId: item.shipping_method_id,
        paymentMethodId: item.payment_method_id,
        email,
        name: "Caught by the restart",
      }),
    });
    await hold.inFlight(item.variant_id, 20);
    const cycleId = await cycleClosingIn(3);
    const down = await restartDatabaseFor(10_000, async () => {
      await hold.release();
      const interrupted = await placing;
      expect(interrupted.status).toBe(503);
      expect(((await interrupted.json()) as { error: { code: string } }).error.code).toBe("unavailable");
      smtp.releaseReplies();
      await expectUnavailable(webA, token);
      await expectUnavailable(webB, token);
    });
    for (const process of [webA, webB, worker]) expect(alive(process), process.output().slice(-3000)).toBe(true);
    await expectNothingOf(email, item.variant_id, 20);
    await waitUntilServing(webA, token, 30_000);
    await waitUntilServing(webB, token, 30_000);
    await expectClosedWhileDown(cycleId, down);
    const emails = await waitForProducerEmails(cycleId, 90_000);
    for (const email of emails) expect(smtp.envelopes.some((envelope) => envelope.includes(email.to_address))).toBe(true);
    await expectSentAgain(busy);
    for (const process of [webA, webB, worker]) expect(alive(process)).toBe(true);
  }, 180_000);

  afterAll(async () => {
    for (const process of [webA, webB, worker]) await process?.stop();
  }, 60_000);
});

describe("R8: plain `npm start`, its worker inside", () => {
  test("the database stops for ten seconds; the process never exits, answers 503 (a checkout form in flight rolled back whole, its cart kept), serves again within 30 s and processes a close that fell in between", async () => {
    const web = await startWeb("default", { SEED_DEMO: "true" });
    const token = await apiToken(web, "hub@demo.circuit.coop");
    const busy = await busyEveryWorker(web, 4); // WORKER_CONCURRENCY's default
    const item = await somethingToOrder();
    await side`update variants set stock = 20 where id = ${item.variant_id}`;
    const add = await fetch(`${web.url}/shop/${item.distributor_id}?cycle=${item.cycle_id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url! },
      body: new URLSearchParams({ orderCycleId: item.cycle_id, variantId: item.variant_id, quantity: "3" }),
      redirect: "manual",
    });
    expect(add.status).toBeLessThan(400);
    const cartCookie = cookiesOf(add);
    const [cart] = await side<{ id: string }[]>`select id from orders where state = 'cart' and buyer_id is null order by created_at desc limit 1`;
    const email = `in-flight-form-${randomBytes(3).toString("hex")}@example.test`;
    const hold = await holdOrdersBeforeTheirEmail();
    const placing = fetch(`${web.url}/shop/${item.distributor_id}/checkout?cycle=${item.cycle_id}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: web.url!, Cookie: cartCookie, "Accept-Language": "fr" },
      body: new URLSearchParams({ shippingMethodId: item.shipping_method_id, paymentMethodId: item.payment_method_id, email, name: "Caught by the restart" }),
      redirect: "manual",
    });
    await hold.inFlight(item.variant_id, 20, cart.id);
    const cycleId = await cycleClosingIn(3);
    const down = await restartDatabaseFor(10_000, async () => {
      await hold.release();
      const interrupted = await placing;
      expect(interrupted.status).toBe(503);
      expect(await interrupted.text()).toContain("base de données");
      smtp.releaseReplies();
      await expectUnavailable(web, token);
    });
    expect(alive(web), web.output().slice(-3000)).toBe(true);
    await expectNothingOf(email, item.variant_id, 20);
    const [kept] = await side<
      { state: string; quantity: number }[]
    >`select o.state, l.quantity from orders o join order_lines l on l.order_id = o.id where o.id = ${cart.id}`;
    expect(kept).toEqual({ state: "cart", quantity: 3 });
    await waitUntilServing(web, token, 30_000);
    await expectClosedWhileDown(cycleId, down);
    const emails = await waitForProducerEmails(cycleId, 90_000);
    for (const email of emails) expect(smtp.envelopes.some((envelope) => envelope.includes(email.to_address))).toBe(true);
    await expectSentAgain(busy);
    expect(alive(web)).toBe(true);
    await web.stop();
  }, 240_000);
});
