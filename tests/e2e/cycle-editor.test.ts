// The cycle editor in a real browser: ticks that stay in their own list, ids unique on the editor's
// and the enterprise's pages, a cycle set up from the list to open in a handful of clicks, a warning
// before leaving a step with unsaved ticks, and "notify producers now" asking before it sends.
import type { Page } from "playwright-core";
import { logIn, newPage, parisLocal, screenshot } from "./app";
import { app, browser } from "./demo";

let token = "";
const enterpriseIds: Record<string, string> = {};

beforeAll(async () => {
  const session = await fetch(`${app.url}/api/v1/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "hub@demo.circuit.coop", password: "circuit-demo" }),
  });
  token = ((await session.json()) as { token: string }).token;
  const { items } = (await api("GET", "/enterprises")) as { items: { id: string; name: string }[] };
  for (const item of items) enterpriseIds[item.name] = item.id;
});

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** A cycle of the demo hub with two suppliers and two distributors, every variant ticked, through the API. */
async function cycleWithTwoOfEach(name: string): Promise<string> {
  const cycle = (await api("POST", "/order-cycles", { name, coordinatorId: enterpriseIds["Green Valley Food Hub"] })) as { id: string };
  const variantIds: string[] = [];
  for (const supplier of ["Les Jardins de Marie", "Hillside Dairy"]) {
    const { items } = (await api("GET", `/enterprises/${enterpriseIds[supplier]}/products`)) as { items: { variants: { id: string }[] }[] };
    const ids = items.flatMap((product) => product.variants.map((variant) => variant.id));
    await api("PUT", `/order-cycles/${cycle.id}/incoming/${enterpriseIds[supplier]}`, { variantIds: ids });
    variantIds.push(...ids);
  }
  for (const distributor of ["Green Valley Food Hub", "Riverside Co-op"]) {
    await api("PUT", `/order-cycles/${cycle.id}/outgoing/${enterpriseIds[distributor]}`, { variantIds });
  }
  return cycle.id;
}

/** The ids that appear more than once in the page. */
async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]")) seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  });
}

describe("the outgoing step", () => {
  test("clicking a product's label under one distributor leaves the other distributor's list unchanged", async () => {
    const cycleId = await cycleWithTwoOfEach(`Ticks ${Date.now() % 100000}`);
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/${cycleId}/outgoing`);
    const exchange = (name: string) => page.locator("details.exchange", { has: page.locator(":scope > summary", { hasText: name }) });
    const carrots = (name: string) => exchange(name).locator("tr", { hasText: "Carrots" }).first().getByRole("checkbox");
    expect(await carrots("Riverside Co-op").isChecked()).toBe(true);
    expect(await carrots("Green Valley Food Hub").isChecked()).toBe(true);

    await exchange("Riverside Co-op").locator("label", { hasText: "Carrots" }).first().click();
    expect(await carrots("Riverside Co-op").isChecked()).toBe(false);
    expect(await carrots("Green Valley Food Hub").isChecked()).toBe(true);
    expect(await duplicateIds(page)).toEqual([]);
    await context.close();
  });

  test("no id appears twice on the editor's steps nor on the enterprise's pages", async () => {
    const cycleId = await cycleWithTwoOfEach(`Ids ${Date.now() % 100000}`);
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    const hub = `/admin/enterprises/${enterpriseIds["Green Valley Food Hub"]}`;
    const marie = `/admin/enterprises/${enterpriseIds["Les Jardins de Marie"]}`;
    const pages = [
      ...["", "/incoming", "/outgoing", "/checkout", "/orders", "/reports", "/notifications", "/history"].map(
        (step) => `/admin/order-cycles/${cycleId}${step}`,
      ),
      "/admin/order-cycles",
      "/admin/order-cycles/new",
      ...["", "/products", "/fees", "/methods", "/customers", "/managers", "/permissions", "/settings"].map((step) => `${hub}${step}`),
    ];
    const found: string[] = [];
    const visit = async (paths: string[]) => {
      for (const path of paths) {
        await page.goto(`${app.url}${path}`);
        for (const id of await duplicateIds(page)) found.push(`${path}: ${id}`);
      }
    };
    await visit(pages);
    await context.clearCookies();
    await logIn(page, app.url, "marie@demo.circuit.coop");
    await page.goto(`${app.url}${marie}/products`);
    const product = (await page.locator(`a[href^='${marie}/products/']:not([href$='/new'])`).first().getAttribute("href"))!;
    await visit([
      `${marie}/products`,
      product,
      `${marie}/methods`,
      `${marie}/fees`,
      `/admin/order-cycles/${cycleId}/incoming`,
      `/admin/order-cycles/${cycleId}/outgoing`,
    ]);
    expect(found).toEqual([]);
    await context.close();
  });
});

describe("setting up a cycle", () => {
  let cycleId = "";

  test("two suppliers and two distributors, from the list to open, in at most 12 clicks", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles`);
    let clicks = 0;
    const click = async (target: ReturnType<Page["locator"]>, waitFor?: RegExp) => {
      clicks += 1;
      await Promise.all([waitFor ? page.waitForURL(waitFor) : page.waitForLoadState("networkidle"), target.click()]);
    };
    const choose = async (label: string, option: string) => {
      clicks += 1;
      await page.getByLabel(label).selectOption({ label: option });
    };
    const name = `Quick week ${Date.now() % 100000}`;

    await click(page.getByRole("link", { name: "New order cycle" }), /\/new$/);
    // The URL changes before the new page is drawn; the list's rows have name fields of their own.
    await page.getByRole("button", { name: "Create order cycle" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Opens at").fill(parisLocal(new Date(Date.now() - 3_600_000)));
    await page.getByLabel("Closes at").fill(parisLocal(new Date(Date.now() + 24 * 3_600_000)));
    await click(page.getByRole("button", { name: "Create order cycle" }), /\/incoming/);
    cycleId = page.url().split("/order-cycles/")[1].split("/")[0];
    const summary = (name: string) => page.locator("details.exchange > summary", { hasText: name });
    // "networkidle" can come before the form's answer is drawn: wait for the exchange itself.
    for (const supplier of ["Les Jardins de Marie", "Hillside Dairy"]) {
      await choose("Choose a supplier", supplier);
      await click(page.getByRole("button", { name: "Add", exact: true }));
      await summary(supplier).waitFor();
    }
    // Each supplier came with all its products ticked.
    expect(await summary("Les Jardins de Marie").textContent()).toMatch(/(\d+) of \1 products selected/);
    expect(await summary("Hillside Dairy").textContent()).toMatch(/(\d+) of \1 products selected/);
    await screenshot(page, "setup-incoming-1280");

    await click(page.getByRole("link", { name: "Next: Outgoing" }), /\/outgoing/);
    for (const distributor of ["Riverside Co-op", "Green Valley Food Hub"]) {
      await choose("Choose a distributor", distributor);
      await click(page.getByRole("button", { name: "Add", exact: true }));
      await summary(distributor).waitFor();
    }
    console.info(`A 2-supplier, 2-distributor cycle took ${clicks} clicks from the list.`);
    expect(clicks).toBeLessThanOrEqual(12);

    // Each distributor offers every incoming product, and the cycle is open in both shops.
    const riverside = page.locator("details.exchange", { has: page.locator(":scope > summary", { hasText: "Riverside Co-op" }) });
    const boxes = riverside.locator("input[type=checkbox][name=variantIds]");
    await boxes.first().waitFor();
    expect(await boxes.count()).toBeGreaterThan(5);
    expect(await riverside.locator("input[type=checkbox][name=variantIds]:not(:checked)").count()).toBe(0);
    for (const distributor of ["Riverside Co-op", "Green Valley Food Hub"]) {
      const listing = (await (await fetch(`${app.url}/api/v1/shops/${enterpriseIds[distributor]}/order-cycles`)).json()) as { items: { id: string }[] };
      expect(listing.items.map((item) => item.id)).toContain(cycleId);
    }
    await screenshot(page, "setup-outgoing-1280");
    await context.close();
  });

  test("the set-up steps look right on a phone and on a laptop", async () => {
    for (const width of [390, 1280]) {
      const { context, page } = await newPage(browser, { width });
      await logIn(page, app.url, "hub@demo.circuit.coop");
      for (const step of ["", "/incoming", "/outgoing", "/checkout", "/notifications", "/history"]) {
        await page.goto(`${app.url}/admin/order-cycles/${cycleId}${step}`);
        await screenshot(page, `setup${step.replace("/", "-") || "-general"}-${width}`);
      }
      await context.close();
    }
  });

  test("“Save and next” on General saves it and opens Incoming (390 px)", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/${cycleId}`);
    const renamed = `Quick week renamed ${Date.now() % 100000}`;
    await page.getByLabel("Name", { exact: true }).fill(renamed);
    await Promise.all([page.waitForURL(/\/incoming$/), page.getByRole("button", { name: "Save and next" }).click()]);
    await page.getByRole("heading", { name: renamed }).waitFor();
    expect(((await api("GET", `/order-cycles/${cycleId}`)) as { name: string }).name).toBe(renamed);
    await context.close();
  });

  test("leaving a step with unsaved ticks asks first; staying keeps them", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/${cycleId}/incoming`);
    const marie = page.locator("details.exchange", { has: page.locator(":scope > summary", { hasText: "Les Jardins de Marie" }) });
    const pumpkin = marie.locator("tr", { hasText: "Pumpkin" }).getByRole("checkbox");
    await pumpkin.uncheck();
    let asked = "";
    page.once("dialog", async (dialog) => {
      asked = dialog.message();
      await dialog.dismiss();
    });
    await page.getByRole("navigation", { name: "Cycle editor steps" }).getByRole("link", { name: "Outgoing" }).click();
    await expect.poll(() => asked).toContain("not saved");
    expect(page.url()).toContain("/incoming");
    expect(await pumpkin.isChecked()).toBe(false);
    await context.close();
  });

  test("“Notify producers now” asks before sending", async () => {
    const { context, page } = await newPage(browser);
    await logIn(page, app.url, "hub@demo.circuit.coop");
    await page.goto(`${app.url}/admin/order-cycles/${cycleId}/notifications`);
    const sent = () => app.smtp.messages.filter((message) => message.subject?.includes("Quick week")).length;
    await page.getByText("Notify producers now").click();
    await page.getByText("Email each producer now?").waitFor();
    expect(await page.getByText("still open").count()).toBeGreaterThan(0);
    await screenshot(page, "notify-confirm-1280");
    expect(sent()).toBe(0);
    await Promise.all([page.waitForLoadState("networkidle"), page.getByRole("button", { name: "Send 2 emails" }).click()]);
    await page.getByRole("status").filter({ hasText: "2" }).first().waitFor();
    // Sent while the cycle is open, the producers' emails say so: what was ordered so far, not "closed".
    await expect.poll(sent, { timeout: 30_000 }).toBe(2);
    for (const message of app.smtp.messages.filter((message) => message.subject?.includes("Quick week"))) {
      // Marie reads French, the dairy English.
      expect(message.text).toMatch(/are still open|sont encore ouvertes/);
      expect(message.text).not.toMatch(/are closed|sont closes/);
    }
    await context.close();
  });
});
