package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// FuzzGraphQL sends arbitrary query text and variables through the whole HTTP handler. The
// property: never a panic, always a well-formed GraphQL response (JSON with data and/or
// errors, every error with a message and a code), never a 5xx.
func FuzzGraphQL(f *testing.F) {
	for _, seed := range []struct{ q, v string }{
		{`{ node(id: "vaxjo-kommun") { id name ... on Municipality { memberships { totalCount nodes { role node { name } } } degree relationshipCounts { type direction count } } } }`, `{}`},
		{`query($t: String!) { search(text: $t, first: 5) { nodes { score node { id } } } }`, `{"t": "vaxjo"}`},
		{`{ path(from: "bo-frank", to: "sverige") { length } }`, `null`},
		{`query($d: PartialDate) { mandates(activeAt: $d) { nodes { id role } } }`, `{"d": "2014-02-30"}`},
		{`{ neighbourhood(id: "region-kronoberg", hops: 2) { nodes { id } edges { id } } }`, `{}`},
		{`{ municipalities(first: 3, after: "bjp4") { totalCount } }`, `{}`},
		{`fragment A on Node { ...A } { node(id: "x") { ...A } }`, `{}`},
		{`{ __schema { types { name } } }`, `[]`},
		{"{ node(id: \"\u0000\xff\") { id } }", `{"x": 1e999}`},
	} {
		f.Add(seed.q, seed.v)
	}
	h := httpapi.New(httpapi.Config{Store: shippedStore(f)})
	f.Fuzz(func(t *testing.T, query, vars string) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": json.RawMessage(validJSONOrNull(vars))})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q / %q: %s", rec.Code, query, vars, rec.Body.Bytes())
		}
		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("response is not JSON (%v): %s", err, rec.Body.Bytes())
		}
		if resp.Data == nil && len(resp.Errors) == 0 {
			t.Fatalf("neither data nor errors: %s", rec.Body.Bytes())
		}
		for _, e := range resp.Errors {
			if e.Message == "" || e.Extensions["code"] == nil {
				t.Fatalf("error without message or code: %s", rec.Body.Bytes())
			}
		}
	})
}

func validJSONOrNull(s string) string {
	if json.Valid([]byte(s)) {
		return s
	}
	return "null"
}
