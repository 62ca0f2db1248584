// Dev aid: screenshot pages in headless Debian Chromium at phone and desktop widths.
// Usage: node scripts/screenshot.mjs <baseUrl> <outDir> <path>[,<path>...] [email password]
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";

const [baseUrl, outDir, paths, email, password, lang = "en"] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
for (const [label, width] of [
  ["phone", 390],
  ["desktop", 1280],
]) {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: lang === "fr" ? "fr-FR" : "en-GB",
    extraHTTPHeaders: { "Accept-Language": lang },
  });
  if (process.env.SESSION_COOKIE) {
    const [name, value] = process.env.SESSION_COOKIE.split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
  }
  const page = await context.newPage();
  if (email) {
    await page.goto(`${baseUrl}/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', password);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]:not(.link-button)')]);
    // A signed-in user's saved language wins over the browser's: set it to the one asked for.
    await page.evaluate(async (locale) => {
      const form = new FormData();
      form.set("locale", locale);
      form.set("redirectTo", "/");
      await fetch("/locale", { method: "POST", body: form });
    }, lang);
  }
  for (const path of paths.split(",")) {
    await page.goto(baseUrl + path);
    const name = `${path.replace(/[^a-z0-9]+/gi, "_") || "home"}-${lang}-${label}.png`;
    await page.screenshot({ path: `${outDir}/${name}`, fullPage: true });
    console.log(`${outDir}/${name}`);
  }
  await context.close();
}
await browser.close();
