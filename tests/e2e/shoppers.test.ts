// Buyers on phones and keyboards: a home that is the shops, sign-in that comes back to the shop or
// the checkout, a phone cart whose lines can be seen and removed, a stepper that keeps focus and
// names its product, and colours that can be read. (Every page is also checked by app.ts.)
import type { Locator, Page } from "playwright-core";
import { logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

/** WCAG contrast of a colour property of the element against the first opaque background behind it. */
function contrastOf(locator: Locator, property: "color" | "outline-color", against: "self" | "behind" = "behind"): Promise<number> {
  return locator.evaluate(
    (element, [property, against]) => {
      const parse = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) =>
        [r, g, b]
          .map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4))
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
      let node: Element | null = against === "self" ? element : element.parentElement;
      let background = [255, 255, 255];
      for (; node; node = node.parentElement) {
        const [r, g, b, a = 1] = parse(getComputedStyle(node).backgroundColor);
        if (a === 1) {
          background = [r, g, b];
          break;
        }
      }
      const colour = parse(getComputedStyle(element).getPropertyValue(property));
      const [light, dark] = [luminance(colour), luminance(background)].sort((x, y) => y - x);
      return (light + 0.05) / (dark + 0.05);
    },
    [property, against] as const,
  );
}

async function openShop(page: Page, name: string) {
  await page.goto(app.url);
  await Promise.all([
    page.waitForURL(/\/shop\//),
    page
      .getByRole("link", { name: new RegExp(name) })
      .first()
      .click(),
  ]);
  await page.locator(".variant-row").first().waitFor();
}

/** Presses Tab until the element named `name` has focus (or gives up after 60 presses). */
async function tabTo(page: Page, name: string) {
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press("Tab");
    if (
      await page.evaluate(
        (wanted) => document.activeElement?.getAttribute("aria-label") === wanted || document.activeElement?.textContent?.trim() === wanted,
        name,
      )
    )
      return;
  }
  throw new Error(`Tab never reached ${name}`);
}

const focusedName = (page: Page) =>
  page.evaluate(() =>
    document.activeElement === document.body ? "<body>" : (document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim()),
  );

describe("a shopper's home", () => {
  test("on a phone the open shops come first, and a shop shows its address and pickup hours", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await page.goto(app.url);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Shops open now");
    const shops = (await page.locator(".open-shops").boundingBox())!;
    const intro = (await page.locator(".home-intro").boundingBox())!;
    expect(shops.y).toBeLessThan(intro.y);
    expect(shops.y).toBeLessThan(900 / 3);
    await screenshot(page, "shoppers-home-phone");
    await Promise.all([page.waitForURL(/\/shop\//), page.getByRole("link", { name: /Green Valley Food Hub/ }).click()]);
    const facts = page.locator(".shop-facts");
    expect(await facts.textContent()).toContain("Old Barn, 12 Mill Lane");
    expect(await facts.textContent()).toContain("Barn pickup");
    expect(await facts.textContent()).toContain("Friday 16:00–19:00");
    await screenshot(page, "shoppers-shop-facts-phone");
    await context.close();
  });

  test("a buyer who logs in from a shop comes back to it, and finds Shops and My orders, without API tokens", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await openShop(page, "Green Valley Food Hub");
    const shopPath = new URL(page.url()).pathname;
    await Promise.all([page.waitForURL(/\/login\?redirectTo=/), page.getByRole("banner").getByRole("link", { name: "Log in" }).click()]);
    await page.fill('input[name="email"]', "buyer@demo.circuit.coop");
    await page.fill('input[name="password"]', "circuit-demo");
    await Promise.all([page.waitForURL((url) => url.pathname === shopPath), page.getByRole("button", { name: "Log in", exact: true }).click()]);
    const header = page.getByRole("banner");
    await header.getByRole("link", { name: "Shops" }).waitFor();
    expect(await header.getByRole("link", { name: "My enterprises" }).count()).toBe(0);
    await screenshot(page, "shoppers-back-at-shop");
    await Promise.all([page.waitForURL(/\/account/), header.getByRole("link", { name: "My orders" }).click()]);
    await page.getByRole("heading", { name: "Your orders" }).waitFor();
    expect(await page.getByRole("heading", { name: "API tokens" }).count()).toBe(0);
    await screenshot(page, "shoppers-account");
    // Sent to the admin home by an old link, a buyer who manages nothing lands on the shops.
    await page.goto(`${app.url}/login?redirectTo=%2Fadmin`);
    expect(new URL(page.url()).pathname).toBe("/");
    await screenshot(page, "shoppers-home-signed-in-wide");
    await context.close();
  });

  test("en français, sur un téléphone, une inscription depuis la caisse ramène à la caisse", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr" });
    await openShop(page, "Green Valley Food Hub");
    const shopPath = new URL(page.url()).pathname;
    await page
      .locator(".variant-row")
      .first()
      .getByRole("button", { name: /^Un .* de plus$/ })
      .click();
    await expect.poll(() => page.locator(".variant-row").first().locator(".step-count").textContent()).toBe("1");
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Commander/ }).click()]);
    await Promise.all([page.waitForURL(/\/login\?redirectTo=/), page.getByRole("link", { name: "Connectez-vous pour retrouver vos commandes." }).click()]);
    await Promise.all([page.waitForURL(/\/signup\?redirectTo=/), page.locator(".auth-switch").getByRole("link").click()]);
    await page.getByRole("heading", { name: "Créer votre compte" }).waitFor();
    expect(await page.locator(".auth-card").textContent()).toContain("commander auprès des boutiques locales");
    await page.getByLabel("Votre nom", { exact: true }).fill("Camille Martin");
    await page.getByLabel("E-mail", { exact: true }).fill(`camille-${Date.now()}@example.test`);
    await page.getByLabel("Mot de passe", { exact: true }).fill("une phrase assez longue");
    await screenshot(page, "shoppers-signup-fr");
    await Promise.all([page.waitForURL((url) => url.pathname === `${shopPath}/checkout`), page.getByRole("button", { name: "Créer le compte" }).click()]);
    await page.locator(".order-summary").waitFor();
    await page.getByRole("banner").getByRole("link", { name: "Mes commandes" }).waitFor();
    await screenshot(page, "shoppers-back-at-checkout-fr");
    await context.close();
  });
});

describe("the phone cart", () => {
  test("folds to one line, unfolds to its items, and each can be taken out", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await openShop(page, "Green Valley Food Hub");
    for (const name of ["One more Carrots 1 kg bag", "One more Butter 250 g"]) {
      const button = page.getByRole("button", { name, exact: true });
      await button.click();
      await expect.poll(() => button.locator("xpath=..").locator(".step-count").textContent()).toBe("1");
    }
    const sheet = page.locator(".cart-summary");
    const folded = (await sheet.boundingBox())!;
    expect(folded.height).toBeLessThan(900 * 0.2);
    const toggle = sheet.getByText("Your cart · 2 items");
    await toggle.waitFor({ state: "visible" });
    await screenshot(page, "shoppers-cart-folded-phone", { fullPage: false });

    await toggle.click();
    const carrots = sheet.locator(".cart-lines li", { hasText: "Carrots" });
    await carrots.waitFor({ state: "visible" });
    expect((await carrots.boundingBox())!.height).toBeGreaterThan(20);
    await screenshot(page, "shoppers-cart-unfolded-phone", { fullPage: false });
    await sheet.getByRole("button", { name: "Take Carrots (1 kg bag) out of the cart" }).click();
    await carrots.waitFor({ state: "detached" });
    await sheet.getByText("Your cart · 1 item").waitFor();
    expect(await sheet.locator(".cart-lines li", { hasText: "Butter" }).isVisible()).toBe(true);

    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
    const summary = (await page.locator(".order-summary").boundingBox())!;
    const place = (await page.getByRole("button", { name: /Place order/ }).boundingBox())!;
    expect(summary.y + summary.height).toBeLessThan(place.y);
    await screenshot(page, "shoppers-checkout-phone");
    await context.close();
  });

  test("works without JavaScript: the sheet unfolds and a line is taken out", async () => {
    const { context, page } = await newPage(browser, { width: 390, javaScript: false });
    await page.goto(app.url);
    await page.getByRole("link", { name: /Green Valley Food Hub/ }).click();
    await page.waitForURL(/\/shop\//);
    await page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true }).click();
    await page.waitForLoadState("load");
    const sheet = page.locator(".cart-summary");
    const line = sheet.locator(".cart-lines li", { hasText: "Carrots" });
    expect(await line.isVisible()).toBe(false);
    await sheet.getByText("Your cart · 1 item").click();
    await line.waitFor({ state: "visible" });
    await screenshot(page, "shoppers-cart-no-script-phone", { fullPage: false });
    await sheet.getByRole("button", { name: "Take Carrots (1 kg bag) out of the cart" }).click();
    await page.waitForLoadState("load");
    expect(await page.locator(".cart-lines li", { hasText: "Carrots" }).count()).toBe(0);
    await context.close();
  });

  test("on a wide screen the cart's items show without a toggle", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await openShop(page, "Green Valley Food Hub");
    await page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true }).click();
    const sheet = page.locator(".cart-summary");
    await sheet.locator(".cart-lines li", { hasText: "Carrots" }).waitFor({ state: "visible" });
    expect(await sheet.getByText("Your cart · 1 item").isVisible()).toBe(false);
    expect(await sheet.getByRole("button", { name: "Take Carrots (1 kg bag) out of the cart" }).isVisible()).toBe(true);
    await screenshot(page, "shoppers-cart-wide");
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
    await screenshot(page, "shoppers-checkout-wide");
    await context.close();
  });
});

describe("keyboards and screen readers", () => {
  test("the stepper keeps focus, names its product, says what is in the cart, and shows a ring of 3:1", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await openShop(page, "Green Valley Food Hub");
    const names = await page.locator(".step-button").evaluateAll((buttons) => buttons.map((button) => button.getAttribute("aria-label")));
    expect(names.length).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);

    await tabTo(page, "One more Carrots 1 kg bag");
    const more = page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true });
    expect(await more.evaluate((button) => getComputedStyle(button).outlineStyle)).not.toBe("none");
    expect(await more.evaluate((button) => parseFloat(getComputedStyle(button).outlineWidth))).toBeGreaterThanOrEqual(2);
    // The stepper's ring is drawn inside the button, over its own background.
    expect(await contrastOf(more, "outline-color", "self")).toBeGreaterThanOrEqual(3);
    await screenshot(page, "shoppers-stepper-focus");

    await page.keyboard.press("Enter");
    const row = page.locator(".variant-row", { has: more });
    await expect.poll(() => row.locator(".step-count").textContent()).toBe("1");
    await expect.poll(() => row.getByRole("status").textContent()).toBe("1 Carrots 1 kg bag in your cart");
    expect(await focusedName(page)).toBe("One more Carrots 1 kg bag");

    // Back to "−" and take it out again: "−" is then disabled, and focus moves to "+", not the page.
    await page.keyboard.press("Shift+Tab");
    expect(await focusedName(page)).toBe("One less Carrots 1 kg bag");
    await page.keyboard.press("Enter");
    await expect.poll(() => row.locator(".step-count").textContent()).toBe("0");
    await expect.poll(() => focusedName(page)).toBe("One more Carrots 1 kg bag");

    // A link's ring, outside it, against the bar it sits on.
    await tabTo(page, "Shops");
    const shops = page.getByRole("banner").getByRole("link", { name: "Shops" });
    expect(await contrastOf(shops, "outline-color")).toBeGreaterThanOrEqual(3);
    await context.close();
  });

  test("the 'See or change it' link and the 'Open' and 'Sent' badges reach 4.5:1", async () => {
    const { context, page } = await newPage(browser, { width: 390 });
    await logIn(page, app.url, "buyer@demo.circuit.coop");
    await openShop(page, "Green Valley Food Hub");
    await page.getByRole("button", { name: "One more Carrots 1 kg bag", exact: true }).click();
    await page.getByRole("link", { name: /Check out/ }).waitFor();
    await Promise.all([page.waitForURL(/\/checkout/), page.getByRole("link", { name: /Check out/ }).click()]);
    await Promise.all([page.waitForURL(/\/orders\//), page.getByRole("button", { name: /Place order/ }).click()]);
    await openShop(page, "Green Valley Food Hub");
    const seeOrder = page.getByRole("link", { name: "See or change it" }).first();
    expect(await contrastOf(seeOrder, "color")).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, "shoppers-already-ordered");
    await context.close();

    const hub = await newPage(browser, { width: 1280 });
    await logIn(hub.page, app.url, "hub@demo.circuit.coop");
    await hub.page.goto(`${app.url}/admin/order-cycles`);
    const open = hub.page.locator(".badge-open").first();
    expect(await open.textContent()).toMatch(/Open/);
    expect(await contrastOf(open, "color", "self")).toBeGreaterThanOrEqual(4.5);
    await hub.context.close();
  });
});
