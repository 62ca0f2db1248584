// Product images in a real Chromium (docs/domain.md 15): the shop's pictures at 390 and 1280 px
// (lazy, with width and height, loaded once scrolled to, a placeholder where there is none, nothing
// wider than the screen), the detail dialog with the large picture, and a producer who uploads a
// photo and is told, in French at the field, why an SVG is refused.
import sharp from "sharp";
import type { Page } from "playwright-core";
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function openRiverside(page: Page) {
  await page.goto(app.url);
  await Promise.all([
    page.waitForURL(/\/shop\//),
    page
      .getByRole("link", { name: /Riverside/ })
      .first()
      .click(),
  ]);
  await page.locator(".product-card").first().waitFor();
}

/** Scrolls each picture into view and waits for it: lazy images load only near the screen. */
async function loadEveryPicture(page: Page) {
  const pictures = page.locator(".product-card img");
  for (let i = 0; i < (await pictures.count()); i += 1) {
    const picture = pictures.nth(i);
    await picture.scrollIntoViewIfNeeded();
    await picture.evaluate((img: HTMLImageElement) =>
      img.complete ? undefined : new Promise((resolve) => img.addEventListener("load", resolve, { once: true })),
    );
  }
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("the shop's pictures", () => {
  for (const width of [390, 1280]) {
    test(`at ${width} px: lazy pictures with their size, loaded when reached, placeholders elsewhere, nothing wider than the screen`, async () => {
      const { context, page } = await newPage(browser, { width });
      await openRiverside(page);
      const pictures = page.locator(".product-card img");
      expect(await pictures.count()).toBeGreaterThanOrEqual(6);
      expect(await page.locator(".product-card .product-image-placeholder").count()).toBeGreaterThan(0);
      // Below the fold, a lazy picture has not been fetched yet.
      const last = pictures.last();
      expect(await last.evaluate((img: HTMLImageElement) => img.loading)).toBe("lazy");
      await loadEveryPicture(page);
      for (const picture of await pictures.all()) {
        const facts = await picture.evaluate((img: HTMLImageElement) => ({
          width: Number(img.getAttribute("width")),
          height: Number(img.getAttribute("height")),
          srcset: img.srcset,
          natural: img.naturalWidth,
          box: img.getBoundingClientRect().toJSON() as DOMRect,
          current: img.currentSrc,
        }));
        expect(facts.width).toBeGreaterThan(0);
        expect(facts.height).toBeGreaterThan(0);
        expect(facts.srcset).toMatch(/ 160w/);
        expect(facts.natural).toBeGreaterThan(0);
        // Chromium takes the WebP, at the size the 88 px tile needs.
        expect(facts.current).toMatch(/\.webp$/);
        expect(Math.round(facts.box.width)).toBe(88);
        expect(Math.round(facts.box.height)).toBe(88);
      }
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `shop-images-${width}`);
      await context.close();
    });
  }

  test("a product's name opens it in a dialog with its large picture, price and unit price; Escape closes it (390 px)", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await openRiverside(page);
    await page.getByRole("link", { name: "Farmhouse cheddar", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Farmhouse cheddar" });
    await dialog.waitFor();
    await expect.poll(() => page.url()).toMatch(/[?&]product=/);
    const large = dialog.getByRole("img", { name: "Photo of Farmhouse cheddar" });
    await large.evaluate((img: HTMLImageElement) =>
      img.complete ? undefined : new Promise((resolve) => img.addEventListener("load", resolve, { once: true })),
    );
    // The phone's 390 px take the medium WebP (480 px wide), not the small one of the list.
    expect(await large.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/-(480|1024)\.webp$/);
    expect(await large.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await dialog.getByText("Aged 12 months.").count()).toBe(1);
    expect(await dialog.getByText(/€\d+\.\d\d\/kg/).count()).toBe(2);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "shop-product-dialog-390", { fullPage: false });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.url()).not.toMatch(/product=/);
    await context.close();
  });
});

describe("a producer's image upload", () => {
  test("Marie gives her salad a photo, sees it, and is told in French why an SVG is refused (1280 px)", async () => {
    const { context, page } = await newPage(browser, { width: 1280, locale: "fr" });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    const api = await demoApi(app.url, "marie@demo.circuit.coop");
    const { items } = (await api("/enterprises")) as { items: { id: string; name: string }[] };
    const farm = items.find((enterprise) => enterprise.name === "Les Jardins de Marie")!;
    await page.goto(`${app.url}/admin/enterprises/${farm.id}/products`);
    await page.getByRole("link", { name: "Mixed salad" }).first().click();
    await page.getByRole("heading", { name: "Image", exact: true }).waitFor();
    await page.getByLabel("Fichier image").setInputFiles({
      name: "salade.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
    });
    await page.getByRole("button", { name: "Envoyer l’image" }).click();
    await page.getByText("Les images SVG ne sont pas acceptées").waitFor();
    expect(await page.getByLabel("Fichier image").getAttribute("aria-invalid")).toBe("true");
    const photo = await sharp({ create: { width: 1400, height: 1000, channels: 3, background: "#6aa84f" } })
      .png()
      .toBuffer();
    await page.getByLabel("Fichier image").setInputFiles({ name: "salade.png", mimeType: "image/png", buffer: photo });
    await page.getByRole("button", { name: "Envoyer l’image" }).click();
    await page.getByText("Image enregistrée.").waitFor();
    const current = page.getByRole("img", { name: "Image actuelle de Mixed salad" });
    await current.waitFor();
    await screenshot(page, "product-image-uploaded-1280");
    await context.close();
  });
});
