// The network explorer at /explore: search (the API's search), draw a node's neighbourhood
// with Cytoscape.js, click to expand, filter by hops, relationship type and year, and read
// the selected node's or edge's attributes, role, period and evidence in the side panel.
// Every GraphQL text is in queries.js. Strings from the API reach the page only as text
// (textContent), never as HTML.
"use strict";
(function () {
  const Q = window.KG.queries;
  const $ = (id) => document.getElementById(id);
  const FONT = 'system-ui, "DejaVu Sans", "Liberation Sans", sans-serif';
  const LIMIT = 200;

  // Colour and shape by kind (shape too, so kinds differ without colour vision).
  const KINDS = {
    MUNICIPALITY: ["#4e79a7", "ellipse", "Municipality"],
    REGION: ["#59a14f", "round-rectangle", "Region"],
    COUNTRY: ["#9c755f", "hexagon", "Country"],
    NETWORK: ["#f28e2b", "diamond", "Network"],
    ORGANISATION: ["#76b7b2", "round-rectangle", "Organisation"],
    FUNDER: ["#edc948", "star", "Funder"],
    PERSON: ["#e15759", "ellipse", "Person"],
    PROJECT: ["#b07aa1", "round-triangle", "Project"],
    PARTY: ["#ff9da7", "barrel", "Party"],
    EVENT: ["#bab0ac", "round-tag", "Event"],
  };
  const UNKNOWN = ["#cccccc", "ellipse", "Unknown"];
  const kindOf = (k) => KINDS[k] || UNKNOWN;
  const FALLBACK_TYPES = ["MEMBER_OF", "PARTICIPATES_IN", "FUNDS", "COORDINATES", "PARTNER_OF", "LOCATED_IN",
    "CONTACT_FOR", "AFFILIATED_WITH", "PART_OF", "HOSTS", "OWNS", "ORGANISES", "INITIATED", "REPRESENTS", "SERVES_ON"];
  const human = (t) => (t || "").toLowerCase().replace(/_/g, " ");

  let F = Q.readFeatures(null); // what the server has (introspection, once)
  const state = {
    root: null,            // the node whose neighbourhood is drawn (hops from it)
    base: null,            // or: a query's result drawn from /explore?query=…
    expanded: new Set(),   // nodes whose neighbours were added
    hops: 1,
    types: null,           // null: all relationship types
    year: null,            // null: any date
    selected: null,        // {kind: "node"|"edge", id}
  };
  let seq = 0; // the latest selection; older answers are dropped

  // ---------------------------------------------------------------- the API
  async function gql(query, variables, operationName) {
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query: query, variables: variables || {}, operationName: operationName || undefined }),
    });
    let body;
    try {
      body = await res.json();
    } catch (e) {
      throw new Error("the server answered HTTP " + res.status);
    }
    if (body.errors && body.errors.length && !body.data) {
      throw new Error(body.errors.map((e) => e.message + (e.extensions && e.extensions.code ? " (" + e.extensions.code + ")" : "")).join("; "));
    }
    return body;
  }

  // ---------------------------------------------------------------- DOM helpers
  function el(tag, attrs) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    }
    for (let i = 2; i < arguments.length; i++) {
      const c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }
  function swatch(kind) {
    const s = el("span", { class: "swatch", "aria-hidden": "true" });
    s.style.background = kindOf(kind)[0];
    return s;
  }
  function period(since, until) {
    if (!since && !until) return null;
    return (since || "…") + " – " + (until || "");
  }
  function status(text, warn) {
    const s = $("graph-status");
    s.textContent = text;
    s.classList.toggle("warn", !!warn);
  }
  function busy(on) {
    if (on) $("graph-status").setAttribute("data-busy", "1");
    else $("graph-status").removeAttribute("data-busy");
  }

  // ---------------------------------------------------------------- the drawing
  const cy = cytoscape({
    container: $("graph"),
    boxSelectionEnabled: false,
    minZoom: 0.15,
    maxZoom: 3,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", shape: "data(shape)", width: 22, height: 22,
        "border-width": 1, "border-color": "#39424e",
        label: "data(label)", "font-family": FONT, "font-size": 12, color: "#1b1b1b",
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 120,
        "text-background-color": "#fbfcfd", "text-background-opacity": 0.85, "text-background-padding": 1,
        "min-zoomed-font-size": 6,
      } },
      { selector: "node.expanded", style: { "border-width": 3, "border-color": "#1b1b1b" } },
      { selector: "node.root", style: { width: 34, height: 34, "font-weight": "bold", "font-size": 14 } },
      { selector: "node:selected", style: { "overlay-color": "#ffb000", "overlay-opacity": 0.45, "overlay-padding": 7 } },
      { selector: "node:selected, node.hover, node.root", style: {
        label: "data(name)", "text-wrap": "wrap", "text-max-width": 180, "z-index": 20, "text-background-opacity": 1,
      } },
      { selector: "edge", style: {
        width: 1.6, "line-color": "#9aa3b2", "target-arrow-color": "#9aa3b2", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", "font-family": FONT, "font-size": 10, label: "",
        "overlay-padding": 4,
      } },
      { selector: "edge.hover, edge:selected", style: {
        label: "data(label)", width: 3.5, "line-color": "#d9480f", "target-arrow-color": "#d9480f",
        "text-background-color": "#fff", "text-background-opacity": 0.9, "text-rotation": "autorotate", "z-index": 10,
      } },
    ],
  });
  cy.on("mouseover", "node, edge", (ev) => ev.target.addClass("hover"));
  cy.on("mouseout", "node, edge", (ev) => ev.target.removeClass("hover"));
  cy.on("tap", "node", (ev) => selectNode(ev.target.id(), true));
  cy.on("tap", "edge", (ev) => selectEdge(ev.target.id()));
  cy.on("tap", (ev) => { if (ev.target === cy) clearSelection(); });

  function nodeData(n) {
    const k = kindOf(n.kind);
    const label = n.name.length > 26 ? n.name.slice(0, 24) + "…" : n.name;
    return { group: "nodes", data: { id: n.id, name: n.name, kind: n.kind, label: label, color: k[0], shape: k[1] } };
  }
  function edgeData(e) {
    return { group: "edges", data: {
      id: e.id, source: e.from, target: e.to, type: e.type,
      label: human(e.type) + (e.role ? ": " + e.role : ""), since: e.since, until: e.until,
    } };
  }
  // flatten: the API's subgraph (edges with from{id}) to plain {nodes, edges}.
  function flat(sg) {
    return {
      nodes: sg.nodes,
      edges: sg.edges.map((e) => ({ id: e.id, type: e.type, role: e.role, since: e.since, until: e.until, from: e.from.id, to: e.to.id })),
      truncated: !!sg.truncated,
    };
  }

  // The year filter, where the server has no activeAt: a relationship is kept when its stated
  // period may include the year (undated ends are open), like the API's rule.
  function yearOf(d) { return d ? parseInt(String(d).slice(0, 4), 10) : null; }
  function mayBeActive(e, year) {
    const s = yearOf(e.since), u = yearOf(e.until);
    return (s === null || s <= year) && (u === null || u >= year);
  }
  function clientFilter(g) {
    let edges = g.edges;
    if (state.types) edges = edges.filter((e) => state.types.includes(e.type));
    if (state.year !== null) edges = edges.filter((e) => mayBeActive(e, state.year));
    if (edges.length === g.edges.length) return g;
    const keep = new Set([state.root].concat(Array.from(state.expanded)));
    for (const e of edges) { keep.add(e.from); keep.add(e.to); }
    return { nodes: g.nodes.filter((n) => keep.has(n.id)), edges: edges, truncated: g.truncated };
  }

  async function fetchHood(id, hops) {
    const vars = { id: id, hops: hops, types: state.types, limit: LIMIT };
    if (F.activeAt && state.year !== null) vars.activeAt = String(state.year);
    const r = await gql(Q.neighbourhood(F), vars);
    const g = flat(r.data.neighbourhood);
    // Types are always filtered by the server; the year here only where it cannot.
    return F.activeAt || state.year === null ? g : clientFilter(g);
  }

  // add puts nodes and edges into the drawing (new nodes start near `near`); returns the new nodes.
  function add(g, near) {
    const fresh = [];
    cy.batch(() => {
      let i = 0;
      for (const n of g.nodes) {
        if (cy.getElementById(n.id).nonempty()) continue;
        const d = nodeData(n);
        if (near) {
          const a = (i++ * 2.4), r = 40 + 6 * i;
          d.position = { x: near.x + r * Math.cos(a), y: near.y + r * Math.sin(a) };
        }
        fresh.push(cy.add(d));
      }
      for (const e of g.edges) {
        if (cy.getElementById(e.id).nonempty()) continue;
        if (cy.getElementById(e.from).empty() || cy.getElementById(e.to).empty()) continue;
        cy.add(edgeData(e));
      }
    });
    return fresh;
  }
  function mark() {
    cy.nodes().removeClass("root expanded");
    if (state.root) cy.getElementById(state.root).addClass("root");
    for (const id of state.expanded) cy.getElementById(id).addClass("expanded");
  }
  // layout places the nodes, then shows them all if labels stay readable, else zooms to a
  // readable size around `focus` (pan, zoom or "Fit all" for the rest).
  const READABLE = 0.9;
  function layout(incremental, focus) {
    const opts = {
      name: "cose", animate: false, randomize: !incremental, fit: false,
      nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 8000, idealEdgeLength: () => 50,
      nodeOverlap: 8, gravity: 0.8, numIter: 1500, componentSpacing: 40,
    };
    cy.layout(opts).run();
    cy.fit(undefined, 20);
    const f = focus && cy.getElementById(focus);
    if (cy.zoom() < READABLE && f && f.nonempty()) {
      cy.zoom(READABLE);
      cy.center(f);
    }
  }
  function summary(truncated) {
    const n = cy.nodes().length, m = cy.edges().length;
    let t = n + " nodes, " + m + " edges";
    if (state.root) t += " · around " + cy.getElementById(state.root).data("name") + ", " + state.hops + (state.hops === 1 ? " hop" : " hops");
    if (state.year !== null) t += " · as of " + state.year;
    if (truncated) t += " · cut at " + LIMIT + " nodes per walk (use filters or fewer hops)";
    status(t, truncated);
  }

  // reload redraws everything for the current filters: the root's neighbourhood (or the
  // query's result), plus one hop around each expanded node.
  async function reload() {
    busy(true);
    try {
      const walks = [];
      if (state.root) walks.push(fetchHood(state.root, state.hops));
      for (const id of state.expanded) if (id !== state.root) walks.push(fetchHood(id, 1));
      const gs = await Promise.all(walks);
      if (state.base) gs.unshift(clientFilter(state.base));
      cy.elements().remove();
      let truncated = false;
      for (const g of gs) { add(g, null); truncated = truncated || g.truncated; }
      mark();
      layout(false, state.selected ? state.selected.id : state.root);
      reselect();
      summary(truncated);
    } catch (e) {
      status("Could not draw: " + e.message, true);
    } finally {
      busy(false);
    }
  }

  async function drawRoot(id) {
    state.root = id;
    state.base = null;
    state.expanded = new Set([id]);
    state.selected = { kind: "node", id: id };
    updateURL();
    await reload();
    selectNode(id, false);
  }

  async function expand(id) {
    if (state.expanded.has(id) || cy.getElementById(id).empty()) return;
    state.expanded.add(id);
    busy(true);
    try {
      const g = await fetchHood(id, 1);
      const fresh = add(g, cy.getElementById(id).position());
      mark();
      if (fresh.length) layout(true, id);
      summary(g.truncated);
      status($("graph-status").textContent + " · expanded " + cy.getElementById(id).data("name") + ": " + fresh.length + " new", g.truncated);
    } catch (e) {
      state.expanded.delete(id);
      status("Could not expand: " + e.message, true);
    } finally {
      busy(false);
    }
  }

  function reselect() {
    cy.elements().unselect();
    if (state.selected) cy.getElementById(state.selected.id).select();
  }
  function clearSelection() {
    state.selected = null;
    seq++;
    cy.elements().unselect();
    $("panel").replaceChildren(el("p", { class: "muted", text: "Select a node or an edge to see its attributes, role, period and the evidence quotes." }));
  }

  // ---------------------------------------------------------------- the side panel
  function evidenceList(list) {
    if (!list || !list.length) return el("p", { class: "muted small", text: "No evidence recorded." });
    const out = el("div", { class: "evidence" });
    for (const ev of list) {
      const src = ev.source || {};
      const cite = "— " + [src.title, src.publisher].filter(Boolean).join(", ") +
        ", as of " + (ev.asOf || "undated") + (ev.basis && ev.basis !== "STATED" ? " (" + ev.basis.toLowerCase() + ")" : "");
      // The quote in the document's language (Swedish), for screen readers and hyphenation.
      out.append(el("blockquote", { text: ev.quote, lang: src.language || null }), el("p", { class: "cite", text: cite }));
    }
    return out;
  }
  function dl(rows) {
    const d = el("dl");
    for (const [k, v] of rows) if (v !== null && v !== undefined && v !== "") d.append(el("dt", { text: k }), el("dd", {}, v));
    return d;
  }
  function nodeButton(n) {
    return el("button", { type: "button", class: "linkish inline", onclick: () => selectNode(n.id, false) }, swatch(n.kind), n.name);
  }
  function graphiqlLink(query, text) {
    return el("a", { href: "/?" + new URLSearchParams({ query: query }).toString(), text: text || "Open in GraphiQL" });
  }
  function setPanel(...children) {
    $("panel").replaceChildren(...children);
  }

  async function selectNode(id, andExpand) {
    const my = ++seq;
    state.selected = { kind: "node", id: id };
    reselect();
    setPanel(el("p", { class: "muted", text: "Loading…" }));
    const [r] = await Promise.all([
      gql(Q.node(F), { id: id }).catch((e) => ({ error: e })),
      andExpand ? expand(id) : null,
    ]);
    if (my !== seq) return;
    if (r.error || !r.data || !r.data.node) {
      setPanel(el("p", { class: "error", text: r.error ? r.error.message : "No node " + id }));
      return;
    }
    renderNode(r.data.node);
  }

  function renderNode(n) {
    const rels = n.rels || Q.relationships(F, n);
    n.rels = rels;
    const k = kindOf(n.kind);
    const drawn = cy.getElementById(n.id).nonempty();
    const actions = el("div", { class: "actions" },
      el("button", { type: "button", disabled: !drawn || state.expanded.has(n.id), onclick: async () => { await expand(n.id); renderNode(n); } },
        state.expanded.has(n.id) ? "Expanded" : "Expand neighbours"),
      n.id !== state.root ? el("button", { type: "button", onclick: () => drawRoot(n.id) }, "Draw from here") : null,
      graphiqlLink(Q.nodeInGraphiQL(F, n.id)));
    const parts = [
      el("p", { class: "kind-badge" }, swatch(n.kind), k[2] + (n.category ? " · " + n.category : "")),
      el("h2", { class: "title", text: n.name }),
      actions,
      dl([
        ["id", n.id],
        ["aliases", n.aliases && n.aliases.length ? n.aliases.join(", ") : null],
        ["period", period(n.since, n.until)],
        ["party", n.party ? n.party.name + (n.party.abbreviation ? " (" + n.party.abbreviation + ")" : "") : null],
        ["note", n.note],
      ]),
    ];
    if (n.attributes && n.attributes.length) {
      parts.push(el("h2", { text: "Attributes" }));
      for (const a of n.attributes) {
        parts.push(dl([[a.key, a.value]]), evidenceList(a.evidence));
      }
    }
    parts.push(el("h2", { text: "Evidence" }), evidenceList(n.evidence));

    // Relationship counts: the server's (relationshipCounts) where it has them, else this page's.
    const counts = new Map();
    if (n.relationshipCounts) {
      for (const c of n.relationshipCounts) counts.set(c.type + " " + c.direction, c.count);
    } else {
      for (const r of rels.list) counts.set(r.type + " " + r.direction, (counts.get(r.type + " " + r.direction) || 0) + 1);
    }
    const total = rels.total !== null ? rels.total : Array.from(counts.values()).reduce((a, b) => a + b, 0);
    parts.push(el("h2", { text: "Relationships (" + total + ")" }));
    const cl = el("ul", { class: "counts" });
    for (const [key, c] of counts) {
      const [type, dir] = key.split(" ");
      cl.append(el("li", { text: (dir === "OUT" ? "→ " : "← ") + human(type) + ": " + c }));
    }
    parts.push(cl);
    if (rels.list.length < total) parts.push(el("p", { class: "muted small", text: "Showing the first " + rels.list.length + " of " + total + "." }));
    const more = rels.after ? el("button", { type: "button", onclick: async () => {
      more.disabled = true;
      try {
        const r = await gql(Q.relPage(F), { id: n.id, after: rels.after });
        const next = Q.relationships(F, r.data.node);
        n.rels = { list: rels.list.concat(next.list), total: next.total, after: next.after };
        if (state.selected && state.selected.id === n.id) renderNode(n);
      } catch (e) {
        more.replaceWith(el("p", { class: "error", text: e.message }));
      }
    } }, "Show the next " + Q.REL_PAGE) : null;
    const ul = el("ul", { class: "rels" });
    for (const r of rels.list) {
      const text = (r.direction === "OUT" ? "→ " : "← ") + human(r.type) + " " + r.node.name +
        (r.role ? " (" + r.role + ")" : "") + (period(r.since, r.until) ? ", " + period(r.since, r.until) : "");
      ul.append(el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => selectEdge(r.edge.id) }, swatch(r.node.kind), text)));
    }
    parts.push(ul, more);
    setPanel(...parts);
  }

  async function selectEdge(id) {
    const my = ++seq;
    state.selected = { kind: "edge", id: id };
    reselect();
    setPanel(el("p", { class: "muted", text: "Loading…" }));
    let r;
    try {
      r = await gql(Q.edge, { id: id });
    } catch (e) {
      r = { error: e };
    }
    if (my !== seq) return;
    if (r.error || !r.data || !r.data.edge) {
      setPanel(el("p", { class: "error", text: r.error ? r.error.message : "No edge " + id }));
      return;
    }
    const e = r.data.edge;
    const m = e.mandate;
    setPanel(
      el("p", { class: "kind-badge", text: "Relationship · " + e.type }),
      el("h2", { class: "title" }, e.from.name + " — " + human(e.type) + " → " + e.to.name),
      el("div", { class: "actions" }, graphiqlLink(Q.edgeInGraphiQL(e.id))),
      dl([
        ["from", nodeButton(e.from)],
        ["to", nodeButton(e.to)],
        ["role", e.role],
        ["period", period(e.since, e.until) || "not stated"],
        ["note", e.note],
        ["mandate", m ? [m.role, m.party && m.party.abbreviation, m.onBehalfOf && "for " + m.onBehalfOf.name, m.body && "in " + m.body.name].filter(Boolean).join(", ") : null],
        ["id", e.id],
      ]),
      el("h2", { text: "Evidence" }),
      evidenceList(e.evidence));
  }

  // ---------------------------------------------------------------- a query's result
  // drawQuery runs a query (from GraphiQL's "Draw in explorer") and draws every node in its
  // answer (objects with id, name and kind) and every edge (objects with type, from{id}, to{id},
  // or relationships with type, direction and node under a node).
  async function drawQuery(query, variables, operationName) {
    busy(true);
    try {
      const r = await gql(query, variables, operationName);
      const nodes = new Map(), edges = new Map(), missing = new Set();
      const isNode = (o) => typeof o.id === "string" && typeof o.name === "string" && typeof o.kind === "string";
      const visit = (v, parent) => {
        if (Array.isArray(v)) { for (const x of v) visit(x, parent); return; }
        if (!v || typeof v !== "object") return;
        let here = parent;
        if (isNode(v)) { if (!nodes.has(v.id)) nodes.set(v.id, { id: v.id, name: v.name, kind: v.kind }); here = v.id; }
        if (typeof v.type === "string" && v.from && v.to && typeof v.from.id === "string" && typeof v.to.id === "string") {
          const id = v.id || v.from.id + "|" + v.type + "|" + v.to.id;
          edges.set(id, { id: id, type: v.type, role: v.role, since: v.since, until: v.until, from: v.from.id, to: v.to.id });
          missing.add(v.from.id); missing.add(v.to.id);
        }
        if (parent && typeof v.type === "string" && (v.direction === "OUT" || v.direction === "IN") && v.node && typeof v.node.id === "string") {
          const from = v.direction === "OUT" ? parent : v.node.id, to = v.direction === "OUT" ? v.node.id : parent;
          const id = (v.edge && v.edge.id) || from + "|" + v.type + "|" + to;
          edges.set(id, { id: id, type: v.type, role: v.role, since: v.since, until: v.until, from: from, to: to });
          missing.add(v.node.id);
        }
        for (const key in v) visit(v[key], here);
      };
      visit(r.data, null);
      // Ends named only by id: fetch their names and kinds (100 at a time).
      const ids = Array.from(missing).filter((id) => !nodes.has(id));
      for (let i = 0; i < ids.length; i += 100) {
        const got = await gql(Q.nodesBrief, { ids: ids.slice(i, i + 100) });
        for (const n of got.data.nodes) if (n) nodes.set(n.id, n);
      }
      state.root = null;
      state.expanded = new Set();
      state.base = { nodes: Array.from(nodes.values()), edges: Array.from(edges.values()), truncated: false };
      cy.elements().remove();
      add(clientFilter(state.base), null);
      const hub = cy.nodes().length ? cy.nodes().max((n) => n.degree()).ele.id() : null;
      layout(false, hub);
      if (!nodes.size) {
        status("The query's answer has no nodes to draw (objects with id, name and kind).", true);
      } else {
        summary(false);
        status($("graph-status").textContent + " · from your query" + (operationName ? " " + operationName : "") +
          (r.errors && r.errors.length ? " (with " + r.errors.length + " errors)" : ""));
      }
    } catch (e) {
      status("Could not run the query: " + e.message, true);
    } finally {
      busy(false);
    }
  }

  // ---------------------------------------------------------------- controls
  $("search-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = $("search-text").value.trim();
    if (!text) return;
    const list = $("results");
    $("results-status").textContent = "Searching…";
    try {
      const r = await gql(Q.search(F), { text: text });
      const hits = Q.searchHits(F, r.data);
      list.replaceChildren();
      for (const h of hits) {
        const n = h.node;
        list.append(el("li", {}, el("button", {
          type: "button", "data-id": n.id,
          onclick: (e) => {
            for (const b of list.querySelectorAll("button")) b.removeAttribute("aria-current");
            e.currentTarget.setAttribute("aria-current", "true");
            drawRoot(n.id);
          },
        }, swatch(n.kind), n.name, " ", el("span", { class: "kind", text: kindOf(n.kind)[2] + (n.category ? " · " + n.category : "") }))));
      }
      $("results-status").textContent = hits.length ? hits.length + " found for “" + text + "”; choose one to draw it." : "Nothing found for “" + text + "”.";
    } catch (e) {
      $("results-status").textContent = "Search failed: " + e.message;
    }
  });

  $("hops").addEventListener("change", () => { state.hops = parseInt($("hops").value, 10); updateURL(); if (state.root || state.base) reload(); });

  let yearTimer = null;
  function yearChanged() {
    const on = $("date-on").checked;
    $("year").disabled = !on;
    $("year-out").textContent = $("year").value;
    state.year = on ? parseInt($("year").value, 10) : null;
    clearTimeout(yearTimer);
    yearTimer = setTimeout(() => { if (state.root || state.base) reload(); }, 250);
  }
  $("date-on").addEventListener("change", yearChanged);
  $("year").addEventListener("input", () => { $("year-out").textContent = $("year").value; });
  $("year").addEventListener("change", yearChanged);

  function typesChanged() {
    const boxes = Array.from(document.querySelectorAll("#type-list input"));
    const on = boxes.filter((b) => b.checked).map((b) => b.value);
    state.types = on.length === boxes.length ? null : on;
    if (state.types && !state.types.length) {
      cy.elements().remove();
      status("No relationship type chosen.", true);
      return;
    }
    if (state.root || state.base) reload();
  }
  function buildTypes(types) {
    const list = $("type-list");
    list.replaceChildren();
    for (const t of types) {
      const id = "type-" + t;
      list.append(el("label", { for: id }, el("input", { type: "checkbox", id: id, value: t, checked: true, onchange: typesChanged }), human(t)));
    }
  }
  const setAll = (v) => { for (const b of document.querySelectorAll("#type-list input")) b.checked = v; typesChanged(); };
  $("types-all").addEventListener("click", () => setAll(true));
  $("types-none").addEventListener("click", () => setAll(false));

  $("zoom-in").addEventListener("click", () => cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
  $("zoom-out").addEventListener("click", () => cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
  $("zoom-fit").addEventListener("click", () => cy.fit(undefined, 20));

  for (const kind in KINDS) $("legend").append(el("li", {}, swatch(kind), KINDS[kind][2]));

  // Keyboard on the diagram: arrows walk the nodes by name, Enter expands, Escape clears.
  $("graph").addEventListener("keydown", (ev) => {
    const nodes = cy.nodes().sort((a, b) => a.data("name").localeCompare(b.data("name"), "sv"));
    if (!nodes.length) return;
    const cur = state.selected && state.selected.kind === "node" ? nodes.toArray().findIndex((n) => n.id() === state.selected.id) : -1;
    let next = null;
    if (ev.key === "ArrowRight" || ev.key === "ArrowDown") next = nodes[(cur + 1) % nodes.length];
    else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") next = nodes[(cur - 1 + nodes.length) % nodes.length];
    else if (ev.key === "Enter" && cur >= 0) { ev.preventDefault(); selectNode(nodes[cur].id(), true); return; }
    else if (ev.key === "Escape") { clearSelection(); return; }
    else if (ev.key === "+" || ev.key === "=") { $("zoom-in").click(); return; }
    else if (ev.key === "-") { $("zoom-out").click(); return; }
    else return;
    ev.preventDefault();
    selectNode(next.id(), false);
    const e = cy.extent(), p = next.position();
    if (p.x < e.x1 || p.x > e.x2 || p.y < e.y1 || p.y > e.y2) cy.center(next);
  });

  function updateURL() {
    if (!state.root) return;
    const u = new URLSearchParams({ id: state.root });
    if (state.hops !== 1) u.set("hops", String(state.hops));
    history.replaceState(null, "", "/explore?" + u.toString());
  }

  // ---------------------------------------------------------------- start
  async function start() {
    const y = new Date().getFullYear();
    $("year").max = String(y + 1);
    $("year").value = String(y);
    $("year-out").textContent = String(y);
    try {
      F = Q.readFeatures((await gql(Q.features)).data);
    } catch (e) {
      F = Q.readFeatures(null); // introspection off: the shapes of this page's own schema
    }
    buildTypes(F.edgeTypes || FALLBACK_TYPES);
    $("date-note").textContent = F.activeAt
      ? "Relationships whose stated period may include the year (the API's activeAt); undated ones are kept."
      : "Relationships whose stated since/until may include the year (filtered here: this server's neighbourhood has no activeAt); undated ones are kept.";
    const p = new URLSearchParams(location.search);
    if (p.get("hops")) { state.hops = Math.min(3, Math.max(1, parseInt(p.get("hops"), 10) || 1)); $("hops").value = String(state.hops); }
    if (p.get("query")) {
      let vars = {};
      try {
        vars = p.get("variables") ? JSON.parse(p.get("variables")) : {};
      } catch (e) {
        status("The variables are not valid JSON: " + e.message, true);
        return;
      }
      await drawQuery(p.get("query"), vars, p.get("operationName"));
    } else if (p.get("id")) {
      await drawRoot(p.get("id"));
    }
  }
  window.kgExplorer = { cy: cy, state: state, ready: start() };
})();
