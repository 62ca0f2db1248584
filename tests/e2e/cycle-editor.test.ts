// The cycle editor in a real browser: ticks that stay in their own list, ids unique on the editor's
// and the enterprise's pages, and a cycle set up from the list to open in a handful of clicks.
import type { Browser, Page } from "playwright-core";
import { launchBrowser, logIn, newPage, screenshot, startApp, type RunningApp } from "./app";

let app: RunningApp;
let browser: Browser;
let token = "";
const enterpriseIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const session = await fetch(`${app.url}/api/v1/sessions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "hub@demo.circuit.coop", password: "circuit-demo" }) });
  token = ((await session.json()) as { token: string }).token;
  const { items } = (await api("GET", "/enterprises")) as { items: { id: string; name: string }[] };
  for (const item of items) enterpriseIds[item.name] = item.id;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
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
      ...["", "/incoming", "/outgoing", "/checkout", "/orders", "/reports", "/notifications", "/history"].map((step) => `/admin/order-cycles/${cycleId}${step}`),
      "/admin/order-cycles", "/admin/order-cycles/new",
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
    await visit([`${marie}/products`, product, `${marie}/methods`, `${marie}/fees`, `/admin/order-cycles/${cycleId}/incoming`, `/admin/order-cycles/${cycleId}/outgoing`]);
    expect(found).toEqual([]);
    await context.close();
  });
});
