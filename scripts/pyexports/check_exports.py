#!/usr/bin/env python3
"""Read every kg export with networkx (and python-igraph, when installed) and check it.

Usage: check_exports.py DIR [--require-igraph]

DIR holds one folder per data set (written by the Go test TestPythonReaders in
internal/export), each with the exports of that data set and expect.json, which says what
a reader must find: node and edge counts, a few nodes and edges with their attributes, time
spells, source dates in evidence, the cited sources, the zip entries' date, and the
personal data (e-mail addresses, phone numbers) that must not appear in an anonymous export.

The GEXF 1.3 file is read only by networkx >= 3.6; with an older networkx the check is that
reading it fails with networkx's "No <graph> element" error (what docs/exports.md tells
users), and GEXF 1.2 must read. Exit status 0 when every check passed, 1 otherwise.
"""
import csv
import io
import json
import os
import re
import sys
import zipfile

import networkx as nx

try:
    import igraph as ig
except ImportError:  # not in every venv
    ig = None

NX_VERSION = tuple(int(p) for p in re.findall(r"\d+", nx.__version__)[:2])
EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)


def edge_index(G):
    """edge id -> (source, target, data) for any networkx graph read from a kg export."""
    out = {}
    if G.is_multigraph():
        for u, v, k, d in G.edges(keys=True, data=True):
            out[str(d.get("id", k))] = (u, v, d)
    else:
        for u, v, d in G.edges(data=True):
            out[str(d.get("id"))] = (u, v, d)
    return out


def check_graph(tag, G, exp, label_key="label", spells=False):
    """Counts, node and edge samples, evidence dates, no personal attributes."""
    check(G.is_directed(), f"{tag}: graph not directed")
    check(G.number_of_nodes() == exp["nodes"], f"{tag}: {G.number_of_nodes()} nodes, want {exp['nodes']}")
    check(G.number_of_edges() == exp["edges"], f"{tag}: {G.number_of_edges()} edges, want {exp['edges']}")
    for nid, want in exp["nodeSamples"].items():
        if nid not in G:
            failures.append(f"{tag}: node {nid!r} missing")
            continue
        d = G.nodes[nid]
        for k, v in want.items():
            got = d.get(label_key if k == "label" else k)
            check(got == v, f"{tag}: node {nid} {k} = {got!r}, want {v!r}")
    edges = edge_index(G)
    for eid, want in exp["edgeSamples"].items():
        if eid not in edges:
            failures.append(f"{tag}: edge {eid!r} missing")
            continue
        u, v, d = edges[eid]
        check((u, v) == (want["source"], want["target"]), f"{tag}: edge {eid} {u}->{v}, want {want['source']}->{want['target']}")
        for k, val in want.items():
            if k not in ("source", "target"):
                check(d.get(k) == val, f"{tag}: edge {eid} {k} = {d.get(k)!r}, want {val!r}")
    for nid, date in exp["evidenceDates"].items():
        ev = G.nodes[nid].get("evidence", "") if nid in G else ""
        if isinstance(ev, list):  # the Cytoscape JSON keeps evidence structured
            ok = any(e.get("sourceUpdated") == date for e in ev)
        else:  # flattened: "source-id (2018-08-07): quote"
            ok = f"({date}" in ev
        check(ok, f"{tag}: node {nid} evidence without its source date {date}: {str(ev)[:120]!r}")
    for nid, d in G.nodes(data=True):
        if "email" in d or "phone" in d:
            failures.append(f"{tag}: node {nid} has contact attributes")
            break
    if spells:
        for nid, (start, end) in exp["nodeSpells"].items():
            got = G.nodes[nid].get("spells") if nid in G else None
            check(bool(got) and got[0][0] == start and (end is None or got[0][1] == end),
                  f"{tag}: node {nid} spells {got!r}, want start {start} end {end}")
        for eid, (start, end) in exp["edgeSpells"].items():
            got = edges[eid][2].get("spells") if eid in edges else None
            check(bool(got) and got[0][0] == start and (end is None or got[0][1] == end),
                  f"{tag}: edge {eid} spells {got!r}, want start {start} end {end}")


def check_bytes(tag, data, exp, contact=False):
    """No personal data in an anonymous export; the contact export does carry it."""
    if contact:
        if exp["contactEmail"]:
            check(exp["contactEmail"].encode() in data, f"{tag}: contact export lacks {exp['contactEmail']}")
        return
    for s in exp["secrets"]:
        check(s.encode() not in data, f"{tag}: personal data {s!r} in an anonymous export")
    m = EMAIL.search(data)
    check(m is None, f"{tag}: something shaped like an e-mail address: {m.group(0) if m else ''!r}")


def csv_rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def graph_from_csv(nodes, edges):
    """The networkx reading of the CSV tables: Id/Label, Source/Target as Gephi names them."""
    G = nx.MultiDiGraph()
    for r in nodes:
        d = {k: v for k, v in r.items() if v != "" and k != "Id"}
        d["label"] = d.pop("Label", None)
        G.add_node(r["Id"], **d)
    for r in edges:
        d = {k: v for k, v in r.items() if v != ""}
        d["id"] = d.pop("Id")
        d["type"] = d.get("kind")
        G.add_edge(r["Source"], r["Target"], key=d["id"], **d)
    return G


def check_csv_columns(tag, nodes, edges):
    if nodes:
        check(list(nodes[0])[:2] == ["Id", "Label"], f"{tag}: nodes.csv starts {list(nodes[0])[:2]}")
    if edges:
        check(list(edges[0])[:5] == ["Id", "Source", "Target", "Type", "Label"], f"{tag}: edges.csv starts {list(edges[0])[:5]}")
        check({r["Type"] for r in edges} == {"Directed"}, f"{tag}: Type column is not the direction")


def check_igraph(tag, g, exp, name_attr):
    check(g.is_directed(), f"{tag}: not directed")
    check(g.vcount() == exp["nodes"], f"{tag}: {g.vcount()} vertices, want {exp['nodes']}")
    check(g.ecount() == exp["edges"], f"{tag}: {g.ecount()} edges, want {exp['edges']}")
    ids = g.vs[name_attr]
    for nid, want in exp["nodeSamples"].items():
        if nid not in ids:
            failures.append(f"{tag}: vertex {nid!r} missing")
            continue
        v = g.vs[ids.index(nid)]
        for k, val in want.items():
            key = {"label": "label"}.get(k, k)
            if key not in g.vs.attributes():
                key = "Label" if k == "label" else key
            check(v[key] == val, f"{tag}: vertex {nid} {k} = {v[key]!r}, want {val!r}")
    check("email" not in g.vs.attributes() and "phone" not in g.vs.attributes(), f"{tag}: contact attributes")


def run(root, require_igraph):
    if require_igraph and ig is None:
        failures.append("python-igraph is not installed in this environment")
    for ds in sorted(os.listdir(root)):
        d = os.path.join(root, ds)
        if not os.path.isfile(os.path.join(d, "expect.json")):
            continue
        with open(os.path.join(d, "expect.json"), encoding="utf-8") as f:
            exp = json.load(f)
        p = lambda name: os.path.join(d, name)
        raw = lambda name: open(p(name), "rb").read()
        for name in ("graph.graphml", "graph.gexf", "graph-1.2.gexf", "graph.json", "nodes.csv", "edges.csv"):
            check_bytes(f"{ds}/{name}", raw(name), exp)
        check_bytes(f"{ds}/contact.graphml", raw("contact.graphml"), exp, contact=True)
        tag = f"{ds} networkx {nx.__version__}"

        # GraphML
        check_graph(f"{tag} graphml", nx.read_graphml(p("graph.graphml")), exp)

        # GEXF 1.2: every networkx; GEXF 1.3: networkx >= 3.6, else the documented failure.
        check_graph(f"{tag} gexf 1.2", nx.read_gexf(p("graph-1.2.gexf")), exp, spells=True)
        if NX_VERSION >= (3, 6):
            check_graph(f"{tag} gexf 1.3", nx.read_gexf(p("graph.gexf")), exp, spells=True)
        else:
            try:
                nx.read_gexf(p("graph.gexf"))
                failures.append(f"{tag}: read GEXF 1.3, which docs/exports.md says it cannot")
            except nx.NetworkXError as e:
                check("No <graph> element" in str(e), f"{tag}: GEXF 1.3 failed otherwise: {e}")

        # Cytoscape.js JSON
        with open(p("graph.json"), encoding="utf-8") as f:
            cy = json.load(f)
        check_graph(f"{tag} json", nx.cytoscape_graph(cy), exp)

        # CSV tables, alone and in the zip
        nodes, edges = csv_rows(raw("nodes.csv")), csv_rows(raw("edges.csv"))
        check_csv_columns(f"{tag} csv", nodes, edges)
        check_graph(f"{tag} csv", graph_from_csv(nodes, edges), exp)
        with zipfile.ZipFile(p("graph.csv.zip")) as z:
            names = z.namelist()
            check(names == ["nodes.csv", "edges.csv", "sources.csv"], f"{tag} zip: entries {names}")
            for info in z.infolist():
                check(list(info.date_time) == exp["zipTime"], f"{tag} zip: {info.filename} dated {info.date_time}, want {exp['zipTime']}")
                check_bytes(f"{tag} zip {info.filename}", z.read(info), exp)
            zn, ze = csv_rows(z.read("nodes.csv")), csv_rows(z.read("edges.csv"))
            check_graph(f"{tag} zip", graph_from_csv(zn, ze), exp)
            src = csv_rows(z.read("sources.csv"))
            check(sorted(r["Id"] for r in src) == sorted(exp["sources"]), f"{tag} zip: sources.csv ids {[r['Id'] for r in src]}, want {exp['sources']}")
            for r in src:
                want = exp["sourceDates"].get(r["Id"], "")
                check(r["updated"] == want, f"{tag} zip: source {r['Id']} updated {r['updated']!r}, want {want!r}")

        # python-igraph: GraphML, the CSV tables, the Cytoscape JSON's elements
        if ig is not None:
            itag = f"{ds} igraph {ig.__version__}"
            check_igraph(f"{itag} graphml", ig.Graph.Read_GraphML(p("graph.graphml")), exp, "id")
            g = ig.Graph.DictList(vertices=nodes, edges=edges, directed=True,
                                  vertex_name_attr="Id", edge_foreign_keys=("Source", "Target"))
            check_igraph(f"{itag} csv", g, exp, "Id")
            g = ig.Graph.DictList(vertices=[n["data"] for n in cy["elements"]["nodes"]],
                                  edges=[e["data"] for e in cy["elements"]["edges"]], directed=True,
                                  vertex_name_attr="id", edge_foreign_keys=("source", "target"))
            check_igraph(f"{itag} json", g, exp, "id")


def main():
    args = sys.argv[1:]
    require_igraph = "--require-igraph" in args
    args = [a for a in args if a != "--require-igraph"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    run(args[0], require_igraph)
    who = f"networkx {nx.__version__}" + (f", igraph {ig.__version__}" if ig else "")
    for f in failures:
        print("FAIL", f)
    print(f"pyexports ({who}): {passed} checks ok, {len(failures)} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
