// Issue 13 where people meet a refusal, in a real browser on the demo data: a French producer
// unticking carrots that orders hold is asked first (how many units in how many orders), the hub
// is told, and a re-tick puts them back in the shop; a cycle created already closed is asked about
// at "Closes at", an undated cycle says buyers cannot see it; a ready-on day before the opening, a
// 200-character tag and a moved close on a cycle with orders are each refused at their field; a
// buyer asking for more than the stock is told at that product's quantity how many are left.
import type { Locator, Page } from "playwright-core";
import { demoApi, logIn, newPage, parisLocal, screenshot } from "./app";
import { app, browser } from "./demo";

const api = (email: string) => demoApi(app.url, email);

type Cycle = {
  id: string;
  incoming: { supplier: { name: string }; variantIds: string[] }[];
  outgoing: { distributor: { name: string }; variantIds: string[] }[];
};

async function weeklyCycle(): Promise<Cycle> {
  const asHub = await api("hub@demo.circuit.coop");
  const { items } = await asHub("/order-cycles?state=open");
  return asHub(`/order-cycles/${items.find((cycle: { name: string }) => cycle.name === "Weekly veg box").id}`);
}

/** The error text the field points at (its aria-describedby), as a screen reader would read it. */
function errorOf(field: Locator): Promise<string> {
  return field.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id))
      .filter((node) => node?.classList.contains("field-error"))
      .map((node) => node!.textContent)
      .join(" "),
  );
}

const exchangeOf = (page: Page, name: string) => page.locator("details.exchange", { has: page.locator(":scope > summary", { hasText: name }) });

async function opened(exchange: Locator) {
  await exchange.waitFor();
  if ((await exchange.getAttribute("open")) === null) await exchange.locator(":scope > summary").click();
  return exchange;
}

const day = 24 * 3_600_000;

/** Whether a visitor's Green Valley shop offers carrots by the kilo in the weekly cycle, read from the page. */
async function shopOffersCarrots(page: Page, cycleId: string): Promise<boolean> {
  await page.reload();
  await page.locator(".variant-row").first().waitFor();
  expect(new URL(page.url()).searchParams.get("cycle") ?? cycleId).toBe(cycleId);
  return (await page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true }).count()) === 1;
}

describe("a producer unticking what placed orders hold", () => {
  test("in French on a phone: asked with the units and orders, the hub told; ticked again, the carrots are back in the shop", async () => {
    const cycle = await weeklyCycle();
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    await page.goto(`${app.url}/admin/order-cycles/${cycle.id}/incoming`);
    const mine = await opened(exchangeOf(page, "Les Jardins de Marie"));
    const carrots = mine.getByRole("checkbox", { name: /Carrots · 1 kg bag/ });
    const carrotsId = (await carrots.getAttribute("value"))!;
    await carrots.uncheck();
    await Promise.all([page.waitForLoadState("networkidle"), mine.getByRole("button", { name: "Enregistrer le fournisseur" }).click()]);

    // What the demo's placed orders hold of them, read from the hub's orders feed: asked, at the
    // list, before anything is saved.
    const asHub = await api("hub@demo.circuit.coop");
    const feed: { items: { state: string; lines: { variantId: string; quantity: number }[] }[] } = await asHub(`/orders?orderCycleId=${cycle.id}`);
    const holding = feed.items.filter((order) => order.state === "placed" && order.lines.some((line) => line.variantId === carrotsId));
    const units = holding.reduce((sum, order) => sum + order.lines.filter((line) => line.variantId === carrotsId).reduce((n, line) => n + line.quantity, 0), 0);
    expect(holding.length).toBeGreaterThan(1);
    const asked = exchangeOf(page, "Les Jardins de Marie").locator(".field-error");
    await asked.waitFor();
    expect(await asked.textContent()).toContain(`${units} dans ${holding.length} commandes passées`);
    expect(
      await exchangeOf(page, "Les Jardins de Marie")
        .getByRole("checkbox", { name: /Carrots · 1 kg bag/ })
        .isChecked(),
    ).toBe(false);
    expect((await weeklyCycle()).incoming.find((exchange) => exchange.supplier.name === "Les Jardins de Marie")!.variantIds).toContain(carrotsId);
    await screenshot(page, "untick-asked-fr-390");

    await exchangeOf(page, "Les Jardins de Marie").getByLabel("Décocher quand même").check();
    await Promise.all([
      page.waitForLoadState("networkidle"),
      exchangeOf(page, "Les Jardins de Marie").getByRole("button", { name: "Enregistrer le fournisseur" }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: "Enregistré." }).first().waitFor();
    const unticked = await weeklyCycle();
    expect(unticked.incoming.find((exchange) => exchange.supplier.name === "Les Jardins de Marie")!.variantIds).not.toContain(carrotsId);
    // The coordinator is told, in its own language.
    await expect
      .poll(
        () =>
          app.smtp.messages.filter(
            (message) => JSON.stringify(message.to).includes("hub@demo.circuit.coop") && /unticked ordered products/.test(message.subject ?? ""),
          ),
        {
          timeout: 30_000,
        },
      )
      .toHaveLength(1);
    const told = app.smtp.messages.find((message) => /unticked ordered products/.test(message.subject ?? ""))!;
    expect(told.text).toContain("Carrots");
    expect(told.text).toContain(`${units} in ${holding.length} orders`);

    const shop = await newPage(browser, { width: 390 });
    await shop.page.goto(app.url);
    await Promise.all([
      shop.page.waitForURL(/\/shop\//),
      shop.page
        .getByRole("link", { name: /Green Valley Food Hub/ })
        .first()
        .click(),
    ]);
    await expect.poll(() => shopOffersCarrots(shop.page, cycle.id), { timeout: 15_000 }).toBe(false);

    // Ticked again: no question, and back in both distributors' lists and the shop.
    await exchangeOf(page, "Les Jardins de Marie")
      .getByRole("checkbox", { name: /Carrots · 1 kg bag/ })
      .check();
    await Promise.all([
      page.waitForLoadState("networkidle"),
      exchangeOf(page, "Les Jardins de Marie").getByRole("button", { name: "Enregistrer le fournisseur" }).click(),
    ]);
    await page.getByRole("status").filter({ hasText: "Enregistré." }).first().waitFor();
    // The first save's "Enregistré." is still on the page, so the second save is awaited by its effect.
    for (const name of ["Green Valley Food Hub", "Riverside Co-op"]) {
      await expect
        .poll(async () => (await weeklyCycle()).outgoing.find((exchange) => exchange.distributor.name === name)!.variantIds, { timeout: 15_000 })
        .toContain(carrotsId);
    }
    await expect.poll(() => shopOffersCarrots(shop.page, cycle.id), { timeout: 15_000 }).toBe(true);
    await screenshot(shop.page, "untick-carrots-back-in-shop-390");
    await shop.context.close();
    await context.close();

    const hub = await newPage(browser, { width: 1280 });
    await logIn(hub.page, app.url, "hub@demo.circuit.coop");
    await hub.page.goto(`${app.url}/admin/order-cycles/${cycle.id}/history`);
    await hub.page.getByText("Unticked products that placed orders hold").first().waitFor();
    await screenshot(hub.page, "untick-history-1280");
    await hub.context.close();
  });
});

describe("dates", () => {
  for (const width of [390, 1280]) {
    test(`a new cycle already closed is asked about at “Closes at”, and nothing is created or emailed until confirmed (${width} px)`, async () => {
      const { context, page } = await newPage(browser, { width });
      await logIn(page, app.url, "hub@demo.circuit.coop");
      await page.goto(`${app.url}/admin/order-cycles/new`);
      const name = `Recorded week ${width}`;
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Opens at").fill(parisLocal(new Date(Date.now() - 10 * day)));
      await page.getByLabel("Closes at").fill(parisLocal(new Date(Date.now() - 8 * day)));
      await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Create order cycle" }).click()]);
      await page.getByLabel("Create it closed: I am recording a cycle that is already over").waitFor();
      expect(new URL(page.url()).pathname).toBe("/admin/order-cycles/new");
      expect(await errorOf(page.getByLabel("Closes at"))).toContain("This time has already passed");
      expect(await errorOf(page.getByLabel("Opens at"))).toBe("");
      expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
      await screenshot(page, `dates-closed-asked-${width}`);
      const listed = await (await api("hub@demo.circuit.coop"))("/order-cycles");
      expect(listed.items.map((cycle: { name: string }) => cycle.name)).not.toContain(name);

      await page.getByLabel("Create it closed: I am recording a cycle that is already over").check();
      await Promise.all([page.waitForURL(/\/order-cycles\/[^/]+\/incoming/), page.getByRole("button", { name: "Create order cycle" }).click()]);
      // The worker's minute sweep is what would send a close's digest; a recorded cycle was never open.
      expect(app.smtp.messages.filter((message) => message.subject?.includes(name))).toHaveLength(0);
      await context.close();
    });
  }

  test("an undated cycle says buyers cannot see it, on every step, until both times are set", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/new`);
    await page.getByLabel("Name", { exact: true }).fill("Someday week");
    await Promise.all([page.waitForURL(/\/order-cycles\/[^/]+\/incoming/), page.getByRole("button", { name: "Create order cycle" }).click()]);
    const banner = page.getByRole("status").filter({ hasText: "Buyers cannot see this cycle: it has no opening or closing time yet." });
    await banner.waitFor();
    await screenshot(page, "undated-banner-incoming-1280");
    const cycleUrl = page.url().replace(/\/incoming.*$/, "");
    await page.goto(`${cycleUrl}/checkout`);
    await banner.waitFor();

    await page.goto(cycleUrl);
    await page.getByLabel("Opens at").fill(parisLocal(new Date(Date.now() + day)));
    await page.getByLabel("Closes at").fill(parisLocal(new Date(Date.now() + 3 * day)));
    await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Save settings" }).click()]);
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    await screenshot(page, "undated-saved-1280");
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    expect(await banner.count()).toBe(0);
    await context.close();
  });

  test("a ready-on day before the cycle opens is refused at “Ready on”, and a 200-character tag at “Customer tags” (390 px)", async () => {
    const cycle = await weeklyCycle();
    const { context, page } = await newPage(browser, { width: 390 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/${cycle.id}/outgoing`);
    const mine = await opened(exchangeOf(page, "Green Valley Food Hub"));
    const tenDaysAgo = new Date(Date.now() - 10 * day).toISOString().slice(0, 10);
    await mine.getByLabel("Ready on (date)").fill(tenDaysAgo);
    await Promise.all([page.waitForLoadState("networkidle"), mine.getByRole("button", { name: "Save distributor" }).click()]);
    const readyOn = exchangeOf(page, "Green Valley Food Hub").getByLabel("Ready on (date)");
    await expect.poll(() => errorOf(readyOn)).toContain("Ready on cannot be before the day the cycle opens");
    expect(await readyOn.inputValue()).toBe(tenDaysAgo);
    expect(await errorOf(exchangeOf(page, "Green Valley Food Hub").getByLabel("Customer tags"))).toBe("");
    await screenshot(page, "ready-on-refused-390");

    await readyOn.fill("");
    const tag = "x".repeat(200);
    await exchangeOf(page, "Green Valley Food Hub").getByLabel("Customer tags").fill(`vip, ${tag}`);
    await Promise.all([
      page.waitForLoadState("networkidle"),
      exchangeOf(page, "Green Valley Food Hub").getByRole("button", { name: "Save distributor" }).click(),
    ]);
    const tags = exchangeOf(page, "Green Valley Food Hub").getByLabel("Customer tags");
    await expect.poll(() => errorOf(tags)).toContain("has 200 characters: a tag may have at most 40");
    expect(await tags.inputValue()).toBe(`vip, ${tag}`);
    expect(await errorOf(exchangeOf(page, "Green Valley Food Hub").getByLabel("Ready on (date)"))).toBe("");
    await screenshot(page, "tag-too-long-390");
    await context.close();
  });

  test("moving the close of a cycle with orders: the question is on the form up front, and a refusal sits at “Closes at”, not “Opens at”", async () => {
    const cycle = await weeklyCycle();
    const { context, page } = await newPage(browser, { width: 1280 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    const confirm = "This cycle already has orders. I understand that changing its dates affects those buyers (cloning the cycle may be better).";
    // In the list's quick edit, the question is there before anything is sent.
    await page.goto(`${app.url}/admin/order-cycles`);
    const row = page.locator("tr", { has: page.getByRole("link", { name: "Weekly veg box", exact: true }) }).first();
    await row.getByText("Quick edit", { exact: true }).click();
    await row.getByLabel(confirm).waitFor();

    await page.goto(`${app.url}/admin/order-cycles/${cycle.id}`);
    await page.getByLabel(confirm).waitFor();
    const closesAt = page.getByLabel("Closes at");
    const later = parisLocal(new Date(Date.now() + 5 * day));
    await closesAt.fill(later);
    await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Save settings" }).click()]);
    await expect.poll(() => errorOf(page.getByLabel("Closes at"))).toContain("This cycle has orders");
    expect(await errorOf(page.getByLabel("Opens at"))).toBe("");
    expect(await page.locator("main").textContent()).not.toContain("Reload and try again");
    await screenshot(page, "date-change-asked-1280");

    await page.getByLabel(confirm).check();
    await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Save settings" }).click()]);
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    expect(await page.getByLabel("Closes at").inputValue()).toBe(later);
    await context.close();
  });
});

describe("a buyer changing an order", () => {
  test("more than the stock is refused at that product's quantity with how many are left; −2, 1.5 and 9999 the field itself keeps out", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await page.goto(app.url);
    await Promise.all([
      page.waitForURL(/\/shop\//),
      page
        .getByRole("link", { name: /Green Valley Food Hub/ })
        .first()
        .click(),
    ]);
    const more = page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true });
    await more.click();
    await expect.poll(() => more.locator("xpath=..").locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
    await page.getByLabel("Email").fill("changes-mind@example.test");
    await Promise.all([page.waitForURL(/\/orders\//), page.getByRole("button", { name: /Place order/ }).click()]);

    const quantity = page.getByLabel("Quantity of Carrots");
    for (const [typed, broken] of [
      ["-2", "rangeUnderflow"],
      ["1.5", "stepMismatch"],
      ["9999", "rangeOverflow"],
    ] as const) {
      await quantity.fill(typed);
      expect(await quantity.evaluate((input: HTMLInputElement, flag) => input.validity[flag], broken)).toBe(true);
    }

    await quantity.fill("500");
    await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Save changes" }).click()]);
    await expect.poll(() => errorOf(page.getByLabel("Quantity of Carrots"))).toMatch(/^Only \d+ left: ask for \d+ or fewer\.$/);
    expect(await page.getByLabel("Quantity of Carrots").inputValue()).toBe("500");
    await screenshot(page, "order-edit-stock-390");
    await context.close();
  });
});
