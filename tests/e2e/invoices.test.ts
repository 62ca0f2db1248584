// Invoices in a real browser, on the demo data (docs/domain.md 10): the hub sets its invoicing
// details, finds last week's invoices on an order of the closed cycle, adjusts the order and issues
// an up-to-date invoice (a credit note and a new invoice), opens it and its PDF; the buyer then
// finds them on their own order page, on a 390 px phone in French, without sideways scrolling.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test("the hub keeps its invoices up to date from an order of the closed cycle (1280 px)", async () => {
  const { context, page } = await newPage(browser, { width: 1280 });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await page.goto(`${app.url}/admin`);
  await page.getByRole("link", { name: "Green Valley Food Hub" }).first().click();
  await page.getByRole("heading", { name: "Invoicing" }).waitFor();
  // A prefix with a space is refused next to its field.
  await page.getByLabel("Invoice number prefix").fill("G V");
  await page.getByRole("button", { name: "Save the invoicing details" }).click();
  await page.getByText("Use 1 to 10 letters, digits or dashes.").waitFor();
  expect(await page.getByLabel("Invoice number prefix").getAttribute("aria-invalid")).toBe("true");
  await screenshot(page, "invoicing-settings-refused-1280");
  await page.getByLabel("Invoice number prefix").fill("GV");
  await page.getByRole("button", { name: "Save the invoicing details" }).click();
  await page.getByText("The invoicing details are saved.").waitFor();

  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: "Weekly veg box (last week)", exact: true }).first().getAttribute("href");
  await page.goto(`${app.url}${href}/orders`);
  await page.locator("table tbody tr", { hasText: "Camille Durand" }).first().getByRole("link").click();
  await page.getByRole("heading", { level: 3, name: "Items" }).waitFor();
  const invoices = page.locator('section[aria-labelledby="invoices-heading"]');
  await invoices.waitFor();
  expect(await invoices.innerText()).toMatch(/Invoice GV-\d{4}-000001/);

  // One more butter came in after all: the order changes, and its invoice with it.
  await page.getByRole("link", { name: "Adjust this order" }).click();
  await page.locator("li.adjust-line", { hasText: "Butter" }).getByLabel("Quantity").fill("2");
  await Promise.all([page.waitForURL(/adjusted=1/), page.getByRole("button", { name: "Save the changes" }).click()]);
  await Promise.all([page.waitForURL(/invoiced=/), page.getByRole("button", { name: "Issue an up-to-date invoice" }).click()]);
  await invoices.getByText(/is issued\./).waitFor();
  const text = await invoices.innerText();
  // The demo's last week holds four documents already: this credit note is the 5th, the new invoice the 6th.
  expect(text).toMatch(/Invoice GV-\d{4}-000006 is issued\./);
  expect(text).toMatch(/Credit note GV-\d{4}-000005/);
  expect(text).toContain("cancelled");
  await screenshot(page, "invoices-on-hub-order-1280");

  const number = /Invoice (GV-\d{4}-\d{6}) is issued/.exec(text)![1];
  await page.getByRole("link", { name: `Invoice ${number}` }).click();
  await page.getByRole("heading", { level: 1, name: `Invoice ${number}` }).waitFor();
  expect(await page.locator("article.invoice").innerText()).toContain("Green Valley Food Hub SCIC SAS");
  await screenshot(page, "invoice-page-1280");
  const pdfHref = await page.getByRole("link", { name: "Download the PDF" }).getAttribute("href");
  const pdf = await page.request.get(`${app.url}${pdfHref}`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await context.close();
});

test("the buyer finds the invoices of their order, in French on a phone (390 px)", async () => {
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await logIn(page, app.url, "buyer@demo.circuit.coop", "Se connecter");
  await page.evaluate(async () => {
    const form = new FormData();
    form.set("locale", "fr");
    form.set("redirectTo", "/account");
    await fetch("/locale", { method: "POST", body: form });
  });
  await page.goto(`${app.url}/account`);
  // The buyer's order of last week that was invoiced again (its number depends on the demo's other orders).
  const hrefs = await page.locator("a.account-order").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  for (const href of hrefs) {
    await page.goto(`${app.url}${href}`);
    if ((await page.locator('section[aria-labelledby="invoices-heading"]').count()) > 0 && (await page.getByText(/Avoir GV-/).count()) > 0) break;
  }
  const invoices = page.locator('section[aria-labelledby="invoices-heading"]');
  await invoices.waitFor();
  expect(await invoices.getByRole("heading").innerText()).toBe("Factures");
  expect(await invoices.innerText()).toMatch(/Avoir GV-\d{4}-000003/);
  await noSidewaysScroll(page);
  await screenshot(page, "invoices-on-buyer-order-390");
  await invoices.getByRole("link", { name: /Avoir GV-/ }).click();
  // The document speaks its buyer's language (English here); the page around it the reader's.
  await page.getByRole("heading", { level: 1, name: /Credit note GV-/ }).waitFor();
  await page.getByRole("link", { name: "Retour à la commande" }).waitFor();
  await noSidewaysScroll(page);
  await screenshot(page, "credit-note-page-390");
  await context.close();
});
