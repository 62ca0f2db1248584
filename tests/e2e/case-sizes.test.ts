// Case sizes in a real browser (issue 22, docs/domain.md 15, decision 0056), on a 390 px phone in
// French: the demo's restaurant crate of milk is sold by the case of 6, so "+" and "−" step by 6,
// with and without JavaScript; the shop offers whole cases of its stock (27 litres: 4 crates) and
// the cart reads in cases. A quantity typed on the order page that is not whole cases is refused
// next to the field, in French.
import type { Page } from "playwright-core";
import { checkPage, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function openHubShop(page: Page) {
  await page.goto(app.url);
  await Promise.all([
    page.waitForURL(/\/shop\//),
    page
      .getByRole("link", { name: /Green Valley Food Hub/ })
      .first()
      .click(),
  ]);
  await page.waitForLoadState("networkidle");
}

const crateRow = (page: Page) => page.locator(".variant-row", { hasText: "restaurant crate" });

describe("a variant sold by the case of 6", () => {
  test("steps by the case on a French phone, the cart counts cases, and the order page refuses a broken case at the field", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    await openHubShop(page);
    const crate = crateRow(page);
    expect(await crate.locator(".badge-case").textContent()).toBe("Colis de 6");
    // 27 litres in stock are four whole crates.
    expect(await crate.locator(".badge-upcoming").textContent()).toBe("Plus que 4 colis");

    const more = crate.getByRole("button", { name: /Un colis de 6 en plus/ });
    await more.click();
    await expect.poll(() => crate.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("6");
    await more.click();
    await expect.poll(() => crate.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("12");
    const cartLine = page.locator(".cart-lines li", { hasText: "restaurant crate" });
    await expect.poll(() => cartLine.locator(".cart-line-cases").textContent(), { timeout: 15_000 }).toBe(" · 2 colis de 6");
    await crate.getByRole("button", { name: /Un colis de 6 en moins/ }).click();
    await expect.poll(() => crate.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("6");
    await checkPage(page);
    await screenshot(page, "case-sizes-shop-fr-390");

    // Checkout as a guest, then try to change the order to 7 on its page.
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /^Commander/ }).click()]);
    await page.getByLabel("E-mail").fill("caisse@example.test");
    await page.getByLabel("Nom", { exact: true }).fill("Client Caisse");
    await Promise.all([page.waitForURL(/\/orders\//, { timeout: 20_000 }), page.getByRole("button", { name: /^Commander ·/ }).click()]);
    const quantity = page.locator("input[name^='qty:']").first();
    expect(await quantity.getAttribute("step")).toBe("6");
    // A browser would refuse 7 itself (step 6); the server says the same to one that sends it.
    await quantity.evaluate((input: HTMLInputElement) => {
      input.removeAttribute("step");
      input.value = "7";
    });
    await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
    await page.getByText("Vendu par colis de 6 : choisissez 6, 12, 18…").waitFor({ state: "visible", timeout: 15_000 });
    await screenshot(page, "case-sizes-order-refused-fr-390");
    await context.close();
  });

  test("without JavaScript, “+” still adds a whole case", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr", javaScript: false });
    await openHubShop(page);
    await Promise.all([
      page.waitForLoadState("load"),
      crateRow(page)
        .getByRole("button", { name: /Un colis de 6 en plus/ })
        .click(),
    ]);
    await expect.poll(() => crateRow(page).locator(".step-count").textContent(), { timeout: 15_000 }).toBe("6");
    expect(await page.locator(".cart-lines li", { hasText: "restaurant crate" }).locator(".cart-line-cases").textContent()).toBe(" · 1 colis de 6");
    await checkPage(page);
    await context.close();
  });
});
