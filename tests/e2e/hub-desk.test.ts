// The hub's desk in a real browser, on the demo data: the coordinator finds an order by its buyer
// (with and without JavaScript), opens it at the desk with the buyer's contact, and reads the
// packing report with emails; the second distributor sees only its own shop's orders; a French
// producer meets a French 404 inside the usual header and French tax rates in the fees report.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

/** The demo's "Weekly veg box" cycle page, through the list as a manager would find it. */
async function weeklyCycleUrl(page: Page): Promise<string> {
  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: "Weekly veg box", exact: true }).first().getAttribute("href");
  return `${app.url}${href}`;
}

describe("the hub's desk", () => {
  let camilleOrderUrl = "";

  for (const width of [1280, 390]) {
    test(`the coordinator searches the cycle's orders and opens one at the desk (${width} px)`, async () => {
      const { context, page } = await newPage(browser, { width });
      await logIn(page, app.url, "hub@demo.circuit.coop");
      const cycleUrl = await weeklyCycleUrl(page);
      await page.goto(`${cycleUrl}/orders`);
      const rows = page.locator("table tbody tr");
      await rows.first().waitFor();
      // Every order of the cycle, as the page lists them before any filter.
      const everyOrder = await rows.count();
      expect(everyOrder).toBeGreaterThan(1);
      await page.getByLabel("Buyer", { exact: true }).fill("camille");
      await Promise.all([page.waitForURL(/[?&]q=camille/), page.getByRole("button", { name: "Search" }).click()]);
      await expect.poll(() => rows.count()).toBe(1);
      await expect.poll(() => rows.first().textContent()).toContain("Camille Durand");
      // The form is not drawn anew: focus stays on the button that searched.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Search");
      await screenshot(page, `hub-orders-search-${width}`);

      await page.getByLabel("Payment").selectOption({ label: "Paid" });
      await Promise.all([page.waitForURL(/payment=paid/), page.getByRole("button", { name: "Search" }).click()]);
      await page.getByText("No order matches these filters.").waitFor();
      await screenshot(page, `hub-orders-no-match-${width}`);
      await Promise.all([page.waitForURL((url) => url.search === ""), page.getByRole("link", { name: "Clear filters" }).first().click()]);
      await expect.poll(() => rows.count()).toBe(everyOrder);
      // Clearing empties the fields too, so the next search does not carry the old filters along.
      expect(await page.getByLabel("Buyer", { exact: true }).inputValue()).toBe("");
      expect(await page.getByLabel("Payment").inputValue()).toBe("");

      await page.getByLabel("Buyer", { exact: true }).fill("Camille");
      await Promise.all([page.waitForURL(/q=Camille/), page.getByRole("button", { name: "Search" }).click()]);
      await Promise.all([page.waitForURL(/\/orders\/[^/?]+\?q=Camille&/), rows.first().getByRole("link").click()]);
      camilleOrderUrl = page.url().replace(/\?.*$/, "");
      // The desk, not the buyer's page: the admin navigation, the way back, and how to reach the buyer.
      await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Order cycles" }).waitFor();
      await page.getByRole("heading", { level: 2, name: /^Order #\d+$/ }).waitFor();
      await page.getByRole("link", { name: "camille@example.org" }).waitFor();
      await page.getByText("No phone given").waitFor();
      await page.getByText("Guest checkout").waitFor();
      await screenshot(page, `hub-order-desk-${width}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // The way back returns to the same search.
      await Promise.all([page.waitForURL(/\/orders\?q=Camille&/), page.getByRole("link", { name: /Back to the cycle's orders/ }).click()]);
      await expect.poll(() => page.getByLabel("Buyer", { exact: true }).inputValue()).toBe("Camille");
      await expect.poll(() => rows.count()).toBe(1);
      await context.close();
    });
  }

  test("the search works without JavaScript: a GET form", async () => {
    const { context, page } = await newPage(browser, { javaScript: false });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${await weeklyCycleUrl(page)}/orders`);
    await page.getByLabel("Buyer", { exact: true }).fill("sam@");
    await Promise.all([page.waitForURL(/q=sam/), page.getByRole("button", { name: "Search" }).click()]);
    expect(await page.locator("table tbody tr").count()).toBe(1);
    expect(await page.locator("table tbody").textContent()).toContain("Sam Okafor");
    await context.close();
  });

  test("the second distributor sees its own shop's orders only, and another shop's order is not found", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "riverside@demo.circuit.coop");
    await page.goto(`${await weeklyCycleUrl(page)}/orders`);
    // The buyer cell (after the box and the number) starts with the name; the time it was placed follows.
    const names = await page.locator("table tbody tr td:nth-child(3)").evaluateAll((cells) => cells.map((cell) => cell.firstChild?.textContent ?? ""));
    expect(names).toEqual(["Léa Martin"]);
    const response = await page.goto(camilleOrderUrl);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await context.close();
  });

  for (const width of [1280, 390]) {
    test(`the packing report carries each buyer's contact, and its CSV comes in the other spreadsheet style too (${width} px)`, async () => {
      const { context, page } = await newPage(browser, { width });
      await logIn(page, app.url, "hub@demo.circuit.coop");
      await page.goto(`${await weeklyCycleUrl(page)}/reports?report=orders`);
      await page.getByRole("columnheader", { name: "Contact" }).waitFor();
      await page.getByRole("link", { name: "camille@example.org" }).first().waitFor();
      await screenshot(page, `hub-packing-report-${width}`);
      const href = await page.getByRole("link", { name: "CSV with semicolons and decimal commas" }).getAttribute("href");
      const csv = await (await page.request.get(`${app.url}${href}`)).text();
      expect(csv.split("\r\n")[0]).toBe("\uFEFFPickup or delivery;Buyer;Phone;Email;Delivery address;Order;Producer;Product;Variant;Quantity;Amount");
      expect(csv).toMatch(/;camille@example\.org;.*;\d+,\d\d\r\n/);
      await context.close();
    });
  }
});

describe("mark selected paid", () => {
  test("the second distributor ticks an order and marks it paid in cash without JavaScript (390 px); the list then says it is paid", async () => {
    const { context, page } = await newPage(browser, { javaScript: false, width: 390 });
    await logIn(page, app.url, "riverside@demo.circuit.coop");
    await page.goto(`${await weeklyCycleUrl(page)}/orders`);
    await page.getByText("Balance due").first().waitFor();
    await page.getByLabel(/^Select order #\d+ \(Léa Martin\)$/).check();
    await page.getByLabel("Paid by").selectOption({ label: "Cash" });
    await page.getByLabel("Note", { exact: true }).fill("Paid at the market hall");
    await Promise.all([page.waitForURL(/marked=1/), page.getByRole("button", { name: "Mark selected paid" }).click()]);
    await page.getByText(/^1 order marked paid: .+ recorded\.$/).waitFor();
    const row = page.locator("table tbody tr", { hasText: "Léa Martin" });
    await row.locator(".badge", { hasText: "Paid" }).waitFor();
    // Nothing left to tick: the box is gone, and so is the form.
    expect(await row.getByRole("checkbox").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Mark selected paid" }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, "hub-orders-marked-paid-390");
    await context.close();
  });

  test("the coordinator sees what each order paid and still owes, and the figures of the list (1280 px)", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${await weeklyCycleUrl(page)}/orders`);
    const sam = page.locator("table tbody tr", { hasText: "Sam Okafor" });
    await sam.locator(".badge", { hasText: "Partly paid" }).waitFor();
    await page.getByRole("columnheader", { name: "Balance due" }).waitFor();
    await page.getByLabel("Figures of the orders listed").getByText("Balance due").waitFor();
    // With JavaScript, one box ticks every order of the page that still owes something.
    await page.getByLabel("Select every order of this page that has something due").check();
    const boxes = page.locator('input[name="orderIds"]');
    expect(await boxes.count()).toBeGreaterThan(1);
    expect(await boxes.evaluateAll((all) => all.every((box) => (box as HTMLInputElement).checked))).toBe(true);
    await page.getByLabel("Payment").selectOption({ label: "Partly paid" });
    await Promise.all([page.waitForURL(/payment=partially_paid/), page.getByRole("button", { name: "Search" }).click()]);
    await expect.poll(() => page.locator("table tbody tr").count()).toBe(1);
    await screenshot(page, "hub-orders-partly-paid-1280");
    await context.close();
  });
});

describe("French leftovers", () => {
  for (const width of [1280, 390]) {
    test(`an unknown address answers 404 in French inside the usual header, signed in or not (${width} px)`, async () => {
      const { context, page } = await newPage(browser, { locale: "fr", width });
      const visitor = await page.goto(`${app.url}/cette-page-n-existe-pas`);
      expect(visitor?.status()).toBe(404);
      await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
      await page.getByRole("banner").getByRole("link", { name: "Se connecter" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("fr");
      expect(await page.title()).toBe("Page introuvable · Circuit");
      await screenshot(page, `fr-404-visitor-${width}`);
      // The API's unknown addresses keep the API's JSON shape.
      const api = await page.request.get(`${app.url}/api/v1/pas-un-point-d-acces`);
      expect(api.status()).toBe(404);
      expect((await api.json()).error.code).toBe("not_found");

      await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
      expect((await page.goto(`${app.url}/admin/nulle-part/vraiment`))?.status()).toBe(404);
      await page.getByRole("heading", { level: 1, name: "Page introuvable" }).waitFor();
      await page.getByRole("banner").getByRole("button", { name: "Se déconnecter" }).waitFor();
      await screenshot(page, `fr-404-signed-in-${width}`);
      await context.close();
    });
  }

  test("a French producer's packing CSV has French column titles, semicolons and decimal commas (390 px)", async () => {
    const { context, page } = await newPage(browser, { locale: "fr", width: 390 });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    await page.goto(`${await weeklyCycleUrl(page)}/reports?report=orders`);
    await screenshot(page, "fr-packing-report-390");
    const href = await page.getByRole("link", { name: "Télécharger le CSV" }).first().getAttribute("href");
    const [header, ...rows] = (await (await page.request.get(`${app.url}${href}`)).text()).replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toMatch(/^Retrait ou livraison;Acheteur;.*;Producteur;Produit;Variante;Quantité;Montant$/);
    expect(rows.filter((row) => row.includes("Carrots")).every((row) => /;\d+;\d+,\d\d$/.test(row))).toBe(true);
    expect(rows.some((row) => row.includes("Carrots"))).toBe(true);
    await context.close();
  });

  test("the fees report in French writes 5,5 %", async () => {
    const { context, page } = await newPage(browser, { locale: "fr" });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    await page.goto(`${await weeklyCycleUrl(page)}/reports?report=fees`);
    const rates = await page.locator("table tbody td:nth-child(4)").allTextContents();
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.every((rate) => /^\d+(,\d+)?[\s\u00a0\u202f]%$/.test(rate))).toBe(true);
    expect(rates.some((rate) => rate.startsWith("5,5"))).toBe(true);
    await screenshot(page, "fr-fees-report");
    await context.close();
  });
});
