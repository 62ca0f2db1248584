// Payments after the close in a real browser, on the demo data (docs/domain.md 9): on a 390 px
// phone the coordinator records the cash the demo buyer brought for the rest of last week's order
// and sees it paid; a refund above what was paid is refused at its field. The coordinator then
// raises a quantity on that paid order and the buyer sees the balance due on their own page. Once
// in French: a refund above what was paid refused, a smaller one recorded. And without JavaScript:
// a plain post, and the same post sent twice records once.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

let buyerOrderPath = "";

beforeAll(async () => {});

async function openLastWeekOrderOf(page: Page, buyer: string) {
  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: "Weekly veg box (last week)", exact: true }).first().getAttribute("href");
  await page.goto(`${app.url}${href}/orders`);
  await page.locator("table tbody tr", { hasText: buyer }).first().getByRole("link").click();
  await page.locator("#payments-heading").waitFor();
}

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

const panel = (page: Page) => page.locator("section.order-payments");
const fieldOf = (page: Page, label: string) => panel(page).locator(".field", { has: page.getByLabel(label, { exact: true }) });

test("on a phone, the coordinator records the cash for the rest of an order and sees it paid; a refund above what was paid is refused (390 px)", async () => {
  const { context, page } = await newPage(browser, { width: 390 });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await openLastWeekOrderOf(page, "Bea Buyer");
  buyerOrderPath = (await page.getByRole("link", { name: /See the order as the buyer does/ }).getAttribute("href"))!;
  // The seed's bank transfer paid part of it.
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Partly paid");
  expect(await panel(page).locator("ol.payment-records").innerText()).toContain("Bank transfer payment");
  const due = await page.getByLabel("Amount received").inputValue();
  expect(Number(due)).toBeGreaterThan(0);
  await screenshot(page, "payments-partly-paid-390");
  await noSidewaysScroll(page);

  await page.getByLabel("Paid by").selectOption({ label: "Cash" });
  await page.getByLabel("Note", { exact: true }).fill("The rest, in coins at the barn.");
  await Promise.all([page.waitForURL(/paid=1/), page.getByRole("button", { name: "Record the payment" }).click()]);
  await page.getByText("The payment was recorded.").waitFor();
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Paid");
  expect(await panel(page).locator(".payment-figures").innerText()).toMatch(/Balance due\s+€0\.00/);
  const records = await panel(page).locator("ol.payment-records li").allInnerTexts();
  expect(records).toHaveLength(2);
  expect(records[1]).toContain("Cash payment");
  expect(records[1]).toContain(`€${due}`);
  expect(records[1]).toContain("Hannah Hubbard");
  expect(records[1]).toContain("The rest, in coins at the barn.");
  await screenshot(page, "payments-paid-390");

  // A refund above what was paid: refused next to the amount, nothing recorded.
  await panel(page).locator("summary", { hasText: "Refund…" }).click();
  await page.getByLabel("Amount to refund").fill("999");
  await page.getByRole("button", { name: "Refund this amount" }).click();
  await fieldOf(page, "Amount to refund")
    .getByText(/^At most €[\d.]+ can be refunded\.$/)
    .waitFor();
  expect(await page.getByLabel("Amount to refund").getAttribute("aria-invalid")).toBe("true");
  // The payment's confirmation, still in the address, gives way to the refusal.
  expect(await page.getByText("The payment was recorded.").count()).toBe(0);
  expect(await panel(page).locator("ol.payment-records li").count()).toBe(2);
  await noSidewaysScroll(page);
  await screenshot(page, "payments-refund-refused-390");
  await context.close();
});

test("the coordinator raises a quantity on the paid order; the buyer sees the balance due and how to pay it", async () => {
  const { context, page } = await newPage(browser, { width: 1280 });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await openLastWeekOrderOf(page, "Bea Buyer");
  await page.getByRole("link", { name: "Adjust this order" }).click();
  const juice = page.locator("li.adjust-line", { hasText: "Apple juice" }).getByLabel("Quantity");
  await juice.fill(String(Number(await juice.inputValue()) + 1));
  await Promise.all([page.waitForURL(/adjusted=1/), page.getByRole("button", { name: "Save the changes" }).click()]);
  // The address changes a moment before the page is drawn again: read it once the notice is there.
  await page.getByText("The order was adjusted. The buyer will be told by email.").waitFor();
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Partly paid");
  const balance = (await panel(page).locator(".payment-figures").innerText()).match(/Balance due\s+(€[\d.]+)/)![1];
  await screenshot(page, "payments-raised-hub-1280");
  await context.close();

  const buyer = await newPage(browser, { width: 390 });
  await logIn(buyer.page, app.url, "buyer@demo.circuit.coop");
  await buyer.page.goto(`${app.url}${buyerOrderPath}`);
  const payment = buyer.page.locator("section.buyer-payments");
  expect(await payment.getByRole("heading", { name: "Payment" }).isVisible()).toBe(true);
  expect(await payment.locator("dl").innerText()).toMatch(new RegExp(`Still to pay\\s+${balance.replace(".", "\\.")}`));
  expect(await payment.innerText()).toContain(`so ${balance} is still to pay. Pay it by bank transfer, as the shop's instructions say.`);
  await noSidewaysScroll(buyer.page);
  await screenshot(buyer.page, "payments-buyer-balance-390");
  await buyer.context.close();
});

test("en français, sur un téléphone : un remboursement au-delà du payé refusé au champ, un plus petit enregistré", async () => {
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await logIn(page, app.url, "hub@demo.circuit.coop", "Se connecter");
  await setLanguage(page, "fr");
  await openLastWeekOrderOf(page, "Camille Durand");
  expect(await panel(page).getByRole("heading", { name: "Paiements", exact: true }).isVisible()).toBe(true);
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Payée");
  expect(await panel(page).locator("ol.payment-records").innerText()).toContain("Paiement en espèces");
  await panel(page).locator("summary", { hasText: "Rembourser…" }).click();
  await page.getByLabel("Montant à rembourser").fill("999");
  await page.getByRole("button", { name: "Rembourser ce montant" }).click();
  await fieldOf(page, "Montant à rembourser")
    .getByText(/^Vous pouvez rembourser au plus [\d,\s]+\s€\.$/)
    .waitFor();
  await screenshot(page, "payments-refund-refused-fr-390");

  await page.getByLabel("Montant à rembourser").fill("1,50");
  await page.getByLabel("Motif").fill("Un fromage abîmé");
  await Promise.all([page.waitForURL(/refunded=1/), page.getByRole("button", { name: "Rembourser ce montant" }).click()]);
  await page.getByText("Le remboursement est enregistré.").waitFor();
  const records = await panel(page).locator("ol.payment-records li").allInnerTexts();
  expect(records[records.length - 1]).toContain("Remboursement en espèces");
  expect(records[records.length - 1]).toMatch(/1,50\s€/);
  expect(records[records.length - 1]).toContain("Un fromage abîmé");
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Payée en partie");
  await noSidewaysScroll(page);
  await screenshot(page, "payments-refunded-fr-390");
  await setLanguage(page, "en");
  await context.close();
});

test("without JavaScript, the payment form is a plain post; the same post sent again records nothing twice", async () => {
  const { context, page } = await newPage(browser, { width: 1280, javaScript: false });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await openLastWeekOrderOf(page, "Bea Buyer");
  const orderUrl = page.url();
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Partly paid");
  const before = await panel(page).locator("ol.payment-records li").count();
  await page.getByLabel("Paid by").selectOption({ label: "Bank transfer" });
  const sent = await page
    .locator("form", { has: page.getByLabel("Amount received") })
    .evaluate((form) => Object.fromEntries([...new FormData(form as HTMLFormElement)].map(([name, value]) => [name, String(value)])));
  expect(sent.idempotencyKey).toBeTruthy();
  await Promise.all([page.waitForURL(/paid=1/), page.getByRole("button", { name: "Record the payment" }).click()]);
  await page.getByText("The payment was recorded.").waitFor();
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Paid");
  expect(await panel(page).locator("ol.payment-records li").count()).toBe(before + 1);
  // The same post sent again (a resent form, a double tap on a slow line): its key was used, nothing more is recorded.
  const resent = await context.request.post(orderUrl, { form: sent, headers: { Origin: new URL(app.url).origin }, maxRedirects: 0 });
  expect(resent.status()).toBe(302);
  expect(resent.headers().location).toContain("paid=1");
  await page.reload();
  expect(await panel(page).locator("ol.payment-records li").count()).toBe(before + 1);
  expect(await panel(page).locator(".badge").first().innerText()).toBe("Paid");
  await screenshot(page, "payments-no-js-1280");
  await context.close();
});
