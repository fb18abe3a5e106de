package httpapi

import (
	"bytes"
	"context"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/internal/kg"
)

// etags gives GET queries and exports a validator: a weak ETag derived from the graph
// version, the caller's access level, the negotiated media type and the request (for
// GraphQL: query, operation name, canonical variables and extensions; for an export: the
// path and its sorted parameters). A GET whose If-None-Match names the current tag is
// answered 304 without running anything; the tag changes with every write to the graph.
// Only complete successes carry a tag (HTTP 200, and for GraphQL a response with data and
// no errors), so an error is never revalidated as current. Weak, so one tag covers the
// gzipped and the identity encoding.
type etags struct {
	store   kg.Store
	graphql bool // GraphQL responses: success is judged by the body too
}

func (e etags) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			next.ServeHTTP(w, r)
			return
		}
		tag, r, ok := e.tag(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if ifNoneMatch(r.Header.Get("If-None-Match"), tag) {
			h := w.Header()
			h.Set("ETag", tag)
			if h.Get("Cache-Control") == "" {
				h.Set("Cache-Control", "no-cache")
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		ew := &etagWriter{ResponseWriter: w, tag: tag, graphql: e.graphql}
		next.ServeHTTP(ew, r)
		ew.decide(nil)
	})
}

// tag computes r's ETag; ok is false when r has none (store unavailable, malformed request).
// The request returned carries the version it read, for the response cache.
func (e etags) tag(r *http.Request) (string, *http.Request, bool) {
	st, err := e.store.Stats(r.Context())
	if err != nil || st.Version == "" {
		return "", r, false
	}
	r = r.WithContext(context.WithValue(r.Context(), versionKey{}, st.Version))
	parts := []string{st.Version, strconv.FormatBool(graph.HasContactAccess(r.Context()))}
	if e.graphql {
		q := r.URL.Query()
		if q.Get("query") == "" && q.Get("extensions") == "" {
			return "", r, false
		}
		vars, ok1 := canonical([]byte(q.Get("variables")))
		ext, ok2 := canonical([]byte(q.Get("extensions")))
		if !ok1 || !ok2 {
			return "", r, false
		}
		parts = append(parts, "Q", negotiatedType(r), q.Get("operationName"), q.Get("query"), vars, ext)
	} else {
		parts = append(parts, "E", r.URL.Path, r.URL.Query().Encode())
	}
	k := hashParts(parts...)
	return `W/"` + hex.EncodeToString(k[:16]) + `"`, r, true
}

// ifNoneMatch reports whether an If-None-Match header matches tag (weak comparison, RFC 9110
// 13.1.2: "*" or any listed tag with the same opaque value).
func ifNoneMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	opaque := strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == opaque {
			return true
		}
	}
	return false
}

// etagWriter holds back the status line until the first body bytes show whether the
// response is a success that may carry the tag.
type etagWriter struct {
	http.ResponseWriter
	tag     string
	graphql bool
	status  int
	decided bool
}

func (w *etagWriter) WriteHeader(code int) {
	if w.decided {
		return
	}
	if code >= 100 && code < 200 {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *etagWriter) Write(b []byte) (int, error) {
	w.decide(b)
	return w.ResponseWriter.Write(b)
}

func (w *etagWriter) Flush() {
	w.decide(nil)
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *etagWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// decide sends the held status line, with the tag when first (the first body bytes, nil
// when none) shows a success.
func (w *etagWriter) decide(first []byte) {
	if w.decided {
		return
	}
	w.decided = true
	if w.status == 0 {
		if first == nil {
			return // nothing was written: net/http answers 200 with no body (no tag)
		}
		w.status = http.StatusOK
	}
	ok := w.status == http.StatusOK
	if w.graphql {
		ok = ok && bytes.HasPrefix(first, []byte(`{"data":`)) && !bytes.Contains(first, []byte(`"errors":`))
	}
	if ok {
		h := w.Header()
		h.Set("ETag", w.tag)
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-cache")
		}
	}
	w.ResponseWriter.WriteHeader(w.status)
}
