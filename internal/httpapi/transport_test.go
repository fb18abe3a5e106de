package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// The POST transport writes its responses itself (postJSON), GET through gqlgen's
// json.Marshal: for the same query, with and without the application/graphql-response+json
// media type, both answer the same status, Content-Type and bytes — every README example
// (names with '&' and en dashes among them), errors of each kind, and text that
// encoding/json escapes.
func TestPostAnswersAsGet(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	queries := []string{
		`{ search(text: "Brysselkontor", first: 3) { nodes { node { id name aliases } } } }`,
		`{ node(id: "<script>&\u2028") { id } }`,
		`{ node(id: "vaxjo") { id nosuchfield } }`,
		`{ node(id: `,
		`query A { node(id: "vaxjo") { id } } query B { node(id: "vaxjo") { name } }`,
		`{ search(text: "x", first: 1000) { totalCount } }`,
	}
	for _, m := range regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		queries = append(queries, m[1])
	}
	s := newServer(t, httpapi.Config{})
	raw := func(req *http.Request) (int, string, []byte) {
		t.Helper()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Content-Type"), body
	}
	sawAmp := false
	for _, accept := range []string{"", "application/graphql-response+json"} {
		for _, q := range queries {
			body, _ := json.Marshal(map[string]any{"query": q})
			post, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
			post.Header.Set("Content-Type", "application/json")
			get, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(q), nil)
			for _, r := range []*http.Request{post, get} {
				if accept != "" {
					r.Header.Set("Accept", accept)
				}
			}
			ps, pt, pb := raw(post)
			gs, gt, gb := raw(get)
			if ps != gs || pt != gt || !bytes.Equal(pb, gb) {
				t.Errorf("Accept %q, query %.60q:\nPOST %d %s %s\nGET  %d %s %s", accept, q, ps, pt, pb, gs, gt, gb)
			}
			sawAmp = sawAmp || bytes.Contains(pb, []byte(`\u0026`))
		}
	}
	if !sawAmp {
		t.Error("no answer held an escaped '&': the case the writer must get right was not exercised")
	}
}
