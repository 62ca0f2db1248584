// A buyer who comes back (issue 20, docs/domain.md 13, decisions 0051 and 0052), in French on a
// 390 px phone: a signed-in buyer given credit by Riverside applies the coordinator's REDUC10 at
// checkout, then pays part of what is left with her credit; the placed order holds both the
// discount and the credit payment, and her balance went down by exactly what she used.
import { demoApi, newPage, screenshot, signUpAndLogIn } from "./app";
import { app, browser } from "./demo";

test("en français sur un téléphone : un code promo puis une partie payée avec l’avoir", async () => {
  const riverside = await demoApi(app.url, "riverside@demo.circuit.coop");
  const { items } = await riverside("/enterprises");
  const shopId: string = items.find((enterprise: { name: string }) => enterprise.name === "Riverside Co-op").id;

  const email = `camille-${Date.now()}@example.test`;
  const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
  await signUpAndLogIn(page, app.url, { email, name: "Camille Roche", locale: "fr" });
  await riverside(`/enterprises/${shopId}/customers/${email}`, { method: "PUT", body: { tags: [] } });
  await riverside(`/enterprises/${shopId}/customers/${email}/credit`, { method: "POST", body: { amountCents: 300, note: "Bienvenue" } });

  await page.goto(`${app.url}/shop/${shopId}`);
  const row = page.locator(".variant-row").first();
  await row.waitFor();
  await row.getByRole("button", { name: /^Un .* de plus$/ }).click();
  await expect.poll(() => row.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("1");
  await row.getByRole("button", { name: /^Un .* de plus$/ }).click();
  await expect.poll(() => row.locator(".step-count").textContent(), { timeout: 15_000 }).toBe("2");
  await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Commander/ }).click()]);
  await page.waitForLoadState("networkidle");

  await page.getByLabel("Code promo").fill("reduc10");
  await page.getByRole("button", { name: "Appliquer" }).click();
  await page.getByText("Code REDUC10 appliqué :").waitFor({ state: "visible", timeout: 15_000 });

  await page.getByLabel("Téléphone").fill("06 11 22 33 44");
  await page.getByLabel("Utiliser mon avoir").fill("2,00");
  const summary = page.locator(".order-summary");
  await summary.getByText("Reste à payer").waitFor();
  expect(await summary.textContent()).toContain("REDUC10");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, "promo-and-credit-checkout-fr-phone");
  await Promise.all([
    page.waitForURL(/\/orders\//, { timeout: 30_000 }),
    page
      .locator(".form-actions")
      .getByRole("button", { name: /Commander/ })
      .click(),
  ]);
  const orderId = new URL(page.url()).pathname.split("/")[2];
  expect(await page.locator("main").textContent()).toContain("REDUC10");
  await screenshot(page, "promo-and-credit-order-fr-phone");

  const order = await riverside(`/orders/${orderId}`);
  expect(order.promoCode).toBe("REDUC10");
  expect(order.discountCents).toBeGreaterThan(0);
  expect(order).toMatchObject({ paidCents: 200, paymentState: "partially_paid" });
  expect((await riverside(`/enterprises/${shopId}/customers/${email}/credit`)).balanceCents).toBe(100);
  await context.close();
});
