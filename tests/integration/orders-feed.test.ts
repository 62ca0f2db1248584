// The orders feed, GET /api/v1/orders (docs/domain.md 14, decision 0044): the orders a caller may see
// as a manager (docs/domain.md 3: all of its cycles' for the coordinator, its own shop's for a
// distributor, none for a supplier, a buyer or anyone else), cancelled ones with their state, the
// latest change first; keyset pages of 100 walking 250 orders with none repeated or missed;
// updatedSince, the filters and externalId; a fixed number of queries; bad parameters named.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { getDb, queryCount } from "#db/connection.server";
import { orderLines, orders, variants } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { ordersFeedStatement, parseFeedQuery } from "#app/domain/orders/feed.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as feedRoute from "#app/routes/api.v1.orders";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi } from "#tests/support/shop";

type FeedItem = { id: string; state: string; externalId: string | null; updatedAt: string; distributorId: string; orderCycleId: string; lines: unknown[] };
type Feed = { items: FeedItem[]; nextCursor: string | null };

let w: CoopPlus;
let cycleId: string;
let bulkCycleId: string;
const placed: Record<"river" | "lake" | "riverCancelled", string> = {} as never;
const bulkIds: string[] = [];

async function feed(token: string, query = ""): Promise<{ status: number; body: Feed & { error?: { fields: Record<string, string> } } }> {
  const response = await callRoute(feedRoute, { path: `/api/v1/orders${query}`, token });
  return { status: response.status, body: await json(response) };
}

function place(distributor: "river" | "lake", email: string) {
  const river = distributor === "river";
  return placeOrder(
    {
      distributorId: river ? w.distributor.id : w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: river ? w.methods.distributor.shipping.id : w.methods.lake[0].shipping.id,
      paymentMethodId: river ? w.methods.distributor.payment.id : w.methods.lake[0].payment.id,
      email,
      name: "Feed Buyer",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    },
    undefined,
  );
}

beforeAll(async () => {
  w = await coopPlus();
  await getDb().update(variants).set({ stock: null }).where(eq(variants.id, w.variants.a[0]));
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  placed.river = await place("river", "river@example.org");
  placed.lake = await place("lake", "lake@example.org");
  placed.riverCancelled = await place("river", "gone@example.org");
  // The plain user is this order's buyer: a buyer still sees no feed.
  await getDb().update(orders).set({ buyerId: w.people.nobody.id }).where(eq(orders.id, placed.river));
  expect((await cancelOrderApi(placed.riverCancelled, { token: w.people.distributor.token })).status).toBe(200);

  // 250 orders of a second cycle at River, written at once: groups of five share an updated_at (to
  // the microsecond) so the id must break ties; each has one line.
  bulkCycleId = await seedCycle(w, { name: "Bulk feed", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60) });
  const base = Date.parse("2026-01-01T00:00:00Z");
  const rows = Array.from({ length: 250 }, (_, i) => ({
    orderCycleId: bulkCycleId,
    distributorId: w.distributor.id,
    email: `bulk${i}@example.org`,
    state: i % 10 === 0 ? "cancelled" : "placed",
    placedAt: new Date(base),
    updatedAt: new Date(base + Math.floor(i / 5) * 60_000),
    externalId: `BULK-${i}`,
    totalCents: 250,
    itemsTotalCents: 250,
  }));
  const inserted = await getDb().insert(orders).values(rows).returning({ id: orders.id });
  bulkIds.push(...inserted.map((row) => row.id));
  await getDb()
    .insert(orderLines)
    .values(
      bulkIds.map((orderId) => ({
        orderId,
        variantId: w.variants.a[0],
        quantity: 1,
        unitPriceCents: 250,
        totalCents: 250,
        productName: "Carrots",
        variantName: "1 kg",
      })),
    );
  // Microseconds Postgres keeps and a JavaScript Date would not: a cursor must carry them.
  await getDb().execute(
    `update orders set updated_at = updated_at + ((('x' || substr(md5(id), 1, 4))::bit(16)::int % 1000) * interval '1 microsecond') where order_cycle_id = '${bulkCycleId}' and external_id like 'BULK-1%'`,
  );
}, 90_000);

type Role = "coordinator" | "distributor" | "other distributor" | "supplier" | "buyer" | "unrelated";

describe("who sees which orders (docs/domain.md 3)", () => {
  const expected: Record<Role, ("river" | "lake" | "riverCancelled")[]> = {
    coordinator: ["river", "lake", "riverCancelled"],
    distributor: ["river", "riverCancelled"],
    "other distributor": ["lake"],
    supplier: [],
    buyer: [],
    unrelated: [],
  };
  const tokens = (): Record<Role, string> => ({
    coordinator: w.people.hub.token,
    distributor: w.people.distributor.token,
    "other distributor": w.people.lake.token,
    supplier: w.people.supplierA.token,
    buyer: w.people.nobody.token,
    unrelated: w.people.unrelated.token,
  });
  for (const role of Object.keys(expected) as Role[]) {
    test(`${role}: ${expected[role].join(", ") || "none"}`, async () => {
      const { status, body } = await feed(tokens()[role], `?orderCycleId=${cycleId}`);
      expect(status).toBe(200);
      expect(body.items.map((item) => item.id).sort()).toEqual(expected[role].map((key) => placed[key]).sort());
    });
  }

  test("the cancelled order is there with its state, and first: its change is the latest", async () => {
    const { body } = await feed(w.people.distributor.token, `?orderCycleId=${cycleId}`);
    expect(body.items[0]).toMatchObject({ id: placed.riverCancelled, state: "cancelled" });
    expect(body.items[1]).toMatchObject({ id: placed.river, state: "placed" });
  });

  test("not signed in: 401", async () => {
    expect((await callRoute(feedRoute, { path: "/api/v1/orders" })).status).toBe(401);
  });
});

describe("paging, filters and cost", () => {
  async function walk(token: string, query: string) {
    const pages: Feed[] = [];
    let cursor: string | null = null;
    do {
      const { status, body } = await feed(token, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 10);
    return pages;
  }

  test("250 orders in pages of 100, 100 and 50, newest change first, none repeated or missed", async () => {
    const pages = await walk(w.people.hub.token, `?orderCycleId=${bulkCycleId}`);
    expect(pages.map((page) => page.items.length)).toEqual([100, 100, 50]);
    const items = pages.flatMap((page) => page.items);
    expect(new Set(items.map((item) => item.id)).size).toBe(250);
    expect(items.map((item) => item.id).sort()).toEqual([...bulkIds].sort());
    const keys = items.map((item) => item.updatedAt);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(items.filter((item) => item.state === "cancelled")).toHaveLength(25);
    expect(items[0].lines).toHaveLength(1);
  });

  test("the distributor pages through its own across cycles; distributorId narrows the coordinator's", async () => {
    const river = (await walk(w.people.distributor.token, "?")).flatMap((page) => page.items);
    expect(river).toHaveLength(252);
    const narrowed = (await walk(w.people.hub.token, `?distributorId=${w.lake.id}`)).flatMap((page) => page.items);
    expect(narrowed.map((item) => item.id)).toEqual([placed.lake]);
  });

  test("updatedSince keeps the orders changed at or after it", async () => {
    const since = new Date(Date.parse("2026-01-01T00:00:00Z") + 45 * 60_000).toISOString();
    const items = (await walk(w.people.hub.token, `?orderCycleId=${bulkCycleId}&updatedSince=${since}`)).flatMap((page) => page.items);
    expect(items).toHaveLength(25);
    expect(items.every((item) => item.updatedAt >= since)).toBe(true);
  });

  test("externalId finds the one order; another distributor's manager finds nothing", async () => {
    const { body } = await feed(w.people.hub.token, "?externalId=BULK-7");
    expect(body.items.map((item) => item.externalId)).toEqual(["BULK-7"]);
    expect((await feed(w.people.lake.token, "?externalId=BULK-7")).body.items).toEqual([]);
  });

  test("a page of 100 costs the same queries as a page of 1", async () => {
    await feed(w.people.hub.token, "?externalId=BULK-7");
    const counted = async (query: string) => {
      const before = queryCount();
      await feed(w.people.hub.token, query);
      return queryCount() - before;
    };
    const one = await counted("?externalId=BULK-7");
    const hundred = await counted(`?orderCycleId=${bulkCycleId}`);
    expect(hundred).toBe(one);
    // The caller's session, then the page, its lines, adjustments and payments.
    expect(hundred).toBeLessThanOrEqual(8);
  });

  test("bad parameters are named, 422", async () => {
    for (const [query, field] of [
      ["?updatedSince=yesterday", "updatedSince"],
      ["?updatedSince=2026-13-45T00:00:00Z", "updatedSince"],
      ["?cursor=not-a-cursor", "cursor"],
      [`?cursor=${Buffer.from(JSON.stringify(["x", "y"])).toString("base64url")}`, "cursor"],
      ["?orderCycleId=bad%20id", "orderCycleId"],
      ["?distributorId=%27or%201=1", "distributorId"],
    ] as const) {
      const { status, body } = await feed(w.people.hub.token, query);
      expect(status, query).toBe(422);
      expect(Object.keys(body.error!.fields), query).toEqual([field]);
    }
  });
});

describe("the feed's index", () => {
  type PlanNode = { "Node Type": string; "Index Name"?: string; Plans?: PlanNode[] };
  const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

  test("a cycle's page is read in order from orders_feed_idx, without sorting the cycle's orders", async () => {
    const cursor = Buffer.from(JSON.stringify(["2026-01-01T00:30:00.000000Z", "z"])).toString("base64url");
    for (const query of [{ orderCycleId: bulkCycleId }, { orderCycleId: bulkCycleId, cursor }]) {
      const statement = ordersFeedStatement(w.actors.hub, parseFeedQuery(query));
      const plan = await getDb().transaction(async (tx) => {
        // The test's table is small enough for a scan and a sort to win; what is proved is that the
        // index can serve the page in order, as it must for a cycle of thousands of orders.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_sort = off`);
        const [row] = await tx.execute<{ "QUERY PLAN": { Plan: PlanNode }[] }>(sql`explain (format json) ${statement}`);
        return nodesOf(row["QUERY PLAN"][0].Plan);
      });
      expect(plan.map((node) => node["Index Name"])).toContain("orders_feed_idx");
      expect(plan.map((node) => node["Node Type"])).not.toContain("Sort");
    }
  });
});
