// docs/quality.md P12: beside the bench's data, a national instance at a twentieth of the spec's
// sizes (25 hubs, 1,000 producers, 20,000 variants, 100,000 past orders of 400,000 lines). Every SQL
// statement the P1, P2, P7 and P11 pages send is recorded and EXPLAINed: none may read a table of
// more than a few thousand rows whole.
import postgres from "postgres";
import { createApiToken } from "#app/auth/api-tokens.server";
import { startSession } from "#app/auth/session.server";
import { reportNames } from "#app/domain/reports/definitions";
import * as root from "#app/root";
import * as admin from "#app/routes/admin";
import * as cycleFrame from "#app/routes/admin.order-cycles.$cycleId";
import * as cycleGeneral from "#app/routes/admin.order-cycles.$cycleId._index";
import * as cycleCheckout from "#app/routes/admin.order-cycles.$cycleId.checkout";
import * as cycleIncoming from "#app/routes/admin.order-cycles.$cycleId.incoming";
import * as cycleOrders from "#app/routes/admin.order-cycles.$cycleId.orders";
import * as cycleOutgoing from "#app/routes/admin.order-cycles.$cycleId.outgoing";
import * as cycleReports from "#app/routes/admin.order-cycles.$cycleId.reports";
import * as checkIn from "#app/routes/admin.order-cycles.$cycleId_.pickup.$distributorId.$methodId";
import * as reportApi from "#app/routes/api.v1.order-cycles.$cycleId.reports.$name";
import * as shopProductsApi from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import * as shopPage from "#app/routes/shop.$distributorId";
import { forgetShopPages } from "#app/domain/shop/catalogue.server";
import { recordQueries, type RecordedQuery } from "#db/connection.server";
import { callRoute, type CallOptions } from "#tests/support/http";
import { generate, type BenchData } from "../../scripts/bench/data";
import { generateNational, nationalSizes } from "../../scripts/bench/national";

/** A table with more rows than this here (twenty times as many at full scale) must not be read whole. */
const SMALL_TABLE = 1000;
const SCALE = 0.05;

type Route = Parameters<typeof callRoute>[0];
type Page = { name: string; routes: Route[]; options: CallOptions };
type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] };

let sql: postgres.Sql;
let data: BenchData;
let pages: Page[];
let rowsOf: Map<string, number>;
/** How many statements each page sent before the national data was generated. */
const smallCounts = new Map<string, number>();

/**
 * Runs a page's loaders, as Remix does for a document request, and reads every response to its end.
 * The shop's kept pages are forgotten first, so every visit reads what a first one does.
 */
async function visit(page: Page) {
  forgetShopPages();
  for (const route of page.routes.filter((route) => route.loader)) {
    const response = await callRoute(route, page.options);
    expect(response.status, `${page.name}: ${response.status}`).toBeLessThan(300);
    await response.arrayBuffer();
  }
}

/**
 * The statements a page sends. Not postgres.js asking a connection's types: it does on each new
 * connection of the pool, whenever the page's concurrent queries first need one more.
 */
async function sentBy(page: Page): Promise<RecordedQuery[]> {
  await visit(page);
  const { queries } = await recordQueries(() => visit(page));
  return queries.filter((statement) => !statement.query.includes("pg_catalog.pg_type"));
}

const explainable = (query: string) => /^\s*(with|select|insert|update|delete)\b/i.test(query);

/**
 * The tables above SMALL_TABLE rows the statement reads whole, a sequential scan or an index read
 * end to end (no index condition; below a Limit it is a walk in the index's order that stops early,
 * and the query-plans tests of those pages say which index), when planned with whole reads and hash
 * and merge joins as the last resort: what is left is what no index can serve. The planner's own
 * choice is not asserted: at this scale the closing cycle's orders are a twentieth of all orders,
 * not the four-hundredth they are at full scale, and a scan may fairly win here where it would not there.
 */
async function lastResortPlan<T>(statement: RecordedQuery, format: "json" | "text") {
  return sql.begin(async (tx) => {
    await tx`set local enable_seqscan = off`;
    await tx`set local enable_hashjoin = off`;
    await tx`set local enable_mergejoin = off`;
    return tx.unsafe<T[]>(`explain (format ${format}) ${statement.query}`, statement.parameters as never[]);
  });
}

async function wholeReads(statement: RecordedQuery): Promise<string[]> {
  const [row] = await lastResortPlan<{ "QUERY PLAN": { Plan: PlanNode }[] }>(statement, "json");
  const whole = (node: PlanNode, limited: boolean): PlanNode[] => {
    const big = (rowsOf.get(node["Relation Name"] ?? "") ?? 0) > SMALL_TABLE;
    const read = node["Node Type"].includes("Seq Scan") || (node["Node Type"].startsWith("Index") && !node["Index Cond"] && !limited);
    const below = limited || node["Node Type"] === "Limit";
    return [...(big && read ? [node] : []), ...(node.Plans ?? []).flatMap((child) => whole(child, below))];
  };
  return whole(row["QUERY PLAN"][0].Plan, false).map((node) => `${node["Node Type"]} on ${node["Relation Name"]} (${rowsOf.get(node["Relation Name"]!)} rows)`);
}

beforeAll(async () => {
  sql = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  data = await generate(sql);
  const cookie = (await startSession(data.coordinatorUserId)).split(";")[0];
  const buyer = (await startSession(data.buyerUserId)).split(";")[0];
  const token = await createApiToken(data.coordinatorUserId);
  const [point] = await sql<{ distributor_id: string; shipping_method_id: string }[]>`
    select distributor_id, shipping_method_id from orders
    where order_cycle_id = ${data.closingCycleId} and state = 'placed' and shipping_method_id is not null
    group by 1, 2 order by count(*) desc, 1, 2 limit 1`;
  const shop = { distributorId: data.shopId, cycleId: data.shopCycleId };
  const term = data.searchTerms[0].toLowerCase();
  const editor = (step: string, leaf: Route): Page => ({
    name: `P2 cycle editor ${step || "general"}`,
    routes: [root, admin, cycleFrame, leaf],
    options: { cookie, params: { cycleId: data.editorCycleId }, path: `/admin/order-cycles/${data.editorCycleId}${step ? `/${step}` : ""}` },
  });
  const closing = { cycleId: data.closingCycleId };
  pages = [
    {
      name: "P1 shop API",
      routes: [shopProductsApi],
      options: { params: shop, path: `/api/v1/shops/${data.shopId}/order-cycles/${data.shopCycleId}/products` },
    },
    {
      name: "P1 shop API search",
      routes: [shopProductsApi],
      options: { params: shop, path: `/api/v1/shops/${data.shopId}/order-cycles/${data.shopCycleId}/products?q=${term}` },
    },
    { name: "P1 shop page", routes: [root, shopPage], options: { params: shop, path: `/shop/${data.shopId}?cycle=${data.shopCycleId}` } },
    {
      name: "P1 shop page, signed-in buyer, search",
      routes: [root, shopPage],
      options: { cookie: buyer, params: shop, path: `/shop/${data.shopId}?cycle=${data.shopCycleId}&q=${term}` },
    },
    editor("", cycleGeneral),
    editor("incoming", cycleIncoming),
    editor("outgoing", cycleOutgoing),
    editor("checkout", cycleCheckout),
    ...reportNames.flatMap((name): Page[] => [
      {
        name: `P7 report ${name} CSV`,
        routes: [reportApi],
        options: { token, params: { ...closing, name }, path: `/api/v1/order-cycles/${data.closingCycleId}/reports/${name}?format=csv` },
      },
      {
        name: `P7 report ${name} page`,
        routes: [root, admin, cycleFrame, cycleReports],
        options: { cookie, params: closing, path: `/admin/order-cycles/${data.closingCycleId}/reports?report=${name}` },
      },
    ]),
    {
      name: "P11 orders list",
      routes: [root, admin, cycleFrame, cycleOrders],
      options: { cookie, params: closing, path: `/admin/order-cycles/${data.closingCycleId}/orders` },
    },
    {
      name: "P11 pickup check-in",
      routes: [root, admin, checkIn],
      options: {
        cookie,
        params: { ...closing, distributorId: point.distributor_id, methodId: point.shipping_method_id },
        path: `/admin/order-cycles/${data.closingCycleId}/pickup/${point.distributor_id}/${point.shipping_method_id}`,
      },
    },
  ];
  for (const page of pages) smallCounts.set(page.name, (await sentBy(page)).length);

  await generateNational(sql, SCALE);
  const tables = await sql<{ relname: string; rows: number }[]>`
    select relname, reltuples::bigint::int as rows from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`;
  rowsOf = new Map(tables.map((table) => [table.relname, table.rows]));
}, 300_000);

afterAll(async () => {
  await sql.end();
});

test("the national data stands beside the bench's at the scale asked for", async () => {
  const sizes = nationalSizes(SCALE);
  expect(rowsOf.get("variants")).toBeGreaterThanOrEqual(sizes.variants);
  expect(rowsOf.get("orders")).toBeGreaterThanOrEqual(sizes.orders);
  expect(rowsOf.get("order_lines")).toBeGreaterThanOrEqual(sizes.lines);
  const [{ cycles }] = await sql<{ cycles: number }[]>`select count(*)::int as cycles from order_cycles where name like 'National week %'`;
  expect(cycles).toBe(sizes.cycles);
});

test("every query of the P1, P2, P7 and P11 pages uses an index on the tables above a few thousand rows", async () => {
  const scans: string[] = [];
  for (const page of pages) {
    const statements = (await sentBy(page)).filter((statement) => explainable(statement.query));
    expect(statements.length, page.name).toBeGreaterThan(0);
    for (const statement of statements) {
      const tables = await wholeReads(statement);
      if (!tables.length) continue;
      const plan = (await lastResortPlan<{ "QUERY PLAN": string }>(statement, "text")).map((line) => line["QUERY PLAN"]).join("\n");
      scans.push(`${page.name}: ${tables.join(", ")} in ${statement.query.replace(/\s+/g, " ").slice(0, 300)}\n${plan}`);
    }
  }
  expect(scans.join("\n\n")).toBe("");
}, 300_000);

test("each page sends as many statements beside the national data as without it", async () => {
  const counts = new Map<string, number>();
  for (const page of pages) counts.set(page.name, (await sentBy(page)).length);
  expect([...smallCounts.values()].every((count) => count > 0)).toBe(true);
  expect(counts).toEqual(smallCounts);
}, 300_000);
