// Adjusting orders after the close in a real browser, on the demo data (docs/domain.md 8): the
// coordinator opens last week's closed cycle, raises a quantity on one order and weighs
// the cheese of another, sees each new total and the history (the seed's own adjustment too),
// and marks the first paid in cash; then once more in French on a 390 px phone, without sideways scrolling.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function lastWeekOrders(page: Page, linkName: string) {
  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: linkName, exact: true }).first().getAttribute("href");
  await page.goto(`${app.url}${href}/orders`);
}

async function openOrderOf(page: Page, buyer: string) {
  await page.locator("table tbody tr", { hasText: buyer }).first().getByRole("link").click();
  await page.getByRole("heading", { level: 3, name: /Items|Articles|Produits/ }).waitFor();
}

const totalText = (page: Page) => page.locator("tr.total-row").first().innerText();

const line = (page: Page, product: string) => page.locator("li.adjust-line", { hasText: product });

async function setLanguage(page: Page, locale: "en" | "fr") {
  await page.evaluate(async (chosen) => {
    const form = new FormData();
    form.set("locale", chosen);
    form.set("redirectTo", "/admin");
    await fetch("/locale", { method: "POST", body: form });
  }, locale);
}

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test("the coordinator raises a quantity and weighs a cheese on two orders of a closed cycle (1280 px)", async () => {
  const { context, page } = await newPage(browser, { width: 1280 });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await lastWeekOrders(page, "Weekly veg box (last week)");

  // The demo buyer's order: one more bottle of apple juice than ordered came in.
  await openOrderOf(page, "Bea Buyer");
  const before = await totalText(page);
  await page.getByRole("link", { name: "Adjust this order" }).click();
  await page.getByRole("heading", { name: "Adjust the order" }).waitFor();
  await screenshot(page, "adjust-edit-1280");
  await line(page, "Apple juice").getByLabel("Quantity").fill("3");
  await page.getByLabel("Note for the buyer").fill("One more bottle was in the crate.");
  await Promise.all([page.waitForURL(/adjusted=1/), page.getByRole("button", { name: "Save the changes" }).click()]);
  await page.getByText("The order was adjusted.").waitFor();
  const after = await totalText(page);
  expect(after).not.toBe(before);
  const history = page.locator("ol.order-history li").first();
  expect(await history.innerText()).toContain("Apple juice (75 cl): 2 → 3");
  expect(await history.innerText()).toContain("One more bottle was in the crate.");
  expect(await history.innerText()).toContain("Hannah Hubbard");
  await screenshot(page, "adjust-saved-1280");

  // She brings the rest in cash at pickup: the amount offered is the balance due, and the order is paid.
  await page.getByLabel("Paid by").selectOption({ label: "Cash" });
  await Promise.all([page.waitForURL(/paid=1/), page.getByRole("button", { name: "Record the payment" }).click()]);
  await page.getByText("The payment was recorded.").waitFor();
  expect(await page.locator("section.order-payments .badge").first().innerText()).toBe("Paid");

  // Camille's order: the seed weighed her cheese at 470 g; the scale now says 455 g.
  await lastWeekOrders(page, "Weekly veg box (last week)");
  await openOrderOf(page, "Camille Durand");
  expect(await page.locator("ol.order-history").innerText()).toContain("One butter was missing from the delivery.");
  const cheeseBefore = await totalText(page);
  await page.getByRole("link", { name: "Adjust this order" }).click();
  const weight = line(page, "Farmhouse cheddar").getByLabel("Actual weight (g)");
  expect(await weight.inputValue()).toBe("470");
  // A weight that is not whole grams is refused next to the field, and nothing changes.
  await weight.fill("45.5");
  await page.getByRole("button", { name: "Save the changes" }).click();
  await line(page, "Farmhouse cheddar").getByText("Enter a whole number of grams.").waitFor();
  await screenshot(page, "adjust-weight-error-1280");
  await line(page, "Farmhouse cheddar").getByLabel("Actual weight (g)").fill("455");
  await Promise.all([page.waitForURL(/adjusted=1/), page.getByRole("button", { name: "Save the changes" }).click()]);
  expect(await page.locator("table").first().innerText()).toContain("Weighed 455 g");
  expect(await totalText(page)).not.toBe(cheeseBefore);
  expect(await page.locator("ol.order-history li").first().innerText()).toContain("1, weighed 470 g → 1, weighed 455 g");
  await context.close();
});

test("en français, sur un téléphone de 390 px : ajuster une commande close, voir le nouveau total et l’historique", async () => {
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await logIn(page, app.url, "hub@demo.circuit.coop", "Se connecter");
  // The account's language wins over the browser's: the hub chooses French, as the language switcher does.
  await setLanguage(page, "fr");
  await lastWeekOrders(page, "Weekly veg box (last week)");
  await noSidewaysScroll(page);
  await openOrderOf(page, "Camille Durand");
  const before = await totalText(page);
  await page.getByRole("link", { name: "Ajuster cette commande" }).click();
  await page.getByRole("heading", { name: "Ajuster la commande" }).waitFor();
  await noSidewaysScroll(page);
  await line(page, "Carrots").getByLabel("Quantité").fill("2");
  await page.getByLabel("Note pour l’acheteur").fill("Un sac de plus");
  await screenshot(page, "adjust-edit-fr-390");
  await Promise.all([page.waitForURL(/adjusted=1/), page.getByRole("button", { name: "Enregistrer les changements" }).click()]);
  await page.getByText("La commande a été ajustée.").waitFor();
  expect(await totalText(page)).not.toBe(before);
  expect(await page.getByRole("heading", { name: "Historique" }).isVisible()).toBe(true);
  expect(await page.locator("ol.order-history li").first().innerText()).toContain("1 → 2");
  await noSidewaysScroll(page);
  await screenshot(page, "adjust-saved-fr-390");
  await setLanguage(page, "en");
  await context.close();
});
