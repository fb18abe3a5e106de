package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// directQueries select lists DirectList writes (plain fields, fragments, aliases, @skip and
// @include, __typename, repeated fields) and lists it must leave to gqlgen (evidence, a
// Person's party, arguments, connections below), over the shipped seeds.
var directQueries = []string{
	`{ neighbourhood(id: "vaxjo-kommun", hops: 2, limit: 1000) { truncated nodes { id name kind aliases category since until note __typename } edges { id type role since until note __typename from { id name kind } to { id kind __typename } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { a: id b: name id ... on Person { name } ... on Municipality { kind category } ...F } } } fragment F on Node { aliases since }`,
	`query($s: Boolean!, $i: Boolean!) { neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id name @skip(if: $s) kind @include(if: $i) ... on Node @skip(if: $i) { note } } edges { id from @include(if: $s) { id } to { ... on Region { name } ... on Network { name } id } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id id name name } edges { x: from { id } x: from { name } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id ... on Person { party { name } } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id evidence { quote asOf } } edges { id evidence { quote } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id degree } edges { id mandate { id role } } } }`,
	`{ neighbourhood(id: "vaxjo-kommun", hops: 1) { nodes { id timeline(first: 1) { totalCount } } } }`,
	`{ path(from: "roland-gustbee", to: "vaxjo-kommun", maxHops: 4) { length nodes { id name kind __typename } edges { id type from { id } to { id } since until } } }`,
	`{ node(id: "vaxjo-kommun") { ... on Municipality { memberOf(first: 100) { totalCount nodes { type direction role since until __typename node { id name kind } } } } relationships(first: 100) { nodes { type direction node { id ... on Person { name } } } edges { cursor node { type } } } edges(first: 100) { nodes { id type from { id } to { name } } } } }`,
	`{ node(id: "vaxjo-kommun") { relationships(first: 100) { nodes { type node { id edges(first: 1) { totalCount } } } } } }`,
	`{ node(id: "vaxjo-kommun") { relationships(first: 100) { nodes { type edge { id } } } } }`,
	`{ search(text: "Brysselkontor", first: 5) { nodes { node { id name aliases } } } }`,
	`{ mandates(first: 100) { totalCount nodes { id role since until note __typename party { id name } person { id name party { id name kind } } onBehalfOf { id name kind ... on Person { party { name } } } body { id name __typename } } } }`,
	`{ mandates(first: 100) { nodes { person { party { abbreviation } } } } }`,
	`{ mandates(first: 100) { nodes { id evidence { quote } } } }`,
	`{ node(id: "region-kronoberg") { ... on Region { representatives(first: 100) { nodes { role person { name party { name } } body { name } } } } } }`,
	`{ node(id: "bo-frank") { ... on Person { party { name } mandates(first: 100) { totalCount nodes { role since until party { id } onBehalfOf { name } body { name ... on Network { members(first: 5) { totalCount } } } } } } } }`,
}

// The lists DirectList writes come out byte for byte as gqlgen writes them — on the
// shipped seeds, on the graph with contact data planted in every text (anonymous callers:
// redacted the same way; authorised: the same text), for the queries above and for a
// query per field of every type (TestNoContactDataInAnyField's), with the same status and
// error codes.
func TestDirectListsAreGqlgensBytes(t *testing.T) {
	shipped, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	cv := seedContacts(t, shipped)
	planted := plantedGraph(t, cv)
	for _, tc := range []struct {
		name    string
		cfg     httpapi.Config
		queries []string
	}{
		{"shipped", testConfig(shippedStore(t)), directQueries},
		{"planted", testConfig(planted), directQueries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			direct := newServer(t, tc.cfg)
			off := tc.cfg
			off.GqlgenLists = true
			gqlgen := newServer(t, off)
			queries := tc.queries
			ids, edgeID, from, to := queryArgs(t, shipped)
			for _, q := range generateQueries(t, introspect(t, direct), ids, edgeID, from, to) {
				queries = append(queries, q.query)
			}
			before := graph.DirectListsWritten()
			for _, q := range queries {
				for _, vars := range []string{`{"s": false, "i": true}`, `{"s": true, "i": false}`} {
					if !strings.Contains(q, "$s") && vars[6] == 't' {
						continue
					}
					for _, auth := range []bool{false, true} {
						ds, db := rawGraphQLVars(t, direct, q, vars, auth)
						gs, gb := rawGraphQLVars(t, gqlgen, q, vars, auth)
						if ds != gs || canonical(t, db) != canonical(t, gb) {
							t.Errorf("auth %v, vars %s, %s\ndirect %d %.2000s\ngqlgen %d %.2000s", auth, vars, q, ds, db, gs, gb)
						}
					}
				}
			}
			if n := graph.DirectListsWritten() - before; n < int64(len(tc.queries)) {
				t.Errorf("only %d lists were written directly: the queries do not exercise DirectList", n)
			}
		})
	}
}

// The execution guard charges a directly written list the fields gqlgen would resolve:
// the smallest field budget that answers each query is the same either way.
func TestDirectListsChargeTheSameFields(t *testing.T) {
	store := shippedStore(t)
	for _, q := range directQueries[:4] {
		need := func(gqlgenLists bool) int {
			lo, hi := 1, 25_000 // hi answers, lo-1 does not
			for lo < hi {
				mid := (lo + hi) / 2
				cfg := testConfig(store)
				cfg.MaxResponseFields, cfg.GqlgenLists = mid, gqlgenLists
				s := httpapi.New(cfg)
				if _, body := serveVars(t, s, q, `{"s": false, "i": true}`); strings.Contains(body, "RESPONSE_TOO_LARGE") {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			return lo
		}
		if d, g := need(false), need(true); d != g {
			t.Errorf("%.80s: smallest budget %d with direct lists, %d without", q, d, g)
		} else if d < 50 {
			t.Errorf("%.80s: needs only %d fields: the query does not reach its lists", q, d)
		} else {
			t.Log(fmt.Sprintf("%.60s: %d fields", q, d))
		}
	}
}

// canonical is a response body with its errors sorted: gqlgen adds the errors of list
// elements marshalled concurrently in no fixed order, so two gqlgen answers to one query
// may differ in that order alone. The data and everything else stay byte for byte.
func canonical(t *testing.T, body string) string {
	t.Helper()
	var r struct {
		Errors     []json.RawMessage `json:"errors"`
		Data       json.RawMessage   `json:"data"`
		Extensions json.RawMessage   `json:"extensions"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, body)
	}
	errs := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		errs[i] = string(e)
	}
	sort.Strings(errs)
	return fmt.Sprintf("errors %v\ndata %s\nextensions %s", errs, r.Data, r.Extensions)
}

// rawGraphQLVars is rawGraphQL with variables (a JSON object).
func rawGraphQLVars(t *testing.T, s *testServer, query, vars string, auth bool) (int, string) {
	t.Helper()
	req := graphQLRequest(t, s.URL+"/graphql", query, vars)
	if auth {
		req.Header.Set("Authorization", "Bearer "+personalToken)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// serveVars answers one anonymous request with h in-process.
func serveVars(t *testing.T, h http.Handler, query, vars string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, graphQLRequest(t, "http://kg.test/graphql", query, vars))
	return rec.Code, rec.Body.String()
}

func graphQLRequest(t *testing.T, url, query, vars string) *http.Request {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": json.RawMessage(vars)})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}
