// Product images in an S3-compatible bucket (decision 0055): with S3_BUCKET set, an upload's files go
// to the bucket (path-style, with the year's cache), the answers point at S3_PUBLIC_URL, pages let
// images come from there, and a removal deletes the objects. The bucket is a local stub that
// records what the SDK sends.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as imagesRoute from "#app/routes/api.v1.products.$productId.images";
import { insertEnterprise, insertProduct } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { pictureOf } from "#tests/support/images";
import { setEnv } from "#tests/support/settings";
import { createUser, type TestUser } from "#tests/support/world";

type Received = { method: string; url: string; cacheControl?: string; contentType?: string; bytes: number };
const received: Received[] = [];
let bucket: Server;
let farmer: TestUser;
let productId: string;

beforeAll(async () => {
  bucket = createServer((request, response) => {
    let bytes = 0;
    request.on("data", (chunk: Buffer) => (bytes += chunk.length));
    request.on("end", () => {
      received.push({
        method: request.method!,
        url: request.url!,
        cacheControl: request.headers["cache-control"],
        contentType: request.headers["content-type"],
        bytes,
      });
      response.writeHead(request.method === "DELETE" ? 204 : 200, { ETag: '"stub"' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => bucket.listen(0, "127.0.0.1", resolve));
  setEnv({
    S3_BUCKET: "circuit-images",
    S3_ENDPOINT: `http://127.0.0.1:${(bucket.address() as AddressInfo).port}`,
    S3_REGION: "fr-par",
    S3_ACCESS_KEY_ID: "test-key",
    S3_SECRET_ACCESS_KEY: "test-secret",
    S3_PUBLIC_URL: "https://images.example.org",
  });
  farmer = await createUser({ name: "Farmer" });
  const farm = await insertEnterprise(farmer, { name: "Farm", kind: "producer" });
  ({
    product: { id: productId },
  } = await insertProduct(farm.id, "Beetroot", [{ name: "Bunch", priceCents: 250 }]));
});

afterAll(async () => {
  setEnv({
    S3_BUCKET: undefined,
    S3_ENDPOINT: undefined,
    S3_REGION: undefined,
    S3_ACCESS_KEY_ID: undefined,
    S3_SECRET_ACCESS_KEY: undefined,
    S3_PUBLIC_URL: undefined,
  });
  await new Promise((resolve) => bucket.close(resolve));
});

describe("uploads to a bucket", () => {
  it("puts each size's WebP and JPEG in the bucket, answers the public addresses, and deletes them on removal", async () => {
    const res = await callRoute(imagesRoute, {
      method: "POST",
      token: farmer.token,
      params: { productId },
      headers: { "Content-Type": "image/jpeg" },
      body: await pictureOf(1600, 1200),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { urls } = await json(res);
    expect(urls.large).toMatch(/^https:\/\/images\.example\.org\/[0-9a-f]{32}-1024\.jpg$/);
    expect(res.headers.get("Content-Security-Policy")).toContain("img-src 'self' data: https://images.example.org;");
    const hash = urls.large.match(/([0-9a-f]{32})-/)[1];
    const puts = received.filter((request) => request.method === "PUT");
    expect(puts.map((put) => put.url.split("?")[0]).sort()).toEqual(
      [160, 480, 1024].flatMap((width) => [`/circuit-images/${hash}-${width}.jpg`, `/circuit-images/${hash}-${width}.webp`]).sort(),
    );
    for (const put of puts) {
      expect(put.cacheControl).toBe("public, max-age=31536000, immutable");
      expect(put.contentType).toBe(put.url.includes(".webp") ? "image/webp" : "image/jpeg");
      expect(put.bytes).toBeGreaterThan(0);
    }
    const removed = await callRoute(imagesRoute, { method: "DELETE", token: farmer.token, params: { productId } });
    expect(removed.status).toBe(204);
    const deletes = received.filter((request) => request.method === "DELETE");
    expect(deletes.map((request) => request.url.split("?")[0]).sort()).toEqual(puts.map((put) => put.url.split("?")[0]).sort());
  });
});
