// Orders for others in a real browser, on the demo data (docs/domain.md 12): the organiser takes a
// phone order for a new customer on a 390 px phone — without JavaScript, a wrong phone refused at
// its field and kept, the total shown before placing — and lands on the order, which says who
// entered it; the customer receives the confirmation. Then once in French, for a French customer.
import type { Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function weeklyOrders(page: Page) {
  await page.goto(`${app.url}/admin/order-cycles`);
  const href = await page.getByRole("link", { name: "Weekly veg box", exact: true }).first().getAttribute("href");
  await page.goto(`${app.url}${href}/orders`);
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

async function mailTo(address: string) {
  await expect.poll(() => app.smtp.messages.filter((message) => JSON.stringify(message.to).includes(address)).length, { timeout: 30_000 }).toBe(1);
  return app.smtp.messages.find((message) => JSON.stringify(message.to).includes(address))!;
}

test("the organiser enters a phone order for a new customer on a 390 px phone, without JavaScript", async () => {
  const { context, page } = await newPage(browser, { width: 390, javaScript: false });
  await logIn(page, app.url, "hub@demo.circuit.coop");
  await weeklyOrders(page);
  await page.getByRole("link", { name: "New order for a customer" }).click();
  await page.getByRole("heading", { name: "New order for a customer" }).waitFor();
  // Two shops take this cycle: the coordinator chooses which one the customer orders from.
  await page.getByRole("combobox", { name: "Shop" }).selectOption({ label: "Green Valley Food Hub" });
  await page.getByRole("button", { name: "Use this shop" }).click();
  // A name nobody in the demo has (its promo code's guests include a Noah Petit).
  await page.getByRole("searchbox", { name: "Find a customer" }).fill("noah.phone");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByText("No customer matches. Enter a new one below.").waitFor();
  await noSidewaysScroll(page);

  await page.getByLabel("Email", { exact: true }).fill("noah.phone@example.org");
  await page.getByLabel("Name", { exact: true }).fill("Noah Phone");
  await page.getByLabel("Phone", { exact: true }).fill("call me at noon");
  await page.getByLabel("Butter (250 g)").fill("2");
  await page.getByRole("button", { name: "Place the order" }).click();
  // Refused at the field, in English, with what was typed still there; nothing placed.
  await page.getByText("Enter a phone number: digits, with spaces or dashes if you like (6 to 20 digits).").waitFor();
  expect(await page.getByLabel("Butter (250 g)").inputValue()).toBe("2");
  expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe("noah.phone@example.org");
  await screenshot(page, "order-entry-error-390");

  await page.getByLabel("Phone", { exact: true }).fill("06 44 55 66 77");
  await page.getByRole("button", { name: "Update total" }).click();
  const total = page.locator(".entry-total");
  await total.waitFor();
  const shown = await total.locator("dd").last().innerText();
  expect(shown).toMatch(/€\d+\.\d\d/);
  await screenshot(page, "order-entry-total-390");
  await noSidewaysScroll(page);

  await page.getByRole("button", { name: "Place the order" }).click();
  await page.waitForURL(/\/orders\/[^/?]+\?entered=1/);
  await page.getByText("Order placed for Noah Phone. They have been sent the confirmation.").waitFor();
  await page.getByText("Hannah Hubbard, for Green Valley Food Hub").waitFor();
  await page.getByText("No account: entered for them").waitFor();
  expect(await page.getByText("Guest checkout").count()).toBe(0);
  await page.getByRole("link", { name: "06 44 55 66 77" }).waitFor();
  expect(await page.locator("tr.total-row").first().innerText()).toContain(shown);
  await screenshot(page, "order-entry-placed-390");
  await noSidewaysScroll(page);

  const mail = await mailTo("noah.phone@example.org");
  expect(mail.subject).toMatch(/^Order \d+ confirmed · Green Valley Food Hub$/);
  await context.close();
});

test("en français, sur un téléphone de 390 px : une commande par téléphone pour une nouvelle cliente", async () => {
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await logIn(page, app.url, "hub@demo.circuit.coop", "Se connecter");
  await setLanguage(page, "fr");
  try {
    await weeklyOrders(page);
    await page.getByRole("link", { name: "Nouvelle commande pour un client" }).click();
    await page.getByRole("heading", { name: "Nouvelle commande pour un client" }).waitFor();
    await page.getByRole("combobox", { name: "Boutique" }).selectOption({ label: "Green Valley Food Hub" });
    await page.getByRole("button", { name: "Prendre cette boutique" }).click();
    await page.getByLabel("Email", { exact: true }).waitFor();
    await page.getByLabel("Email", { exact: true }).fill("josiane@example.org");
    await page.getByLabel("Nom", { exact: true }).fill("Josiane Lemaire");
    await page.getByLabel("Téléphone", { exact: true }).fill("07 12 34 56 78");
    await page.getByLabel("Langue de ses emails").selectOption({ label: "Français" });
    await page.getByLabel("Butter (250 g)").fill("1");
    await page.getByLabel("Paiement", { exact: true }).selectOption({ index: 0 });
    await noSidewaysScroll(page);
    await screenshot(page, "order-entry-fr-390");
    await page.getByRole("button", { name: "Passer la commande" }).click();
    await page.waitForURL(/\?entered=1/);
    await page.getByText("Commande passée pour Josiane Lemaire. La confirmation lui a été envoyée.").waitFor();
    await page.getByText("Saisie par").waitFor();
    await page.getByText("Sans compte : saisie pour le client").waitFor();
    await noSidewaysScroll(page);
    await screenshot(page, "order-entry-placed-fr-390");
    const mail = await mailTo("josiane@example.org");
    expect(mail.subject).toMatch(/^Commande \d+ confirmée · Green Valley Food Hub$/);
  } finally {
    await setLanguage(page, "en");
    await context.close();
  }
});
