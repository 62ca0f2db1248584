import { chromium } from "playwright-core";
const base = "http://localhost:3204";
const [lang = "en", ...rest] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 900 },
  locale: lang === "fr" ? "fr-FR" : "en-GB",
  extraHTTPHeaders: { "Accept-Language": lang },
});
const page = await context.newPage();
await page.goto(`${base}/login`);
await page.fill('input[name="email"]', "hub@demo.circuit.coop");
await page.fill('input[name="password"]', "circuit-demo");
await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]:not(.link-button)')]);
await page.goto(`${base}/admin/order-cycles`);
const href = await page
  .getByRole("link", { name: /last week/i })
  .first()
  .getAttribute("href");
const cycle = href.split("/").pop();
await page.goto(`${base}/admin/order-cycles/${cycle}/pickup`);
const point = await page.locator(".pickup-point-links a.button").first().getAttribute("href");
console.log(cycle, point);
const paths = [`/admin/order-cycles/${cycle}/pickup`, point, `${point}/sheet`];
for (const [label, width] of [
  ["phone", 390],
  ["desktop", 1280],
]) {
  await page.setViewportSize({ width, height: 900 });
  for (const p of paths) {
    await page.goto(base + p);
    const name = `/tmp/k/shot-${p.includes("sheet") ? "sheet" : p.endsWith("pickup") ? "points" : "checkin"}-${lang}-${label}.png`;
    await page.screenshot({ path: name, fullPage: true });
    console.log(name);
  }
}
if (rest[0] === "print") {
  await page.goto(`${base}${point}/sheet`);
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: `/tmp/k/shot-sheet-print.png`, fullPage: true });
}
await browser.close();
