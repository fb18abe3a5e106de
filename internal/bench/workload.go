// Package bench defines the performance workload once, so that the Go benchmarks (store vs
// GraphQL, in bench_test.go) and the HTTP load generator (cmd/kgload) measure the same
// questions on the same synthetic graphs (package gen).
//
// Each Case pairs a GraphQL request with Direct: the store calls that answer the same
// question without GraphQL — what a hand-written endpoint would do, batched per level like
// the resolvers. The ratio GraphQL/Direct is the cost of the GraphQL layer.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
)

// Case is one benchmarked question.
type Case struct {
	Name      string
	Query     string
	Variables map[string]any
	// Direct answers the question with store calls and returns how many items it produced.
	Direct func(ctx context.Context, s kg.Store) (int, error)
	// Floor, when set, answers with the same store calls as Direct and writes the answer's
	// JSON by hand into b: the same bytes GraphQL answers an anonymous caller (floor.go).
	Floor func(ctx context.Context, s kg.Store, b *bytes.Buffer) error
}

// WhoRepresentsWhom is the load-test query: every mandate in a busy network body (≈100),
// with the person, their party, whom they represent and the body.
const WhoRepresentsWhom = `query WhoRepresentsWhom($body: ID!) {
  mandates(body: $body, first: 100) {
    totalCount
    nodes {
      id role since until
      person { id name party { id name } }
      onBehalfOf { id name kind }
      body { id name }
    }
  }
}`

// ThreeLevels: person → mandates (first 10) → bodies → their members (first 100).
const ThreeLevels = `query ThreeLevels($person: ID!) {
  node(id: $person) {
    id name
    ... on Person {
      mandates(first: 10) {
        nodes {
          id role
          body {
            id name
            ... on Organisation { members(first: 100) { totalCount nodes { node { id name kind } } } }
            ... on Network { members(first: 100) { totalCount nodes { node { id name kind } } } }
          }
        }
      }
    }
  }
}`

// Search is what a user types into a search box.
const Search = `query Search($text: String!) {
  search(text: $text, first: 10) { nodes { score node { id name kind } } }
}`

// Path between two far nodes.
const Path = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 6) { length nodes { id name kind } edges { id type } }
}`

// Neighbourhood: two hops around a municipality, as a dashboard draws it.
const Neighbourhood = `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, hops: 2, limit: 1000) {
    truncated
    nodes { id name kind }
    edges { id type from { id } to { id } }
  }
}`

// NeighbourhoodFixed is Neighbourhood capped at 200 nodes: an answer of the same size at
// every graph size (the centre's 2-hop neighbourhood has over 200 nodes at 1k already), so
// its time across sizes measures the store's scaling rather than a growing answer.
const NeighbourhoodFixed = `query NeighbourhoodFixed($id: ID!) {
  neighbourhood(id: $id, hops: 2, limit: 200) {
    truncated
    nodes { id name kind }
    edges { id type from { id } to { id } }
  }
}`

// Cases returns the workload for a generated graph's landmarks.
func Cases(lm gen.Landmarks) []Case {
	whoDirect, whoFl := whoFloor(lm.BusyBody)
	threeDirect, threeFl := threeFloor(lm.Person)
	nbDirect, nbFl := neighbourhoodFloor(lm.Center, 1000)
	fixDirect, fixFl := neighbourhoodFloor(lm.Center, 200)
	return []Case{
		{Name: "WhoRepresentsWhom", Query: WhoRepresentsWhom, Variables: map[string]any{"body": lm.BusyBody},
			Direct: whoDirect, Floor: whoFl},
		{Name: "ThreeLevels", Query: ThreeLevels, Variables: map[string]any{"person": lm.Person},
			Direct: threeDirect, Floor: threeFl},
		{Name: "Search", Query: Search, Variables: map[string]any{"text": lm.SearchText},
			Direct: func(ctx context.Context, s kg.Store) (int, error) {
				p, err := s.Search(ctx, kg.SearchQuery{Text: lm.SearchText, First: 10})
				if err != nil {
					return 0, err
				}
				return len(p.Hits), nil
			}},
		{Name: "Path", Query: Path, Variables: map[string]any{"from": lm.PathFrom, "to": lm.PathTo},
			Direct: func(ctx context.Context, s kg.Store) (int, error) {
				p, err := s.Path(ctx, kg.PathQuery{From: lm.PathFrom, To: lm.PathTo, MaxHops: 6})
				if err != nil || p == nil {
					return 0, errOr(err, "no path from %s to %s", lm.PathFrom, lm.PathTo)
				}
				return len(p.Nodes), nil
			}},
		{Name: "Neighbourhood2", Query: Neighbourhood, Variables: map[string]any{"id": lm.Center},
			Direct: nbDirect, Floor: nbFl},
		{Name: "NeighbourhoodFixed", Query: NeighbourhoodFixed, Variables: map[string]any{"id": lm.Center},
			Direct: fixDirect, Floor: fixFl},
	}
}

func errOr(err error, format string, args ...any) error {
	if err != nil {
		return err
	}
	return fmt.Errorf(format, args...)
}

func bodyAndParts(ctx context.Context, s kg.Store, id string) ([]string, error) {
	ids, frontier := []string{id}, []string{id}
	for depth := 0; depth < 2 && len(frontier) > 0; depth++ {
		lists, err := s.EdgesOf(ctx, frontier, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgePartOf}, Direction: kg.DirIn})
		if err != nil {
			return nil, err
		}
		frontier = nil
		for _, es := range lists {
			for _, e := range es {
				if !slices.Contains(ids, e.From) {
					ids = append(ids, e.From)
					frontier = append(frontier, e.From)
				}
			}
		}
	}
	return ids, nil
}

func dedupe(ids []string) []string {
	slices.Sort(ids)
	return slices.Compact(ids)
}
