// Product images (docs/domain.md 15, docs/api.md POST /products/:id/images, docs/quality.md R15):
// an upload is resized into its sizes as WebP and JPEG under DATA_DIR/uploads and served with a
// year's cache; whatever is not a decodable JPEG, PNG or WebP of a sane size is refused with a
// message at the field, and nothing is stored (no file, no row).
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as imagesRoute from "#app/routes/api.v1.products.$productId.images";
import * as uploadsRoute from "#app/routes/uploads.$name";
import * as productPage from "#app/routes/admin.enterprises.$enterpriseId.products.$productId";
import { getDb } from "#db/connection.server";
import { productImages } from "#db/schema";
import { IMAGE_SIZES, sizeOf } from "#app/domain/catalogue/images";
import { insertEnterprise, insertGrant, insertProduct, sessionCookie } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { pictureOf, pngBomb, svgWithScript } from "#tests/support/images";
import { setEnv } from "#tests/support/settings";
import { createUser, type TestUser } from "#tests/support/world";

let uploads: string;
let farmer: TestUser;
let productId: string;
let farmId: string;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "circuit-images-"));
  setEnv({ DATA_DIR: dataDir });
  uploads = path.join(dataDir, "uploads");
  farmer = await createUser({ name: "Farmer" });
  const farm = await insertEnterprise(farmer, { name: "Farm", kind: "producer" });
  farmId = farm.id;
  ({
    product: { id: productId },
  } = await insertProduct(farm.id, "Pumpkins", [{ name: "Each", priceCents: 400 }]));
});

beforeEach(async () => {
  await getDb().delete(productImages);
  await rm(uploads, { recursive: true, force: true });
});

async function storedFiles(): Promise<string[]> {
  return readdir(uploads)
    .then((names) => names.filter((name) => !name.startsWith(".")).sort())
    .catch(() => []);
}

function upload(body: Uint8Array | string, contentType = "image/jpeg", options: { token?: string; headers?: Record<string, string>; id?: string } = {}) {
  return callRoute(imagesRoute, {
    method: "POST",
    token: options.token ?? farmer.token,
    params: { productId: options.id ?? productId },
    headers: { "Content-Type": contentType, "Accept-Language": "fr", ...options.headers },
    body,
  });
}

async function served(url: string) {
  const name = url.split("/").pop()!;
  return callRoute(uploadsRoute, { path: url, params: { name } });
}

describe("POST /products/:id/images", () => {
  it("keeps three sizes of a photo as WebP and JPEG, at the widths of the sizes and in proportion", async () => {
    const res = await upload(await pictureOf(2000, 1500, "jpeg"));
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await json(res);
    expect(Object.keys(body.urls)).toEqual(["small", "medium", "large"]);
    for (const [size, width] of Object.entries(IMAGE_SIZES)) {
      const url = body.urls[size] as string;
      expect(url).toMatch(new RegExp(`^http://localhost:3000/uploads/[0-9a-f]{32}-${width}\\.jpg$`));
      for (const file of [url, url.replace(/\.jpg$/, ".webp")]) {
        const answer = await served(file);
        expect(answer.status).toBe(200);
        const meta = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([file.endsWith(".webp") ? "webp" : "jpeg", width, (width * 3) / 4]);
      }
    }
    expect(await storedFiles()).toHaveLength(6);
    const rows = await getDb().select().from(productImages).where(eq(productImages.productId, productId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: body.id, width: 2000, height: 1500 });
  });

  it("never enlarges a small picture: its sizes share the upload's own width", async () => {
    const res = await upload(await pictureOf(300, 200, "png"), "image/png");
    expect(res.status).toBe(201);
    const { urls } = await json(res);
    expect(urls.small).toMatch(/-160\.jpg$/);
    expect(urls.medium).toMatch(/-300\.jpg$/);
    expect(urls.large).toBe(urls.medium);
    expect(sizeOf({ width: 300, height: 200 }, "small")).toEqual({ width: 160, height: 107 });
    const small = await sharp(Buffer.from(await (await served(urls.small)).arrayBuffer())).metadata();
    expect([small.width, small.height]).toEqual([160, 107]);
    expect(await storedFiles()).toHaveLength(4);
  });

  it("turns a photo upright by its EXIF orientation, and keeps no EXIF", async () => {
    const sideways = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#a33" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const res = await upload(sideways);
    expect(res.status).toBe(201);
    const { urls } = await json(res);
    const large = await sharp(Buffer.from(await (await served(urls.large)).arrayBuffer())).metadata();
    expect([large.width, large.height, large.orientation ?? 1, large.exif]).toEqual([800, 1200, 1, undefined]);
  });

  it("replaces the product's image, and removes the files of the one replaced", async () => {
    const first = await json(await upload(await pictureOf(800, 800, "webp", "#123456"), "image/webp"));
    const second = await json(await upload(await pictureOf(800, 800, "webp", "#654321"), "image/webp"));
    expect(second.urls.small).not.toBe(first.urls.small);
    expect((await served(first.urls.small)).status).toBe(404);
    expect((await served(second.urls.small)).status).toBe(200);
    expect(await getDb().select().from(productImages)).toHaveLength(1);
    // 160, 480 and its own 800 px, each as WebP and JPEG: the second upload's alone.
    expect((await storedFiles()).map((name) => name.slice(0, 32))).toEqual(Array(6).fill(second.urls.small.match(/([0-9a-f]{32})-/)![1]));
  });

  it("four uploads to one product at once leave one image, and only its files", async () => {
    const colours = ["#112233", "#445566", "#778899", "#aabbcc"];
    const pictures = await Promise.all(colours.map((colour) => pictureOf(500, 500, "png", colour)));
    const answers = await Promise.all(pictures.map((picture) => upload(picture, "image/png")));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const rows = await getDb().select().from(productImages).where(eq(productImages.productId, productId));
    expect(rows).toHaveLength(1);
    // 160, 480 and 500 px, in two formats: the image that won's six files and no other.
    expect((await storedFiles()).map((name) => name.slice(0, 32))).toEqual(Array(6).fill(rows[0].hash));
  });

  it("DELETE removes the image and its files", async () => {
    const { urls } = await json(await upload(await pictureOf(640, 480)));
    const res = await callRoute(imagesRoute, { method: "DELETE", token: farmer.token, params: { productId } });
    expect(res.status).toBe(204);
    expect(await getDb().select().from(productImages)).toHaveLength(0);
    expect(await storedFiles()).toEqual([]);
    expect((await served(urls.small)).status).toBe(404);
  });

  it("serves the files with a year's immutable cache, and nothing that is not a stored name", async () => {
    const { urls } = await json(await upload(await pictureOf(640, 480)));
    const jpeg = await served(urls.medium);
    expect(jpeg.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(jpeg.headers.get("Content-Type")).toBe("image/jpeg");
    const webp = await served(urls.medium.replace(/\.jpg$/, ".webp"));
    expect(webp.headers.get("Content-Type")).toBe("image/webp");
    expect(webp.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    for (const name of ["..%2F..%2Fetc%2Fpasswd", "../secret", `${"0".repeat(32)}-160.jpg`, "x.svg"]) {
      const res = await callRoute(uploadsRoute, { path: `/uploads/${name}`, params: { name } });
      expect(res.status).toBe(404);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});

describe("refusals (docs/quality.md R15): a clear message at the field, nothing stored", () => {
  const truncated = async () => {
    const whole = await pictureOf(1200, 900, "jpeg");
    return whole.subarray(0, Math.floor(whole.length / 2));
  };
  const cases: [string, () => Promise<{ body: Uint8Array | string; type: string }>, number, string, RegExp][] = [
    ["text sent as a JPEG", async () => ({ body: "name,price\ncarrots,3\n", type: "image/jpeg" }), 422, "notAnImage", /n’est pas une image/],
    ["a truncated JPEG", async () => ({ body: await truncated(), type: "image/jpeg" }), 422, "imageDamaged", /incomplète/],
    ["a 30,000 × 30,000 PNG decompression bomb", async () => ({ body: await pngBomb(), type: "image/png" }), 422, "imageTooManyPixels", /trop de pixels/],
    ["an SVG with a script, sent as an SVG", async () => ({ body: svgWithScript, type: "image/svg+xml" }), 422, "imageFormat", /JPEG, PNG et WebP/],
    ["an SVG with a script, sent as a PNG", async () => ({ body: svgWithScript, type: "image/png" }), 422, "imageSvg", /SVG/],
    [
      "a GIF",
      async () => ({
        body: await sharp({ create: { width: 40, height: 40, channels: 3, background: "#000" } })
          .gif()
          .toBuffer(),
        type: "image/png",
      }),
      422,
      "imageFormat",
      /JPEG, PNG et WebP/,
    ],
    ["an empty body", async () => ({ body: new Uint8Array(), type: "image/jpeg" }), 422, "imageMissing", /Choisissez/],
    ["11 MB", async () => ({ body: new Uint8Array(11 * 1024 * 1024), type: "image/jpeg" }), 413, "imageTooLarge", /10 Mo/],
  ];

  it.each(cases)("%s", async (_name, make, status, _key, message) => {
    const { body, type } = await make();
    const res = await upload(body, type);
    expect(res.status, await res.clone().text()).toBe(status);
    const answer = await json(res);
    expect(answer.error.fields.image).toMatch(message);
    expect(await getDb().select().from(productImages)).toHaveLength(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("an 11 MB body is refused from its Content-Length, before any of it is read", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024 * 1024));
        if (pulled >= 11) controller.close();
      },
    });
    const request = new Request(`http://localhost:3000/api/v1/products/${productId}/images`, {
      method: "POST",
      headers: { Authorization: `Bearer ${farmer.token}`, "Content-Type": "image/jpeg", "Content-Length": String(11 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    const res = (await imagesRoute.action({ request, params: { productId }, context: {} })) as Response;
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
    expect(await storedFiles()).toEqual([]);
  });

  it("an 11 MB body without a length is abandoned once it passes 10 MB", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024 * 1024));
        if (pulled >= 11) controller.close();
      },
    });
    const request = new Request(`http://localhost:3000/api/v1/products/${productId}/images`, {
      method: "POST",
      headers: { Authorization: `Bearer ${farmer.token}`, "Content-Type": "image/jpeg" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = (await imagesRoute.action({ request, params: { productId }, context: {} })) as Response;
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(12);
    expect(await storedFiles()).toEqual([]);
  });

  it("answers in English to an English caller", async () => {
    const res = await upload("not an image", "image/png", { headers: { "Accept-Language": "en" } });
    expect((await json(res)).error.fields.image).toBe("This file is not an image: send a JPEG, PNG or WebP photo.");
  });

  it("does not read an outsider's upload at all: 404, nothing stored", async () => {
    const stranger = await createUser({ name: "Stranger" });
    const res = await upload(await pictureOf(400, 300), "image/jpeg", { token: stranger.token });
    expect(res.status).toBe(404);
    expect(await storedFiles()).toEqual([]);
  });

  it("a partner that only adds the farm to cycles may see the product but not change its image: 403", async () => {
    const hubManager = await createUser({ name: "Hub manager" });
    const hub = await insertEnterprise(hubManager, { name: "Hub", kind: "hub" });
    await insertGrant(farmId, hub.id, "add_to_order_cycle");
    const res = await upload(await pictureOf(400, 300), "image/jpeg", { token: hubManager.token });
    expect(res.status).toBe(403);
    expect(await storedFiles()).toEqual([]);
  });
});

describe("the product page's image form", () => {
  async function postImage(file: Blob | null, options: { user?: TestUser; lang?: string } = {}) {
    const user = options.user ?? farmer;
    const form = new FormData();
    if (file) form.set("image", file, "photo.jpg");
    const request = new Request(`http://localhost:3000/admin/enterprises/${farmId}/products/${productId}`, {
      method: "POST",
      headers: { Cookie: await sessionCookie(user), Origin: "http://localhost:3000", "Accept-Language": options.lang ?? "fr" },
      body: form,
    });
    try {
      const result = await productPage.action({ request, params: { enterpriseId: farmId, productId }, context: {} });
      const answer = result as { type?: string; data?: unknown; init?: ResponseInit | null };
      return answer?.type === "DataWithResponseInit" ? { status: answer.init?.status ?? 200, body: answer.data as any } : { status: 200, body: result as any };
    } catch (thrown) {
      if (thrown instanceof Response) return { status: thrown.status, body: undefined };
      throw thrown;
    }
  }

  async function pageData(user = farmer) {
    const res = await callRoute(productPage, {
      path: `/admin/enterprises/${farmId}/products/${productId}`,
      params: { enterpriseId: farmId, productId },
      cookie: await sessionCookie(user),
    });
    return json(res);
  }

  it("uploads a photo, which the page then shows, and removes it", async () => {
    const sent = await postImage(new Blob([new Uint8Array(await pictureOf(1600, 1200))], { type: "image/jpeg" }));
    expect(sent).toEqual({ status: 200, body: { ok: true, intent: "image" } });
    const shown = await pageData();
    expect(shown.product.image).toMatchObject({ width: 1600, height: 1200 });
    expect(shown.imageBaseUrl).toBe("/uploads");
    expect(await storedFiles()).toHaveLength(6);
    const removed = await callRoute(productPage, {
      path: `/admin/enterprises/${farmId}/products/${productId}`,
      params: { enterpriseId: farmId, productId },
      cookie: await sessionCookie(farmer),
      form: { intent: "removeImage" },
    });
    expect(await json(removed)).toEqual({ ok: true, intent: "removeImage" });
    expect((await pageData()).product.image).toBeNull();
    expect(await storedFiles()).toEqual([]);
  });

  it.each([
    [
      "an SVG",
      () => new Blob([svgWithScript], { type: "image/svg+xml" }),
      "Les images SVG ne sont pas acceptées (elles peuvent contenir des scripts) : envoyez un JPEG, un PNG ou un WebP.",
    ],
    ["text", () => new Blob(["hello"], { type: "image/jpeg" }), "Ce fichier n’est pas une image : envoyez une photo JPEG, PNG ou WebP."],
    ["11 MB", () => new Blob([new Uint8Array(11 * 1024 * 1024)], { type: "image/jpeg" }), "L’image dépasse 10 Mo : envoyez-en une plus légère."],
    ["no file", () => null, "Choisissez une image à envoyer."],
  ])("refuses %s with the reason at the field, in the user's language, and stores nothing", async (_name, file, message) => {
    const sent = await postImage(file());
    expect(sent.status).toBe(422);
    expect(sent.body.fieldErrors).toEqual({ image: message });
    expect(sent.body.intent).toBe("image");
    expect(await getDb().select().from(productImages)).toHaveLength(0);
    expect(await storedFiles()).toEqual([]);
  });

  it("a partner that only adds the farm to cycles cannot use the page's form: nothing stored", async () => {
    const hubManager = await createUser({ name: "Another hub manager" });
    const hub = await insertEnterprise(hubManager, { name: "Other hub", kind: "hub" });
    await insertGrant(farmId, hub.id, "add_to_order_cycle");
    const sent = await postImage(new Blob([new Uint8Array(await pictureOf(400, 300))], { type: "image/jpeg" }), { user: hubManager });
    expect(sent.status).toBe(403);
    expect(await storedFiles()).toEqual([]);
  });
});
