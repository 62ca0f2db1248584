/// <reference types="vite/client" />
// docs/quality.md R4: every API endpoint fed malformed, oversized and hostile input never answers 500,
// and a refused request changes nothing: the whole database (every public table, row by row, see
// tests/support/db-snapshot.ts) is the same before and after any answer of 400 or more.
//
// Bodies, ids, query strings, callers and credentials come from fast-check:
// - only the methods each route serves (found by asking it: every other method answers 405);
// - ids drawn from real rows of every kind (enterprises, products, variants, fees, methods,
//   cycles, orders, customers' emails, report names), mostly of the kind the path names;
// - as nobody, or as the coordinator's, a supplier's, a distributor's manager, a buyer with
//   orders, or a user with no enterprise; with a bearer token or a browser session cookie made
//   for that run alone, so a fuzzed DELETE /sessions/current revokes only its own run's credential;
// - Stripe's webhook with its secret set, and deliveries signed with it as well as forged;
// - in process (the route modules called as Remix calls them) and through `npm start`'s real
//   HTTP server (express, the Origin guard, Remix's handler) on this file's database.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { createApiToken } from "#app/auth/api-tokens.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { reportNames } from "#app/domain/reports/definitions";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { freePort } from "#db/embedded";
import { getDb } from "#db/connection.server";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { changesBetween, snapshotDatabase, withoutTables } from "#tests/support/db-snapshot";
import { BASE_URL, callRoute } from "#tests/support/http";
import { setEnv } from "#tests/support/settings";
import { chargeObject, checkoutSessionObject, insertCardOrder, paymentIntentObject, signedDelivery, stripeEvent } from "#tests/support/stripe-stub";
import { createUser, type TestUser } from "#tests/support/world";

type RouteModule = Parameters<typeof callRoute>[0];
const modules = import.meta.glob<RouteModule>("../../app/routes/api.v1.*.ts", { eager: true });
const routes = Object.entries(modules).map(([file, route]) => ({ name: file.split("/").pop()!.replace(/\.ts$/, ""), route }));

const WEBHOOK_SECRET = "whsec_test_circuit_fuzz";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
/** Runs per route and door: every run is a real request with an assertion. */
const RUNS = { inProcess: 20, http: 8 };
/** A refused login or sign-up is counted against its address: that row is the refusal doing its job. */
const COUNTED_REFUSALS = ["rate_limit_hits"];

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = path.resolve(`.data/test/fuzz-${randomBytes(4).toString("hex")}`);

let w: CoopPlus;
let buyer: TestUser;
/** Real ids by kind, read from the database once the world is built. */
let pool: Record<Kind, string[]>;
let allIds: string[];
/** The methods each route serves. */
const served = new Map<string, Method[]>();

type Kind = "enterprise" | "product" | "variant" | "fee" | "method" | "cycle" | "order" | "customerEmail" | "report";
const kindOfParam: Record<string, Kind> = {
  enterpriseId: "enterprise",
  granteeId: "enterprise",
  supplierId: "enterprise",
  distributorId: "enterprise",
  email: "customerEmail",
  feeId: "fee",
  cycleId: "cycle",
  name: "report",
  orderId: "order",
  methodId: "method",
  productId: "product",
  variantId: "variant",
};

/** Path parameters named in the file name, e.g. api.v1.orders.$orderId.ts -> ["orderId"]. */
function paramNames(file: string): string[] {
  return [...file.matchAll(/\$([A-Za-z]+)/g)].map((match) => match[1]);
}

/** The URL path of a route file with its parameters filled in: api.v1.orders.$orderId.cancel -> /api/v1/orders/<id>/cancel. */
function pathOf(file: string, values: Record<string, string>): string {
  return `/${file
    .split(".")
    .map((segment) => (segment.startsWith("$") ? encodeURIComponent(values[segment.slice(1)]) : segment))
    .join("/")}`;
}

async function idsOf(query: ReturnType<typeof sql>): Promise<string[]> {
  return (await getDb().execute<{ id: string }>(query)).map((row) => row.id);
}

beforeAll(async () => {
  setEnv({ STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
  w = await coopPlus();
  buyer = await createUser({ name: "Buyer" });
  // An open cycle with orders at both shops (a guest's and a signed-in buyer's), an upcoming one and a third with no orders.
  const open = await seedCycle(w, { name: "Open week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(7 * 24 * 60) });
  await seedCycle(w, { name: "Next week" });
  await seedCycle(w, { name: "Undated", opensAt: null, closesAt: null });
  await putOutgoingExchange(w.actors.hub, open, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, open, w.lake.id, { tags: [] });
  await placeOrder(
    {
      distributorId: w.distributor.id,
      orderCycleId: open,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: "guest@example.org",
      name: "Guest Buyer",
      lines: [{ variantId: w.variants.a[0], quantity: 2 }],
    },
    undefined,
  );
  await placeOrder(
    {
      distributorId: w.lake.id,
      orderCycleId: open,
      shippingMethodId: w.methods.lake[0].shipping.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      lines: [{ variantId: w.variants.b[0], quantity: 1 }],
    },
    { userId: buyer.id, email: buyer.email, name: buyer.name },
  );
  await insertCardOrder({ distributorId: w.distributor.id, buyer, totalCents: 1_234 });

  pool = {
    enterprise: await idsOf(sql`select id from enterprises`),
    product: await idsOf(sql`select id from products`),
    variant: await idsOf(sql`select id from variants`),
    fee: await idsOf(sql`select id from enterprise_fees`),
    method: await idsOf(sql`select id from shipping_methods union all select id from payment_methods`),
    cycle: await idsOf(sql`select id from order_cycles`),
    order: await idsOf(sql`select id from orders`),
    customerEmail: await idsOf(sql`select email as id from customers`),
    report: [...reportNames],
  };
  for (const [kind, ids] of Object.entries(pool)) expect(ids.length, `real ${kind} ids`).toBeGreaterThan(0);
  allIds = Object.values(pool).flat();

  // Which methods each route serves: every other one answers 405 (or, for a route without an action, has no handler).
  for (const { name, route } of routes) {
    const methods: Method[] = [];
    for (const method of METHODS) {
      if (method === "GET" ? !route.loader : !route.action) continue;
      const response = await callRoute(route, { method, path: "/api/v1/probe", params: Object.fromEntries(paramNames(name).map((param) => [param, "probe"])) });
      if (response.status !== 405) methods.push(method);
    }
    expect(methods, `${name} serves some method`).not.toEqual([]);
    served.set(name, methods);
  }
}, 120_000);

// ---------- what a run is made of ----------

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "../../etc/passwd",
    "'; drop table orders; --",
    "<script>alert(1)</script>",
    "%00",
    "\u0000",
    "😀".repeat(50),
    "9".repeat(400),
    "a".repeat(20_000),
  ),
);

const realId = (kind?: Kind) => fc.constantFrom(...(kind ? pool[kind] : allIds));

const paramValue = (param: string) =>
  fc.oneof({ arbitrary: realId(kindOfParam[param]), weight: 7 }, { arbitrary: realId(), weight: 1 }, { arbitrary: hostileString, weight: 2 });

const fieldValue = () =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    hostileString,
    fc.integer(),
    fc.double(),
    fc.array(hostileString, { maxLength: 5 }),
    realId(),
    fc.array(realId(), { maxLength: 4 }),
    fc.array(
      fc.record({ variantId: fc.oneof(realId("variant"), hostileString), quantity: fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double(), hostileString) }),
      { maxLength: 3 },
    ),
  );

/** Mostly objects with the API's own field names (what gets past the JSON parser to the rules), some anything, some not JSON. */
const body = () =>
  fc.oneof(
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
    {
      weight: 4,
      arbitrary: fc.dictionary(
        fc.constantFrom(
          "name",
          "email",
          "lines",
          "variantIds",
          "feeIds",
          "quantity",
          "priceCents",
          "closesAt",
          "opensAt",
          "tags",
          "permissions",
          "calculator",
          "coordinatorId",
          "distributorId",
          "orderCycleId",
          "shippingMethodId",
          "paymentMethodId",
          "granteeId",
          "kind",
          "stock",
          "password",
          "readyFor",
          "automaticNotifications",
          "confirmClosed",
          "description",
          "variants",
        ),
        fieldValue(),
        { maxKeys: 6 },
      ),
    },
    { arbitrary: hostileString.map((text) => ({ raw: text })), weight: 1 },
  );

/** Stripe's deliveries: an event about a real order, signed with the endpoint's secret, another secret, or not at all. */
const webhookDelivery = () =>
  fc
    .record({
      type: fc.constantFrom(
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "checkout.session.completed",
        "charge.refunded",
        "customer.created",
        "payment_intent.succeeded ",
      ),
      orderId: fc.oneof(realId("order"), hostileString),
      amount: fc.oneof(fc.integer({ min: -100, max: 5_000 }), fc.constant(1_234)),
      secret: fc.constantFrom(WEBHOOK_SECRET, WEBHOOK_SECRET, "whsec_forged"),
      tamper: fc.boolean(),
    })
    .map(({ type, orderId, amount, secret, tamper }) => {
      const object = type.startsWith("checkout")
        ? checkoutSessionObject({ orderId, paymentIntentId: null, amount })
        : type.startsWith("charge")
          ? chargeObject({ paymentIntentId: "pi_test_fuzz", amount, orderId })
          : paymentIntentObject({ orderId, amount, status: type.endsWith("failed") ? "requires_payment_method" : "succeeded" });
      const signed = signedDelivery(stripeEvent(type, object), secret);
      return { raw: tamper ? signed.payload.replace(String(amount), String(amount + 1)) : signed.payload, headers: { "Stripe-Signature": signed.signature } };
    });

type Who = "nobody" | "coordinator" | "supplier" | "distributor" | "unrelated manager" | "buyer" | "user with no enterprise";
const callers = fc.oneof(
  { arbitrary: fc.constant({ who: "nobody" as Who, via: "none" as const }), weight: 1 },
  {
    arbitrary: fc.record({
      who: fc.constantFrom<Who>("coordinator", "supplier", "distributor", "unrelated manager", "buyer", "user with no enterprise"),
      via: fc.constantFrom("token" as const, "cookie" as const),
    }),
    weight: 5,
  },
);
const userOf = (who: Who): TestUser | undefined =>
  ({
    nobody: undefined,
    coordinator: w.people.hub,
    supplier: w.people.supplierA,
    distributor: w.people.distributor,
    "unrelated manager": w.people.unrelated,
    buyer,
    "user with no enterprise": w.people.nobody,
  })[who];

/** The Origin a browser would send with a cookie: its own site, none, or another site (refused: 403). */
const origins = fc.constantFrom<"own" | "none" | "evil">("own", "own", "none", "evil");

const queries = () =>
  fc.oneof(
    fc.constantFrom(
      "",
      "?q=%27",
      "?cursor=-1",
      "?cursor=abc",
      "?format=csv",
      "?format=csv&csvStyle=semicolon",
      "?state=everything&includeClosedDays=99999999",
      "?page=99999999999",
      "?state=open",
      "?includeClosedDays=90",
    ),
    fc
      .record({ key: fc.constantFrom("distributorId", "supplierId", "shippingMethodId", "orderCycleId"), value: fc.oneof(realId(), hostileString) })
      .map(({ key, value }) => `?${key}=${encodeURIComponent(value)}`),
  );

type Run = {
  method: Method;
  values: Record<string, string>;
  payload: unknown;
  headers: Record<string, string>;
  caller: { who: Who; via: "none" | "token" | "cookie" };
  origin: "own" | "none" | "evil";
  query: string;
};

function runs(name: string): fc.Arbitrary<Run> {
  const params = paramNames(name);
  const webhook = name === "api.v1.webhooks.stripe";
  const payloads = webhook
    ? fc.oneof(
        { arbitrary: webhookDelivery().map((delivery) => ({ payload: { raw: delivery.raw } as unknown, headers: delivery.headers })), weight: 3 },
        { arbitrary: body().map((payload) => ({ payload, headers: {} })), weight: 1 },
      )
    : fc
        .oneof({ arbitrary: body(), weight: 5 }, { arbitrary: fc.constant(undefined), weight: 1 })
        .map((payload) => ({ payload, headers: {} as Record<string, string> }));
  return fc
    .record({
      method: fc.constantFrom(...served.get(name)!),
      values: fc.record(Object.fromEntries(params.map((param) => [param, paramValue(param)]))) as fc.Arbitrary<Record<string, string>>,
      payloads,
      caller: callers,
      origin: origins,
      query: queries(),
    })
    .map(({ payloads: { payload, headers }, ...rest }) => ({ ...rest, payload, headers }));
}

/** A credential for this run alone: whatever the run does to it, the next run has its own. */
async function credentialFor(caller: Run["caller"]): Promise<{ token?: string; cookie?: string }> {
  const user = userOf(caller.who);
  if (!user || caller.via === "none") return {};
  return caller.via === "token" ? { token: await createApiToken(user.id) } : { cookie: await sessionCookie(user) };
}

function rawOf(payload: unknown): string | undefined {
  return payload && typeof payload === "object" && "raw" in payload ? String((payload as { raw: string }).raw) : undefined;
}

const describeRun = (name: string, run: Run) =>
  `${run.method} ${name} ${JSON.stringify(run.values).slice(0, 200)} as ${run.caller.who} (${run.caller.via}, origin ${run.origin}) ${run.query} ${JSON.stringify(run.payload)?.slice(0, 200)}`;

/** Sends a run, checks the answer is not a server error, and that a refusal left every table as it was. */
async function check(
  name: string,
  run: Run,
  send: (run: Run, credential: { token?: string; cookie?: string }) => Promise<Response>,
  log: () => string = () => "",
) {
  const credential = await credentialFor(run.caller);
  const before = await snapshotDatabase();
  const response = await send(run, credential);
  const text = await response.text();
  expect(response.status, `${describeRun(name, run)}\n${text.slice(0, 500)}${log()}`).toBeLessThan(500);
  // Each run's credential is its own and valid: a signed-in caller is never told it is not (only a login can fail).
  if (run.caller.via !== "none" && name !== "api.v1.sessions")
    expect(response.status, `${describeRun(name, run)}: a valid credential answered 401`).not.toBe(401);
  if (response.status >= 400) {
    const after = await snapshotDatabase();
    expect(
      changesBetween(withoutTables(before, COUNTED_REFUSALS), withoutTables(after, COUNTED_REFUSALS)),
      `${describeRun(name, run)} answered ${response.status} and changed rows`,
    ).toEqual({});
  }
}

function headersFor(run: Run, credential: { token?: string; cookie?: string }, ownOrigin: string): Record<string, string> {
  const raw = rawOf(run.payload);
  const headers: Record<string, string> = { ...run.headers };
  if (raw !== undefined) headers["Content-Type"] = "application/json";
  if (credential.cookie && run.origin !== "none") headers.Origin = run.origin === "own" ? ownOrigin : "https://evil.example";
  return headers;
}

describe("R4: the API under hostile input, in process", () => {
  for (const { name, route } of routes) {
    test(`${name} never answers 500 and refusals change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(runs(name), (run) =>
          check(name, run, (run, credential) => {
            const raw = rawOf(run.payload);
            return callRoute(route, {
              method: run.method,
              path: `${pathOf(name, run.values)}${run.query}`,
              params: run.values,
              ...credential,
              body: run.method === "GET" ? undefined : (raw ?? run.payload ?? undefined),
              headers: headersFor(run, credential, BASE_URL),
            });
          }),
        ),
        { numRuns: RUNS.inProcess },
      );
    }, 120_000);
  }
});

// ---------- through `npm start` ----------

let server: ChildProcess | undefined;
let serverOutput = "";
let base = "";

describe("R4: the API under hostile input, through the HTTP server", () => {
  beforeAll(async () => {
    mkdirSync(dataDir, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // node itself with tsx, so the signal at the end reaches the process under test.
    server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NODE_ENV: "production",
        DATABASE_URL: process.env.DATABASE_URL!,
        PORT: String(port),
        APP_URL: base,
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        WORKER: "false",
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready within 120 s:\n${serverOutput}`)), 120_000);
      const ready = setInterval(() => {
        if (!serverOutput.includes("Circuit ready on")) return;
        clearInterval(ready);
        clearTimeout(timer);
        resolve();
      }, 100);
      server!.once("exit", (code) => {
        clearInterval(ready);
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${serverOutput}`));
      });
    });
  }, 150_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  for (const { name } of routes) {
    test(`${name} never answers 500 and refusals change nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(runs(name), (run) =>
          check(
            name,
            run,
            (run, credential) => {
              const raw = rawOf(run.payload);
              const headers = headersFor(run, credential, base);
              if (credential.token) headers.Authorization = `Bearer ${credential.token}`;
              if (credential.cookie) headers.Cookie = credential.cookie;
              const payload = run.method === "GET" ? undefined : (raw ?? (run.payload === undefined ? undefined : JSON.stringify(run.payload)));
              if (payload !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
              return fetch(`${base}${pathOf(name, run.values)}${run.query}`, { method: run.method, headers, body: payload, redirect: "manual" });
            },
            () => `\n--- server output ---\n${serverOutput.slice(-3000)}`,
          ),
        ),
        { numRuns: RUNS.http },
      );
    }, 120_000);
  }
});
