package export

import (
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

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
)

type ctxKey struct{}

// authorised marks a request context as allowed to see contact data (as the HTTP layer's
// middleware would with graph.WithContactAccess).
func allowContact(ctx context.Context) bool { ok, _ := ctx.Value(ctxKey{}).(bool); return ok }

func get(t *testing.T, h http.Handler, target string, authorised bool) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if authorised {
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, true))
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

type apiError struct {
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

func decodeError(t *testing.T, w *httptest.ResponseRecorder) (code, msg string) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("error content type %q", ct)
	}
	var e apiError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || len(e.Errors) != 1 {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	return e.Errors[0].Extensions.Code, e.Errors[0].Message
}

func TestHandlerFormats(t *testing.T) {
	h := Handler(shippedStore(t), allowContact)
	for _, c := range []struct {
		path, mediaType, file string
		read                  func(*testing.T, []byte)
	}{
		{"/export/graph.graphml", "application/graphml+xml", "kg-region-kronoberg-1hop.graphml", func(t *testing.T, b []byte) { readGraphML(t, b) }},
		{"/export/graph.gexf", "application/gexf+xml", "kg-region-kronoberg-1hop.gexf", func(t *testing.T, b []byte) { readGEXF(t, b) }},
		{"/export/graph.json", "application/json", "kg-region-kronoberg-1hop.json", func(t *testing.T, b []byte) { readCytoscape(t, b) }},
		{"/export/nodes.csv", "text/csv", "kg-region-kronoberg-1hop-nodes.csv", func(t *testing.T, b []byte) { readNodesCSV(t, b, false, newParsed()) }},
		{"/export/edges.csv", "text/csv", "kg-region-kronoberg-1hop-edges.csv", func(t *testing.T, b []byte) { readEdgesCSV(t, b, newParsed()) }},
		{"/export/graph.csv.zip", "application/zip", "kg-region-kronoberg-1hop-csv.zip", func(t *testing.T, b []byte) { readZip(t, b, false) }},
	} {
		t.Run(c.path, func(t *testing.T) {
			w := get(t, h, c.path+"?center=region-kronoberg", false)
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
			c.read(t, w.Body.Bytes())
		})
	}

	// Whole graph, and the handler also works with the /export prefix stripped.
	w := get(t, h, "/graph.graphml?kinds=municipality,region&types=LOCATED_IN", false)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	_, dp, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if dp["filename"] != "kg-graph-types-located_in-kinds-municipality-region.graphml" {
		t.Errorf("filename %q", dp["filename"])
	}
	p := readGraphML(t, w.Body.Bytes())
	for id, n := range p.nodes {
		if n["kind"] != "MUNICIPALITY" && n["kind"] != "REGION" {
			t.Errorf("node %s of kind %s", id, n["kind"])
		}
	}
	if len(p.edges) == 0 {
		t.Error("no LOCATED_IN edges among municipalities and regions")
	}
}

func TestHandlerErrors(t *testing.T) {
	h := Handler(fixtureStore(t), allowContact)
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
		w := get(t, h, c.target, false)
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
}

func TestHandlerContact(t *testing.T) {
	h := Handler(fixtureStore(t), allowContact)
	w := get(t, h, "/export/nodes.csv", true) // authorised but not asked: no contact data
	if strings.Contains(w.Body.String(), "anna.berg@example.se") {
		t.Error("contact data without contact=true")
	}
	w = get(t, h, "/export/nodes.csv?contact=true", true)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "anna.berg@example.se") {
		t.Fatalf("authorised contact export: %d %s", w.Code, w.Body)
	}
	if w.Header().Get("Cache-Control") != "private, no-store" {
		t.Errorf("cache control %q", w.Header().Get("Cache-Control"))
	}
	_, dp, _ := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if dp["filename"] != "kg-graph-contact-nodes.csv" {
		t.Errorf("filename %q", dp["filename"])
	}
	// A nil allowContact means nobody.
	w = get(t, Handler(fixtureStore(t), nil), "/export/nodes.csv?contact=true", true)
	if w.Code != http.StatusForbidden {
		t.Errorf("nil allowContact: %d", w.Code)
	}
}

func TestHandlerHead(t *testing.T) {
	h := Handler(fixtureStore(t), allowContact)
	r := httptest.NewRequest(http.MethodHead, "/export/graph.gexf?center=erb", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.Len() != 0 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/gexf+xml") {
		t.Errorf("HEAD: %d %q %d bytes", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}
}

// failing is store with every call of method m failing with err.
func failing(store kg.Store, m kgtest.Method, err error) kg.Store {
	s := kgtest.New(store)
	s.Fail(m, err)
	return s
}

func TestHandlerStoreErrors(t *testing.T) {
	secret := errors.New("bolt://neo4j:secret@db.internal:7687 refused")
	unavailable := kg.WrapError(kg.EUNAVAILABLE, secret, "database unavailable")
	for _, c := range []struct {
		method, target string
		err            error
		status         int
		code           string
	}{
		{"ListNodes", "/export/graph.graphml", unavailable, 503, "UNAVAILABLE"},
		{"ListNodes", "/export/graph.graphml", secret, 500, "INTERNAL"},
		{"Neighbourhood", "/export/graph.gexf?center=erb", unavailable, 503, "UNAVAILABLE"},
		{"Neighbourhood", "/export/graph.gexf?center=erb", kg.WrapError(kg.EINTERNAL, secret, "boom"), 500, "INTERNAL"},
		// Fails after the nodes are written, but before anything left the buffer.
		{"EdgesOf", "/export/graph.json", unavailable, 503, "UNAVAILABLE"},
		{"EdgesOf", "/export/edges.csv", context.DeadlineExceeded, 503, "UNAVAILABLE"},
	} {
		h := Handler(failing(fixtureStore(t), kgtest.Method(c.method), c.err), allowContact)
		w := get(t, h, c.target, false)
		if w.Code != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.target, w.Code, c.status)
			continue
		}
		code, msg := decodeError(t, w)
		if code != c.code || strings.Contains(w.Body.String(), "secret") || strings.Contains(msg, "bolt") {
			t.Errorf("%s: %s %q", c.target, code, w.Body)
		}
		if w.Header().Get("Content-Disposition") != "" {
			t.Errorf("%s: error with a download header", c.target)
		}
	}
}

// An error after part of the body has left aborts the response: the client sees a broken
// transfer, not a well-formed but truncated file.
func TestHandlerAbortsMidStream(t *testing.T) {
	store := failing(bigStore(t, 3000), kgtest.EdgesOf, kg.Errorf(kg.EUNAVAILABLE, "gone"))
	srv := httptest.NewServer(Handler(store, nil))
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
	if len(b) < bufSize || strings.Contains(string(b), "</graphml>") {
		t.Errorf("got %d bytes", len(b))
	}
}

func TestFilename(t *testing.T) {
	f, _ := FormatByName("graphml")
	for _, c := range []struct {
		sel  Selection
		want string
	}{
		{Selection{}, "kg-graph.graphml"},
		{Selection{Center: "region-kronoberg", Hops: 2}, "kg-region-kronoberg-2hop.graphml"},
		{Selection{Center: "Ödd \"id\"/../x", Hops: 0}, "kg-dd-id-x-0hop.graphml"},
		{Selection{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds}}, "kg-graph-types-member_of-funds.graphml"},
	} {
		if got := Filename(c.sel, f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.sel, got, c.want)
		}
	}
	long := Filename(Selection{Center: strings.Repeat("a", 300), Hops: 1}, f)
	if len(long) > 130 || !strings.HasSuffix(long, ".graphml") {
		t.Errorf("long name %q", long)
	}
}

func TestParseSelection(t *testing.T) {
	parse := func(q string) (Selection, error) {
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		return ParseSelection(v)
	}
	sel, err := parse("center=region-kronoberg&types=member_of,%20PARTNER_OF&types=MEMBER_OF&kinds=PERSON&kinds=network&contact=1")
	if err != nil {
		t.Fatal(err)
	}
	if sel.Center != "region-kronoberg" || sel.Hops != DefaultHops || !sel.Contact ||
		joinNames(sel.Types) != "MEMBER_OF,PARTNER_OF" || joinNames(sel.Kinds) != "PERSON,NETWORK" {
		t.Errorf("%+v", sel)
	}
	back, err := ParseSelection(sel.Values())
	if err != nil || back.Center != sel.Center || back.Hops != sel.Hops || joinNames(back.Types) != joinNames(sel.Types) ||
		joinNames(back.Kinds) != joinNames(sel.Kinds) || back.Contact != sel.Contact {
		t.Errorf("Values round trip: %+v %v", back, err)
	}
	if sel, err := parse(""); err != nil || !sel.Whole() {
		t.Errorf("empty: %+v %v", sel, err)
	}
	if sel, err := parse("center=x&hops=0"); err != nil || sel.Hops != 0 {
		t.Errorf("hops 0: %+v %v", sel, err)
	}
	for _, q := range []string{
		"hops=1", "center=", "center=x&hops=4", "center=x&hops=1.5", "center=x&hops=1&hops=2",
		"types=NOPE", "types=,", "kinds=nope", "contact=yes", "foo=bar", "center=" + strings.Repeat("x", 201),
		"center=%FF",
	} {
		_, err := parse(q)
		if kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%q: %v, want INVALID", q, err)
		}
	}
	_, err = parse("types=" + strings.Repeat("Z", 500))
	if msg := kg.ErrorMessage(err); len(msg) > 400 || !strings.HasPrefix(msg, "types:") {
		t.Errorf("message not clipped or not naming the parameter: %q", msg)
	}
}
