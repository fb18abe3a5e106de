package graph

import (
	"reflect"

	"github.com/kommunkg/kg/graph/generated"
	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Query cost ("complexity"): an estimate of how many objects a query can make the server
// produce, computed before anything runs and refused above a limit (internal/httpapi). The
// model, like GitHub's node limit and Shopify's calculated cost:
//
//   - a scalar or enum field costs 0 (its object was already paid for);
//   - an object field costs 1 + the cost of its selection;
//   - a list costs n × (1 + the cost of one item's selection), where n is the list's size
//     argument (first, limit, len(ids), maxHops + 1) or, for a list without one,
//     UnsizedListWeight; evidence lists count EvidenceWeight items.
//
// The functions here fill gqlgen's ComplexityRoot for the lists whose size an argument sets;
// the walker in internal/httpapi applies the defaults to every other field.

// UnsizedListWeight is the number of items a list without a size argument (memberships,
// evidence, attributes, aliases …) is assumed to hold; every list that can grow is a
// connection sized by first. The server additionally stops any execution that resolves more
// than its field budget.
const UnsizedListWeight = 20

// EvidenceWeight is the number of evidence items assumed per fact (the seeds have 1–3).
const EvidenceWeight = 3

// Complexity fills c with the cost functions of every sized list in the schema. Fields that
// recur on every node type (edges, relationships, evidence) and on every connection (nodes,
// edges) are set on all types that have them, so a new type cannot be forgotten.
func Complexity(c *generated.ComplexityRoot) {
	// Connections under a node (issue 16): 1 + first × the cost of one item; the
	// connection's nodes / edges cost one item each (below).
	page := func(child int, first *int) int { return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child) }
	sizedEdges := func(child int, _ []kg.EdgeType, _ *kg.Direction, _ *kg.PartialDate, _ *model.PeriodInput, _ *bool, first *int, _ *string) int {
		return page(child, first)
	}
	// typed relationship fields, representatives, representedBy, Person.mandates
	timedList := func(child int, _ *kg.PartialDate, _ *model.PeriodInput, _ *bool, first *int, _ *string) int {
		return page(child, first)
	}
	// contains, representativesByPrincipal, RepresentationGroup.mandates
	pagedList := func(child int, first *int, _ *string) int { return page(child, first) }
	perItem := func(child int) int { return 1 + child }
	evidence := func(child int) int { return list(EvidenceWeight, child) }

	root := reflect.ValueOf(c).Elem()
	for i := 0; i < root.NumField(); i++ {
		typ := root.Field(i)
		typeName := root.Type().Field(i).Name
		set := func(field string, fn any) {
			f := typ.FieldByName(field)
			if f.IsValid() && f.Type() == reflect.TypeOf(fn) {
				f.Set(reflect.ValueOf(fn))
			}
		}
		set("Edges", sizedEdges)
		set("Relationships", sizedEdges)
		for j := 0; j < typ.NumField(); j++ {
			if f := typ.Field(j); f.Type() == reflect.TypeOf(timedList) {
				f.Set(reflect.ValueOf(timedList))
			} else if f.Type() == reflect.TypeOf(pagedList) {
				f.Set(reflect.ValueOf(pagedList))
			}
		}
		set("Evidence", evidence)
		if len(typeName) > len("Connection") && typeName[len(typeName)-len("Connection"):] == "Connection" {
			// Connection.nodes / .edges cost one item each; the query field multiplies by first.
			set("Nodes", perItem)
			set("Edges", perItem)
		}
	}

	rootListComplexity(c) // allNodes and the typed root lists: graph/agg.go
	c.Query.Nodes = func(child int, ids []string) int { return list(min(len(ids), MaxIDs), child) }
	c.Query.Mandates = func(child int, _, _, _ *string, _ *kg.PartialDate, _ *model.PeriodInput, _ *bool, first *int, _ *string) int {
		return page(child, first)
	}
	aggComplexity(c) // search, counts, timelines, neighbourhood, path: graph/agg.go
	analysisComplexity(c)
}

// analysisComplexity weighs the network analysis fields (issue 17): the ranked connections
// by first, a community result by first × each community's listed nodes. Interlock.shared,
// SharedTies.ties and the edges of a tie count as unsized lists.
func analysisComplexity(c *generated.ComplexityRoot) {
	c.Query.Centrality = func(child int, _ model.CentralityMeasure, _ *string, _ *int, _ []kg.EdgeType, _ *kg.Direction, first *int, _ *string) int {
		return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child)
	}
	c.Query.Interlocks = func(child int, _ string, _ *kg.NodeKind, _ []kg.EdgeType, first *int, _ *string) int {
		return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child)
	}
	c.Query.Communities = func(child int, _ *string, _ *int, _ []kg.EdgeType, first *int) int {
		return 1 + mul(size(first, 20, maxCommunitiesListed), child)
	}
	c.CommunityResult.Communities = func(child int) int { return 1 + child }
	c.Community.Nodes = func(child int) int { return list(maxCommunityNodesListed, child) }
}

// size is a list's size argument, its default when absent, clamped to [0, max] (a larger
// value is refused by the resolver anyway).
func size(arg *int, def, max int) int {
	n := def
	if arg != nil {
		n = *arg
	}
	return min(max, n) // negative values are refused by the resolvers; cost them as given
}

// list is the cost of n items that each cost 1 + child.
func list(n, child int) int { return mul(max(n, 0), 1+child) }

// mul multiplies non-negative costs, saturating instead of overflowing.
func mul(a, b int) int {
	const limit = 1 << 40
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > limit/b {
		return limit
	}
	return a * b
}
