// Checkout and pickup in a real browser (issue 13): the checkout shows the full price, delivery
// included, before the buyer commits, with JavaScript (live) and without (on asking, and by
// refusing a total the page did not show); each per-order fee line says what it covers; a guest
// typing an account's email is offered to log in; a pickup point's time is the cycle's, and a
// delivery order is told the delivery's details, not the barn's instructions.
import type { Page } from "playwright-core";
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

const api = (email: string) => demoApi(app.url, email);

async function weeklyCycle(call: Awaited<ReturnType<typeof api>>) {
  const { items } = await call("/order-cycles?state=open");
  return call(`/order-cycles/${items.find((cycle: { name: string }) => cycle.name === "Weekly veg box").id}`);
}

const placeButton = (page: Page) => page.getByRole("button", { name: /Place order/ });
const shownTotal = async (page: Page) => (await placeButton(page).textContent())!.replace(/^Place order · /, "").trim();

/** A guest puts one bag of carrots in the barn hub's cart and goes to the checkout. */
async function guestAtCheckout(page: Page) {
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
  await carrots.getByRole("button", { name: /One more/ }).click();
  await expect.poll(() => carrots.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
  await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
}

describe("the checkout total includes every fee before the buyer commits", () => {
  test("with JavaScript, the summary and the button follow the chosen method, and the order costs that", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await guestAtCheckout(page);
    const summary = page.locator(".order-summary");
    const pickupTotal = await shownTotal(page);
    expect(await summary.locator(".cart-total").textContent()).toContain(pickupTotal);
    await screenshot(page, "checkout-pickup-1280");

    await page.getByText("Home delivery (Lyon)").click();
    await expect.poll(() => shownTotal(page), { timeout: 15_000 }).not.toBe(pickupTotal);
    const deliveryTotal = await shownTotal(page);
    await summary.getByText("Home delivery (Lyon)").waitFor();
    expect(await summary.locator(".cart-total").textContent()).toContain(deliveryTotal);
    expect(Number(deliveryTotal.replace(/[^\d.]/g, "")) - Number(pickupTotal.replace(/[^\d.]/g, ""))).toBeCloseTo(5, 2);
    await screenshot(page, "checkout-delivery-1280");

    await page.getByLabel("Email").fill("live-total@example.test");
    await page.getByLabel("Delivery address").fill("3 Quai de Saône, Lyon");
    await Promise.all([page.waitForURL(/\/orders\//), placeButton(page).click()]);
    expect(await page.locator(".total-row").textContent()).toContain(deliveryTotal);
    await context.close();
  });

  test("without JavaScript, the buyer sees the new total before an order is placed", async () => {
    const { context, page } = await newPage(browser, { width: 390, javaScript: false });
    await guestAtCheckout(page);
    const pickupTotal = await shownTotal(page);
    await screenshot(page, "checkout-nojs-390");

    // Asking for the total of the choice.
    await page.getByLabel("Home delivery (Lyon)").check();
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Show the total for this choice" }).click()]);
    const deliveryTotal = await shownTotal(page);
    expect(deliveryTotal).not.toBe(pickupTotal);
    expect(await page.getByLabel("Home delivery (Lyon)").isChecked()).toBe(true);
    expect(await page.locator(".order-summary .cart-total").textContent()).toContain(deliveryTotal);
    await screenshot(page, "checkout-nojs-delivery-390");

    // Back to pickup, then delivery again without asking: the order at the old total is refused and the new one shown.
    await page.getByLabel("Barn pickup").check();
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Show the total for this choice" }).click()]);
    expect(await shownTotal(page)).toBe(pickupTotal);
    await page.getByLabel("Home delivery (Lyon)").check();
    await page.getByLabel("Email").fill("no-js-total@example.test");
    await page.getByLabel("Delivery address").fill("3 Quai de Saône, Lyon");
    await Promise.all([page.waitForLoadState("load"), placeButton(page).click()]);
    expect(page.url()).toMatch(/\/checkout/);
    await page.getByText(`The total is now ${deliveryTotal}:`).waitFor();
    expect(await shownTotal(page)).toBe(deliveryTotal);
    await screenshot(page, "checkout-nojs-total-changed-390");
    await Promise.all([page.waitForURL(/\/orders\//), placeButton(page).click()]);
    expect(await page.locator(".total-row").textContent()).toContain(deliveryTotal);
    await context.close();
  });
});

describe("per-order fees say what they cover", () => {
  test("the same per-order fee on two suppliers reads as two charges, and the editor calls it per order", async () => {
    const asHub = await api("hub@demo.circuit.coop");
    const cycle = await weeklyCycle(asHub);
    const { items: fees } = await asHub(`/enterprises/${cycle.coordinator.id}/fees`);
    const coldChain = fees.find((fee: { name: string }) => fee.name === "Cold-chain transport");
    for (const exchange of cycle.incoming.filter((candidate: { supplier: { name: string } }) =>
      ["Les Jardins de Marie", "Hillside Dairy"].includes(candidate.supplier.name),
    )) {
      await asHub(`/order-cycles/${cycle.id}/incoming/${exchange.supplier.id}`, { method: "PUT", body: { feeIds: [...exchange.feeIds, coldChain.id] } });
    }

    const { context, page } = await newPage(browser, { width: 390 });
    await guestAtCheckout(page);
    await page.goto(page.url().replace(/\/checkout.*$/, ""));
    const butter = page.locator(".product-card", { hasText: "Butter" }).locator(".variant-row").first();
    await butter.getByRole("button", { name: /One more/ }).click();
    await expect.poll(() => butter.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
    const summary = page.locator(".order-summary");
    await summary.getByText("Cold-chain transport · on Les Jardins de Marie's items").waitFor();
    await summary.getByText("Cold-chain transport · on Hillside Dairy's items").waitFor();
    await screenshot(page, "checkout-fee-lines-390");
    await context.close();

    const editor = await newPage(browser, { width: 1280 });
    await logIn(editor.page, app.url, "hub@demo.circuit.coop");
    await editor.page.goto(`${app.url}/admin/order-cycles/${cycle.id}/incoming`);
    const marie = editor.page.locator("details.exchange", { has: editor.page.locator(":scope > summary", { hasText: "Les Jardins de Marie" }) });
    if ((await marie.getAttribute("open")) === null) await marie.locator(":scope > summary").click();
    await marie.getByText("€1.50 per order").waitFor();
    await marie.getByText(/a per-order fee is charged once per order/).waitFor();
    await screenshot(editor.page, "incoming-fee-picker-1280");
    await editor.context.close();
  });
});

describe("a guest with an account's email", () => {
  test("is offered to log in, keeps the cart, and the order is then the account's", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await guestAtCheckout(page);
    await page.getByLabel("Email").fill("buyer@demo.circuit.coop");
    await Promise.all([page.waitForLoadState("networkidle"), placeButton(page).click()]);
    await page.getByText("An account uses this email.").waitFor();
    expect(page.url()).toMatch(/\/checkout/);
    await screenshot(page, "checkout-account-email-390");
    await Promise.all([page.waitForURL(/\/login/), page.getByRole("link", { name: "Log in and keep my cart" }).click()]);
    await page.fill('input[name="email"]', "buyer@demo.circuit.coop");
    await page.fill('input[name="password"]', "circuit-demo");
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("button", { name: "Log in", exact: true }).click()]);
    await page.getByText("Ordering as buyer@demo.circuit.coop.").waitFor();
    await Promise.all([page.waitForURL(/\/orders\//), placeButton(page).click()]);
    const orderUrl = new URL(page.url());
    await page.goto(`${app.url}/account`);
    await page.locator(`a[href*="${orderUrl.pathname}"]`).first().waitFor();
    await context.close();
  });
});

describe("when and where agree", () => {
  test("the hub sets the barn's time for this cycle; checkout and order show it, and a delivery order no barn instructions", async () => {
    const editor = await newPage(browser, { width: 1280 });
    await logIn(editor.page, app.url, "hub@demo.circuit.coop");
    const cycle = await weeklyCycle(await api("hub@demo.circuit.coop"));
    await editor.page.goto(`${app.url}/admin/order-cycles/${cycle.id}/outgoing`);
    const mine = editor.page.locator("details.exchange", { has: editor.page.locator(":scope > summary", { hasText: "Green Valley Food Hub" }) });
    if ((await mine.getAttribute("open")) === null) await mine.locator(":scope > summary").click();
    await mine.getByLabel("Pickup time at Barn pickup").fill("Thursday 17:00–19:00");
    await mine.getByText("Usual hours: Friday 16:00–19:00").waitFor();
    await screenshot(editor.page, "outgoing-pickup-time-1280");
    await Promise.all([editor.page.waitForLoadState("networkidle"), mine.getByRole("button", { name: "Save distributor" }).click()]);
    await editor.page.getByRole("status").filter({ hasText: "Saved" }).first().waitFor();
    await editor.context.close();

    const { context, page } = await newPage(browser, { width: 390 });
    await guestAtCheckout(page);
    await page.locator("label.choice", { hasText: "Barn pickup" }).getByText("Thursday 17:00–19:00").waitFor();
    expect(await page.locator("label.choice", { hasText: "Barn pickup" }).textContent()).not.toContain("Friday 16:00–19:00");
    await screenshot(page, "checkout-pickup-time-390");
    await page.getByText("Home delivery (Lyon)").click();
    await page.getByLabel("Email").fill("delivered@example.test");
    await page.getByLabel("Delivery address").fill("3 Quai de Saône, Lyon");
    await Promise.all([page.waitForURL(/\/orders\//), placeButton(page).click()]);
    await page.getByText("Within the Lyon ring road, Saturday morning.").first().waitFor();
    expect(await page.locator("main").textContent()).not.toContain("The barn is behind the mill");
    await screenshot(page, "order-delivery-390");
    await context.close();
  });
});
