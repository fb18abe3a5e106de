package httpapi

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/kg"
)

// projectionHandler serves the weighted one-mode projection (export.SelectProjection) in
// the export formats, GET (and HEAD) only, under the same middleware as /export/ (progress
// deadline, ETag from the graph version, in-flight slots):
//
//	/export/projection/graph.graphml   application/graphml+xml
//	/export/projection/graph.gexf      application/gexf+xml (?gexf=1.2 for GEXF 1.2)
//	/export/projection/graph.json      application/json (Cytoscape.js elements)
//	/export/projection/nodes.csv       text/csv; charset=utf-8
//	/export/projection/edges.csv       text/csv; charset=utf-8
//	/export/projection/graph.csv.zip   application/zip (nodes.csv and edges.csv)
//
// with the parameters of export.ParseProjection (kind, via, center, hops). It carries no
// personal contact data, so its responses are the same for every caller. Errors as the
// graph export: 400 INVALID, 404 NOT_FOUND, 422 TOO_LARGE (above the bounds, before the
// projection is formed), 503 UNAVAILABLE (every analysis slot busy), 504 TIMEOUT.
type projectionHandler struct {
	store kg.Store
	log   *slog.Logger
}

func newProjectionHandler(store kg.Store, log *slog.Logger) *projectionHandler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &projectionHandler{store: store, log: log}
}

func (h *projectionHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := export.ProjectionFormatByFile(strings.TrimPrefix(r.URL.Path, "/export/projection/"))
	if !ok {
		names := make([]string, len(export.ProjectionFormats))
		for i, f := range export.ProjectionFormats {
			names[i] = "/export/projection/" + f.File
		}
		writeError(w, kg.ENOTFOUND, "no such projection export; available: "+strings.Join(names, ", "))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, codeMethodNotAllowed, "exports are read with GET")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeError(w, kg.EINVALID, "malformed query string")
		return
	}
	sel, err := export.ParseProjectionRequest(f, q)
	if err != nil {
		fail(w, r, h.log, err)
		return
	}
	ctx := r.Context()
	g, err := export.SelectProjection(ctx, h.store, sel)
	if err != nil {
		fail(w, r, h.log, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": export.ProjectionFilename(sel, f)}))
	hdr.Set("X-Content-Type-Options", "nosniff")
	streamDownload(w, r, h.log, f.Name, func(ctx context.Context, w io.Writer) error { return f.Write(ctx, w, g) })
}
