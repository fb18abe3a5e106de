"""Independent check of the one-mode projection export (internal/export/projection.go).

Usage: projection_check.py DIR KIND [CENTER]

DIR holds plain.graphml — the ordinary graph export of the same selection (the whole graph
through the via types, or CENTER's neighbourhood) — and the projection in every format:
projection.graphml, projection.gexf (GEXF 1.2, which networkx before 3.6 reads),
projection.json (Cytoscape.js) and projection-edges.csv. networkx builds the simple
undirected graph of plain.graphml, projects it onto the nodes of KIND with
bipartite.weighted_projected_graph (restricted to those nodes: networkx would also tie a
node to a neighbour's neighbour of another kind) and every file must hold exactly those
nodes, those ties, those weights and, as shared, the common neighbours. Prints a summary;
exits 1 on any difference.
"""
import csv
import json
import os
import sys

import networkx as nx
from networkx.algorithms import bipartite

d, kind = sys.argv[1], sys.argv[2]
center = sys.argv[3] if len(sys.argv) > 3 else None

plain = nx.read_graphml(os.path.join(d, "plain.graphml"))
B = nx.Graph()
B.add_nodes_from((n, a) for n, a in plain.nodes(data=True))
B.add_edges_from((u, v) for u, v in plain.edges() if u != v)
nodes = [n for n in B if B.nodes[n].get("kind") == kind and (B.degree(n) > 0 or n == center)]
P = bipartite.weighted_projected_graph(B, nodes).subgraph(nodes)
want_w = {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
want_s = {frozenset((u, v)): sorted(set(B[u]) & set(B[v])) for u, v in P.edges()}

problems = []


def check(name, G, weight, shared):
    if set(G.nodes()) != set(nodes):
        problems.append(f"{name}: nodes differ: {sorted(set(G.nodes()) ^ set(nodes))[:10]}")
    got_w = {frozenset((u, v)): float(weight(a)) for u, v, a in G.edges(data=True)}
    if got_w != {k: float(w) for k, w in want_w.items()}:
        diff = [(sorted(k), got_w.get(k), want_w.get(k)) for k in set(got_w) | set(want_w) if got_w.get(k) != want_w.get(k)]
        problems.append(f"{name}: weights differ (got, networkx): {diff[:10]}")
    for u, v, a in G.edges(data=True):
        s = shared(a)
        if s != want_s.get(frozenset((u, v))):
            problems.append(f"{name}: shared of {u}–{v}: {s} vs {want_s.get(frozenset((u, v)))}")
            break


split = lambda s: s.split(" | ") if s else []
g = nx.read_graphml(os.path.join(d, "projection.graphml"))
if g.is_directed() or g.is_multigraph():
    problems.append("graphml: not a simple undirected graph")
check("graphml", g, lambda a: a["weight"], lambda a: split(a["shared"]))

g = nx.read_gexf(os.path.join(d, "projection.gexf"))
if g.is_directed():
    problems.append("gexf: directed")
check("gexf", g, lambda a: a["weight"], lambda a: split(a["shared"]))

with open(os.path.join(d, "projection.json")) as f:
    g = nx.cytoscape_graph(json.load(f))
if g.is_directed() or g.is_multigraph():
    problems.append("json: not a simple undirected graph")
check("json", g, lambda a: a["weight"], lambda a: a["shared"])

g = nx.Graph()
g.add_nodes_from(nodes)  # edges.csv has no isolated nodes: take them from the networkx side
with open(os.path.join(d, "projection-edges.csv"), newline="") as f:
    for row in csv.DictReader(f):
        if row["Type"] != "Undirected":
            problems.append(f"edges.csv: Type {row['Type']}")
        g.add_edge(row["Source"], row["Target"], weight=row["Weight"], shared=row["shared"])
check("edges.csv", g, lambda a: a["weight"], lambda a: split(a["shared"]))

print(json.dumps({"networkx": nx.__version__, "kind": kind, "center": center, "nodes": len(nodes),
                  "ties": P.number_of_edges(), "total_weight": sum(want_w.values()),
                  "top": sorted(((w, sorted(k)) for k, w in want_w.items()), reverse=True)[:3],
                  "problems": problems}, ensure_ascii=False))
sys.exit(1 if problems else 0)
