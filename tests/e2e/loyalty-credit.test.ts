// Loyalty credit in a real browser (issue 20, decision 0052): in French on a 390 px phone, a
// signed-in buyer given credit by Riverside asks for more than they have (refused at the field, the
// rest of their input kept), then pays part of the order with credit and sees what is left to pay;
// their account page shows the balance and its history. The demo buyer has credit from the seed.
import { demoApi, newPage, screenshot, signUpAndLogIn } from "./app";
import { app, browser } from "./demo";

test("en français sur un téléphone, une acheteuse paie une partie de sa commande avec son avoir", async () => {
  const riverside = await demoApi(app.url, "riverside@demo.circuit.coop");
  const { items } = await riverside("/enterprises");
  const shopId: string = items.find((enterprise: { name: string }) => enterprise.name === "Riverside Co-op").id;
  // The demo buyer's credit from the seed: the welcome gift and the points of a paid order.
  const demo = await riverside(`/enterprises/${shopId}/customers/buyer@demo.circuit.coop/credit`);
  expect(demo.balanceCents).toBeGreaterThan(500);
  expect(demo.items.map((item: { kind: string }) => item.kind)).toEqual(["earned", "adjustment"]);

  const email = `lucie-${Date.now()}@example.test`;
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await signUpAndLogIn(page, app.url, { email, name: "Lucie Bernard", locale: "fr" });
  await riverside(`/enterprises/${shopId}/customers/${email}`, { method: "PUT", body: { tags: [] } });
  await riverside(`/enterprises/${shopId}/customers/${email}/credit`, { method: "POST", body: { amountCents: 300, note: "Bienvenue à la coopérative" } });

  await page.goto(`${app.url}/shop/${shopId}`);
  const row = page.locator(".variant-row").first();
  await row.waitFor();
  await row.getByRole("button", { name: /^Un .* de plus$/ }).click();
  await expect.poll(() => row.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
  await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Commander/ }).click()]);

  await page.getByRole("group", { name: "Votre avoir" }).waitFor();
  expect(await page.getByRole("group", { name: "Votre avoir" }).textContent()).toContain("3,00");
  await page.getByLabel("Téléphone").fill("06 01 02 03 04");
  const credit = page.getByLabel("Utiliser mon avoir");
  await credit.fill("5,00");
  await page
    .locator(".form-actions")
    .getByRole("button", { name: /Commander/ })
    .click();
  const fieldError = page.locator(".field-error", { hasText: "Votre avoir ici est de 3,00" });
  await fieldError.waitFor();
  expect(await page.getByLabel("Téléphone").inputValue()).toBe("06 01 02 03 04");
  expect(await page.getByLabel("Utiliser mon avoir").inputValue()).toBe("5,00");
  await screenshot(page, "loyalty-credit-refused-fr-phone");

  await page.getByLabel("Utiliser mon avoir").fill("2,00");
  const summary = page.locator(".order-summary");
  await summary.getByText("Reste à payer").waitFor();
  expect(await summary.textContent()).toContain("Payé avec l’avoir");
  await screenshot(page, "loyalty-credit-checkout-fr-phone");
  await Promise.all([
    page.waitForURL(/\/orders\//),
    page
      .locator(".form-actions")
      .getByRole("button", { name: /Commander/ })
      .click(),
  ]);
  const orderId = new URL(page.url()).pathname.split("/")[2];

  const order = await riverside(`/orders/${orderId}`);
  expect(order).toMatchObject({ paidCents: 200, paymentState: "partially_paid" });
  expect((await riverside(`/enterprises/${shopId}/customers/${email}/credit`)).balanceCents).toBe(100);

  await page.goto(`${app.url}/account`);
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Votre avoir" }) });
  await card.getByRole("heading", { name: "Riverside Co-op" }).waitFor();
  expect(await card.textContent()).toContain("1,00");
  expect(await card.textContent()).toContain("Utilisé");
  expect(await card.textContent()).toContain("Bienvenue à la coopérative");
  await screenshot(page, "loyalty-credit-account-fr-phone");
  await context.close();
});
