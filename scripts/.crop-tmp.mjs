// node /tmp/crop.mjs in.png out.png x y w h  (uses playwright to crop by rendering)
import { chromium } from "playwright-core";
import fs from "node:fs";
const [input, output, x, y, w, h] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
const data = fs.readFileSync(input).toString("base64");
await page.setContent(`<body style="margin:0;overflow:hidden"><img src="data:image/png;base64,${data}" style="position:absolute;left:-${x}px;top:-${y}px"></body>`);
await page.screenshot({ path: output });
await browser.close();
