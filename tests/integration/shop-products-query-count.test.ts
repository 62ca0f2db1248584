// docs/quality.md "Cost must grow at most linearly": the shop's product list runs the same number of SQL
// queries for 300 products as for 10 (no N+1), pages 50 at a time with a cursor, and prices every
// item of a page (supplier price + per-item fees).
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { getDb, queryCount } from "#db/connection.server";
import { products, variants } from "#db/schema";
import { coopPlus, minuteFromNow, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { putCustomerTags, shopCycleIds, shopProductsPage, type ShopProductJson, type Who } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let small: string;
let large: string;
let tagged: TestUser;
let openSmall: string;
let openLarge: string;

/** A cycle at River selling `count` products of Farm A (one variant each, priced 100 + i cents). */
async function cycleWithProducts(count: number, tags: string[] = []) {
  const rows = await getDb()
    .insert(products)
    .values(Array.from({ length: count }, (_, i) => ({ enterpriseId: w.supplierA.id, name: `Bulk ${count} ${String(i).padStart(3, "0")}` })))
    .returning({ id: products.id });
  const variantRows = await getDb()
    .insert(variants)
    .values(rows.map((row, i) => ({ productId: row.id, position: 0, name: "each", priceCents: 100 + i, stock: i % 3 === 0 ? null : 5 })))
    .returning({ id: variants.id });
  const variantIds = variantRows.map((row) => row.id);
  const cycleId = await createOrderCycle(w.actors.hub, {
    name: `Bulk ${count}`,
    coordinatorId: w.hub.id,
    opensAt: minuteFromNow(-30).toISOString(),
    closesAt: minuteFromNow(90).toISOString(),
    coordinatorFeeIds: [w.fees.hub.id],
  });
  await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { variantIds, feeIds: [w.fees.supplierA.id] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantIds, feeIds: [w.fees.distributor.id], readyFor: `Bulk ${count}`, tags });
  return cycleId;
}

async function counted(run: () => Promise<unknown>) {
  const before = queryCount();
  await run();
  return queryCount() - before;
}

beforeAll(async () => {
  w = await coopPlus();
  small = await cycleWithProducts(10, ["pro"]);
  large = await cycleWithProducts(300, ["pro"]);
  // Untagged cycles of the same sizes: what a visitor who is not signed in may read.
  openSmall = await cycleWithProducts(10);
  openLarge = await cycleWithProducts(300);
  tagged = await createUser({ name: "Pro buyer" });
  await putCustomerTags(w.people.distributor.token, w.distributor.id, tagged.email, ["pro"]);
  // Warm the pool: a new connection asks Postgres for its types once.
  for (const cycleId of [small, large]) await shopProductsPage(w.distributor.id, cycleId, { token: tagged.token });
  for (const cycleId of [openSmall, openLarge]) await shopProductsPage(w.distributor.id, cycleId, {});
}, 90_000);

describe("the shop's product list", () => {
  test.each([
    ["signed in with a token, tagged cycles", () => ({ who: { token: tagged.token } as Who, few: small, many: large })],
    ["signed in with a browser session, tagged cycles", async () => ({ who: { cookie: await sessionCookie(tagged) } as Who, few: small, many: large })],
    ["not signed in, untagged cycles", () => ({ who: {} as Who, few: openSmall, many: openLarge })],
  ])("runs as many queries for 300 products as for 10: %s", async (_name, setUp) => {
    const { who, few: fewCycle, many: manyCycle } = await setUp();
    // The answer is a real list in each case, not a refusal that costs the same whatever the size.
    const first = await shopProductsPage(w.distributor.id, manyCycle, who);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    const few = await counted(() => shopProductsPage(w.distributor.id, fewCycle, who));
    const many = await counted(() => shopProductsPage(w.distributor.id, manyCycle, who));
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
    // Later pages and searches cost the same.
    expect(await counted(() => shopProductsPage(w.distributor.id, manyCycle, who, "?cursor=6"))).toBe(few);
    expect(await counted(() => shopProductsPage(w.distributor.id, manyCycle, who, "?q=Bulk%20300%2029"))).toBe(few);
    // And the cycle list does not grow with them either.
    const cyclesFew = await counted(() => shopCycleIds(w.distributor.id, who));
    await cycleWithProducts(40, who.token || who.cookie ? ["pro"] : []);
    expect(await counted(() => shopCycleIds(w.distributor.id, who))).toBe(cyclesFew);
  });

  test("a visitor who is not signed in is not shown the tagged cycles the counts above read", async () => {
    expect((await shopProductsPage(w.distributor.id, large, {})).status).toBe(404);
    expect(await shopCycleIds(w.distributor.id, {})).not.toContain(large);
  });

  test("pages 50 at a time with a cursor, each item priced: supplier price + 3 per-item fees of 10", async () => {
    const who: Who = { token: tagged.token };
    const seen: ShopProductJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await shopProductsPage(w.distributor.id, large, who, cursor ? `?cursor=${cursor}` : "");
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(50);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(300);
    expect(new Set(seen.map((item) => item.variantId)).size).toBe(300);
    seen.forEach((item, i) => {
      expect(item.productName).toBe(`Bulk 300 ${String(i).padStart(3, "0")}`);
      expect(item.priceCents).toBe(100 + i + 30);
      expect(item.available).toBe(i % 3 === 0 ? null : 5);
      expect(item.fees.map((fee) => fee.amountCents)).toEqual([10, 10, 10]);
    });
  });

  test("search narrows the list: by product name", async () => {
    const page = await shopProductsPage(w.distributor.id, large, { token: tagged.token }, "?q=Bulk%20300%2029");
    expect(page.body.items.map((item: ShopProductJson) => item.productName)).toEqual(Array.from({ length: 10 }, (_, i) => `Bulk 300 29${i}`));
    expect(page.body.nextCursor).toBeNull();
  });

  test("a malformed cursor is a 422, not a 500", async () => {
    const page = await shopProductsPage(w.distributor.id, large, { token: tagged.token }, "?cursor=abc");
    expect(page.status).toBe(422);
  });
});
