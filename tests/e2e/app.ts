// Starts Circuit as `npm start` would (production build, embedded database with the demo data,
// worker) on a free port, with mail going to a local SMTP catcher; and a Chromium to drive it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startSmtpCatcher, type SmtpCatcher } from "#tests/support/smtp";

const root = path.resolve(import.meta.dirname, "../..");
export const artifacts = path.join(root, ".data/e2e-artifacts");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type RunningApp = { url: string; smtp: SmtpCatcher; stop(): Promise<void>; log(): string };

export async function startApp(): Promise<RunningApp> {
  const smtp = await startSmtpCatcher();
  const port = await freePort();
  const dataDir = path.join(root, `.data/e2e-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: url,
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Circuit <no-reply@circuit.test>",
      SEED_DEMO: "true",
      DATABASE_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Circuit did not start within 180 s:\n${output}`)), 180_000);
    const check = setInterval(() => {
      if (output.includes("Circuit ready on")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`Circuit exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    smtp,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await smtp.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}

export async function newPage(
  browser: Browser,
  options: { locale?: "en" | "fr"; width?: number; javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? "en";
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: locale === "fr" ? "fr-FR" : "en-GB",
    extraHTTPHeaders: { "Accept-Language": locale },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = await context.newPage();
  if (options.javaScript === false) withoutScripts.add(page);
  checkEveryPageOpened(page);
  return { context, page };
}

const withoutScripts = new WeakSet<Page>();

/**
 * axe runs in the page, which a browser without JavaScript refuses: the page as that browser
 * shows it (its HTML, scripts taken out, the real stylesheets) is checked in a scripted twin.
 */
async function scriptedTwin<T>(page: Page, check: (twin: Page) => Promise<T>): Promise<T> {
  if (!withoutScripts.has(page)) return check(page);
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const context = await page.context().browser()!.newContext({ viewport: page.viewportSize() });
  try {
    const twin = await context.newPage();
    await twin.route(page.url(), (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
    await twin.goto(page.url());
    return await check(twin);
  } finally {
    await context.close();
  }
}

/** Ids used by more than one element: a label or aria reference that points at the wrong one. */
function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const element of document.querySelectorAll("[id]")) seen.set(element.id, (seen.get(element.id) ?? 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([id, count]) => `${id} (${count}×)`);
  });
}

/** axe-core's critical and serious findings, one line each with the elements concerned. */
async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Legacy mode runs in the page itself, without opening a page per check: twice as fast here.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return violations
    .filter((violation) => violation.impact === "critical" || violation.impact === "serious")
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
}

/**
 * The checks every page of the journeys must pass, as the page stands: no duplicate id and no
 * critical or serious accessibility violation. Throws, naming the page, when one fails.
 */
export async function checkPage(page: Page) {
  const problems = await scriptedTwin(page, async (shown) => [
    ...(await duplicateIds(shown)).map((id) => `duplicate id ${id}`),
    ...(await seriousAccessibilityViolations(shown)),
  ]);
  if (problems.length) throw new Error(`${new URL(page.url()).pathname}${new URL(page.url()).search}:\n  ${problems.join("\n  ")}`);
}

/**
 * Each page a journey opens by address is checked once it has loaded, before the journey goes
 * on; the pages it reaches by clicking are checked when it photographs them (`screenshot`).
 * Checking on the browser's own load event instead would race the journey's next step.
 */
function checkEveryPageOpened(page: Page) {
  const goto = page.goto.bind(page);
  page.goto = async (...args: Parameters<Page["goto"]>) => {
    const response = await goto(...args);
    if (response?.ok()) await checkPage(page);
    return response;
  };
}

let shot = 0;
/** The whole page, or with `{ fullPage: false }` the screen as the person sees it (a sheet stuck to its foot). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  shot += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(shot).padStart(2, "0")}-${name}.png`), fullPage: options.fullPage ?? true });
  await checkPage(page);
}

export async function logIn(page: Page, url: string, email: string, submit = "Log in", password = "circuit-demo") {
  await page.goto(`${url}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL((target) => !target.pathname.startsWith("/login")), page.getByRole("button", { name: submit, exact: true }).click()]);
}

/** A buyer nobody has seen yet: an account made through the API (POST /users) in their language, then logged in on the page. */
export async function signUpAndLogIn(page: Page, url: string, account: { email: string; name: string; locale: "en" | "fr" }) {
  const password = "une phrase assez longue";
  const signUp = await fetch(`${url}/api/v1/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...account, password }),
  });
  expect(signUp.status, "POST /users").toBe(201);
  await logIn(page, url, account.email, account.locale === "fr" ? "Se connecter" : "Log in", password);
}

/** "YYYY-MM-DDTHH:mm" in Paris time, as a datetime-local field wants it. */
export function parisLocal(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The JSON API as a demo user: a call answers the parsed body, and fails the test unless a GET answers 200 and a write 2xx. */
export async function demoApi(url: string, email: string) {
  const session = await fetch(`${url}/api/v1/sessions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "circuit-demo" }),
  });
  const { token } = (await session.json()) as { token: string };
  return async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const method = init.method ?? "GET";
    const response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (method === "GET") expect(response.status, `GET ${path}`).toBe(200);
    else expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.status === 204 ? undefined : response.json();
  };
}
