// An unlisted sale in a real browser (docs/domain.md 12, decision 0047): the demo's works council
// sale at Riverside is in no list; a French buyer on a phone opens its share link, fills a cart and
// checks out without carrying the key by hand; a new link shuts the old one out; the hub sees the
// link with Copy and New link on the Outgoing step, and the distributor a locked product list.
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

let sale: { cycleId: string; shopId: string; shareKey: string };

beforeAll(async () => {
  const asRiverside = await demoApi(app.url, "riverside@demo.circuit.coop");
  const { items } = await asRiverside("/order-cycles?state=open");
  const cycle = await asRiverside(`/order-cycles/${items.find((candidate: { name: string }) => candidate.name === "Works council sale").id}`);
  const exchange = cycle.outgoing[0];
  sale = { cycleId: cycle.id, shopId: exchange.distributor.id, shareKey: exchange.shareKey };
});

describe("an unlisted sale opened by its share link", () => {
  test("a French buyer on a phone opens the link, fills a cart and checks out; a new link shuts the old one out", async () => {
    expect(sale.shareKey).toMatch(/^[\w-]{32}$/);
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    // The shop's own address does not show the sale.
    await page.goto(`${app.url}/shop/${sale.shopId}`);
    await page.getByText("Saturday morning at the market hall").first().waitFor();
    expect(await page.getByText("Friday at the works canteen").count()).toBe(0);

    await page.goto(`${app.url}/shop/${sale.shopId}?key=${sale.shareKey}`);
    await page.getByText("Friday at the works canteen").first().waitFor();
    await page.waitForLoadState("networkidle");
    await screenshot(page, "unlisted-sale-opened-fr-390");
    const carrots = page.locator(".product-card", { hasText: "Carrots" }).locator(".variant-row").first();
    await carrots.getByRole("button", { name: /de plus/ }).click();
    await expect.poll(() => carrots.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
    // The checkout's address carries no key: the browser kept it.
    await Promise.all([page.waitForURL(/\/checkout$/), page.getByRole("link", { name: /Commander \(/ }).click()]);
    await page.getByText("Friday at the works canteen").first().waitFor();
    await page.getByLabel("E-mail").fill("comite@example.test");
    await screenshot(page, "unlisted-sale-checkout-fr-390");
    await Promise.all([page.waitForURL(/\/orders\//), page.getByRole("button", { name: /Commander ·/ }).click()]);
    await page.getByText(/Merci/).first().waitFor();
    await screenshot(page, "unlisted-sale-placed-fr-390");

    // Riverside makes a new link: the old one, kept by this browser, no longer opens the sale.
    const asRiverside = await demoApi(app.url, "riverside@demo.circuit.coop");
    const { shareKey: fresh } = await asRiverside(`/order-cycles/${sale.cycleId}/outgoing/${sale.shopId}/share-key`, { method: "POST" });
    expect(fresh).not.toBe(sale.shareKey);
    await page.goto(`${app.url}/shop/${sale.shopId}?key=${sale.shareKey}`);
    await page.getByText("Saturday morning at the market hall").first().waitFor();
    expect(await page.getByText("Friday at the works canteen").count()).toBe(0);
    await context.close();
    sale.shareKey = fresh;
  });

  test("the hub sees the link with Copy and New link and the lock; the distributor a locked list it cannot change", async () => {
    const hub = await newPage(browser, { width: 1280 });
    await logIn(hub.page, app.url, "hub@demo.circuit.coop");
    await hub.page.goto(`${app.url}/admin/order-cycles/${sale.cycleId}/outgoing`);
    const link = hub.page.getByRole("textbox", { name: "Share link" });
    expect(await link.inputValue()).toBe(`${app.url}/shop/${sale.shopId}?key=${sale.shareKey}`);
    await hub.page.getByRole("button", { name: "Copy" }).waitFor();
    expect(await hub.page.getByLabel("Lock the offer").isChecked()).toBe(true);
    expect(await hub.page.getByLabel(/Unlisted: only through its share link/).isChecked()).toBe(true);
    // "New link" asks first, saying the old link stops working.
    await hub.page.locator("summary", { hasText: "New link" }).click();
    await hub.page.getByText(/The current link stops working at once/).waitFor();
    await Promise.all([
      hub.page.waitForResponse((response) => response.request().method() === "POST"),
      hub.page.locator(`button[type="submit"]`, { hasText: "New link" }).click(),
    ]);
    await hub.page.getByText("A new link is ready. The old one no longer works.").waitFor();
    await expect.poll(() => hub.page.getByRole("textbox", { name: "Share link" }).inputValue(), { timeout: 15_000 }).not.toContain(sale.shareKey);
    await screenshot(hub.page, "unlisted-sale-outgoing-hub-1280");
    await hub.context.close();

    const riverside = await newPage(browser, { width: 390 });
    await logIn(riverside.page, app.url, "riverside@demo.circuit.coop");
    await riverside.page.goto(`${app.url}/admin/order-cycles/${sale.cycleId}/outgoing`);
    await riverside.page.getByText("The coordinator has locked this offer: its products can no longer be changed here.").waitFor();
    // Every product tick is shown read-only; none can be changed.
    const list = riverside.page.locator(".exchange-body");
    expect(await list.locator('input[type="checkbox"]:disabled').count()).toBeGreaterThan(0);
    expect(await list.locator('input[type="checkbox"][name="variantIds"]').count()).toBe(0);
    expect(await riverside.page.getByLabel("Lock the offer").count()).toBe(0);
    await screenshot(riverside.page, "unlisted-sale-outgoing-distributor-390");
    await riverside.context.close();
  });
});
