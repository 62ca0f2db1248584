// Capacity caps in a real browser (issue 19, docs/domain.md 12, decision 0046): a pickup point whose
// cap is reached is shown full at checkout, labelled so, and cannot be chosen; forced anyway, the
// server refuses it at the field and places nothing. In English, and once in French.
import type { Page } from "playwright-core";
import { demoApi, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

beforeAll(async () => {
  // The barn already has the weekly cycle's three demo orders: a cap of 3 fills it.
  const asHub = await demoApi(app.url, "hub@demo.circuit.coop");
  const { items } = await asHub("/order-cycles?state=open");
  const cycle = await asHub(`/order-cycles/${items.find((candidate: { name: string }) => candidate.name === "Weekly veg box").id}`);
  const { items: methods } = await asHub(`/enterprises/${cycle.coordinator.id}/shipping-methods`);
  const barn = methods.find((method: { name: string }) => method.name === "Barn pickup");
  const answer = await asHub(`/order-cycles/${cycle.id}/outgoing/${cycle.coordinator.id}`, {
    method: "PUT",
    body: { shippingMethodCaps: [{ shippingMethodId: barn.id, maxOrders: 3 }] },
  });
  expect(answer.shippingMethodCaps).toEqual([{ shippingMethodId: barn.id, maxOrders: 3, placedOrders: 3 }]);
});

/** A guest puts one bag of carrots in the barn hub's cart and goes to the checkout. */
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
}

const barnChoice = (page: Page) => page.locator("label.choice", { hasText: "Barn pickup" });

describe("a full pickup point", () => {
  test("is shown full and cannot be chosen; forced, the server refuses it at the field", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await guestAtCheckout(page, { more: /One more/, checkOut: /Check out/ });
    const barn = barnChoice(page);
    expect(await barn.locator(".badge").textContent()).toBe("Full");
    expect(await barn.locator("input[type=radio]").isDisabled()).toBe(true);
    expect(await barn.locator("input[type=radio]").isChecked()).toBe(false);
    // The other way to get the order is chosen instead.
    expect(await page.locator("label.choice", { hasText: "Home delivery (Lyon)" }).locator("input[type=radio]").isChecked()).toBe(true);
    await screenshot(page, "capacity-full-pickup-390");

    // A page kept open from before it filled, or a tampered form: the server says so at the field.
    await page.getByLabel("Email").fill("too-late@example.test");
    await barn.locator("input[type=radio]").evaluate((input: HTMLInputElement) => {
      input.disabled = false;
      input.checked = true;
    });
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.getByText("This pickup point is full: choose another one.").waitFor({ state: "visible", timeout: 15_000 });
    expect(page.url()).toContain("/checkout");
    // Nothing placed, and the choice falls back to a way with a place left.
    expect(await page.locator("label.choice", { hasText: "Home delivery (Lyon)" }).locator("input[type=radio]").isChecked()).toBe(true);
    await screenshot(page, "capacity-full-pickup-refused-390");
    await context.close();

    const wide = await newPage(browser, { width: 1280 });
    await guestAtCheckout(wide.page, { more: /One more/, checkOut: /Check out/ });
    expect(await barnChoice(wide.page).locator("input[type=radio]").isDisabled()).toBe(true);
    await screenshot(wide.page, "capacity-full-pickup-1280");
    await wide.context.close();
  });

  test("reads “Complet” in French", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    await guestAtCheckout(page, { more: /de plus/, checkOut: /^Commander/ });
    const barn = barnChoice(page);
    expect(await barn.locator(".badge").textContent()).toBe("Complet");
    expect(await barn.locator("input[type=radio]").isDisabled()).toBe(true);
    await screenshot(page, "capacity-full-pickup-fr-390");
    await context.close();
  });
});
