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

// exportHandler serves the exports of package export over HTTP, GET (and HEAD) only:
//
//	/export/graph.graphml   application/graphml+xml
//	/export/graph.gexf      application/gexf+xml (GEXF 1.3; ?gexf=1.2 for GEXF 1.2)
//	/export/graph.json      application/json (Cytoscape.js elements)
//	/export/nodes.csv       text/csv; charset=utf-8
//	/export/edges.csv       text/csv; charset=utf-8
//	/export/graph.csv.zip   application/zip (nodes.csv, edges.csv and sources.csv)
//
// each with the selection parameters of export.ParseRequest and a
// Content-Disposition: attachment; filename="kg-<selection>.<ext>".
//
// contact=true needs allowContact(r.Context()) to be true (the API's rule for personal
// data), else 403 FORBIDDEN; such responses are marked Cache-Control: private, no-store.
// Errors are written by writeError with the status of their code (errors.go): 400 INVALID
// for bad parameters, 404 NOT_FOUND for an unknown centre or file, 403 FORBIDDEN, 405, 503
// UNAVAILABLE, 504 TIMEOUT, 500 INTERNAL — with no internals in the body. An error after
// part of the body has been sent aborts the response (http.ErrAbortHandler), so a client
// sees a broken transfer rather than a silently truncated file. A neighbourhood cut at
// export.MaxSubgraphNodes is marked X-Export-Truncated: true.
type exportHandler struct {
	store        kg.Store
	allowContact func(context.Context) bool
	log          *slog.Logger
}

func newExportHandler(store kg.Store, allowContact func(context.Context) bool, log *slog.Logger) *exportHandler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &exportHandler{store: store, allowContact: allowContact, log: log}
}

func exportFormatByFile(name string) (export.Format, bool) {
	for _, f := range export.Formats {
		if f.File == name {
			return f, true
		}
	}
	return export.Format{}, false
}

func exportFileList() string {
	names := make([]string, len(export.Formats))
	for i, f := range export.Formats {
		names[i] = "/export/" + f.File
	}
	return strings.Join(names, ", ")
}

func (h *exportHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := exportFormatByFile(strings.TrimPrefix(r.URL.Path, "/export/"))
	if !ok {
		writeError(w, kg.ENOTFOUND, "no such export; available: "+exportFileList())
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
	sel, err := export.ParseRequest(f, q)
	if err != nil {
		fail(w, r, h.log, err)
		return
	}
	ctx := r.Context()
	if sel.Contact && (h.allowContact == nil || !h.allowContact(ctx)) {
		writeError(w, kg.EFORBIDDEN,
			"contact: personal contact data requires an authorised caller (Authorization: Bearer <token>)")
		return
	}
	g, err := export.Select(ctx, h.store, sel)
	if err != nil {
		fail(w, r, h.log, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": export.Filename(sel, f)}))
	hdr.Set("X-Content-Type-Options", "nosniff")
	if sel.Contact {
		hdr.Set("Cache-Control", "private, no-store")
		hdr.Add("Vary", "Authorization")
	}
	if g.Truncated() {
		hdr.Set("X-Export-Truncated", "true")
	}
	streamDownload(w, r, h.log, f.Name, func(ctx context.Context, w io.Writer) error { return f.Write(ctx, w, g) })
}

// streamDownload writes a download whose headers are set (nothing for HEAD). An error before
// the first byte is still a proper error response (the download's headers removed); after
// it, the response can only be cut: logged, and the connection aborted so that the client
// sees a broken download rather than a short file that looks whole.
func streamDownload(w http.ResponseWriter, r *http.Request, log *slog.Logger, format string, write func(context.Context, io.Writer) error) {
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	ctx := r.Context()
	cw := &commitWriter{w: w}
	if err := write(ctx, cw); err != nil {
		if !cw.committed {
			for _, k := range []string{"Content-Type", "Content-Disposition", "X-Export-Truncated"} {
				w.Header().Del(k)
			}
			fail(w, r, log, err, "format", format)
			return
		}
		code, _ := classify(ctx, err)
		log.Warn("export aborted mid-stream", "request_id", requestID(ctx), "path", r.URL.Path, "format", format,
			"code", string(code), "err", err)
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
