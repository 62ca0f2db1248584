// The shop's page cache as it runs in production (quality.md P1): a cycle's priced product page is
// kept two seconds for every buyer allowed to see it, so a second read within them serves names,
// prices and fee breakdowns from memory, while the number available is read on every request (an
// order placed between two reads shows at once, a sold-out variant leaves the list). Other tests
// forget the cache before each read; here nothing does, and the clock is the request's `now`.
import { eq, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { forgetShopPages, shopProducts } from "#app/domain/shop/catalogue.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { getDb, queryCount } from "#db/connection.server";
import { products, variants } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { setStock, type ShopProductJson } from "#tests/support/shop";

let w: CoopPlus;
let cycleId: string;
let carrotsId: string;
const TTL_MS = 2_000;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Cached week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  const [row] = await getDb().select({ productId: variants.productId }).from(variants).where(eq(variants.id, w.variants.a[0]));
  carrotsId = row.productId;
});

beforeEach(async () => {
  forgetShopPages(); // each test starts cold; within it, nothing forgets
  await getDb().update(products).set({ name: "Carrots" }).where(eq(products.id, carrotsId));
  await getDb().update(variants).set({ priceCents: 250 }).where(eq(variants.id, w.variants.a[0]));
  await setStock(w.variants.a[0], 10);
  await setStock(w.variants.a[1], 10);
});

const read = (now: Date, search?: string) => shopProducts(w.distributor.id, cycleId, {}, search ? { search } : {}, now);
const item = (page: Awaited<ReturnType<typeof read>>, variantId = w.variants.a[0]) => page.items.find((entry) => entry.variantId === variantId);

async function counted<T>(run: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const before = queryCount();
  const value = await run();
  return { value, queries: queryCount() - before };
}

const river = () => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});

describe("the shop's page cache", () => {
  test("within two seconds names and prices come from the cache, the stock from the database; after them, everything is read again", async () => {
    const t0 = new Date();
    const cold = await counted(() => read(t0));
    // Carrots 1 kg: 250 + hub, Farm A and River fees of 10.
    expect(item(cold.value)).toMatchObject({ productName: "Carrots", priceCents: 280, available: 10 });

    // Between the reads: the product renamed and repriced behind the cache's back, and an order placed.
    await getDb().update(products).set({ name: "Purple carrots" }).where(eq(products.id, carrotsId));
    await getDb().update(variants).set({ priceCents: 400 }).where(eq(variants.id, w.variants.a[0]));
    await placeOrder({ ...river(), email: "between@example.org", lines: [{ variantId: w.variants.a[0], quantity: 3 }] }, undefined, t0);

    const warm = await counted(() => read(new Date(t0.getTime() + TTL_MS - 1)));
    expect(item(warm.value)).toMatchObject({ productName: "Carrots", priceCents: 280, available: 7 });

    const expired = await counted(() => read(new Date(t0.getTime() + TTL_MS)));
    expect(item(expired.value)).toMatchObject({ productName: "Purple carrots", priceCents: 430, available: 7 });
    // Served from memory within the two seconds: the open check and one stock read, fewer
    // statements than a read that loads and prices the page (the products and the fees).
    expect(warm.queries).toBeLessThan(expired.queries);
  });

  test("a variant sold out between two reads leaves the kept page at once; stock back, it returns at once", async () => {
    const t0 = new Date();
    expect(item(await read(t0), w.variants.a[1])).toMatchObject({ available: 10 });
    await placeOrder({ ...river(), email: "all-of-it@example.org", lines: [{ variantId: w.variants.a[1], quantity: 10 }] }, undefined, t0);
    expect(item(await read(new Date(t0.getTime() + 10)), w.variants.a[1])).toBeUndefined();
    await setStock(w.variants.a[1], 4);
    expect(item(await read(new Date(t0.getTime() + 20)), w.variants.a[1])).toMatchObject({ available: 4 });
  });

  test("a search is a page of its own: it is not answered from the unfiltered page", async () => {
    const t0 = new Date();
    expect((await read(t0)).items.length).toBeGreaterThan(1);
    const searched = await read(new Date(t0.getTime() + 1), "3 kg");
    expect(searched.items.map((entry) => entry.variantId)).toEqual([w.variants.a[1]]);
  });

  test("through the API route on the wall clock: two reads straight after each other, the second from the cache with fresh stock", async () => {
    const distributorId = w.distributor.id;
    const call = async () => {
      const response = await callRoute(productsRoute, {
        path: `/api/v1/shops/${distributorId}/order-cycles/${cycleId}/products`,
        params: { distributorId, cycleId },
      });
      expect(response.status).toBe(200);
      return ((await json(response)) as { items: ShopProductJson[] }).items.find((entry) => entry.variantId === w.variants.a[0]);
    };
    const started = Date.now();
    expect(await call()).toMatchObject({ productName: "Carrots", available: 10 });
    await getDb().execute(sql`update products set name = 'Purple carrots' where id = ${carrotsId}`);
    await setStock(w.variants.a[0], 6);
    const second = await call();
    // The route keeps two seconds on the wall clock; a machine that stalled past them says nothing about the cache.
    if (Date.now() - started < TTL_MS) expect(second).toMatchObject({ productName: "Carrots", available: 6 });
    else expect(second).toMatchObject({ productName: "Purple carrots", available: 6 });
  });
});
