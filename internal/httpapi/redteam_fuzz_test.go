package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// FuzzRedteamArguments fuzzes the arguments of the fields added after FuzzHostileDocument's
// generator was written — the analysis fields (centrality with direction, communities,
// interlocks, sharedTies), timeline, counts(groupBy), orderBy/minDegree on the root lists —
// with fuzzer-chosen ids, cursors, dates, periods and sizes passed as variables: always a
// JSON answer, never a 5xx, every error coded, and the answer at most 64× the request (the
// date errors once quoted a whole value per field).
func FuzzRedteamArguments(f *testing.F) {
	const query = `query($id: ID!, $b: ID!, $c: ID, $after: String, $d: PartialDate, $p: PeriodInput, $first: Int, $hops: Int, $n: Int!) {
  a: centrality(measure: PAGERANK, direction: OUT, center: $c, hops: $hops, first: $first, after: $after) { totalCount nodes { rank score node { id } } pageInfo { endCursor } }
  b: centrality(measure: BETWEENNESS, direction: IN, center: $c, hops: $hops, first: $first) { totalCount }
  c: communities(center: $c, hops: $hops, first: $first) { count modularity communities { id size } }
  d: interlocks(id: $id, kind: MUNICIPALITY, first: $first, after: $after) { totalCount nodes { rank count node { id } } }
  e: sharedTies(a: $id, b: $b, activeAt: $d) { count groups { typeA typeB count } }
  f: counts(groupBy: COUNTRY, around: $c, hops: $hops) { key count }
  g: allNodes(orderBy: {field: DEGREE, types: [MEMBER_OF], direction: IN, descending: true}, filter: {minDegree: {count: $n}}, first: $first, after: $after) { totalCount }
  h: node(id: $id) { id timeline(first: $first, after: $after) { totalCount nodes { date point } } relationships(activeAt: $d, activeDuring: $p, first: $first, after: $after) { totalCount } }
  i: mandates(activeAt: $d, activeDuring: $p, first: $first, after: $after) { totalCount }
}`
	for _, s := range []struct {
		id, b, c, after, d, from, to string
		first, hops, n               int
	}{
		{"vaxjo-kommun", "region-kronoberg", "vaxjo-kommun", "", "2016", "2010", "2020", 5, 2, 1},
		{"vaxjo-kommun", "vaxjo-kommun", "", "azpjZW50cmFsaXR5OjE2OnJlZ2lvbi1rcm9ub2Jlcmc", "2016-02-30", "2020", "2010", 100, 3, 0},
		{"x", "\x00", "x", "bjp4", "0000", "", "", -1, 9, -1},
	} {
		f.Add(s.id, s.b, s.c, s.after, s.d, s.from, s.to, s.first, s.hops, s.n)
	}
	h := httpapi.New(httpapi.Config{Store: shippedStore(f)})
	f.Fuzz(func(t *testing.T, id, b, c, after, d, from, to string, first, hops, n int) {
		vars := map[string]any{"id": id, "b": b, "first": first, "hops": hops, "n": n, "d": d,
			"p": map[string]any{"from": from, "to": to}}
		if c != "" {
			vars["c"] = c
		} else {
			vars["hops"] = nil
		}
		if after != "" {
			vars["after"] = after
		}
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
		}
		if rec.Body.Len() > 64*len(body)+64<<10 {
			t.Fatalf("a %d-byte request answered %d bytes", len(body), rec.Body.Len())
		}
		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []gqlError      `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("response is not JSON (%v): %s", err, rec.Body.Bytes())
		}
		if resp.Data == nil && len(resp.Errors) == 0 {
			t.Fatalf("neither data nor errors: %s", rec.Body.Bytes())
		}
		for _, e := range resp.Errors {
			if e.Message == "" || e.Code() == "" {
				t.Fatalf("error without message or code: %s", rec.Body.Bytes())
			}
		}
	})
}
