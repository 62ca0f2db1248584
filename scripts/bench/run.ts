// `npm run bench`: docs/quality.md P1–P8 (P8: invoices), P9 (minimums at a close), P10 (webhooks) and P11 (the orders list, the pickup check-in). Builds the seeded data set in a fresh database, starts the
// production server and the worker as `npm start` does, loads the server with autocannon from a
// second process on 127.0.0.1, prints one line per figure and exits 1 when a target is missed.
//   DATABASE_URL set: a fresh database `circuit_bench_<pid>` on that server, dropped at the end;
//   unset: an embedded PostgreSQL under .data/bench, removed at the end (BENCH_KEEP=1 keeps it).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres, freePort } from "#db/embedded";
import { migrateDatabase } from "#db/migrate";
import { startStripeStub } from "../../tests/support/stripe-stub";
import { generate, SIZES, type BenchData } from "./data";
import { p12 } from "./national";
import { orderFloor } from "./order-floor";
import type { LoadConfig, LoadResult } from "./load";
import { startMailSink, type MailSink } from "./smtp";
import { serverNodeFlags } from "../server-flags";

const root = path.resolve(import.meta.dirname, "../..");
const workDir = path.join(root, ".data/bench", String(process.pid));
const children = new Set<ChildProcess>();
const cleanups: (() => Promise<unknown>)[] = [];

type Verdict = boolean | "skipped";
const figures: { id: string; verdict: Verdict; line: string }[] = [];

function report(id: string, verdict: Verdict, line: string) {
  figures.push({ id, verdict, line });
  console.log(`${line}${verdict === false ? "  <- MISSED" : ""}`);
}

const ms = (value: number) => `${Number.isFinite(value) ? Math.round(value) : "∞"}ms`;
const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---- The build, the database, the processes ----

/** Builds when a source file is newer than the build, as `npm start` does. */
function buildIfStale() {
  const buildFile = path.join(root, "build/index.js");
  let newest = 0;
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of ["app", "locales", "db", "emails", "remix.config.js", "package.json"])
    if (existsSync(path.join(root, entry))) visit(path.join(root, entry));
  if (existsSync(buildFile) && statSync(buildFile).mtimeMs >= newest) return;
  console.log("bench: building");
  const built = spawnSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (built.status !== 0) throw new Error("The build failed.");
}

async function freshDatabase(): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `circuit_bench_${process.pid}`;
    const admin = postgres(given, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    cleanups.push(async () => {
      const again = postgres(given, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`).finally(() => again.end());
    });
    const url = new URL(given);
    url.pathname = `/${name}`;
    return url.toString();
  }
  const dataDir = path.join(workDir, "postgres");
  const server = await startEmbeddedPostgres({ dataDir, database: "circuit_bench" });
  postmasterPid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  cleanups.push(() => server.stop());
  return server.url;
}

/** The server's and the worker's stderr: printed in short at the end when not empty. */
const errorLog = path.join(workDir, "stderr.log");

/**
 * The command for a node process, pinned with `taskset` to these CPUs when given (BENCH_SERVER_CPUS,
 * BENCH_LOAD_CPUS: "0", "0,1"), to measure what the server does with one core against two.
 */
function nodeCommand(args: string[], cpus: string | undefined): [string, string[]] {
  return cpus ? ["taskset", ["-c", cpus, process.execPath, ...args]] : [process.execPath, args];
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv, ready: string, cpus?: string): Promise<ChildProcess> {
  const [command, commandArgs] = nodeCommand(args, cpus);
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: ["ignore", "pipe", openSync(errorLog, "a")] });
  children.add(child);
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (seen.includes(ready)) return;
      seen += chunk.toString();
      if (seen.includes(ready)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

let loadCount = 0;
/** One autocannon run in its own process. */
async function load(config: LoadConfig): Promise<LoadResult> {
  const file = path.join(workDir, `load-${(loadCount += 1)}.json`);
  writeFileSync(file, JSON.stringify(config));
  const [command, args] = nodeCommand(["--import", "tsx", path.join(root, "scripts/bench/load.ts"), file], process.env.BENCH_LOAD_CPUS);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.once("exit", resolve));
  children.delete(child);
  if (code !== 0) throw new Error(`The load generator failed (${code}).`);
  return JSON.parse(output.trim().split("\n").pop()!);
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

/** The embedded PostgreSQL's postmaster, whose children are its backends (unknown with DATABASE_URL: every postgres process counts). */
let postmasterPid: number | undefined;

type ProcessStat = { command: string; ppid: number; seconds: number; childSeconds: number };

function processStat(pid: number | "self"): ProcessStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    command: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
    ppid: Number(fields[1]),
    seconds: (Number(fields[11]) + Number(fields[12])) / 100,
    childSeconds: (Number(fields[13]) + Number(fields[14])) / 100,
  };
}

/**
 * CPU seconds used so far by this run's server, worker and PostgreSQL, process by process, and by the
 * load generators and the bench itself ("load": this process and its finished children). Other
 * work on the machine is left out.
 */
function cpuSeconds(server: ChildProcess, worker: ChildProcess): Map<string, { group: string; seconds: number }> {
  const found = new Map<string, { group: string; seconds: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = processStat(pid);
    if (!stat) continue;
    const ours = postmasterPid === undefined ? stat.command === "postgres" : pid === postmasterPid || stat.ppid === postmasterPid;
    const group = pid === server.pid ? "server" : pid === worker.pid ? "worker" : ours ? "postgres" : undefined;
    if (group) found.set(name, { group, seconds: stat.seconds });
  }
  const self = processStat("self");
  if (self) found.set("self", { group: "load", seconds: self.seconds + self.childSeconds });
  return found;
}

/** Where the CPU went while `during` ran, in cores used (2.0 = both cores of this machine busy). */
async function cpuWhile<T>(context: Context, during: () => Promise<T>): Promise<{ result: T; cpu: string }> {
  const before = cpuSeconds(context.server, context.worker);
  const started = performance.now();
  const result = await during();
  const elapsed = (performance.now() - started) / 1000;
  const after = cpuSeconds(context.server, context.worker);
  const totals: Record<string, number> = { server: 0, worker: 0, postgres: 0, load: 0 };
  for (const [key, { group, seconds }] of after) totals[group] += seconds - (before.get(key)?.seconds ?? 0);
  const cpu = Object.entries(totals)
    .map(([group, seconds]) => `${group}=${(seconds / elapsed).toFixed(2)}`)
    .join(" ");
  return { result, cpu: `cores(${cpu})` };
}

// ---- The scenarios ----

type Context = {
  origin: string;
  server: ChildProcess;
  worker: ChildProcess;
  sql: postgres.Sql;
  data: BenchData;
  coordinatorCookie: string;
  buyerCookie: string;
  coordinatorToken: string;
  mail: MailSink;
};

/** The bare `node:http` floor of P1's API: a child process sending these bytes to every request. */
async function bareHttpServer(contentType: string, body: ArrayBuffer): Promise<string> {
  const file = path.join(workDir, "bare-http.json");
  writeFileSync(file, JSON.stringify({ contentType, body: Buffer.from(body).toString("base64") }));
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/bench/bare-http.ts"), file], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`The bare http server exited with ${code}.`)));
  });
  return `http://127.0.0.1:${port}`;
}

/**
 * P1 and P6. Three floors are measured in the same run, each at concurrency 10: a bare Remix loader
 * returning a constant (`/bench/ceiling`), a bare Remix page rendering the shop's fifty product rows
 * from constant data (`/bench/shop-page`), and a bare `node:http` server sending the shop API's
 * bytes. The API and the visitor's page are held to 35 % of the first (the API also to 15 % of the
 * third); a signed-in buyer's page, rendered for them, to 50 % of the second and a p50 of 30 ms one
 * request at a time.
 */
async function p1AndP6(context: Context) {
  const { origin, server, data, buyerCookie } = context;
  const api = `/api/v1/shops/${data.shopId}/order-cycles/${data.shopCycleId}/products`;
  const page = `/shop/${data.shopId}?cycle=${data.shopCycleId}`;
  const pageFloor = `/bench/shop-page?shop=${data.shopId}&cycle=${data.shopCycleId}`;
  const terms = data.searchTerms.map((term) => encodeURIComponent(term.toLowerCase()));
  await load({ origin, paths: [api, page, pageFloor], connections: 4, duration: 3 });
  const apiAnswer = await fetch(`${origin}${api}`);
  const pageHtml = await (await fetch(`${origin}${page}`, { headers: { Cookie: buyerCookie } })).text();
  const floorHtml = await (await fetch(`${origin}${pageFloor}`)).text();
  const bareOrigin = await bareHttpServer(apiAnswer.headers.get("content-type") ?? "application/json", await apiAnswer.arrayBuffer());
  const ceiling = await load({ origin, paths: ["/bench/ceiling"], connections: 10, duration: 5 });
  const floor = await load({ origin, paths: [pageFloor], connections: 10, duration: 5 });
  const bare = await load({ origin: bareOrigin, paths: ["/"], connections: 10, duration: 5 });
  console.log(
    `P1 floors constant-loader=${Math.round(ceiling.rps)}/s shop-page-floor=${Math.round(floor.rps)}/s (p50=${ms(floor.p50)}, html=${Math.round(floorHtml.length / 1024)}kB; the shop page ${Math.round(pageHtml.length / 1024)}kB) bare-http=${Math.round(bare.rps)}/s`,
  );
  const idle = rssMb(server.pid!);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 100);
  const within = (result: LoadResult) => result.p50 <= 30 && result.p99 <= 100 && result.non2xx === 0 && result.errors === 0;
  const shared: [string, string[], boolean][] = [
    ["shop-api", [api], true],
    ["shop-api-search", terms.map((term) => `${api}?q=${term}`), true],
    ["shop-page", [page], false],
    ["shop-page-search", terms.map((term) => `${page}&q=${term}`), false],
  ];
  for (const [name, paths, isApi] of shared) {
    const { result, cpu } = await cpuWhile(context, () => load({ origin, paths, connections: 10, duration: 5 }));
    const ratio = result.rps / ceiling.rps;
    const bareRatio = result.rps / bare.rps;
    const ok = within(result) && ratio >= 0.35 && (!isApi || bareRatio >= 0.15);
    report(
      "P1",
      ok,
      `P1 ${name} p50=${ms(result.p50)} p99=${ms(result.p99)} rps=${Math.round(result.rps)} constant-loader=${Math.round(ceiling.rps)} ratio=${ratio.toFixed(2)}${isApi ? ` bare-http=${Math.round(bare.rps)} ratio=${bareRatio.toFixed(2)}` : ""} non2xx=${result.non2xx} ${cpu} target p50<=30ms p99<=100ms ratios>=0.35${isApi ? "/0.15" : ""}`,
    );
  }
  for (const [name, paths] of [
    ["shop-page-member", [page]],
    ["shop-page-member-search", terms.map((term) => `${page}&q=${term}`)],
  ] as const) {
    const headers = { Cookie: buyerCookie };
    const single = await load({ origin, paths: [...paths], headers, connections: 1, duration: 3 });
    const { result, cpu } = await cpuWhile(context, () => load({ origin, paths: [...paths], headers, connections: 10, duration: 5 }));
    const ratio = result.rps / floor.rps;
    const ok = single.p50 <= 30 && ratio >= 0.5 && single.non2xx === 0 && result.non2xx === 0 && result.errors === 0;
    report(
      "P1",
      ok,
      `P1 ${name} c1-p50=${ms(single.p50)} c10-p50=${ms(result.p50)} c10-p99=${ms(result.p99)} rps=${Math.round(result.rps)} shop-page-floor=${Math.round(floor.rps)} ratio=${ratio.toFixed(2)} non2xx=${result.non2xx} ${cpu} target c1-p50<=30ms ratio>=0.50`,
    );
  }
  clearInterval(sampler);
  report("P6", peak > 0 && peak <= 350, `P6 memory server-rss-peak=${Math.round(peak)}MB (during P1; ${Math.round(idle)}MB before) target<=350MB`);
}

async function p2({ origin, data, coordinatorCookie }: Context) {
  const base = `/admin/order-cycles/${data.editorCycleId}`;
  for (const [name, pathname] of [
    ["general", base],
    ["incoming", `${base}/incoming`],
    ["outgoing", `${base}/outgoing`],
    ["checkout", `${base}/checkout`],
  ]) {
    const first = await fetch(`${origin}${pathname}`, { headers: { Cookie: coordinatorCookie } });
    const size = (await first.arrayBuffer()).byteLength;
    const result = await load({ origin, paths: [pathname], headers: { Cookie: coordinatorCookie }, connections: 1, duration: 5 });
    const ok = first.ok && result.p50 <= 300 && result.non2xx === 0;
    report("P2", ok, `P2 cycle-editor-${name} p50=${ms(result.p50)} p99=${ms(result.p99)} html=${Math.round(size / 1024)}kB non2xx=${result.non2xx}`);
  }
}

/** POST /api/v1/orders with these bodies, in turn, under load. */
function placeOrders(origin: string, bodies: string[], config: Omit<LoadConfig, "origin" | "paths" | "method" | "headers" | "bodies">) {
  return load({ origin, paths: ["/api/v1/orders"], method: "POST", headers: { "Content-Type": "application/json" }, bodies, ...config });
}

/** Checkout bodies of four lines each, every order its own variants among those in flight at once (P3, P10). */
function checkoutBodies(data: BenchData, figure: string): string[] {
  const variants = data.shopVariantIds;
  return Array.from({ length: Math.floor(variants.length / 4) }, (_, i) =>
    JSON.stringify({
      distributorId: data.shopId,
      orderCycleId: data.shopCycleId,
      shippingMethodId: data.shipping,
      paymentMethodId: data.payment,
      email: `${figure}-${i}@bench.test`,
      name: `${figure.toUpperCase()} buyer ${i}`,
      lines: [0, 1, 2, 3].map((k) => ({ variantId: variants[4 * i + k], quantity: 1 + (k % 2) })),
    }),
  );
}

/** The shop P3 orders from, as the order floor writes its orders. */
function shopOf(data: BenchData) {
  return {
    distributorId: data.shopId,
    orderCycleId: data.shopCycleId,
    shippingMethodId: data.shipping,
    paymentMethodId: data.payment,
    variantIds: data.shopVariantIds,
  };
}

/** P3's checkout throughput, for P10 to compare with (measured in the same run). */
let p3OrdersPerSecond = 0;

async function p3(context: Context) {
  const { origin, data } = context;
  const bodies = checkoutBodies(data, "p3");
  const { result, cpu } = await cpuWhile(context, () =>
    placeOrders(origin, bodies, {
      connections: 20,
      duration: 10,
      tally: true,
    }),
  );
  // The floor: the bare minimal order transaction at the same concurrency, on the same database.
  const floor = await orderFloor(process.env.DATABASE_URL!, shopOf(data), { concurrency: 20, seconds: 10 });
  p3OrdersPerSecond = result.rps;
  const ratio = result.rps / floor.ordersPerSecond;
  const ok = result.rps >= 150 && ratio >= 0.5 && result.non2xx === 0 && result.errors === 0 && floor.errors === 0;
  report(
    "P3",
    ok,
    `P3 checkout orders/s=${Math.round(result.rps)} p50=${ms(result.p50)} p99=${ms(result.p99)} floor-orders/s=${Math.round(floor.ordersPerSecond)} ratio=${ratio.toFixed(2)} answers=${JSON.stringify(result.answers)} ${cpu}`,
  );
}

/**
 * P10: 1,000 orders placed (as P3 places them) while 5 endpoints of the coordinator listen for
 * `order.placed`: every delivery made within 30 s of the last order, each event once per endpoint,
 * and checkout's throughput within 10 % of P3's.
 */
async function p10(context: Context) {
  const { origin, sql, data, coordinatorToken } = context;
  const { createServer } = await import("node:http");
  const seen = Array.from({ length: 5 }, () => new Map<string, number>());
  const receivers = await Promise.all(
    seen.map(
      (events) =>
        new Promise<{ url: string; close: () => void }>((resolve) => {
          const server = createServer((request, response) => {
            const chunks: Buffer[] = [];
            request.on("data", (chunk: Buffer) => chunks.push(chunk));
            request.on("end", () => {
              const id = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id;
              events.set(id, (events.get(id) ?? 0) + 1);
              response.writeHead(204).end();
            });
          });
          server.listen(0, "127.0.0.1", () => {
            const address = server.address() as { port: number };
            resolve({ url: `http://127.0.0.1:${address.port}/hooks`, close: () => server.close() });
          });
        }),
    ),
  );
  for (const receiver of receivers) {
    const response = await fetch(`${origin}/api/v1/enterprises/${data.hubId}/webhooks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${coordinatorToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ url: receiver.url, events: ["order.placed"] }),
    });
    if (response.status !== 201) throw new Error(`P10: registering an endpoint answered ${response.status} ${await response.text()}`);
  }
  const bodies = checkoutBodies(data, "p10");
  const [{ before }] = await sql<{ before: number }[]>`select count(*)::int as before from webhook_deliveries`;
  const result = await placeOrders(origin, bodies, {
    connections: 20,
    amount: 1000,
    tally: true,
  });
  const lastOrderAt = performance.now();
  const placed = result.answers["201"] ?? 0;
  const expected = placed * receivers.length;
  while (performance.now() - lastOrderAt < 60_000) {
    const [{ delivered }] = await sql<{ delivered: number }[]>`select count(*)::int as delivered from webhook_deliveries where status = 'delivered'`;
    if (delivered >= before + expected) break;
    await sleep(250);
  }
  const allDeliveredAfter = performance.now() - lastOrderAt;
  for (const receiver of receivers) receiver.close();
  const counts = seen.map((events) => events.size);
  const twice = seen.reduce((sum, events) => sum + [...events.values()].filter((count) => count > 1).length, 0);
  const ratio = p3OrdersPerSecond > 0 ? result.rps / p3OrdersPerSecond : Number.NaN;
  const ok = placed === 1000 && counts.every((count) => count === placed) && twice === 0 && allDeliveredAfter <= 30_000 && ratio >= 0.9;
  report(
    "P10",
    ok,
    `P10 webhooks orders=${placed} endpoints=${receivers.length} received=${counts.join("/")} twice=${twice} all-delivered-after=${ms(allDeliveredAfter)} orders/s=${Math.round(result.rps)} p3-orders/s=${Math.round(p3OrdersPerSecond)} ratio=${ratio.toFixed(2)} target <=30000ms, ratio>=0.90`,
  );
}

async function p4({ origin, sql, data }: Context) {
  const variantId = data.shopVariantIds[data.shopVariantIds.length - 1];
  await sql`update variants set stock = 50 where id = ${variantId}`;
  const bodies = Array.from({ length: 500 }, (_, i) =>
    JSON.stringify({
      distributorId: data.shopId,
      orderCycleId: data.shopCycleId,
      shippingMethodId: data.shipping,
      paymentMethodId: data.payment,
      email: `p4-${i}@bench.test`,
      lines: [{ variantId, quantity: 1 }],
    }),
  );
  const before = await sql<{ count: number }[]>`select count(*)::int as count from order_lines where variant_id = ${variantId}`;
  const result = await placeOrders(origin, bodies, {
    connections: 500,
    amount: 500,
    tally: true,
  });
  const [{ stock }] = await sql<{ stock: number }[]>`select stock from variants where id = ${variantId}`;
  const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from order_lines where variant_id = ${variantId}`;
  const placed = count - before[0].count;
  const won = result.answers["201"] ?? 0;
  const outOfStock = Object.entries(result.answers)
    .filter(([key]) => key.endsWith(" out_of_stock"))
    .reduce((sum, [, value]) => sum + value, 0);
  const ok = won === 50 && outOfStock === 450 && stock === 0 && placed === 50;
  report(
    "P4",
    ok,
    `P4 checkout-race buyers=500 succeeded=${won} out_of_stock=${outOfStock} stock=${stock} lines=${placed} answers=${JSON.stringify(result.answers)}`,
  );
}

/** P11: the hub's orders list of the closing cycle (5,000 placed orders over two shops) as its coordinator sees it, one request at a time. */
/**
 * P8: every placed order of one shop of the closing cycle (2,500 of its 5,000) issued an invoice in
 * one bulk request, then one PDF of them all, streamed: issuing <= 5 s; the PDF <= 15 s and the
 * server's RSS <= 350 MB while it is made.
 */
/** The shop P8 invoiced, whose invoices list P11 then reads. */
let invoicedShopId: string | undefined;

async function p8({ origin, sql, server, data, coordinatorToken }: Context) {
  const [shop] = await sql<{ distributor_id: string; orders: number }[]>`
    select distributor_id, count(*)::int as orders from orders
    where order_cycle_id = ${data.closingCycleId} and state = 'placed'
    group by distributor_id order by 2 desc, 1 limit 1`;
  await sql`update enterprises set legal_name = name, invoice_prefix = 'BENCH' where id = ${shop.distributor_id}`;
  invoicedShopId = shop.distributor_id;
  const base = `${origin}/api/v1/order-cycles/${data.closingCycleId}/outgoing/${shop.distributor_id}/invoices`;
  const headers = { Authorization: `Bearer ${coordinatorToken}` };
  const issueStarted = performance.now();
  const issued = await fetch(base, { method: "POST", headers });
  const issueMs = performance.now() - issueStarted;
  const issuedBody = (await issued.json()) as { issued?: number };
  const [{ invoices }] = await sql<{ invoices: number }[]>`
    select count(*)::int as invoices from invoices where order_cycle_id = ${data.closingCycleId} and distributor_id = ${shop.distributor_id}`;
  const [{ gaps }] = await sql<{ gaps: number }[]>`
    select (max(sequence) - min(sequence) + 1 - count(*))::int as gaps from invoices where distributor_id = ${shop.distributor_id}`;

  let peak = rssMb(server.pid!);
  const before = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 50);
  const pdfStarted = performance.now();
  const pdf = await fetch(`${base}.pdf`, { headers });
  let bytes = 0;
  for await (const chunk of pdf.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const pdfMs = performance.now() - pdfStarted;
  clearInterval(sampler);

  const ok = issued.status === 200 && invoices === shop.orders && gaps === 0 && issueMs <= 5_000 && pdf.status === 200 && pdfMs <= 15_000 && peak <= 350;
  report(
    "P8",
    ok,
    `P8 invoices orders=${shop.orders} issued=${issuedBody.issued ?? invoices} gaps=${gaps} issue=${ms(issueMs)} pdf=${ms(pdfMs)} pdf-size=${Math.round(bytes / 1024 / 1024)}MB server-rss=${Math.round(before)}→${Math.round(peak)}MB target issue<=5000ms pdf<=15000ms rss<=350MB`,
  );
}

/** P11: the invoices list of the shop P8 invoiced (2,500 invoices), one request at a time. */
async function p11Invoices({ origin, data, coordinatorCookie }: Context) {
  if (!invoicedShopId) return report("P11", "skipped", "P11 invoices-list skipped (P8 did not run)");
  const pathname = `/admin/order-cycles/${data.closingCycleId}/invoices/${invoicedShopId}`;
  const first = await fetch(`${origin}${pathname}`, { headers: { Cookie: coordinatorCookie } });
  const html = await first.text();
  const rows = (html.match(/<tr[ >]/g) ?? []).length - 1;
  const result = await load({ origin, paths: [pathname], headers: { Cookie: coordinatorCookie }, connections: 1, duration: 5 });
  report(
    "P11",
    first.ok && result.p50 <= 150 && result.non2xx === 0,
    `P11 invoices-list invoices=2500 p50=${ms(result.p50)} p99=${ms(result.p99)} html-tr=${rows} html=${Math.round(html.length / 1024)}kB non2xx=${result.non2xx} target p50<=150ms`,
  );
}

async function p11({ origin, data, coordinatorCookie }: Context) {
  const pathname = `/admin/order-cycles/${data.closingCycleId}/orders`;
  const first = await fetch(`${origin}${pathname}`, { headers: { Cookie: coordinatorCookie } });
  const html = await first.text();
  const rows = (html.match(/<tr[\s>]/g) ?? []).length;
  const result = await load({ origin, paths: [pathname], headers: { Cookie: coordinatorCookie }, connections: 1, duration: 5 });
  const ok = first.ok && result.p50 <= 150 && result.non2xx === 0;
  report(
    "P11",
    ok,
    `P11 orders-list orders=5000 p50=${ms(result.p50)} p99=${ms(result.p99)} html-tr=${rows} html=${Math.round(html.length / 1024)}kB non2xx=${result.non2xx} target p50<=150ms`,
  );
}

/** P11: the check-in page of the closing cycle's busiest pickup point as its coordinator sees it, one request at a time. */
async function p11CheckIn({ origin, data, sql, coordinatorCookie }: Context) {
  const [point] = await sql<{ distributor_id: string; shipping_method_id: string; orders: number }[]>`
    select distributor_id, shipping_method_id, count(*)::int as orders from orders
    where order_cycle_id = ${data.closingCycleId} and state = 'placed' and shipping_method_id is not null
    group by 1, 2 order by 3 desc, 1, 2 limit 1`;
  if (!point) return report("P11", "skipped", "P11 pickup-check-in skipped: no pickup point with orders");
  const pathname = `/admin/order-cycles/${data.closingCycleId}/pickup/${point.distributor_id}/${point.shipping_method_id}`;
  const first = await fetch(`${origin}${pathname}`, { headers: { Cookie: coordinatorCookie } });
  const html = await first.text();
  const cards = (html.match(/<article[\s>]/g) ?? []).length;
  const result = await load({ origin, paths: [pathname], headers: { Cookie: coordinatorCookie }, connections: 1, duration: 5 });
  const ok = first.ok && result.p50 <= 150 && result.non2xx === 0;
  report(
    "P11",
    ok,
    `P11 pickup-check-in orders=${point.orders} p50=${ms(result.p50)} p99=${ms(result.p99)} cards=${cards} html=${Math.round(html.length / 1024)}kB non2xx=${result.non2xx} target p50<=150ms`,
  );
}

async function p7({ origin, data, coordinatorCookie, coordinatorToken }: Context) {
  let names: readonly string[];
  try {
    ({ reportNames: names } = await import("#app/domain/reports/definitions"));
  } catch {
    return report("P7", "skipped", "P7 skipped: reports not implemented");
  }
  const probe = await fetch(`${origin}/api/v1/order-cycles/${data.closingCycleId}/reports/${names[0]}?format=csv`, {
    headers: { Authorization: `Bearer ${coordinatorToken}` },
  });
  await probe.arrayBuffer();
  if (probe.status === 404) return report("P7", "skipped", "P7 skipped: reports not implemented (404)");
  const timed = async (url: string, headers: Record<string, string>) => {
    const runs: number[] = [];
    let body = "";
    let status = 0;
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      body = await response.text();
      runs.push(performance.now() - started);
      status = response.status;
    }
    return { time: median(runs), body, status };
  };
  for (const name of names) {
    const csv = await timed(`${origin}/api/v1/order-cycles/${data.closingCycleId}/reports/${name}?format=csv`, { Authorization: `Bearer ${coordinatorToken}` });
    const html = await timed(`${origin}/admin/order-cycles/${data.closingCycleId}/reports?report=${name}`, { Cookie: coordinatorCookie });
    const csvRows = csv.body.split("\n").filter(Boolean).length - 1;
    const htmlRows = (html.body.match(/<tr[\s>]/g) ?? []).length;
    const ok = csv.status === 200 && html.status === 200 && csv.time <= 1000 && html.time <= 1000;
    report(
      "P7",
      ok,
      `P7 report-${name} csv=${ms(csv.time)} html=${ms(html.time)} csv-rows=${csvRows} html-tr=${htmlRows} html=${Math.round(html.body.length / 1024)}kB status=${csv.status}/${html.status}`,
    );
  }
}

async function p5({ origin, sql, data, mail, coordinatorToken }: Context) {
  if (!existsSync(path.join(root, "app/domain/notifications/closing.server.ts"))) return report("P5", "skipped", "P5 skipped: closing not implemented");
  // The confirmations of P3 and P4 go first, so the close is measured on its own.
  const drainedBy = Date.now() + 120_000;
  for (;;) {
    const [{ queued }] = await sql<{ queued: number }[]>`select count(*)::int as queued from outbox_emails where status = 'queued'`;
    if (queued === 0 || Date.now() > drainedBy) break;
    await sleep(500);
  }
  const producers = [...data.closingProducerEmails];
  const closesAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
  const response = await fetch(`${origin}/api/v1/order-cycles/${data.closingCycleId}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${coordinatorToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ closesAt: closesAt.toISOString(), automaticNotifications: true }),
  });
  if (!response.ok) throw new Error(`P5: closing the cycle answered ${response.status} ${await response.text()}`);
  let queuedAfter = Infinity;
  let firstWrite = Infinity;
  while (Date.now() - closesAt.getTime() < 30_000) {
    const [row] = await sql<{ count: number; first: Date | null }[]>`
      select count(*)::int as count, min(created_at) as first from outbox_emails where to_address = any(${producers}) and created_at >= ${new Date(closesAt.getTime() - 60_000)}`;
    if (row.count >= producers.length) {
      queuedAfter = Date.now() - closesAt.getTime();
      firstWrite = row.first!.getTime() - closesAt.getTime();
      break;
    }
    await sleep(25);
  }
  const delivered = () => mail.received.filter((entry) => entry.at >= closesAt.getTime() && data.closingProducerEmails.has(entry.to));
  while (delivered().length < producers.length && Date.now() - closesAt.getTime() < 90_000) await sleep(100);
  const deliveredAfter = delivered().length >= producers.length ? Math.max(...delivered().map((entry) => entry.at)) - closesAt.getTime() : Infinity;
  await sleep(3000);
  const count = delivered().length;
  const distinct = new Set(delivered().map((entry) => entry.to)).size;
  const ok = queuedAfter <= 2000 && deliveredAfter <= 60_000 && count === 500 && distinct === 500;
  report(
    "P5",
    ok,
    `P5 close-cycle producers=500 lines=20000 queued-after-close=${ms(queuedAfter)} (transaction began at +${ms(firstWrite)}) all-delivered-after-close=${ms(deliveredAfter)} delivered=${count} distinct=${distinct}`,
  );
}

/**
 * P9: the close of a cycle of 500 producers and 20,000 lines with 50 supplier minimums, 25 of them
 * out of reach with `cancel`: every policy applied, the card-paid orders' refunds recorded pending
 * with their jobs, and every email (purchase orders, "minimum not reached", each buyer's
 * cancellation, the digest) queued within 5 s of the close. They are all written by the one
 * transaction that processes the close, so the moment its thresholds show `applied_at` is the
 * moment everything is queued.
 */
async function p9({ origin, sql, data, coordinatorToken }: Context) {
  const drainedBy = Date.now() + 120_000;
  for (;;) {
    const [{ queued }] = await sql<{ queued: number }[]>`select count(*)::int as queued from outbox_emails where status = 'queued'`;
    if (queued === 0 || Date.now() > drainedBy) break;
    await sleep(500);
  }
  const cycleId = data.minimumsCycleId;
  const [expected] = await sql<{ orders: number; lines: number; card: number }[]>`
    select count(distinct o.id)::int as orders, count(*)::int as lines,
           count(distinct o.id) filter (where exists (select 1 from payments p where p.order_id = o.id and p.method = 'card'))::int as card
    from orders o join order_lines ol on ol.order_id = o.id
    where o.order_cycle_id = ${cycleId} and o.state = 'placed' and ol.supplier_id = any(${data.missedSupplierIds})`;
  const closesAt = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
  const response = await fetch(`${origin}/api/v1/order-cycles/${cycleId}`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${coordinatorToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ closesAt: closesAt.toISOString(), automaticNotifications: true }),
  });
  if (!response.ok) throw new Error(`P9: closing the cycle answered ${response.status} ${await response.text()}`);
  let appliedAfter = Infinity;
  while (Date.now() - closesAt.getTime() < 180_000) {
    const [{ applied }] = await sql<{ applied: number }[]>`
      select count(*)::int as applied from order_cycle_thresholds where order_cycle_id = ${cycleId} and applied_at is not null`;
    if (applied === SIZES.thresholds) {
      appliedAfter = Date.now() - closesAt.getTime();
      break;
    }
    await sleep(25);
  }
  const outcomes = Object.fromEntries(
    (
      await sql<{ outcome: string; count: number }[]>`
        select outcome, count(*)::int as count from order_cycle_thresholds where order_cycle_id = ${cycleId} group by outcome`
    ).map((row) => [row.outcome, row.count]),
  );
  const emails = Object.fromEntries(
    (
      await sql<{ kind: string; count: number }[]>`
        select kind, count(*)::int as count from outbox_emails where cycle_id = ${cycleId} and created_at >= ${new Date(closesAt.getTime() - 60_000)} group by kind`
    ).map((row) => [row.kind, row.count]),
  );
  const [taken] = await sql<{ lines: number; refunds: number }[]>`
    select (select count(*)::int from order_lines ol join orders o on o.id = ol.order_id
             where o.order_cycle_id = ${cycleId} and ol.supplier_id = any(${data.missedSupplierIds}) and o.state = 'placed') as lines,
           (select count(*)::int from payments p join orders o on o.id = p.order_id
             where o.order_cycle_id = ${cycleId} and p.kind = 'refund' and p.method = 'card') as refunds`;
  const missed = data.missedSupplierIds.length;
  const ok =
    appliedAfter <= 5_000 &&
    outcomes.cancelled === missed &&
    outcomes.reached === SIZES.thresholds - missed &&
    taken.lines === 0 &&
    taken.refunds === expected.card &&
    (emails.threshold_cancelled ?? 0) === expected.orders &&
    (emails.threshold_missed_supplier ?? 0) === missed;
  report(
    "P9",
    ok,
    `P9 close-with-minimums thresholds=${SIZES.thresholds} cancelled=${outcomes.cancelled ?? 0} producers=500 lines=20000 lines-taken=${expected.lines} orders-told=${emails.threshold_cancelled ?? 0}/${expected.orders} card-refunds=${taken.refunds}/${expected.card} emails=${JSON.stringify(emails)} applied-and-queued-after-close=${ms(appliedAfter)} target<=5000ms`,
  );
}

// ---- The run ----

async function main() {
  const started = Date.now();
  mkdirSync(workDir, { recursive: true });
  console.log(
    `bench: ${cpus().length} CPU (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GB, load average ${loadavg()[0].toFixed(2)} at start, node ${process.version}${process.env.BENCH_SERVER_CPUS || process.env.BENCH_LOAD_CPUS ? `, server on CPUs ${process.env.BENCH_SERVER_CPUS ?? "any"}, load generator on ${process.env.BENCH_LOAD_CPUS ?? "any"}` : ""}`,
  );
  buildIfStale();

  const databaseUrl = await freshDatabase();
  await migrateDatabase(databaseUrl);
  // The app's modules read DATABASE_URL when they first connect.
  process.env.DATABASE_URL = databaseUrl;
  const { migrateJobQueue } = await import("#app/jobs/queue.server");
  await migrateJobQueue(databaseUrl);
  // The bench's own connection (drizzle turns off postgres.js's serializers on the app's).
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const { closeDb } = await import("#db/connection.server");
  cleanups.unshift(
    () => sql.end(),
    () => closeDb(),
  );
  const [settings] = await sql<{ version: string; fsync: string; synchronous_commit: string }[]>`
    select current_setting('server_version') as version, current_setting('fsync') as fsync, current_setting('synchronous_commit') as synchronous_commit`;

  const generating = Date.now();
  const data = await generate(sql);
  const { startSession } = await import("#app/auth/session.server");
  const { createApiToken } = await import("#app/auth/api-tokens.server");
  const coordinatorCookie = (await startSession(data.coordinatorUserId)).split(";")[0];
  const buyerCookie = (await startSession(data.buyerUserId)).split(";")[0];
  const coordinatorToken = await createApiToken(data.coordinatorUserId);
  console.log(
    `data: ${data.rows.toLocaleString("en")} rows in ${((Date.now() - generating) / 1000).toFixed(1)} s (PostgreSQL ${settings.version}, fsync=${settings.fsync}, synchronous_commit=${settings.synchronous_commit})`,
  );

  // The server and the worker, each in its own process, as `npm start` runs them.
  const mail = await startMailSink();
  cleanups.unshift(() => mail.stop());
  // P9's refunds reach a local Stripe stub, as in the tests: the bench never calls Stripe.
  const stripe = await startStripeStub();
  cleanups.unshift(() => stripe.close());
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    APP_URL: origin,
    SESSION_SECRET: "bench-session-secret-not-for-production",
    SMTP_URL: mail.url,
    MAIL_FROM: "Circuit <bench@circuit.test>",
    DATA_DIR: workDir,
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_API_BASE: stripe.url,
    // P10's receivers listen on 127.0.0.1.
    WEBHOOKS_ALLOW_PRIVATE: "true",
  };
  // BENCH_PROFILE=1 writes the server's CPU profile to .data/profiles when it stops.
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, ".data/profiles")}`, "--import", "data:text/javascript,process.once('SIGTERM',()=>process.exit(0))"]
    : [];
  const server = await spawnChild(
    [...profile, ...serverNodeFlags(), path.join(root, "scripts/serve.mjs"), path.join(root, "build/index.js")],
    { ...env, PORT: String(port), BENCH_ROUTES: "1" },
    "[remix-serve]",
    process.env.BENCH_SERVER_CPUS,
  );
  server.stdout!.resume();
  const worker = await spawnChild(["--import", "tsx", path.join(root, "scripts/worker.ts")], env, "Circuit worker running");
  worker.stdout!.resume();
  const context: Context = { origin, server, worker, sql, data, coordinatorCookie, buyerCookie, coordinatorToken, mail };

  if (process.env.BENCH_HOLD) {
    console.log(
      `holding ${process.env.BENCH_HOLD} s: ${origin}/shop/${data.shopId}?cycle=${data.shopCycleId} editor ${origin}/admin/order-cycles/${data.editorCycleId} cookie ${coordinatorCookie} buyer ${buyerCookie} db ${databaseUrl}`,
    );
    await sleep(Number(process.env.BENCH_HOLD) * 1000);
  }
  // BENCH_ONLY=P3,P4 runs some figures only, while working on them.
  const only = process.env.BENCH_ONLY?.split(",");
  const scenarios: [string[], (context: Context) => Promise<unknown>][] = [
    [["P1", "P6"], p1AndP6],
    [["P2"], p2],
    [["P3"], p3],
    [["P4"], p4],
    [["P10"], p10],
    [["P7"], p7],
    [["P11"], p11],
    [["P11"], p11CheckIn],
    [["P8"], p8],
    [["P8", "P11"], p11Invoices],
    [["P5"], p5],
    [["P9"], p9],
  ];
  for (const [ids, scenario] of scenarios) if (!only || ids.some((id) => only.includes(id))) await scenario(context);
  // P12 (BENCH_P12=1 or BENCH_ONLY=P12): the pages again beside a national instance, scale BENCH_P12_SCALE.
  if (process.env.BENCH_P12 === "1" || only?.includes("P12")) {
    const pages = scenarios.filter(([ids]) => ids.some((id) => ["P1", "P2", "P7", "P11"].includes(id)));
    const measure = async () => {
      const from = figures.length;
      for (const [, scenario] of pages) await scenario(context);
      return figures.slice(from).filter((figure) => figure.verdict !== "skipped");
    };
    await p12(sql, measure, report);
  }

  const missed = figures.filter((figure) => figure.verdict === false);
  const skipped = figures.filter((figure) => figure.verdict === "skipped");
  const judged = figures.length - skipped.length;
  console.log(
    `bench: ${judged - missed.length} of ${judged} figures within target${skipped.length ? `, ${skipped.map((figure) => figure.id).join(", ")} skipped` : ""}${missed.length ? `; missed: ${[...new Set(missed.map((figure) => figure.id))].join(", ")}` : ""}; ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return missed.length ? 1 : 0;
}

async function shutdown() {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(
    [...children]
      .filter((child) => child.exitCode === null)
      .map(
        (child) =>
          new Promise((resolve) => {
            child.once("exit", resolve);
            setTimeout(() => {
              child.kill("SIGKILL");
              resolve(undefined);
            }, 5000).unref();
          }),
      ),
  );
  for (const cleanup of cleanups) await cleanup().catch((error) => console.error(`bench cleanup: ${error}`));
  const errors = existsSync(errorLog) ? readFileSync(errorLog, "utf8").split("\n").filter(Boolean) : [];
  if (errors.length)
    console.log(
      `bench: the server and worker wrote ${errors.length} lines to stderr${process.env.BENCH_KEEP ? ` (${errorLog})` : ""}, the first:\n  ${errors.slice(0, 8).join("\n  ")}`,
    );
  if (!process.env.BENCH_KEEP) rmSync(workDir, { recursive: true, force: true });
}

process.once("SIGINT", () => void shutdown().then(() => process.exit(130)));
main().then(
  async (code) => {
    await shutdown();
    process.exit(code);
  },
  async (error) => {
    // Not the whole error: a failed bulk INSERT carries thousands of parameters.
    console.error(error instanceof Error ? error.stack : error);
    await shutdown();
    process.exit(2);
  },
);
