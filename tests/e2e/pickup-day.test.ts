// Pickup day in a real browser on a 390 px phone, on the demo data (docs/domain.md 11): the
// coordinator opens the weekly cycle's Barn pickup from the cycle's "Pickup day" step, finds Sam by
// name, takes the balance in cash and hands the order over, marks Camille a no-show, collects the
// demo buyer's order (a wrong tap undone on the way), and reads the day's counts and the sheet. Then
// in French, without JavaScript: Camille turns up after all.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

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

/** The count under one of the day's figures ("To collect", "Collected", ...). */
async function dayCount(page: Page, label: string) {
  return (
    await page
      .locator(".checkin-header + .checkin-counts div", { has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
      .locator("dd")
      .innerText()
  ).trim();
}

let checkInUrl = "";

test("check-in of three orders at Barn pickup on a 390 px phone: one paid at the counter, one no-show", async () => {
  const { context, page } = await newPage(browser, { width: 390 });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: "Weekly veg box", exact: true }).first().getAttribute("href");
  await page.goto(`${app.url}${href}`);
  await Promise.all([page.waitForURL(/\/pickup$/), page.getByRole("link", { name: "Pickup day" }).click()]);
  await page.getByRole("heading", { level: 3, name: "Barn pickup" }).waitFor();
  await screenshot(page, "pickup-points-390");
  await Promise.all([page.waitForURL(/\/pickup\/[^/]+\/[^/]+$/), page.getByRole("link", { name: /^Check-in at Barn pickup/ }).click()]);
  checkInUrl = page.url();
  await page.getByRole("heading", { level: 1, name: "Barn pickup" }).waitFor();
  expect(await dayCount(page, "To collect")).toBe("3");
  await screenshot(page, "pickup-check-in-390");
  await noSidewaysScroll(page);

  // Sam pays what is due in cash, then takes the bag.
  await page.getByLabel("Buyer name or order number").fill("sam");
  await Promise.all([page.waitForURL(/q=sam/), page.getByRole("button", { name: "Search" }).click()]);
  await expect.poll(() => page.locator("ol.checkin-orders > li").count()).toBe(1);
  const sam = page.getByRole("article", { name: /^Sam Okafor/ });
  const due = (await sam.locator(".checkin-due").innerText()).replace("Due: ", "");
  await sam.getByRole("button", { name: /^Cash received/ }).click();
  await page.getByText(/^Cash payment recorded for order #\d+ \(Sam Okafor\)\.$/).waitFor();
  await expect.poll(() => sam.locator(".checkin-paid").innerText()).toBe("Paid");
  expect(await sam.getByRole("button", { name: /^Cash received/ }).count()).toBe(0);
  await screenshot(page, "pickup-paid-at-counter-390");
  await sam.getByRole("button", { name: /^Collected: Sam Okafor/ }).click();
  await page.getByText(/^Order #\d+ \(Sam Okafor\) collected\.$/).waitFor();
  await expect.poll(() => sam.locator(".badge").innerText()).toBe("Collected");
  // The search is kept after each tap.
  expect(await page.getByLabel("Buyer name or order number").inputValue()).toBe("sam");
  await Promise.all([page.waitForURL((url) => url.search === ""), page.getByRole("link", { name: "Show all" }).click()]);

  // The demo buyer: a tap on the wrong card is undone, then the right one.
  const bea = page.getByRole("article", { name: /^Bea Buyer/ });
  await bea.getByRole("button", { name: /^Collected: Bea Buyer/ }).click();
  await page.getByText(/\(Bea Buyer\) collected\./).waitFor();
  await bea.getByRole("button", { name: /^Undo: Bea Buyer/ }).click();
  await page.getByText(/\(Bea Buyer\) is back to collect\./).waitFor();
  await bea.getByRole("button", { name: /^Collected: Bea Buyer/ }).click();
  await page.getByText(/\(Bea Buyer\) collected\./).waitFor();
  await expect.poll(() => bea.innerText()).toContain("Collected at");

  // Camille never came.
  const camille = page.getByRole("article", { name: /^Camille Durand/ });
  await camille.getByRole("button", { name: /^No-show: Camille Durand/ }).click();
  await page.getByText(/\(Camille Durand\) marked as a no-show\./).waitFor();
  await expect.poll(() => camille.locator(".badge").innerText()).toBe("No-show");
  await expect.poll(() => dayCount(page, "Collected")).toBe("2");
  expect(await dayCount(page, "No-show")).toBe("1");
  expect(await dayCount(page, "To collect")).toBe("0");
  expect(due).toMatch(/€/);
  await screenshot(page, "pickup-day-done-390");
  await noSidewaysScroll(page);

  // The sheet: everyone by name, Sam and Bea ticked.
  await Promise.all([page.waitForURL(/\/sheet$/), page.getByRole("link", { name: "Printable sheet" }).click()]);
  const rows = page.locator("table.sheet-table tbody tr");
  await expect.poll(() => rows.count()).toBe(3);
  expect(await rows.locator("td:nth-child(2) strong").allInnerTexts()).toEqual(["Bea Buyer", "Camille Durand", "Sam Okafor"]);
  expect(await rows.locator(".tick-box-done").count()).toBe(2);
  await screenshot(page, "pickup-sheet-390");
  await context.close();
});

test("en français et sans JavaScript : Camille arrive finalement, l’absence est annulée puis la commande retirée", async () => {
  // The manager's own language is set once (a scripted page), then the counter runs without scripts.
  const scripted = await newPage(browser, { width: 390, locale: "fr" });
  await logIn(scripted.page, app.url, "hub@demo.circuit.coop", "Se connecter");
  await setLanguage(scripted.page, "fr");
  await scripted.context.close();
  const { context, page } = await newPage(browser, { width: 390, locale: "fr", javaScript: false });
  await logIn(page, app.url, "hub@demo.circuit.coop", "Se connecter");
  await page.goto(checkInUrl);
  await page.getByRole("heading", { level: 1, name: "Barn pickup" }).waitFor();
  const camille = page.getByRole("article", { name: /^Camille Durand/ });
  expect(await camille.locator(".badge").innerText()).toBe("Absent");
  await Promise.all([page.waitForURL(/done=undo/), camille.getByRole("button", { name: /^Annuler l’absence : Camille Durand/ }).click()]);
  await page.getByText(/\(Camille Durand\) de nouveau à retirer\./).waitFor();
  await Promise.all([page.waitForURL(/done=collect/), camille.getByRole("button", { name: /^Retirée : Camille Durand/ }).click()]);
  await page.getByText(/^Commande n° \d+ \(Camille Durand\) retirée\.$/).waitFor();
  expect(await camille.locator(".badge").innerText()).toBe("Retirée");
  expect(await dayCount(page, "Retirées")).toBe("3");
  expect(await dayCount(page, "Absents")).toBe("0");
  await screenshot(page, "pickup-day-fr-390");
  await noSidewaysScroll(page);
  await context.close();
});
