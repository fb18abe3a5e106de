package analysis

import (
	"cmp"
	"context"
	"math"
	"slices"

	"gonum.org/v1/gonum/graph/network"

	"github.com/kommunkg/kg/internal/kg"
)

// Measure names a centrality. The values are the GraphQL enum's.
type Measure string

const (
	Degree      Measure = "DEGREE"
	Betweenness Measure = "BETWEENNESS"
	Eigenvector Measure = "EIGENVECTOR"
	PageRank    Measure = "PAGERANK"
)

// Measures lists every measure.
var Measures = []Measure{Degree, Betweenness, Eigenvector, PageRank}

// MaxBetweennessNodes bounds betweenness: Brandes' algorithm costs one breadth-first search
// per node (O(n·m)), so above this many nodes it is refused (ETOOLARGE) even for the whole
// graph, where the result would be cached: gonum's Brandes keeps its state in maps, and
// takes about 4 s at 1000 nodes and 60 s at 3000 on the 2-core reference machine
// (BENCHMARKS.md).
const MaxBetweennessNodes = 2000

// MaxEigenvectorRounds bounds the eigenvector power iteration (each round is one pass over
// the edges). Graphs whose two largest eigenvalues are close converge slowly; after this many
// rounds the scores are those of the last round over an undirected graph; a directed graph
// that has not converged by then is refused (see Centrality).
const MaxEigenvectorRounds = 1000

// Damping is PageRank's damping factor (networkx's default).
const Damping = 0.85

// scoreDigits: scores are rounded to this many decimals, so that iterative methods' last
// bits (gonum's PageRank starts from a random vector) never reorder tied nodes between runs
// or between backends.
const scoreDigits = 1e9

// Centrality computes measure for every node of g, indexed like the projection's ids.
// It stops with ETIMEOUT when ctx ends between steps.
//
// Over an undirected g (New; the direction rule BOTH) the measures are networkx's on the
// simple undirected graph (see the package documentation). Over a directed g (NewDirected:
// OUT follows relationships as written, IN against it; "followed direction" below) they are
// networkx's on the simple directed graph (nx.DiGraph of the followed edges):
//
//   - DEGREE: the relationships followed out of the node (distinct successors) / (n − 1):
//     OUT is the out-degree (networkx.out_degree_centrality), IN the in-degree
//     (networkx.in_degree_centrality). BOTH counts distinct neighbours, so a pair a → b,
//     b → a counts once there and once in each of OUT and IN.
//   - BETWEENNESS: over the shortest paths that follow the direction,
//     1/((n − 1)(n − 2)) × the sum over ordered pairs (networkx.betweenness_centrality of the
//     DiGraph). Reversing every edge reverses every path, so OUT and IN give the same scores.
//   - PAGERANK: a random walk that follows the direction (networkx.pagerank of the DiGraph):
//     rank flows from a node to its successors, so under OUT the nodes pointed at (networks,
//     funders' projects …) rank high, under IN the nodes pointing (members); a node with no
//     successor spreads its rank evenly.
//   - EIGENVECTOR: a node scores by the scores of the nodes leading to it
//     (networkx.eigenvector_centrality of the DiGraph: x_v ∝ Σ_{u → v} x_u; IN is the
//     out-edge version). On a directed graph whose followed edges form no cycle (every
//     membership points from member to network) every eigenvalue is 0 and there is no such
//     eigenvector: when the iteration has not converged after MaxEigenvectorRounds rounds
//     the answer is an INVALID error naming PAGERANK, as networkx raises
//     PowerIterationFailedConvergence.
func Centrality(ctx context.Context, g *Graph, m Measure) ([]float64, error) {
	n := g.Len()
	out := make([]float64, n)
	if n == 0 {
		return out, nil
	}
	switch m {
	case Degree:
		if n > 1 {
			for i := range out {
				out[i] = float64(g.Degree(int32(i))) / float64(n-1)
			}
		}
	case Betweenness:
		if n > MaxBetweennessNodes {
			return nil, kg.Errorf(kg.ETOOLARGE, "betweenness is computed over at most %d nodes, this graph has %d; name a center or fewer types", MaxBetweennessNodes, n)
		}
		if n > 2 {
			scale := 1 / (float64(n-1) * float64(n-2))
			for id, v := range network.Betweenness(g.gonum()) {
				out[id] = v * scale
			}
		}
	case Eigenvector:
		x, converged, err := eigenvector(ctx, g)
		if err != nil {
			return nil, err
		}
		if !converged && g.directed {
			return nil, kg.Errorf(kg.EINVALID, "eigenvector centrality does not converge on this directed graph within %d rounds (followed in one direction its relationships form few or no cycles); use measure: PAGERANK, or direction: BOTH", MaxEigenvectorRounds)
		}
		out = x
	case PageRank:
		x, err := pageRank(ctx, g)
		if err != nil {
			return nil, err
		}
		out = x
	default:
		return nil, kg.Errorf(kg.EINVALID, "unknown centrality measure %q", m)
	}
	for i, v := range out {
		out[i] = math.Round(v*scoreDigits) / scoreDigits
	}
	return out, ctxErr(ctx)
}

// eigenvector is networkx.eigenvector_centrality's power iteration: x ← (A + I)x,
// normalised to unit length, from the all-ones vector, until the change summed over the
// nodes is below n·1e-10, or after MaxEigenvectorRounds rounds. A + I has the same eigenvectors as A and
// its leading eigenvalue is strictly largest in magnitude, so the iteration converges also
// on bipartite graphs (municipalities–networks), where it would oscillate on A alone.
//
// On a directed g the rows are successors, so x_v gains the scores of the nodes leading to v
// (networkx's iteration on a DiGraph). converged is false when the rounds ran out.
func eigenvector(ctx context.Context, g *Graph) (x []float64, converged bool, err error) {
	n := g.Len()
	x = make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	tol := float64(n) * 1e-10
	for round := 0; round < MaxEigenvectorRounds; round++ {
		if round&15 == 15 {
			if err := ctxErr(ctx); err != nil {
				return nil, false, err
			}
		}
		copy(next, x)
		for i := 0; i < n; i++ {
			xi := x[i]
			for _, j := range g.Neighbours(int32(i)) {
				next[j] += xi
			}
		}
		var norm float64
		for _, v := range next {
			norm += v * v
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			norm = 1
		}
		var diff float64
		for i := range next {
			next[i] /= norm
			diff += math.Abs(next[i] - x[i])
		}
		x, next = next, x
		if diff < tol {
			return x, true, nil
		}
	}
	return x, false, nil
}

// pageRank is networkx.pagerank's power iteration on the graph with every edge both ways
// (a directed g: its edges as the rows list them, successors; dangling = no successor):
// from the uniform vector, x ← d·(Aᵀ D⁻¹ x + dangling mass / n) + (1 − d)/n, until the L1
// change is below n·1e-12, or after MaxEigenvectorRounds rounds. It is written out rather
// than taken from gonum because gonum's network.PageRank starts from a random vector, so its
// last digits — and with them the order of tied nodes — would differ between runs and between
// backends; the tests check it against network.PageRankSparse.
func pageRank(ctx context.Context, g *Graph) ([]float64, error) {
	n := g.Len()
	x := make([]float64, n)
	next := make([]float64, n)
	for i := range x {
		x[i] = 1 / float64(n)
	}
	tol := float64(n) * 1e-12
	for round := 0; round < MaxEigenvectorRounds; round++ {
		if round&15 == 15 {
			if err := ctxErr(ctx); err != nil {
				return nil, err
			}
		}
		var dangling float64
		for i := 0; i < n; i++ {
			if g.Degree(int32(i)) == 0 {
				dangling += x[i]
			}
		}
		base := (Damping*dangling + 1 - Damping) / float64(n)
		for i := range next {
			next[i] = base
		}
		for i := 0; i < n; i++ {
			row := g.Neighbours(int32(i))
			if len(row) == 0 {
				continue
			}
			share := Damping * x[i] / float64(len(row))
			for _, j := range row {
				next[j] += share
			}
		}
		var diff float64
		for i := range next {
			diff += math.Abs(next[i] - x[i])
		}
		x, next = next, x
		if diff < tol {
			break
		}
	}
	return x, nil
}

// Ranked is one node's score and rank: 1 for the highest score, equal scores share a rank
// (1, 2, 2, 4 …).
type Ranked struct {
	Index int32 // into the projection's ids
	Score float64
	Rank  int
}

// Rank orders scores highest first, ties by id, and assigns competition ranks.
func Rank(ids []string, scores []float64) []Ranked {
	out := make([]Ranked, len(scores))
	for i, s := range scores {
		out[i] = Ranked{Index: int32(i), Score: s}
	}
	slices.SortFunc(out, func(a, b Ranked) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(ids[a.Index], ids[b.Index])
	})
	for i := range out {
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}

func ctxErr(ctx context.Context) error {
	switch err := ctx.Err(); err {
	case nil:
		return nil
	case context.DeadlineExceeded:
		return kg.WrapError(kg.ETIMEOUT, err, "request timed out")
	default:
		return kg.WrapError(kg.EUNAVAILABLE, err, "request cancelled")
	}
}
