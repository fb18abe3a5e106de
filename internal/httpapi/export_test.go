package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

const exportToken = "export-token-0123456789"

// exportAPI is the whole HTTP handler over store, with one contact token.
func exportAPI(store kg.Store) http.Handler {
	return httpapi.New(httpapi.Config{Store: store, ContactTokens: []string{exportToken}, Timeout: 10 * time.Second})
}

func getExport(t *testing.T, h http.Handler, target string, authorised bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if authorised {
		r.Header.Set("Authorization", "Bearer "+exportToken)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func decodeError(t *testing.T, w *httptest.ResponseRecorder) (code, msg string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error content type %q", ct)
	}
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("error Cache-Control %q", cc)
	}
	var e gqlResponse
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || len(e.Errors) != 1 {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	return e.Errors[0].Code(), e.Errors[0].Message
}

// want is what package export writes for the selection in query q and format f: the HTTP
// body must be exactly that (the formats themselves are tested in package export).
func want(t *testing.T, store kg.Store, f export.Format, q string) []byte {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	sel, err := export.ParseSelection(v)
	if err != nil {
		t.Fatal(err)
	}
	g, err := export.Select(context.Background(), store, sel)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(context.Background(), &b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestExportFormats(t *testing.T) {
	store := shippedStore(t)
	h := exportAPI(store)
	for _, c := range []struct {
		format, path, mediaType, file string
	}{
		{"graphml", "/export/graph.graphml", "application/graphml+xml", "kg-region-kronoberg-1hop.graphml"},
		{"gexf", "/export/graph.gexf", "application/gexf+xml", "kg-region-kronoberg-1hop.gexf"},
		{"json", "/export/graph.json", "application/json", "kg-region-kronoberg-1hop.json"},
		{"nodes.csv", "/export/nodes.csv", "text/csv", "kg-region-kronoberg-1hop-nodes.csv"},
		{"edges.csv", "/export/edges.csv", "text/csv", "kg-region-kronoberg-1hop-edges.csv"},
		{"csv.zip", "/export/graph.csv.zip", "application/zip", "kg-region-kronoberg-1hop-csv.zip"},
	} {
		t.Run(c.path, func(t *testing.T) {
			f, ok := export.FormatByName(c.format)
			if !ok {
				t.Fatalf("no format %q", c.format)
			}
			w := getExport(t, h, c.path+"?center=region-kronoberg", false)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			mt, params, err := mime.ParseMediaType(w.Header().Get("Content-Type"))
			if err != nil || mt != c.mediaType {
				t.Errorf("content type %q", w.Header().Get("Content-Type"))
			}
			if strings.HasPrefix(mt, "text/") && params["charset"] != "utf-8" {
				t.Errorf("charset %q", params["charset"])
			}
			disp, dp, err := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
			if err != nil || disp != "attachment" || dp["filename"] != c.file {
				t.Errorf("content disposition %q", w.Header().Get("Content-Disposition"))
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff")
			}
			if c.format != "csv.zip" { // zip entries carry a modification time
				if wb := want(t, store, f, "center=region-kronoberg"); !bytes.Equal(w.Body.Bytes(), wb) {
					t.Errorf("body (%d bytes) differs from export's own output (%d bytes)", w.Body.Len(), len(wb))
				}
			} else if !bytes.HasPrefix(w.Body.Bytes(), []byte("PK\x03\x04")) {
				t.Errorf("not a zip: %q", w.Body.Bytes()[:min(8, w.Body.Len())])
			}
		})
	}

	// Whole graph with filters.
	q := "kinds=municipality,region&types=LOCATED_IN"
	w := getExport(t, h, "/export/graph.graphml?"+q, false)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	_, dp, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if dp["filename"] != "kg-graph-types-located_in-kinds-municipality-region.graphml" {
		t.Errorf("filename %q", dp["filename"])
	}
	f, _ := export.FormatByName("graphml")
	if !bytes.Equal(w.Body.Bytes(), want(t, store, f, q)) {
		t.Error("whole-graph body differs from export's own output")
	}
}

func TestExportErrors(t *testing.T) {
	h := exportAPI(shippedStore(t))
	for _, c := range []struct {
		target      string
		status      int
		code, inMsg string
	}{
		{"/export/graph.graphml?center=region-kronoberg&hops=9", 400, "INVALID", "hops"},
		{"/export/graph.graphml?center=region-kronoberg&hops=-1", 400, "INVALID", "hops"},
		{"/export/graph.graphml?center=region-kronoberg&hops=one", 400, "INVALID", "hops"},
		{"/export/graph.graphml?hops=1", 400, "INVALID", "hops"},
		{"/export/graph.gexf?types=MEMBER_OF,FRIEND_OF", 400, "INVALID", "types"},
		{"/export/graph.gexf?kinds=CITY", 400, "INVALID", "kinds"},
		{"/export/graph.gexf?kinds=", 400, "INVALID", "kinds"},
		{"/export/graph.json?kind=REGION", 400, "INVALID", `unknown parameter "kind"`},
		{"/export/graph.json?center=a&center=b", 400, "INVALID", "center"},
		{"/export/nodes.csv?contact=maybe", 400, "INVALID", "contact"},
		{"/export/nodes.csv?center=%ZZ", 400, "INVALID", "query"},
		{"/export/edges.csv?center=nowhere", 404, "NOT_FOUND", "nowhere"},
		{"/export/graph.pdf", 404, "NOT_FOUND", "graph.graphml"},
		{"/export/", 404, "NOT_FOUND", "graph.gexf"},
		{"/export/nodes.csv?contact=true", 403, "FORBIDDEN", "authorised"},
	} {
		w := getExport(t, h, c.target, false)
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.target, w.Code, c.status, w.Body)
			continue
		}
		code, msg := decodeError(t, w)
		if code != c.code || !strings.Contains(msg, c.inMsg) {
			t.Errorf("%s: %s %q, want %s mentioning %q", c.target, code, msg, c.code, c.inMsg)
		}
		if w.Header().Get("Content-Disposition") != "" {
			t.Errorf("%s: error with a download header", c.target)
		}
	}

	r := httptest.NewRequest(http.MethodPost, "/export/graph.gexf", strings.NewReader("x"))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d %q", w.Code, w.Header().Get("Allow"))
	}
	if code, _ := decodeError(t, w); code != "METHOD_NOT_ALLOWED" {
		t.Errorf("POST: code %s", code)
	}
}

func TestExportContact(t *testing.T) {
	const email = "ryfete.mustafa@vaxjo.se" // in the shipped seeds
	h := exportAPI(shippedStore(t))
	w := getExport(t, h, "/export/nodes.csv", true) // authorised but not asked: no contact data
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), email) {
		t.Errorf("contact data without contact=true (status %d)", w.Code)
	}
	w = getExport(t, h, "/export/nodes.csv?contact=true", true)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), email) {
		t.Fatalf("authorised contact export: %d %s", w.Code, w.Body)
	}
	if w.Header().Get("Cache-Control") != "private, no-store" {
		t.Errorf("cache control %q", w.Header().Get("Cache-Control"))
	}
	_, dp, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if dp["filename"] != "kg-graph-contact-nodes.csv" {
		t.Errorf("filename %q", dp["filename"])
	}
	// No configured token: nobody.
	h = httpapi.New(httpapi.Config{Store: shippedStore(t)})
	if w := getExport(t, h, "/export/nodes.csv?contact=true", true); w.Code != http.StatusForbidden || strings.Contains(w.Body.String(), email) {
		t.Errorf("no tokens configured: %d", w.Code)
	}
}

func TestExportHead(t *testing.T) {
	h := exportAPI(shippedStore(t))
	r := httptest.NewRequest(http.MethodHead, "/export/graph.gexf?center=region-kronoberg", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.Len() != 0 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/gexf+xml") {
		t.Errorf("HEAD: %d %q %d bytes", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}
}

// failing is a store that fails one method with err; with untilDeadline the call first
// waits for the request's deadline, as a store does whose query outlives the request.
type failing struct {
	method        kgtest.Method
	err           error
	untilDeadline bool
}

func (f failing) store(next kg.Store) *kgtest.Store {
	st := kgtest.New(next)
	if f.untilDeadline {
		st.UntilDone(f.method, func(error) error { return f.err })
	} else {
		st.Fail(f.method, f.err)
	}
	return st
}

func TestExportStoreErrors(t *testing.T) {
	secret := errors.New("bolt://neo4j:secret@db.internal:7687 refused")
	unavailable := kg.WrapError(kg.EUNAVAILABLE, secret, "database unavailable")
	// A store that sees its context end calls it UNAVAILABLE; the edge knows the request's
	// deadline passed and answers TIMEOUT.
	wrappedDeadline := kg.WrapError(kg.EUNAVAILABLE, context.DeadlineExceeded, "the graph database did not answer in time")
	for _, c := range []struct {
		name    string
		store   failing
		target  string
		timeout time.Duration
		status  int
		code    string
	}{
		{"unavailable", failing{method: kgtest.ListNodes, err: unavailable}, "/export/graph.graphml", 0, 503, "UNAVAILABLE"},
		{"plain error", failing{method: kgtest.ListNodes, err: secret}, "/export/graph.graphml", 0, 500, "INTERNAL"},
		{"neighbourhood unavailable", failing{method: kgtest.Neighbourhood, err: unavailable}, "/export/graph.gexf?center=region-kronoberg", 0, 503, "UNAVAILABLE"},
		{"internal", failing{method: kgtest.Neighbourhood, err: kg.WrapError(kg.EINTERNAL, secret, "boom")}, "/export/graph.gexf?center=region-kronoberg", 0, 500, "INTERNAL"},
		// Fails after the nodes are written, but before anything left the buffer.
		{"edges unavailable", failing{method: kgtest.EdgesOf, err: unavailable}, "/export/graph.json?kinds=REGION", 0, 503, "UNAVAILABLE"},
		{"raw deadline", failing{method: kgtest.EdgesOf, err: context.DeadlineExceeded}, "/export/edges.csv", 0, 504, "TIMEOUT"},
		{"request deadline", failing{method: kgtest.ListNodes, err: wrappedDeadline, untilDeadline: true}, "/export/graph.graphml", 20 * time.Millisecond, 504, "TIMEOUT"},
		{"store timeout, request alive", failing{method: kgtest.ListNodes, err: wrappedDeadline}, "/export/graph.graphml", 0, 503, "UNAVAILABLE"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := httpapi.New(httpapi.Config{Store: c.store.store(shippedStore(t)), Timeout: c.timeout})
			w := getExport(t, h, c.target, false)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d: %s", w.Code, c.status, w.Body)
			}
			code, msg := decodeError(t, w)
			if code != c.code || strings.Contains(w.Body.String(), "secret") || strings.Contains(msg, "bolt") {
				t.Errorf("%s %q", code, w.Body)
			}
			if w.Header().Get("Content-Disposition") != "" {
				t.Error("error with a download header")
			}
		})
	}
}

// An error after part of the body has left aborts the response: the client sees a broken
// transfer, not a well-formed but truncated file.
func TestExportAbortsMidStream(t *testing.T) {
	g, _ := gen.Generate(gen.Config{Nodes: 3000, Seed: 1})
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	store := failing{method: kgtest.EdgesOf, err: kg.Errorf(kg.EUNAVAILABLE, "gone")}.store(ms)
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: store}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/export/graph.graphml")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("read %d bytes without error; want a broken transfer", len(b))
	}
	if len(b) == 0 || strings.Contains(string(b), "</graphml>") {
		t.Errorf("got %d bytes", len(b))
	}
}
