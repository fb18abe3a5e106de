package httpapi

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/kommunkg/kg/internal/ui"
)

// uiFile is one embedded page or asset, ready to serve: its type, a strong ETag from its
// content, and a gzip-compressed copy, made on first request.
type uiFile struct {
	body        []byte
	gz          func() []byte
	contentType string
	etag        string
}

// uiFiles reads the embedded files once per process, on first use.
var uiFiles = sync.OnceValues(func() (map[string]*uiFile, error) {
	raw, err := ui.Files()
	if err != nil {
		return nil, err
	}
	out := make(map[string]*uiFile, len(raw))
	for name, body := range raw {
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = "text/plain; charset=utf-8" // LICENSE files and the like
		}
		sum := sha256.Sum256(body)
		f := &uiFile{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		if len(body) > 1024 {
			f.gz = sync.OnceValue(func() []byte {
				var b bytes.Buffer
				zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
				_, _ = zw.Write(body)
				_ = zw.Close()
				return b.Bytes()
			})
		}
		out[name] = f
	}
	return out, nil
})

// mountUI serves the pages (GraphiQL at /, the network explorer at /explore) and their files
// under /ui/, all embedded in the binary, with the HTML headers (a 'self'-only CSP).
func mountUI(mux *http.ServeMux) {
	mux.Handle("GET /{$}", withHTMLHeaders(serveUIFile(ui.GraphiQLPage)))
	mux.Handle("GET /explore", withHTMLHeaders(serveUIFile(ui.ExplorerPage)))
	mux.Handle("GET /ui/", withHTMLHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveUIFile(strings.TrimPrefix(r.URL.Path, "/ui/")).ServeHTTP(w, r)
	})))
}

func serveUIFile(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files, err := uiFiles()
		if err != nil {
			http.Error(w, "ui files: "+err.Error(), http.StatusInternalServerError)
			return
		}
		f, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		// Revalidate every time (cheap: a 304 by ETag), so a new binary's files are never stale.
		h.Set("Cache-Control", "no-cache")
		body, etag := f.body, f.etag
		if f.gz != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				body, etag = f.gz(), strings.TrimSuffix(f.etag, `"`)+`-gz"`
				h.Set("Content-Encoding", "gzip")
			}
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
	})
}
