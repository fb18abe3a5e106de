// Makes the README's screenshots (docs/img/*.png), small: 1280×800 pages at device scale 0.6.
//   KG_BASE_URL=http://127.0.0.1:PORT node tests/browser/docs-img.js docs/img
// (scripts/browser-test.sh starts a server; this is run by hand when the pages change.)
import { chromium } from "playwright-core";
import path from "node:path";

const base = process.env.KG_BASE_URL;
const out = process.argv[2] || "docs/img";
const browser = await chromium.launch({
  executablePath: process.env.KG_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 0.6 });
  const origin = new URL(base).origin;
  await context.route("**/*", (r) => (new URL(r.request().url()).origin === origin ? r.continue() : r.abort()));
  const page = await context.newPage();

  await page.goto(base + "/");
  await page.getByRole("button", { name: /Execute query/ }).click();
  await page.locator(".result-window").getByText("Bo Frank").first().waitFor();
  await page.screenshot({ path: path.join(out, "graphiql.png") });

  await page.goto(base + "/explore");
  await page.evaluate(() => window.kgExplorer.ready);
  await page.getByLabel("Search", { exact: true }).fill("Vaxjo");
  await page.keyboard.press("Enter");
  await page.locator("#results button", { hasText: "Växjö kommun" }).click();
  await page.locator("#panel h2.title", { hasText: "Växjö kommun" }).waitFor();
  await page.waitForFunction(() => !document.getElementById("graph-status").hasAttribute("data-busy"));
  // Show an edge's evidence in the panel, as a reader would after clicking it.
  await page.evaluate(() => {
    const cy = window.kgExplorer.cy;
    cy.getElementById("vaxjo-kommun--member-of--covenant-of-mayors").emit("tap");
  });
  await page.locator("#panel blockquote").first().waitFor();
  await page.screenshot({ path: path.join(out, "explorer.png") });
} finally {
  await browser.close();
}
