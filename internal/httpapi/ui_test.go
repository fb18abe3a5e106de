package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/ui"
)

func getUI(t *testing.T, url string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	// An explicit Accept-Encoding turns off the client's transparent decompression.
	req.Header.Set("Accept-Encoding", "identity")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// TestUIServed: the pages and their files are served from the binary with the right content
// types, and every response carries a CSP that allows this origin only.
func TestUIServed(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	for _, tc := range []struct {
		path, contentType, contains string
	}{
		{"/", "text/html; charset=utf-8", "/ui/vendor/graphiql.min.js"},
		{"/explore", "text/html; charset=utf-8", "/ui/vendor/cytoscape.min.js"},
		{"/ui/queries.js", "text/javascript; charset=utf-8", "KgNeighbourhood"},
		{"/ui/explore.js", "text/javascript; charset=utf-8", "cytoscape("},
		{"/ui/explore.css", "text/css; charset=utf-8", "{"},
		{"/ui/vendor/graphiql.min.js", "text/javascript; charset=utf-8", "GraphiQL"},
		{"/ui/vendor/graphiql.min.css", "text/css; charset=utf-8", ".graphiql-container"},
		{"/ui/vendor/react.production.min.js", "text/javascript; charset=utf-8", "react.production.min.js"},
		{"/ui/vendor/react-dom.production.min.js", "text/javascript; charset=utf-8", "react-dom.production.min.js"},
		{"/ui/vendor/cytoscape.min.js", "text/javascript; charset=utf-8", "cytoscape"},
		{"/ui/vendor/licenses/cytoscape.LICENSE", "text/plain; charset=utf-8", "MIT"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, body := getUI(t, s.URL+tc.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tc.contentType)
			}
			if !bytes.Contains(body, []byte(tc.contains)) {
				t.Errorf("body does not contain %q", tc.contains)
			}
			checkSelfOnlyCSP(t, res.Header.Get("Content-Security-Policy"))
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
		})
	}
	for _, p := range []string{"/ui/", "/ui/nope.js", "/ui/vendor/", "/ui/vendor/x/../../../go.mod", "/explore/x", "/index.html"} {
		res, err := http.Get(s.URL + p) // follows the mux's redirect of a path with ..
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

// checkSelfOnlyCSP: every directive allows at most this origin ('self'), nothing ('none') or
// data: (GraphiQL's inlined fonts and icons) — no other origin, no inline script or eval.
func checkSelfOnlyCSP(t *testing.T, csp string) {
	t.Helper()
	if csp == "" {
		t.Fatal("no Content-Security-Policy")
	}
	seen := map[string]bool{}
	for _, d := range strings.Split(csp, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		seen[f[0]] = true
		for _, src := range f[1:] {
			if src != "'self'" && src != "'none'" && src != "data:" {
				t.Errorf("CSP %s allows %s", f[0], src)
			}
		}
		if contains(f[1:], "data:") && f[0] != "img-src" && f[0] != "font-src" {
			t.Errorf("CSP %s allows data:", f[0])
		}
	}
	for _, d := range []string{"default-src", "frame-ancestors", "base-uri", "object-src"} {
		if !seen[d] {
			t.Errorf("CSP has no %s: %q", d, csp)
		}
	}
}

// TestUICompressedAndRevalidated: large files go gzip-compressed to clients that accept it
// (and decompress to the same bytes), and an unchanged file answers 304 to its ETag.
func TestUICompressedAndRevalidated(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	plain, want := getUI(t, s.URL+"/ui/vendor/react-dom.production.min.js")
	res, gz := getUI(t, s.URL+"/ui/vendor/react-dom.production.min.js", "Accept-Encoding", "gzip")
	vary := strings.Join(res.Header.Values("Vary"), ", ")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(vary, "Accept-Encoding") {
		t.Fatalf("Content-Encoding %q, Vary %q", res.Header.Get("Content-Encoding"), vary)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) || len(gz) >= len(want) {
		t.Errorf("gzip body: %d bytes decoding to %d, want %d", len(gz), len(got), len(want))
	}
	for _, tc := range []struct {
		res      *http.Response
		encoding string
	}{{plain, "identity"}, {res, "gzip"}} {
		etag := tc.res.Header.Get("ETag")
		again, body := getUI(t, s.URL+"/ui/vendor/react-dom.production.min.js", "If-None-Match", etag, "Accept-Encoding", tc.encoding)
		if etag == "" || again.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%s: ETag %q: status %d with %d bytes, want 304", tc.encoding, etag, again.StatusCode, len(body))
		}
	}
	if plain.Header.Get("ETag") == res.Header.Get("ETag") {
		t.Error("the gzip and identity bodies share an ETag")
	}
}

var (
	// Where an HTML or CSS file points: src, href, url(…), @import.
	htmlRef = regexp.MustCompile(`\b(?:src|href|action)\s*=\s*"([^"]*)"`)
	cssRef  = regexp.MustCompile(`(?:url\(\s*['"]?([^'")]*)|@import\s+['"]?([^'";\s]*))`)
)

// vendorURLHosts are the hosts the third-party scripts name, reviewed: licence texts,
// documentation links in messages and comments, XML namespaces and examples in docs. None is
// loaded (the CSP would refuse it anyway; the browser tests fail on any such request). An
// upgrade that adds a host fails TestUINoOtherOrigin until someone has looked at it.
var vendorURLHosts = map[string]bool{}

func init() {
	for _, h := range strings.Fields(`github.com www.w3.org spec.graphql.org codemirror.net floating-ui.com
		reactjs.org html.spec.whatwg.org developer.mozilla.org a host spec.commonmark.org mathiasbynens.be
		highlightjs.org en.wikipedia.org marijnhaverbeke.nl yarnpkg.com www.nayuki.io www.framer.com
		webpack.js.org trac.webkit.org tools.ietf.org radix-ui.com microsoft.github.io graphiql-test.netlify.app
		github.github.com gist.github.com expressjs.com example.org esbench.com datatracker.ietf.org
		commonmark.org bugs.chromium.org unicode.org test1 serverfault.com opensource.org json-schema.org
		foo.com foo engelschall.com daringfireball.net`) {
		vendorURLHosts[h] = true
	}
	vendorURLHosts[""] = true // "http://" alone, in URL-parsing code
}

// TestUINoOtherOrigin: nothing served for the pages points at another origin. The pages and
// scripts written here name no absolute URL at all; every src/href of a page is a file kg
// serves; stylesheets use only data: URLs; and the third-party scripts load nothing absolute
// (the hosts they name are a reviewed list of licence, documentation and namespace hosts). The
// browser tests check the same in a real browser, with every other origin blocked.
func TestUINoOtherOrigin(t *testing.T) {
	files, err := ui.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		own := !strings.HasPrefix(name, "vendor/")
		text := string(body)
		switch {
		case own && len(absURLs(text)) > 0:
			t.Errorf("%s names an absolute URL: %q", name, absURLs(text)[0])
		case strings.HasSuffix(name, ".html"):
			for _, m := range htmlRef.FindAllStringSubmatch(text, -1) {
				ref := m[1]
				if ref == "data:," || strings.HasPrefix(ref, "#") {
					continue
				}
				path, _, _ := strings.Cut(strings.TrimPrefix(ref, "/ui/"), "?")
				if _, ok := files[path]; !ok && ref != "/" && ref != "/explore" {
					t.Errorf("%s refers to %q, which kg does not serve", name, ref)
				}
			}
		case strings.HasSuffix(name, ".css"):
			for _, m := range cssRef.FindAllStringSubmatch(text, -1) {
				if ref := m[1] + m[2]; !strings.HasPrefix(ref, "data:") && !strings.HasPrefix(ref, "#") {
					t.Errorf("%s loads %q", name, ref)
				}
			}
		case strings.HasSuffix(name, ".js"):
			for _, u := range absURLs(text) {
				if _, host, _ := strings.Cut(u, "://"); !vendorURLHosts[strings.ToLower(host)] {
					t.Errorf("%s names %q, a host not reviewed (see vendorURLHosts)", name, u)
				}
			}
		}
	}
	for _, want := range []string{ui.GraphiQLPage, ui.ExplorerPage, "queries.js", "vendor/graphiql.min.js", "vendor/cytoscape.min.js"} {
		if _, ok := files[want]; !ok {
			t.Errorf("%s is not embedded", want)
		}
	}
}

// absURLs lists the http:// and https:// URLs in text, each cut after its host (a plain scan:
// a regular expression over the 3.5 MB GraphiQL bundle takes seconds under -race).
func absURLs(text string) []string {
	var out []string
	for i := 0; ; {
		j := strings.Index(text[i:], "://")
		if j < 0 {
			return out
		}
		j += i
		i = j + 3
		start := j - 5
		if start < 0 || !strings.EqualFold(text[start:j], "https") {
			start = j - 4
		}
		if start < 0 || !strings.HasPrefix(strings.ToLower(text[start:j]), "http") {
			continue
		}
		end := i
		for end < len(text) && (isHostByte(text[end])) {
			end++
		}
		out = append(out, text[start:end])
	}
}

func isHostByte(c byte) bool {
	return c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
