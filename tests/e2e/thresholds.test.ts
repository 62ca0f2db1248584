// Minimums in a real browser, on the demo data (docs/domain.md 12): a buyer on the hub's shop sees
// "€38.00 more and Hillside Dairy delivers" with its bar; another buyer orders Hillside Dairy's
// products through the API, and the first buyer's bar moves without reloading the page. The
// coordinator reads the same progress in the editor's Minimums step and the cycles list; French
// and a 390 px phone too, nothing scrolling sideways.
import type { Page } from "playwright-core";
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
}

type Threshold = { id: string; scope: string; label: string; minimum: number; currentValue: number; reached: boolean };

test("a buyer sees Hillside Dairy's minimum move after another buyer's order", async () => {
  const hub = await demoApi(app.url, "hub@demo.circuit.coop");
  const { items: cycles } = (await hub("/order-cycles?state=open")) as { items: { id: string; name: string; coordinator: { id: string } }[] };
  const weekly = cycles.find((cycle) => cycle.name === "Weekly veg box")!;
  const shopId = weekly.coordinator.id;
  const { items: thresholds } = (await hub(`/order-cycles/${weekly.id}/thresholds`)) as { items: Threshold[] };
  const dairy = thresholds.find((threshold) => threshold.label === "Hillside Dairy")!;
  expect(dairy.minimum - dairy.currentValue).toBe(3800);

  const { page } = await newPage(browser, { width: 1280 });
  await page.goto(`${app.url}/shop/${shopId}?cycle=${weekly.id}`);
  const bar = page.getByRole("progressbar", { name: "Minimum order: Hillside Dairy" });
  await page.getByText("€38.00 more and Hillside Dairy delivers").waitFor();
  expect(await bar.getAttribute("aria-valuenow")).toBe(String(dairy.currentValue));
  expect(await bar.getAttribute("aria-valuemax")).toBe(String(dairy.minimum));
  await screenshot(page, "thresholds-shop-1280");

  // Another buyer, elsewhere, orders two of Hillside Dairy's first product.
  const { items: products } = (await (await fetch(`${app.url}/api/v1/shops/${shopId}/order-cycles/${weekly.id}/products`)).json()) as {
    items: { variantId: string; supplierName: string; priceCents: number; fees: { amountCents: number }[]; available: number | null }[];
  };
  const milk = products.find((product) => product.supplierName === "Hillside Dairy" && (product.available === null || product.available >= 2))!;
  const view = (await hub(`/order-cycles/${weekly.id}`)) as {
    outgoing: { distributor: { id: string }; shippingMethodIds: string[]; paymentMethodIds: string[] }[];
  };
  const outlet = view.outgoing.find((exchange) => exchange.distributor.id === shopId)!;
  const { items: paymentMethods } = (await hub(`/enterprises/${shopId}/payment-methods`)) as { items: { id: string; kind: string }[] };
  const payment = paymentMethods.find((method) => outlet.paymentMethodIds.includes(method.id) && method.kind !== "stripe")!;
  const placed = await fetch(`${app.url}/api/v1/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      distributorId: shopId,
      orderCycleId: weekly.id,
      shippingMethodId: outlet.shippingMethodIds[0],
      paymentMethodId: payment.id,
      email: "other-buyer@example.org",
      name: "Other Buyer",
      lines: [{ variantId: milk.variantId, quantity: 2 }],
      asGuest: true,
    }),
  });
  expect(placed.status).toBe(201);
  const supplierPrice = milk.priceCents - milk.fees.reduce((sum, fee) => sum + fee.amountCents, 0);

  // The first buyer's page, never reloaded, catches up.
  const expected = dairy.currentValue + 2 * supplierPrice;
  await page.waitForFunction(
    (value) => document.querySelector('[role="progressbar"][aria-label="Minimum order: Hillside Dairy"]')?.getAttribute("aria-valuenow") === value,
    String(Math.min(expected, dairy.minimum)),
    { timeout: 60_000 },
  );
  const left = dairy.minimum - expected;
  if (left > 0) await page.getByText(`€${(left / 100).toFixed(2)} more and Hillside Dairy delivers`).waitFor();
  else await page.getByText("Hillside Dairy's minimum is reached: it delivers").waitFor();
  await screenshot(page, "thresholds-shop-moved-1280");

  // The coordinator reads the same figures in the Minimums step and the list.
  const { page: manager } = await newPage(browser, { width: 1280 });
  await logIn(manager, app.url, "hub@demo.circuit.coop");
  await manager.goto(`${app.url}/admin/order-cycles/${weekly.id}/minimums`);
  expect(await manager.getByRole("progressbar", { name: "Minimum order: Hillside Dairy" }).getAttribute("aria-valuenow")).toBe(
    String(Math.min(expected, dairy.minimum)),
  );
  await screenshot(manager, "thresholds-editor-1280");
  await manager.goto(`${app.url}/admin/order-cycles`);
  await manager
    .getByText(/of 2 minimums reached/)
    .first()
    .waitFor();
  await screenshot(manager, "thresholds-list-1280");

  // In French on a phone.
  const { page: phone } = await newPage(browser, { width: 390, locale: "fr" });
  await phone.goto(`${app.url}/shop/${shopId}?cycle=${weekly.id}`);
  await phone.getByRole("progressbar", { name: "Minimum de commande : Hillside Dairy" }).waitFor();
  await noSidewaysScroll(phone);
  await screenshot(phone, "thresholds-shop-fr-390");
});
