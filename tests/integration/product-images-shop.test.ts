// Product images in the shop (docs/domain.md 15, docs/quality.md P1): the shop API's items carry
// `imageUrl`, the page its images' facts, and neither runs one more query with images than without.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as shopRoute from "#app/routes/shop.$distributorId";
import { setProductImage } from "#app/domain/catalogue/images.server";
import { forgetShopPages } from "#app/domain/shop/catalogue.server";
import { createOrderCycle, putIncomingExchange, putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { getDb, queryCount } from "#db/connection.server";
import { products, variants } from "#db/schema";
import { coopPlus, minuteFromNow, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { pictureOf } from "#tests/support/images";
import { setEnv } from "#tests/support/settings";
import { shopProductsPage } from "#tests/support/shop";

let w: CoopPlus;
let cycleId: string;
let productIds: string[];

beforeAll(async () => {
  setEnv({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "circuit-shop-images-")) });
  w = await coopPlus();
  const rows = await getDb()
    .insert(products)
    .values(Array.from({ length: 12 }, (_, i) => ({ enterpriseId: w.supplierA.id, name: `Squash ${String(i).padStart(2, "0")}` })))
    .returning({ id: products.id });
  productIds = rows.map((row) => row.id);
  const variantRows = await getDb()
    .insert(variants)
    .values(rows.map((row, i) => ({ productId: row.id, position: 0, name: "each", priceCents: 200 + i, stock: null })))
    .returning({ id: variants.id });
  const variantIds = variantRows.map((row) => row.id);
  cycleId = await createOrderCycle(w.actors.hub, {
    name: "Squash week",
    coordinatorId: w.hub.id,
    opensAt: minuteFromNow(-30).toISOString(),
    closesAt: minuteFromNow(90).toISOString(),
    coordinatorFeeIds: [],
  });
  await putIncomingExchange(w.actors.hub, cycleId, w.supplierA.id, { variantIds });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { variantIds, readyFor: "Squash Friday" });
  // Warm the pool: a new connection asks Postgres for its types once.
  await shopProductsPage(w.distributor.id, cycleId);
  await shopPage();
}, 60_000);

async function shopPage() {
  forgetShopPages();
  const response = await callRoute(shopRoute, { path: `/shop/${w.distributor.id}?cycle=${cycleId}`, params: { distributorId: w.distributor.id } });
  expect(response.status).toBe(200);
  return json(response);
}

async function counted<T>(run: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const before = queryCount();
  const value = await run();
  return { value, queries: queryCount() - before };
}

describe("images in the shop", () => {
  it("the API's items gain imageUrl, and the page its images, at the same number of queries", async () => {
    const apiBefore = await counted(() => shopProductsPage(w.distributor.id, cycleId));
    const pageBefore = await counted(shopPage);
    expect(apiBefore.value.body.items).toHaveLength(12);
    expect(apiBefore.value.body.items.every((item: { imageUrl: string | null }) => item.imageUrl === null)).toBe(true);
    expect(pageBefore.value.products.every((product: { image: unknown }) => product.image === null)).toBe(true);

    // Ten of the twelve get an image.
    const uploaded = new Map<string, string>();
    for (const [i, productId] of productIds.slice(0, 10).entries()) {
      const answer = await setProductImage(w.actors.supplierA, productId, () => pictureOf(600, 400, "jpeg", `#${(0x203040 + i * 0x0a0a0a).toString(16)}`));
      uploaded.set(productId, answer.urls.medium);
    }

    const apiAfter = await counted(() => shopProductsPage(w.distributor.id, cycleId));
    const pageAfter = await counted(shopPage);
    expect(apiAfter.queries).toBe(apiBefore.queries);
    expect(pageAfter.queries).toBe(pageBefore.queries);

    const items = apiAfter.value.body.items as { productName: string; imageUrl: string | null }[];
    const byName = new Map(items.map((item) => [item.productName, item.imageUrl]));
    productIds.forEach((productId, i) => {
      const url = byName.get(`Squash ${String(i).padStart(2, "0")}`);
      if (i < 10) {
        expect(url).toBe(uploaded.get(productId));
        expect(url).toMatch(/^http:\/\/localhost:3000\/uploads\/[0-9a-f]{32}-480\.jpg$/);
      } else expect(url).toBeNull();
    });
    const page = pageAfter.value;
    expect(page.imageBaseUrl).toBe("/uploads");
    const withImage = page.products.filter((product: { image: unknown }) => product.image !== null);
    expect(withImage).toHaveLength(10);
    expect(withImage[0].image).toMatchObject({ width: 600, height: 400, hash: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });
});
