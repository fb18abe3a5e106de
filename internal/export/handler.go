package export

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// Option configures Handler.
type Option func(*handler)

// WithLogger logs failed exports (store errors, aborted streams); default: discard.
func WithLogger(l *slog.Logger) Option {
	return func(h *handler) {
		if l != nil {
			h.log = l
		}
	}
}

type handler struct {
	store        kg.Store
	allowContact func(context.Context) bool
	log          *slog.Logger
}

// Handler serves the exports over HTTP, GET (and HEAD) only:
//
//	/export/graph.graphml   application/graphml+xml
//	/export/graph.gexf      application/gexf+xml
//	/export/graph.json      application/json (Cytoscape.js elements)
//	/export/nodes.csv       text/csv; charset=utf-8
//	/export/edges.csv       text/csv; charset=utf-8
//	/export/graph.csv.zip   application/zip (nodes.csv and edges.csv)
//
// each with the selection parameters of ParseSelection and a
// Content-Disposition: attachment; filename="kg-<selection>.<ext>". It works mounted at
// "/export/" with or without the prefix stripped.
//
// contact=true needs allowContact(r.Context()) to be true (the API's rule for personal
// data), else 403 FORBIDDEN; such responses are marked Cache-Control: private, no-store.
// Errors are JSON in the API's shape, {"errors":[{"message":…,"extensions":{"code":…}}]}:
// 400 INVALID for bad parameters, 404 NOT_FOUND for an unknown centre or file, 403
// FORBIDDEN, 405, 503 UNAVAILABLE when the store is unavailable or the request timed out,
// 500 INTERNAL otherwise — with no internals in the body. An error after part of the body
// has been sent aborts the response (http.ErrAbortHandler), so a client sees a broken
// transfer rather than a silently truncated file. A neighbourhood cut at MaxSubgraphNodes
// is marked X-Export-Truncated: true.
func Handler(store kg.Store, allowContact func(context.Context) bool, opts ...Option) http.Handler {
	h := &handler{store: store, allowContact: allowContact, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(h)
	}
	return h
}

func formatByFile(name string) (Format, bool) {
	for _, f := range Formats {
		if f.File == name {
			return f, true
		}
	}
	return Format{}, false
}

func fileList() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = "/export/" + f.File
	}
	return strings.Join(names, ", ")
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/export"), "/")
	f, ok := formatByFile(name)
	if !ok {
		writeError(w, http.StatusNotFound, string(kg.ENOTFOUND), "no such export; available: "+fileList())
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "exports are read with GET")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, http.StatusBadRequest, string(kg.EINVALID), "malformed query string")
		return
	}
	sel, err := ParseSelection(q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if sel.Contact && (h.allowContact == nil || !h.allowContact(ctx)) {
		writeError(w, http.StatusForbidden, string(kg.EFORBIDDEN),
			"contact: personal contact data requires an authorised caller (Authorization: Bearer <token>)")
		return
	}
	g, err := Select(ctx, h.store, sel)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": Filename(sel, f)}))
	hdr.Set("X-Content-Type-Options", "nosniff")
	if sel.Contact {
		hdr.Set("Cache-Control", "private, no-store")
		hdr.Add("Vary", "Authorization")
	}
	if g.Truncated() {
		hdr.Set("X-Export-Truncated", "true")
	}
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	cw := &commitWriter{w: w}
	if err := f.Write(ctx, cw, g); err != nil {
		if !cw.committed {
			// Nothing sent yet: a proper error response is still possible.
			for _, k := range []string{"Content-Type", "Content-Disposition", "X-Export-Truncated"} {
				hdr.Del(k)
			}
			h.fail(w, r, err)
			return
		}
		h.log.Warn("export aborted mid-stream", "path", r.URL.Path, "format", f.Name,
			"code", string(kg.ErrorCode(err)), "err", err)
		panic(http.ErrAbortHandler)
	}
}

// commitWriter records whether anything reached the response.
type commitWriter struct {
	w         io.Writer
	committed bool
}

func (c *commitWriter) Write(p []byte) (int, error) {
	c.committed = true
	return c.w.Write(p)
}

// fail answers with the status and client-safe message for err.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := kg.ErrorCode(err)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		code = kg.EUNAVAILABLE
	}
	switch code {
	case kg.EINVALID:
		writeError(w, http.StatusBadRequest, string(code), kg.ErrorMessage(err))
	case kg.ENOTFOUND:
		writeError(w, http.StatusNotFound, string(code), kg.ErrorMessage(err))
	case kg.EFORBIDDEN:
		writeError(w, http.StatusForbidden, string(code), kg.ErrorMessage(err))
	case kg.EUNAVAILABLE:
		h.log.Warn("export failed", "path", r.URL.Path, "code", string(code), "err", err)
		writeError(w, http.StatusServiceUnavailable, string(code), "the graph store is unavailable or the request timed out; try again later")
	default:
		h.log.Error("export failed", "path", r.URL.Path, "code", string(code), "err", err)
		writeError(w, http.StatusInternalServerError, string(kg.EINTERNAL), "internal error")
	}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}
