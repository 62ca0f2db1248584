// Imported by a journey file for its side effect and its two live bindings: the demo app (`npm
// start`'s build on a fresh database) and Chromium, started before the file's tests and stopped after.
import type { Browser } from "playwright-core";
import { launchBrowser, startApp, type RunningApp } from "./app";

export let app: RunningApp;
export let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});
