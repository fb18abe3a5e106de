"""Independent check of internal/analysis: the same measures computed by networkx.

Reads a projection exported by python_test.go (JSON: ids, edges as [from, to] index pairs,
a partition as lists of indexes), builds the simple undirected graph networkx would, and
prints the measures as JSON on stdout. Under "directed" it also builds the simple directed
graph of the edges as written (OUT) and its reverse (IN) and prints the directed measures
for each: out-degree (in-degree for IN), betweenness, PageRank and eigenvector centrality
(null when networkx's iteration does not converge within the same 1000 rounds at the same
tolerance as internal/analysis). Needs networkx (tested with 3.4.2); no numpy: PageRank
uses networkx's pure-Python implementation.
"""
import json
import sys

import networkx as nx
from networkx.algorithms.community import louvain_communities, modularity
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

data = json.load(open(sys.argv[1]))
G = nx.Graph()
G.add_nodes_from(range(len(data["ids"])))
G.add_edges_from((u, v) for u, v in data["edges"] if u != v)

out = {
    "version": nx.__version__,
    "degree": nx.degree_centrality(G),
    "betweenness": nx.betweenness_centrality(G),
    "eigenvector": nx.eigenvector_centrality(G, max_iter=10000, tol=1e-12),
    "pagerank": _pagerank_python(G, alpha=0.85, tol=1e-13, max_iter=10000),
    "modularity_of_partition": modularity(G, [set(c) for c in data["partition"]]),
    "louvain_modularity": max(modularity(G, louvain_communities(G, seed=s)) for s in range(5)),
}
for k in ("degree", "betweenness", "eigenvector", "pagerank"):
    out[k] = [out[k][i] for i in range(len(data["ids"]))]
if data.get("directed"):
    D = nx.DiGraph()
    D.add_nodes_from(range(len(data["ids"])))
    D.add_edges_from((u, v) for u, v in data["edges"] if u != v)
    for name, H in (("out", D), ("in", D.reverse(copy=True))):
        try:
            ev = nx.eigenvector_centrality(H, max_iter=1000, tol=1e-10)
            ev = [ev[i] for i in range(len(data["ids"]))]
        except nx.PowerIterationFailedConvergence:
            ev = None
        deg = nx.out_degree_centrality(D) if name == "out" else nx.in_degree_centrality(D)
        bc = nx.betweenness_centrality(H)
        pr = _pagerank_python(H, alpha=0.85, tol=1e-13, max_iter=10000)
        out[name] = {
            "degree": [deg[i] for i in range(len(data["ids"]))],
            "betweenness": [bc[i] for i in range(len(data["ids"]))],
            "pagerank": [pr[i] for i in range(len(data["ids"]))],
            "eigenvector": ev,
            "edges": H.number_of_edges(),
        }
json.dump(out, sys.stdout)
