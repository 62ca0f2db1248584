// The whole story in a real browser: a coordinator sets up a cycle with two producers and two
// distributors; a producer (in French) unticks a product; a distributor writes its ready-for and
// pickup instructions; a buyer tagged "pro" sees simultaneous cycles, picks this one, orders and
// chooses to pay on pickup; the cycle closes and each producer receives its email.
import type { Page } from "playwright-core";
import { logIn, newPage, parisLocal, screenshot } from "./app";
import { app, browser } from "./demo";

async function addAndSelectAll(page: Page, chooser: string, name: string, save: string) {
  await page.getByLabel(chooser).selectOption({ label: name });
  await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Add", exact: true }).click()]);
  const exchange = page.locator("details.exchange", { has: page.locator(":scope > summary", { hasText: name }) });
  await exchange.waitFor();
  if ((await exchange.getAttribute("open")) === null) await exchange.locator(":scope > summary").click();
  for (const button of await exchange.getByRole("button", { name: "Select all" }).all()) await button.click();
  await Promise.all([page.waitForLoadState("networkidle"), exchange.getByRole("button", { name: save }).click()]);
}

describe("a cycle from set-up to the producers' emails", () => {
  let cycleUrl = "";
  const cycleName = `Winter market ${Date.now() % 100000}`;

  test("the coordinator sets up the cycle with two producers and two distributors", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/new`);
    await page.getByLabel("Name", { exact: true }).fill(cycleName);
    await page.getByLabel("Opens at").fill(parisLocal(new Date(Date.now() - 3_600_000)));
    await page.getByLabel("Closes at").fill(parisLocal(new Date(Date.now() + 3 * 3_600_000)));
    await page.getByLabel("Notify producers automatically when the cycle closes").check();
    await screenshot(page, "coordinator-new-cycle");
    await Promise.all([page.waitForURL(/\/admin\/order-cycles\/[^/]+\/incoming/), page.getByRole("button", { name: "Create order cycle" }).click()]);
    cycleUrl = page.url().replace(/\/incoming.*$/, "");

    await addAndSelectAll(page, "Choose a supplier", "Les Jardins de Marie", "Save supplier");
    await addAndSelectAll(page, "Choose a supplier", "Hillside Dairy", "Save supplier");
    expect(await page.locator("details.exchange").count()).toBe(2);
    await screenshot(page, "coordinator-incoming");

    await page.goto(`${cycleUrl}/outgoing`);
    await addAndSelectAll(page, "Choose a distributor", "Riverside Co-op", "Save distributor");
    const riverside = page.locator("details.exchange", { hasText: "Riverside Co-op" });
    await riverside.getByLabel("Customer tags").fill("pro");
    await Promise.all([page.waitForLoadState("networkidle"), riverside.getByRole("button", { name: "Save distributor" }).click()]);
    await addAndSelectAll(page, "Choose a distributor", "Green Valley Food Hub", "Save distributor");
    expect(await page.locator("details.exchange").count()).toBe(2);
    await screenshot(page, "coordinator-outgoing");
    await context.close();
  });

  test("a producer, in French, unticks one of its products", async () => {
    const { context, page } = await newPage(browser, { locale: "fr" });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    await page.goto(`${cycleUrl}/incoming`);
    const mine = page.locator("details.exchange", { hasText: "Les Jardins de Marie" });
    expect(await page.locator("details.exchange").count()).toBe(1); // never the other supplier's exchange
    const pumpkin = mine.getByRole("checkbox", { name: /Pumpkin/ });
    expect(await pumpkin.isChecked()).toBe(true);
    await pumpkin.uncheck();
    await Promise.all([page.waitForLoadState("networkidle"), mine.getByRole("button", { name: "Enregistrer le fournisseur" }).click()]);
    expect(
      await page
        .locator("details.exchange", { hasText: "Les Jardins de Marie" })
        .getByRole("checkbox", { name: /Pumpkin/ })
        .isChecked(),
    ).toBe(false);
    await screenshot(page, "producer-unticks-fr");
    await context.close();
  });

  test("the distributor writes its ready-for and pickup instructions", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "riverside@demo.circuit.coop");
    await page.goto(`${cycleUrl}/outgoing`);
    const mine = page.locator("details.exchange", { hasText: "Riverside Co-op" });
    await mine.getByLabel("Ready for", { exact: true }).fill("Saturday winter market");
    await mine.getByLabel("Pickup or delivery instructions").fill("Side door of the hall, bring your own bags.");
    await Promise.all([page.waitForLoadState("networkidle"), mine.getByRole("button", { name: "Save distributor" }).click()]);
    expect(await page.locator("details.exchange", { hasText: "Riverside Co-op" }).getByLabel("Ready for", { exact: true }).inputValue()).toBe(
      "Saturday winter market",
    );
    await screenshot(page, "distributor-ready-for");
    await context.close();
  });

  test("a pro buyer sees the simultaneous cycles, picks this one, orders and pays on pickup", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await logIn(page, app.url, "buyer@demo.circuit.coop");
    await page.goto(app.url);
    await Promise.all([page.waitForURL(/\/shop\//), page.getByRole("link", { name: /Riverside Co-op/ }).click()]);
    const choices = page.locator(".cycle-choice");
    await choices.first().waitFor();
    expect(await choices.count()).toBeGreaterThanOrEqual(2);
    await page.getByText("Thursday delivery for restaurants").first().waitFor({ state: "visible" });
    await screenshot(page, "buyer-sees-cycles");
    await Promise.all([page.waitForURL(/cycle=/), page.locator(".cycle-choice", { hasText: "Saturday winter market" }).click()]);
    await page.getByRole("heading", { name: "Les Jardins de Marie" }).first().waitFor({ state: "visible" });
    expect(await page.locator(".product-card", { hasText: "Pumpkin" }).count()).toBe(0);
    const carrots = page.locator(".product-card", { hasText: "Carrots" }).locator(".variant-row").first();
    await carrots.getByRole("button", { name: /One more/ }).click();
    await expect.poll(() => carrots.locator(".step-count").textContent()).toBe("1");
    const butter = page.locator(".product-card", { hasText: "Butter" }).locator(".variant-row").first();
    await butter.getByRole("button", { name: /One more/ }).click();
    await expect.poll(() => butter.locator(".step-count").textContent()).toBe("1");
    await screenshot(page, "buyer-cart");
    await page.getByRole("link", { name: /Check out/ }).click();
    await page.waitForURL(/\/checkout/);
    await page.getByText("Cash on pickup").click();
    await screenshot(page, "buyer-checkout");
    await Promise.all([page.waitForURL(/\/orders\//), page.getByRole("button", { name: /Place order/ }).click()]);
    await page.getByText("Saturday winter market").first().waitFor({ state: "visible" });
    await page.getByText("Side door of the hall, bring your own bags.").first().waitFor({ state: "visible" });
    await screenshot(page, "buyer-order");
    await context.close();
  });

  test("at the close, each producer receives one email with what to bring", async () => {
    const session = await fetch(`${app.url}/api/v1/sessions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "hub@demo.circuit.coop", password: "circuit-demo" }),
    });
    const { token } = (await session.json()) as { token: string };
    const cycleId = cycleUrl.split("/").pop()!;
    const patched = await fetch(`${app.url}/api/v1/order-cycles/${cycleId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ closesAt: new Date(Date.now() + 3_000).toISOString(), confirmDateChange: true }),
    });
    expect(patched.status).toBe(200);

    const deadline = Date.now() + 60_000;
    const forCycle = () => app.smtp.messages.filter((message) => message.subject?.includes(cycleName));
    while (forCycle().length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const messages = forCycle();
    const to = (address: string) => messages.filter((message) => JSON.stringify(message.to).includes(address));
    expect(to("marie@demo.circuit.coop")).toHaveLength(1);
    expect(to("dairy@demo.circuit.coop")).toHaveLength(1);
    expect(to("orchard@demo.circuit.coop")).toHaveLength(0);
    expect(to("marie@demo.circuit.coop")[0].text).toContain("Bonjour Les Jardins de Marie");
    expect(to("marie@demo.circuit.coop")[0].text).toContain("Carrots");
    expect(to("marie@demo.circuit.coop")[0].text).toContain("Riverside Co-op (Saturday winter market)");
    expect(to("dairy@demo.circuit.coop")[0].text).toContain("Butter");

    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${cycleUrl}/notifications`);
    expect(await page.locator("tbody tr").count()).toBe(2);
    await screenshot(page, "coordinator-notifications");
    await context.close();
  });
});

describe("a buyer switching between two open cycles of one shop", () => {
  test("is asked before the cart is emptied, and may keep it", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await logIn(page, app.url, "buyer@demo.circuit.coop");
    await page.goto(app.url);
    await Promise.all([page.waitForURL(/\/shop\//), page.getByRole("link", { name: /Riverside Co-op/ }).click()]);
    const cart = page.locator(".cart-summary");
    const firstRow = () => page.locator(".variant-row").first();
    const choose = async (readyFor: string) => {
      await page.locator(".cycle-choice", { hasText: readyFor }).click();
      // The address already holds a cycle when switching: wait for the chosen one to be shown.
      await page.locator(".cycle-choice.selected", { hasText: readyFor }).waitFor();
      await firstRow().waitFor();
    };

    await choose("Saturday morning at the market hall");
    const keptProduct = (await firstRow().locator(".variant-name").textContent())!;
    await firstRow()
      .getByRole("button", { name: /One more/ })
      .click();
    await expect.poll(() => firstRow().locator(".step-count").textContent()).toBe("1");

    await choose("Thursday delivery for restaurants");
    await page.getByText("Your cart is for Saturday morning at the market hall").waitFor();
    expect(await cart.textContent()).toContain(keptProduct);
    await firstRow()
      .getByRole("button", { name: /One more/ })
      .click();
    await page.getByRole("heading", { name: "Start a new cart for Thursday delivery for restaurants?" }).waitFor();
    await screenshot(page, "buyer-switch-confirm");
    await Promise.all([page.waitForURL(/cycle=/), page.getByRole("link", { name: "Keep my cart" }).click()]);
    await page.locator(".cycle-choice.selected", { hasText: "Saturday morning at the market hall" }).waitFor();
    expect(await cart.textContent()).toContain(keptProduct);

    await choose("Thursday delivery for restaurants");
    await firstRow()
      .getByRole("button", { name: /One more/ })
      .click();
    await page.getByRole("button", { name: "Empty my cart and add this product" }).click();
    await expect.poll(() => firstRow().locator(".step-count").textContent()).toBe("1");
    await page.getByText("Your cart is for").waitFor({ state: "detached" });
    expect(await cart.locator("li").count()).toBe(1);
    await context.close();
  });
});

describe("a buyer whose browser runs no JavaScript", () => {
  test("opens a product's price breakdown and fills the cart, on pages served whole", async () => {
    const { context, page } = await newPage(browser, { width: 390, javaScript: false });
    await page.goto(app.url);
    await page
      .getByRole("link", { name: /Green Valley Food Hub/ })
      .first()
      .click();
    await page.waitForURL(/\/shop\//);
    if ((await page.locator(".product-card").count()) === 0) {
      await page.locator(".cycle-choice").first().click();
      await page.waitForURL(/cycle=/);
    }
    const row = page.locator(".variant-row").first();
    await row.locator("summary", { hasText: "Price breakdown" }).click();
    await row.getByRole("link", { name: "Show the price breakdown" }).click();
    await page.waitForURL(/breakdown=/);
    const opened = page.locator(".variant-row").first();
    await opened.getByRole("row", { name: /Producer price/ }).waitFor({ state: "visible" });
    await screenshot(page, "no-script-breakdown");
    await opened.getByRole("button", { name: /One more/ }).click();
    await page.waitForLoadState("load");
    expect(await page.locator(".variant-row").first().locator(".step-count").textContent()).toBe("1");
    await context.close();
  });
});

describe("on a phone", () => {
  test("no page of the hub manager or the shop scrolls sideways, nor do the tables of its lists", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles`);
    const cycle = (await page.locator("a[href^='/admin/order-cycles/']:not([href$='/new'])").first().getAttribute("href"))!;
    const enterprise = (await page.locator("a[href^='/admin/enterprises/']:not([href$='/new'])").first().getAttribute("href"))!
      .split("/")
      .slice(0, 4)
      .join("/");
    const shop = enterprise.replace("/admin/enterprises/", "/shop/");
    const pages = [
      "/",
      "/account",
      "/admin",
      "/admin/order-cycles",
      "/admin/order-cycles/new",
      shop,
      ...["", "/products", "/fees", "/methods", "/customers", "/managers", "/permissions", "/settings"].map((step) => `${enterprise}${step}`),
      ...["", "/incoming", "/outgoing", "/checkout", "/orders", "/reports", "/reports?report=orders", "/notifications", "/history"].map(
        (step) => `${cycle}${step}`,
      ),
    ];
    // Reports and the producers' notifications are desktop-first (design.md): their tables may scroll inside their frame.
    const tablesMayScroll = new Set(["/reports", "/reports?report=orders", "/notifications"].map((step) => `${cycle}${step}`));
    const wide: string[] = [];
    for (const path of pages) {
      const response = await page.goto(`${app.url}${path}`);
      expect(response?.status(), path).toBe(200);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path} (${width}px)`);
      if (tablesMayScroll.has(path)) continue;
      const tables = await page.locator(".table-wrap").evaluateAll((frames) => frames.map((frame) => frame.scrollWidth - frame.clientWidth));
      if (tables.some((overflow) => overflow > 0)) wide.push(`${path} (a table ${Math.max(...tables)}px too wide)`);
    }
    expect(wide).toEqual([]);
    await context.close();
  });
});

describe("requests from another site", () => {
  test("a form posted from another origin is refused with 403, in the reader's language, before any action runs", async () => {
    const page = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr" },
      body: "email=hub%40demo.circuit.coop&password=circuit-demo",
    });
    expect(page.status).toBe(403);
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(await page.text()).toContain("autre site");
    const api = await fetch(`${app.url}/api/v1/orders`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
  });
});
