package difftest

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// readmeExamples are the README's example queries, verbatim.
var readmeExamples = []string{
	`{
  node(id: "bo-frank") {
    name
    ... on Person {
      party { abbreviation }
      mandates {
        totalCount
        nodes {
          role since until
          onBehalfOf { name }
          body { name }
          evidence { quote asOf source { title publisher } }
        }
      }
      affiliations { nodes { role node { name } } }
    }
  }
}`,
	`{
  node(id: "region-kronoberg") {
    ... on Region {
      representatives { totalCount nodes { person { name } party { abbreviation } role body { name } } }
    }
  }
}`,
	`{
  node(id: "euroregion-baltic") {
    ... on Network {
      representativesByPrincipal(first: 10) {
        nodes {
          onBehalfOf { name }
          mandates(first: 20) { nodes { person { name } role party { abbreviation } evidence { quote } } }
        }
      }
    }
  }
}`,
	`{ mandates(body: "energy-cities", activeAt: "2018") { totalCount nodes { person { name } role onBehalfOf { name } } } }`,
	`{
  node(id: "vaxjo-kommun") {
    degree
    members: degree(types: [MEMBER_OF], direction: OUT)
    relationshipCounts { type direction count }
    relationships(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { type direction role since until node { id name } } }
    }
  }
}`,
	`{
  node(id: "vaxjo-kommun") {
    relationships(activeAt: "2016", includeUndated: false) { totalCount nodes { type since until node { name } } }
  }
}`,
	`{ search(text: "Borgmästaravtalet") { nodes { score node { id name kind aliases } } } }`,
	`{
  networks(orderBy: { field: DEGREE, types: [MEMBER_OF], direction: IN, descending: true }, first: 5) {
    nodes { name }
  }
}`,
	`{
  counts(groupBy: COUNTRY) { key label count }
  node(id: "vaxjo-kommun") {
    timeline(first: 10) { totalCount nodes { date point relationship { type node { name } } mandate { role } evidence { quote } } }
  }
}`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 2, activeAt: "2016") { nodeCount edgeCount truncated } }`,
	`{ search(text: "kommun", first: 5) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { score node { id } } } } }`,
	`{ allNodes(orderBy: { field: DEGREE, descending: true }, filter: { minDegree: { count: 5 } }, first: 20) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
	`{ k: counts(groupBy: KIND) { key label count } c: counts(groupBy: CATEGORY, around: "vaxjo-kommun", hops: 2) { key count }
     e: counts(groupBy: EDGE_TYPE) { key label count } }`,
	`{
  path(from: "roland-gustbee", to: "vaxjo-kommun", maxHops: 4) {
    length
    nodes { id name kind }
    edges { type role from { id } to { id } evidence { quote } }
  }
}`,
	`{
  neighbourhood(id: "vaxjo-kommun", hops: 1, limit: 200) {
    truncated
    nodes { id name kind }
    edges { id type role since from { id } to { id } }
  }
}`,
	`{
  projects(first: 10, filter: { activeIn: 2016 }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      name since until
      participants { totalCount nodes { role node { name } } }
      funders { nodes { node { name } } }
      contacts { nodes { node { name } } }
    }
  }
}`,
}

// TestSeedGraph serves the shipped seed graph from Neo4j and from the embedded store and
// requires identical answers to every request below.
func TestSeedGraph(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	// Generous complexity so that one request can select every field of 25 nodes.
	p := newPair(t, g, httpapi.Config{MaxComplexity: 1 << 20})
	strict := newPair(t, g, httpapi.Config{}) // the default limits, for the error cases

	t.Run("README examples", func(t *testing.T) {
		for i, q := range readmeExamples {
			for _, tok := range []bool{false, true} {
				p.same(t, req{name: fmt.Sprintf("example %d token=%v", i+1, tok), query: q, token: tok})
			}
		}
	})

	t.Run("every typed field of every node", func(t *testing.T) {
		sels := typedSelections(t, p.mem)
		frags := make([]string, 0, len(sels))
		for _, k := range sortedKeys(sels) {
			frags = append(frags, sels[k])
		}
		ids := make([]string, len(g.Nodes))
		for i, n := range g.Nodes {
			ids[i] = n.ID
		}
		sort.Strings(ids)
		for i := 0; i < len(ids); i += 25 {
			chunk := ids[i:min(i+25, len(ids))]
			q := fmt.Sprintf("{ nodes(ids: %s) { __typename id %s } }", idList(chunk), strings.Join(frags, " "))
			for _, tok := range []bool{false, true} {
				p.same(t, req{name: fmt.Sprintf("nodes %s… token=%v", chunk[0], tok), query: q, token: tok})
			}
		}
		// Edge arguments: types, direction, first.
		for _, id := range []string{"vaxjo-kommun", "region-kronoberg", "bo-frank", "energy-cities", "euroregion-baltic"} {
			for _, args := range []string{"", "(first: 1)", "(first: 3, direction: OUT)", "(direction: IN)", "(types: [MEMBER_OF, PARTICIPATES_IN])", "(types: [REPRESENTS], direction: BOTH, first: 100)", `(activeAt: "2016")`, `(activeAt: "2016", includeUndated: false)`, `(activeDuring: {from: "2015", to: "2018"}, first: 5)`, `(activeDuring: {to: "2010"}, direction: OUT)`} {
				q := fmt.Sprintf(`{ node(id: %s) { edges%s %s relationships%s %s } }`, quote(id), args, sub["EdgeConnection"], args, sub["RelationshipConnection"])
				p.same(t, req{name: "edges of " + id + args, query: q})
			}
			for _, at := range []string{"2010", "2018", "2020-06", "2023-01-15"} {
				q := fmt.Sprintf(`{ node(id: %s) { degree relationshipCounts { type direction count } ... on Person { mandates(activeAt: %q) %s } } }`, quote(id), at, sub["MandateConnection"])
				p.same(t, req{name: "mandates of " + id + " at " + at, query: q})
			}
		}
	})

	t.Run("edges by id", func(t *testing.T) {
		var ids []string
		for _, e := range g.Edges {
			ids = append(ids, e.ID)
		}
		for _, m := range g.Mandates {
			for _, e := range kg.MandateEdges(m) {
				ids = append(ids, e.ID)
			}
		}
		ids = append(ids, "no-such-edge")
		for i := 0; i < len(ids); i += 40 {
			var b strings.Builder
			b.WriteString("{")
			for j, id := range ids[i:min(i+40, len(ids))] {
				fmt.Fprintf(&b, " e%d: edge(id: %s) %s", j, quote(id), sub["Edge"])
			}
			b.WriteString(" }")
			p.same(t, req{name: fmt.Sprintf("edges %d…", i), query: b.String()})
		}
	})

	t.Run("search", func(t *testing.T) {
		texts := []string{
			"Växjö", "vaxjo", "VÄXJÖ KOMMUN", "Vaxjo kommun", "Växjö kommnu", "Vxjö", "Luleå", "lulea", "LULEA KOMMUN",
			"Borgmästaravtalet", "borgmastaravtalet", "Covenant of Mayors", "covenant of mayor", "Covenant of Majors",
			"Energy Cities", "energy-cities", "Region Kronoberg", "Kronoberg", "kronobreg", "ICLEI", "iclei europe",
			"Bo Frank", "bo frank", "Frank", "Roland Gustbée", "roland gustbee", "Gustbe", "Sverige", "Sweden",
			"Euroregion Baltic", "ERB", "UBC", "Union of the Baltic Cities", "Linnéuniversitetet", "linneuniversitetet",
			"Småland", "smaland", "Östersjöregionen", "ostersjo", "Nürnberg", "nurnberg", "Poreč", "porec",
			"kommun", "region", "a", "ab", "x", "zzzzzz", "  växjö  ", "växjö, kommun!", "Ümeå", "ß", "İstanbul",
			"Slawomir Demkowicz-Dobrzanski", "Sławomir", "M", "S", "Miljöpartiet", "moderaterna",
		}
		for _, text := range texts {
			for _, args := range []string{"", ", first: 1", ", first: 100", ", kinds: [MUNICIPALITY, REGION]", ", kinds: [PERSON], first: 3"} {
				q := fmt.Sprintf(`{ search(text: %s%s) { nodes { score node { id name kind aliases } } } }`, quote(text), args)
				p.same(t, req{name: "search " + text + args, query: q})
			}
		}
	})

	t.Run("mandates", func(t *testing.T) {
		for _, f := range []string{
			"", `(person: "bo-frank")`, `(onBehalfOf: "region-kronoberg")`, `(onBehalfOf: "vaxjo-kommun")`,
			`(body: "euroregion-baltic")`, `(body: "erb-styrelse")`, `(body: "energy-cities", activeAt: "2018")`,
			`(body: "sbhss-styrgrupp", activeAt: "2016-05")`, `(person: "bo-frank", activeAt: "2099")`,
			`(onBehalfOf: "no-such-node")`, `(activeAt: "2019")`, `(first: 3)`, `(first: 100)`,
			`(activeDuring: {from: "2016", to: "2017"}, includeUndated: false)`, `(person: "bo-frank", first: 1)`,
		} {
			p.same(t, req{name: "mandates" + f, query: fmt.Sprintf("{ mandates%s %s }", f, sub["MandateConnection"])})
		}
		for _, id := range []string{"euroregion-baltic", "energy-cities", "ubc", "sbhss-styrgrupp", "region-kronoberg", "vaxjo-kommun"} {
			q := fmt.Sprintf(`{ node(id: %s) { ... on Network { representativesByPrincipal %s } ... on Organisation { representativesByPrincipal %s } ... on Region { representatives %s } ... on Municipality { representatives %s } } }`,
				quote(id), sub["RepresentationGroupConnection"], sub["RepresentationGroupConnection"], sub["MandateConnection"], sub["MandateConnection"])
			p.same(t, req{name: "representatives of " + id, query: q})
		}
	})

	t.Run("paths", func(t *testing.T) {
		ends := []string{"roland-gustbee", "vaxjo-kommun", "bo-frank", "lulea-kommun", "energy-cities", "sverige",
			"an-giang", "kumamoto", "maria-olsson", "klimatmotet-i-paris-2015", "vinnova", "no-such-node"}
		for _, from := range ends {
			for _, to := range ends {
				for _, args := range []string{"", ", maxHops: 1", ", maxHops: 6", ", maxHops: 3, types: [MEMBER_OF, PARTICIPATES_IN, LOCATED_IN]"} {
					q := fmt.Sprintf(`{ path(from: %s, to: %s%s) { length nodes { id name kind } edges { id type role from { id } to { id } } } }`, quote(from), quote(to), args)
					p.same(t, req{name: fmt.Sprintf("path %s→%s%s", from, to, args), query: q, anyPath: true})
				}
			}
		}
	})

	t.Run("neighbourhoods", func(t *testing.T) {
		for _, c := range []string{"vaxjo-kommun", "region-kronoberg", "bo-frank", "euroregion-baltic", "kumamoto", "sverige", "no-such-node"} {
			for _, args := range []string{"", ", hops: 0", ", hops: 2", ", hops: 3, limit: 1000", ", hops: 2, limit: 1", ", hops: 2, limit: 17",
				", hops: 3, limit: 50", ", hops: 2, types: [MEMBER_OF]", ", hops: 3, types: [REPRESENTS, SERVES_ON, PART_OF]"} {
				q := fmt.Sprintf(`{ neighbourhood(id: %s%s) { truncated nodes { id name kind } edges { id type role since until from { id } to { id } } } }`, quote(c), args)
				p.same(t, req{name: "neighbourhood " + c + args, query: q})
			}
		}
	})

	t.Run("paging and filters", func(t *testing.T) {
		lists := []string{"municipalities", "regions", "countries", "networks", "organisations", "funders", "people", "parties", "projects", "events",
			"allNodes", "allNodes(kinds: [PERSON, PROJECT])"}
		filters := []string{"", `filter: { nameContains: "kommun" }`, `filter: { nameContains: "ö" }`, `filter: { nameContains: "VAXJO" }`,
			`filter: { country: "sverige" }`, `filter: { activeIn: 2016 }`, `filter: { activeIn: 2016, nameContains: "e" }`, `filter: { country: "japan" }`}
		for _, l := range lists {
			field, kinds := l, ""
			if i := strings.Index(l, "("); i > 0 {
				field, kinds = l[:i], l[i+1:len(l)-1]+", "
			}
			for _, f := range filters {
				for _, first := range []int{1, 7, 100} {
					after := ""
					for page := 0; ; page++ {
						args := fmt.Sprintf("%sfirst: %d%s", kinds, first, after)
						if f != "" {
							args += ", " + f
						}
						q := fmt.Sprintf(`{ %s(%s) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name kind } } } }`, field, args)
						ans := p.same(t, req{name: fmt.Sprintf("%s(%s) page %d", field, args, page), query: q})
						next, _ := dig(ans, "data", field, "pageInfo", "hasNextPage").(bool)
						cursor, _ := dig(ans, "data", field, "pageInfo", "endCursor").(string)
						if !next || cursor == "" || page > 400 {
							break
						}
						after = ", after: " + quote(cursor)
					}
				}
			}
		}
	})

	t.Run("sources and stats", func(t *testing.T) {
		p.same(t, req{name: "sources", query: `{ sources { id title publisher updated dateNote language originalFile } }`})
		p.same(t, req{name: "stats", query: `{ stats { nodes edges mandates } }`})
	})

	t.Run("contact data", func(t *testing.T) {
		q := `{ people(first: 100) { nodes { id name email phone } } }`
		for _, tok := range []bool{false, true} {
			p.same(t, req{name: fmt.Sprintf("people contact token=%v", tok), query: q, token: tok})
		}
	})

	t.Run("errors", func(t *testing.T) {
		many := make([]string, 101)
		for i := range many {
			many[i] = fmt.Sprintf("id-%d", i)
		}
		for _, q := range []string{
			`{ node(id: "no-such-node") { id } }`,
			`{ nodes(ids: ["vaxjo-kommun", "nope", "bo-frank"]) { id name } }`,
			`{ nodes(ids: ` + idList(many) + `) { id } }`,
			`{ people(first: 101) { totalCount } }`,
			`{ people(first: -1) { totalCount } }`,
			`{ people(first: 5, after: "not-a-cursor") { totalCount } }`,
			`{ allNodes(first: 5, after: "") { totalCount } }`,
			`{ search(text: "vaxjo", first: 101) { nodes { score } } }`,
			`{ search(text: "") { nodes { score } } }`,
			`{ neighbourhood(id: "vaxjo-kommun", hops: 4) { truncated } }`,
			`{ neighbourhood(id: "vaxjo-kommun", limit: 1001) { truncated } }`,
			`{ neighbourhood(id: "vaxjo-kommun", hops: -1) { truncated } }`,
			`{ path(from: "vaxjo-kommun", to: "bo-frank", maxHops: 7) { length } }`,
			`{ path(from: "vaxjo-kommun", to: "bo-frank", maxHops: 0) { length } }`,
			`{ mandates(activeAt: "20xx") { nodes { id } } }`,
			`{ mandates(activeAt: "2018-13") { nodes { id } } }`,
			`{ mandates(first: 101) { totalCount } }`,
			`{ mandates(activeDuring: {from: "2020", to: "2019"}) { totalCount } }`,
			`{ node(id: "vaxjo-kommun") { relationships(after: "not-a-cursor") { totalCount } } }`,
			`{ node(id: "vaxjo-kommun") { ... on Municipality { memberships(first: 101) { totalCount } } } }`,
			`{ projects(filter: { country: "vaxjo-kommun" }) { totalCount } }`,
			`{ node(id: "vaxjo-kommun") { edges(first: 101) { nodes { id } } } }`,
			`{ node(id: "vaxjo-kommun") { ... on Municipality { nope } } }`,
			`{ node(id: `,
			`{ a: node(id: "bo-frank") { ... on Person { mandates(first: 100) { nodes { body { ... on Network { members(first: 100) { nodes { node { ... on Municipality { memberships(first: 100) { nodes { node { ... on Network { members(first: 100) { nodes { node { id } } } } } } } } } } } } } } } } } }`,
		} {
			strict.same(t, req{name: "error " + q, query: q})
		}
	})

	t.Run("exports", func(t *testing.T) {
		names := []string{"graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv", "graph.csv.zip"}
		sels := []url.Values{
			nil,
			{"center": {"region-kronoberg"}, "hops": {"1"}},
			{"center": {"vaxjo-kommun"}, "hops": {"2"}, "types": {"MEMBER_OF,PARTICIPATES_IN"}},
			{"center": {"bo-frank"}, "hops": {"3"}, "kinds": {"PERSON,NETWORK,ORGANISATION"}},
			{"contact": {"true"}},
			{"center": {"no-such-node"}},
			{"hops": {"9"}, "center": {"vaxjo-kommun"}},
		}
		for _, n := range names {
			for _, s := range sels {
				for _, tok := range []bool{false, true} {
					path := exportPath(n, s)
					p.same(t, req{name: fmt.Sprintf("GET %s token=%v", path, tok), path: path, token: tok})
				}
			}
		}
	})
}
