// Starts Circuit as `npm start` would (production build, embedded database with the demo data,
// worker) on a free port, with mail going to a local SMTP catcher; and a Chromium to drive it.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
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
    env: { ...process.env, PORT: String(port), APP_URL: url, DATA_DIR: dataDir, SMTP_URL: smtp.url, MAIL_FROM: "Circuit <no-reply@circuit.test>", SEED_DEMO: "true", DATABASE_URL: "" },
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

export async function newPage(browser: Browser, options: { locale?: "en" | "fr"; width?: number; javaScript?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const locale = options.locale ?? "en";
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: locale === "fr" ? "fr-FR" : "en-GB",
    extraHTTPHeaders: { "Accept-Language": locale },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = await context.newPage();
  return { context, page };
}

let shot = 0;
export async function screenshot(page: Page, name: string) {
  shot += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(shot).padStart(2, "0")}-${name}.png`), fullPage: true });
}

export async function logIn(page: Page, url: string, email: string, submit = "Log in") {
  await page.goto(`${url}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', "circuit-demo");
  await Promise.all([page.waitForURL((target) => !target.pathname.startsWith("/login")), page.getByRole("button", { name: submit, exact: true }).click()]);
}
