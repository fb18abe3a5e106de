// Shared set-up of the browser tests: Debian's chromium through playwright-core, every request
// to another origin than the kg server under test failed (and recorded), console errors and
// Content-Security-Policy violations recorded, screenshots saved under $KG_SCREENSHOTS.
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

export const BASE = process.env.KG_BASE_URL;
if (!BASE) throw new Error("KG_BASE_URL is not set: run scripts/browser-test.sh");
const SHOTS = process.env.KG_SCREENSHOTS || "artifacts/screenshots";

// Exactly the flags of issue 18 (a browser download by the test tool fails on these machines).
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export async function open() {
  const browser = await chromium.launch({
    executablePath: process.env.KG_CHROMIUM || "/usr/bin/chromium",
    args: ARGS,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "sv-SE" });
  const origin = new URL(BASE).origin;
  const foreign = [];
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (new URL(u).origin === origin) return route.continue();
    foreign.push(u);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", (err) => problems.push("page error: " + err.message));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (ev) => {
      (window.__csp = window.__csp || []).push(ev.violatedDirective + " " + ev.blockedURI);
    });
  });
  return {
    browser, page, foreign, problems,
    async csp() { return page.evaluate(() => window.__csp || []); },
    async shot(name) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, name + ".png") });
    },
    async close() { await browser.close(); },
  };
}
