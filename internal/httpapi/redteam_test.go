package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// Red-team findings on the HTTP edge, each a test that failed before its fix.

// The projection export (/export/projection/…) writes node names. Over a graph with contact
// values planted in every public text (a graph that bypassed the seed loader) no format may
// carry one, for an anonymous caller or an authorised one (the projection never carries
// contact data): names are redacted like every other export's.
func TestRedteamProjectionExportRedactsNames(t *testing.T) {
	shipped, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	cv := seedContacts(t, shipped)
	s := newServer(t, testConfig(plantedGraph(t, cv)))
	for _, f := range export.ProjectionFormats {
		for _, q := range []string{"", "kind=MUNICIPALITY&via=MEMBER_OF,PARTICIPATES_IN", "center=vaxjo-kommun&hops=2"} {
			for _, auth := range []bool{false, true} {
				label := fmt.Sprintf("%s?%s auth=%v", f.File, q, auth)
				status, body := download(t, s, "/export/projection/"+f.File+"?"+q, auth)
				if status != http.StatusOK {
					t.Errorf("%s: status %d", label, status)
					continue
				}
				if got := cv.found(body); len(got) > 0 {
					t.Errorf("%s: projection export holds contact data %v", label, got)
				}
			}
		}
	}
}

// A bad time argument is refused with INVALID without echoing all of it: 150 aliased fields
// sharing one 400 KB PartialDate variable used to answer 60 MB of errors (each message
// quoting the whole value) after 6–8 s — a 150× amplifier for an anonymous caller.
func TestRedteamBadDateNotEchoed(t *testing.T) {
	s := newServer(t, httpapi.Config{Store: shippedStore(t)})
	big := strings.Repeat("A", 400_000)
	for _, tc := range []struct{ name, decl, field string }{
		{"activeAt", "$v: PartialDate", "mandates(activeAt: $v, first: 1) { totalCount }"},
		{"activeDuring", "$v: PartialDate", `node(id: "vaxjo-kommun") { ... on Municipality { relationships(activeDuring: {from: $v}, first: 1) { totalCount } } }`},
		{"sharedTies", "$v: PartialDate", `sharedTies(a: "region-kronoberg", b: "vaxjo-kommun", activeAt: $v) { count }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var q strings.Builder
			fmt.Fprintf(&q, "query(%s) {", tc.decl)
			for i := range 150 {
				fmt.Fprintf(&q, " a%d: %s", i, tc.field)
			}
			q.WriteString(" }")
			body, _ := json.Marshal(map[string]any{"query": q.String(), "variables": map[string]any{"v": big}})
			res, err := http.Post(s.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if len(b) > 1<<20 {
				t.Fatalf("a %d-byte request answered %d bytes", len(body), len(b))
			}
			var out struct {
				Errors []gqlError `json:"errors"`
			}
			if err := json.Unmarshal(b, &out); err != nil || len(out.Errors) == 0 || out.Errors[0].Code() != "INVALID" {
				t.Fatalf("want INVALID errors, got %v %.300s", err, b)
			}
		})
	}
}

// A body that is valid JSON but not a GraphQL request (a batched array, a string, a query
// that is not a string, variables that are not an object) is refused with INVALID without
// echoing it: gqlgen's decoder quoted the whole body back (up to the 1 MiB limit) in its
// error message.
func TestRedteamWrongShapeBodyNotEchoed(t *testing.T) {
	s := newServer(t, httpapi.Config{Store: shippedStore(t)})
	const marker = "echo-marker-7f3a"
	for name, body := range map[string]string{
		"batched array":     `[{"query":"{ stats { nodeCount } }","variables":{"x":"` + marker + `"}}]`,
		"string":            `"` + marker + `"`,
		"number query":      `{"query": 5, "x": "` + marker + `"}`,
		"string variables":  `{"query":"{ stats { nodeCount } }","variables":"` + marker + `"}`,
		"array extensions":  `{"query":"{ stats { nodeCount } }","extensions":["` + marker + `"]}`,
		"number opname":     `{"query":"{ stats { nodeCount } }","operationName":1,"x":"` + marker + `"}`,
		"null":              `null`,
		"upper-case key":    `{"QUERY": 5, "x": "` + marker + `"}`,
		"object of objects": `{"query":{"q":"` + marker + `"}}`,
	} {
		t.Run(name, func(t *testing.T) {
			res, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"INVALID"`) {
				t.Errorf("status %d %s, want 400 INVALID", res.StatusCode, b)
			}
			if strings.Contains(string(b), marker) {
				t.Errorf("the body was echoed: %s", b)
			}
		})
	}
}

// A GET request whose variables or extensions parameter is not a JSON object is refused with
// a coded error (gqlgen's GET transport answered "variables could not be decoded" without a
// code); an object or null still runs.
func TestRedteamGetParamsCoded(t *testing.T) {
	s := newServer(t, httpapi.Config{Store: shippedStore(t)})
	for _, tc := range []struct {
		param, value string
		ok           bool
	}{
		{"variables", `"x"`, false}, {"variables", `[1]`, false}, {"variables", `{bad`, false}, {"variables", `5`, false},
		{"extensions", `"x"`, false}, {"extensions", `{bad`, false},
		{"variables", `null`, true}, {"variables", `{}`, true}, {"extensions", `{}`, true},
	} {
		t.Run(tc.param+"="+tc.value, func(t *testing.T) {
			v := url.Values{"query": {"{ stats { nodes } }"}, tc.param: {tc.value}}
			res, err := http.Get(s.URL + "/graphql?" + v.Encode())
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if tc.ok {
				if res.StatusCode != http.StatusOK || strings.Contains(string(b), "errors") {
					t.Errorf("status %d %s, want 200 with data", res.StatusCode, b)
				}
				return
			}
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"INVALID"`) || !strings.Contains(string(b), tc.param) {
				t.Errorf("status %d %s, want 400 INVALID naming %s", res.StatusCode, b, tc.param)
			}
		})
	}
}
