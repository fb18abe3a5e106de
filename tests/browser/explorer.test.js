import { test } from "node:test";
import assert from "node:assert/strict";
import { open, BASE } from "./lib.js";

const idle = (page) => page.waitForFunction(() => {
  const s = document.getElementById("graph-status");
  return s && !s.hasAttribute("data-busy");
});
const count = (page, sel) => page.evaluate((s) => window.kgExplorer.cy.elements(s).length, sel);

test("explorer: search Vaxjo, draw Växjö kommun, expand a node, click an edge for its quote", async () => {
  const b = await open();
  try {
    const { page } = b;
    await page.goto(BASE + "/explore");
    await page.evaluate(() => window.kgExplorer.ready);
    // Search without diacritics; the API finds Växjö kommun.
    await page.getByLabel("Search", { exact: true }).fill("Vaxjo");
    await page.keyboard.press("Enter");
    const hit = page.locator("#results button", { hasText: "Växjö kommun" });
    await hit.waitFor();
    await hit.click();
    await page.locator("#panel h2.title", { hasText: "Växjö kommun" }).waitFor();
    await idle(page);
    const drawn = await count(page, "node");
    assert.ok(drawn > 10, `only ${drawn} nodes drawn`);
    assert.equal(await page.evaluate(() => window.kgExplorer.cy.getElementById("vaxjo-kommun").data("name")), "Växjö kommun");
    assert.match(await page.locator("#graph-status").innerText(), /around Växjö kommun/);
    await b.shot("explorer-vaxjo");

    // Expand a neighbour by clicking it on the canvas: its neighbours are added.
    const target = "euroregion-baltic";
    const before = await count(page, "node");
    const pos = await page.evaluate((id) => {
      const n = window.kgExplorer.cy.getElementById(id);
      window.kgExplorer.cy.center(n);
      const box = document.getElementById("graph").getBoundingClientRect();
      return n.nonempty() ? { x: box.x + n.renderedPosition().x, y: box.y + n.renderedPosition().y } : null;
    }, await page.evaluate(() => {
      // a drawn neighbour that is not yet expanded and has neighbours of its own: a network
      const cy = window.kgExplorer.cy;
      const n = cy.nodes('[kind = "NETWORK"]').filter((x) => !x.hasClass("expanded")).sort((a, b) => a.id().localeCompare(b.id()));
      return (cy.getElementById("region-kronoberg").nonempty() ? cy.getElementById("region-kronoberg") : n[0]).id();
    }));
    assert.ok(pos, "no node to expand");
    await page.mouse.click(pos.x, pos.y);
    await page.waitForFunction((n) => window.kgExplorer.cy.nodes().length > n, before);
    await idle(page);
    const after = await count(page, "node");
    assert.ok(after > before, `expanding added no nodes (${before} → ${after})`);
    await b.shot("explorer-expanded");
    void target;

    // Click an edge on the canvas: the panel shows its evidence quote with source and date.
    const mid = await page.evaluate(() => {
      // The point on an edge of Växjö kommun farthest from every other edge (straight segments),
      // zoomed in on, so that the pointer is on that edge alone.
      const cy = window.kgExplorer.cy;
      const seg = (e) => [e.source().position(), e.target().position()];
      const dist = (p, [a, b]) => {
        const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy || 1;
        const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l));
        return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
      };
      let best = null;
      const all = cy.edges().toArray();
      for (const e of cy.getElementById("vaxjo-kommun").connectedEdges().toArray()) {
        if (e.source().id() === e.target().id()) continue;
        const [a, b] = seg(e);
        for (const t of [0.3, 0.45, 0.6, 0.75]) {
          const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
          let clear = Infinity;
          for (const o of all) if (o !== e) clear = Math.min(clear, dist(p, seg(o)));
          if (!best || clear > best.clear) best = { e, p, clear };
        }
      }
      cy.zoom({ level: 2, position: best.p });
      cy.pan({ x: cy.width() / 2 - best.p.x * cy.zoom(), y: cy.height() / 2 - best.p.y * cy.zoom() });
      const box = document.getElementById("graph").getBoundingClientRect();
      return { id: best.e.id(), x: box.x + cy.width() / 2, y: box.y + cy.height() / 2 };
    });
    await page.mouse.click(mid.x, mid.y);
    await page.locator("#panel blockquote").first().waitFor();
    assert.equal(await page.evaluate(() => window.kgExplorer.state.selected.id), mid.id);
    const cite = await page.locator("#panel .cite").first().innerText();
    assert.match(cite, /as of (\d{4}|undated)/);
    assert.ok((await page.locator("#panel blockquote").first().innerText()).length > 10);
    await b.shot("explorer-edge");

    assert.deepEqual(b.foreign, [], "requests to other origins");
    assert.deepEqual(await b.csp(), [], "CSP violations");
    assert.deepEqual(b.problems, [], "console errors");
  } finally {
    await b.close();
  }
});

test("explorer: hops, type and year filters redraw; keyboard selects and expands; links to and from GraphiQL", async () => {
  const b = await open();
  try {
    const { page } = b;
    await page.goto(BASE + "/explore?id=vaxjo-kommun");
    await page.evaluate(() => window.kgExplorer.ready);
    await idle(page);
    const all = await count(page, "edge");
    const dated = await page.evaluate(() => window.kgExplorer.cy.edges().filter((e) => e.data("since") && e.data("since") > "2011").length);
    assert.ok(dated > 0, "no relationship of Växjö kommun starts after 2011");

    // As of 2010: relationships stated to start later are gone, undated ones stay.
    await page.getByLabel("As of year").check();
    await page.locator("#year").focus();
    await page.locator("#year").fill("2010");
    await page.locator("#year").dispatchEvent("change");
    await page.waitForFunction(() => /as of 2010/.test(document.getElementById("graph-status").textContent));
    await idle(page);
    const asOf = await page.evaluate(() => window.kgExplorer.cy.edges().map((e) => e.data("since") || ""));
    assert.ok(asOf.length < all && asOf.length > 0, `as of 2010: ${asOf.length} of ${all} edges`);
    assert.ok(asOf.every((s) => s === "" || s.slice(0, 4) <= "2010"), `edges after 2010 still drawn: ${asOf}`);
    await page.getByLabel("As of year").uncheck();
    await page.waitForFunction((n) => window.kgExplorer.cy.edges().length === n, all);

    // Only MEMBER_OF: every drawn edge is a membership.
    await page.getByRole("button", { name: "None" }).click();
    await page.getByLabel("member of").check();
    await page.waitForFunction(() => window.kgExplorer.cy.edges().length > 0 &&
      window.kgExplorer.cy.edges().every((e) => e.data("type") === "MEMBER_OF"));
    await page.getByRole("button", { name: "All", exact: true }).click();
    await page.waitForFunction((n) => window.kgExplorer.cy.edges().length === n, all);

    // Two hops draw more.
    await page.getByLabel("Hops from the chosen node").selectOption("2");
    await page.waitForFunction((n) => window.kgExplorer.cy.edges().length > n, all);
    await idle(page);
    await page.getByLabel("Hops from the chosen node").selectOption("1");
    await page.waitForFunction((n) => window.kgExplorer.cy.edges().length === n, all);
    await idle(page);

    // Keyboard: focus the diagram, → selects a node, Enter expands it.
    await page.locator("#graph").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => window.kgExplorer.state.selected && window.kgExplorer.state.selected.id !== "vaxjo-kommun");
    const picked = await page.evaluate(() => window.kgExplorer.state.selected.id);
    await page.locator("#panel h2.title").waitFor();
    const before = await count(page, "node");
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => window.kgExplorer.state.expanded.has(id), picked);
    await idle(page);
    assert.ok(await count(page, "node") >= before);

    // The panel's relationship list is reachable by keyboard and opens an edge's evidence.
    await page.locator("#panel .rels button").first().focus();
    await page.keyboard.press("Enter");
    await page.locator("#panel blockquote").first().waitFor();

    // "Open in GraphiQL" opens the node as a query in a new GraphiQL tab, and it runs.
    await page.locator("#panel .actions a", { hasText: "Open in GraphiQL" }).click();
    await page.getByRole("tab", { name: /^Relationship/ }).waitFor();
    await page.getByRole("button", { name: /Execute query/ }).click();
    await page.locator(".result-window").getByText('"evidence"').first().waitFor();

    // GraphiQL's "Draw in explorer" draws the current query's result.
    await page.getByRole("tab", { name: /AroundVaxjo/ }).click();
    await page.getByRole("button", { name: /Draw this query's result/ }).click();
    await page.waitForURL(/\/explore\?query=/);
    await page.waitForFunction(() => /from your query/.test(document.getElementById("graph-status").textContent));
    assert.equal(await count(page, "node"), 59);
    assert.ok(await count(page, "edge") > 50);
    await b.shot("explorer-from-graphiql");

    assert.deepEqual(b.foreign, [], "requests to other origins");
    assert.deepEqual(await b.csp(), [], "CSP violations");
    assert.deepEqual(b.problems, [], "console errors");
  } finally {
    await b.close();
  }
});
