// A promo code at checkout in a real browser (issue 20, docs/domain.md 13, decision 0051): a guest
// applies the demo's REDUC10, sees the discount off the products, and places the order, which shows
// it; a wrong code is refused at its field. Once in French on a 390 px phone.
import type { Page } from "playwright-core";
import { newPage, screenshot } from "./app";
import { app, browser } from "./demo";

/** A guest puts one bag of carrots in the hub's cart and goes to the checkout. */
async function guestAtCheckout(page: Page, words: { more: RegExp; checkOut: RegExp }) {
  await page.goto(app.url);
  await Promise.all([
    page.waitForURL(/\/shop\//),
    page
      .getByRole("link", { name: /Green Valley Food Hub/ })
      .first()
      .click(),
  ]);
  await page.waitForLoadState("networkidle");
  const carrots = page.locator(".product-card", { hasText: "Carrots" }).locator(".variant-row").first();
  await carrots.getByRole("button", { name: words.more }).click();
  await expect.poll(() => carrots.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
  await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: words.checkOut }).click()]);
  await page.waitForLoadState("networkidle");
}

const totalShown = async (page: Page) => (await page.locator(".cart-total strong").last().textContent())?.trim() ?? "";

describe("a promo code at checkout", () => {
  test("a guest applies REDUC10: the discount shows off the products, and the placed order holds it", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await guestAtCheckout(page, { more: /One more/, checkOut: /Check out/ });
    const before = await totalShown(page);
    await page.getByLabel("Promo code").fill("nope");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("This promo code does not exist here. Check how it is spelt.").waitFor({ state: "visible", timeout: 15_000 });

    await page.getByLabel("Promo code").fill("reduc10");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("Code REDUC10 applied:").waitFor({ state: "visible", timeout: 15_000 });
    await expect.poll(() => totalShown(page), { timeout: 15_000 }).not.toBe(before);
    expect(await page.locator(".order-summary").textContent()).toContain("REDUC10");
    await screenshot(page, "promo-code-applied-1280");

    await page.getByLabel("Email").fill("promo-buyer@example.test");
    const after = await totalShown(page);
    await Promise.all([page.waitForURL(/\/orders\//, { timeout: 30_000 }), page.getByRole("button", { name: /Place order/ }).click()]);
    const orderPage = (await page.locator("main").textContent()) ?? "";
    expect(orderPage).toContain("REDUC10");
    expect(orderPage.replace(/\s/g, "")).toContain(after.replace(/\s/g, ""));
    await screenshot(page, "promo-code-order-1280");
    await context.close();
  });

  test("in French on a 390 px phone: « Appliquer », the discount shown, a wrong code refused in French", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    await guestAtCheckout(page, { more: /de plus/, checkOut: /^Commander/ });
    await page.getByLabel("Code promo").fill("FAUX");
    await page.getByRole("button", { name: "Appliquer" }).click();
    await page.getByText("Ce code promo n’existe pas ici. Vérifiez son orthographe.").waitFor({ state: "visible", timeout: 15_000 });
    await page.getByLabel("Code promo").fill("REDUC10");
    await page.getByRole("button", { name: "Appliquer" }).click();
    await page.getByText("Code REDUC10 appliqué :").waitFor({ state: "visible", timeout: 15_000 });
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "promo-code-applied-fr-390");
    await context.close();
  });
});
