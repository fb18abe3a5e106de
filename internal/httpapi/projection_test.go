package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// The projection export over HTTP: each file is export's bytes for the selection, with its
// media type and download name; it revalidates by ETag like the graph export; bad requests,
// unknown centres, bounds and methods answer with their codes.
func TestProjectionExportHTTP(t *testing.T) {
	st := shippedStore(t)
	h := exportAPI(st)
	const q = "kind=MUNICIPALITY&via=MEMBER_OF,PARTICIPATES_IN"
	for _, f := range export.ProjectionFormats {
		t.Run(f.Name, func(t *testing.T) {
			w := getExport(t, h, "/export/projection/"+f.File+"?"+q, false)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != f.ContentType {
				t.Errorf("Content-Type %q", ct)
			}
			if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "kg-projection-municipality-via-member_of-participates_in") {
				t.Errorf("Content-Disposition %q", cd)
			}
			vals, _ := url.ParseQuery(q)
			sel, err := export.ParseProjectionRequest(f, vals)
			if err != nil {
				t.Fatal(err)
			}
			g, err := export.SelectProjection(context.Background(), st, sel)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := f.Write(context.Background(), &want, g); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w.Body.Bytes(), want.Bytes()) {
				t.Errorf("body differs from export's (%d vs %d bytes)", w.Body.Len(), want.Len())
			}
			tag := w.Header().Get("ETag")
			if tag == "" {
				t.Fatal("no ETag")
			}
			r := httptest.NewRequest(http.MethodGet, "/export/projection/"+f.File+"?"+q, nil)
			r.Header.Set("If-None-Match", tag)
			rw := httptest.NewRecorder()
			h.ServeHTTP(rw, r)
			if rw.Code != http.StatusNotModified {
				t.Errorf("revalidation: status %d", rw.Code)
			}
		})
	}
	for _, tt := range []struct {
		target string
		status int
		code   string
	}{
		{"/export/projection/graph.graphml?contact=true", http.StatusBadRequest, "INVALID"},
		{"/export/projection/graph.graphml?kind=TOWN", http.StatusBadRequest, "INVALID"},
		{"/export/projection/edges.csv?gexf=1.2", http.StatusBadRequest, "INVALID"},
		{"/export/projection/graph.graphml?center=no-such", http.StatusNotFound, "NOT_FOUND"},
		{"/export/projection/graph.xlsx", http.StatusNotFound, "NOT_FOUND"},
	} {
		w := getExport(t, h, tt.target, false)
		if w.Code != tt.status {
			t.Errorf("%s: status %d, want %d (%s)", tt.target, w.Code, tt.status, w.Body)
			continue
		}
		if code, _ := decodeError(t, w); code != tt.code {
			t.Errorf("%s: code %s, want %s", tt.target, code, tt.code)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/export/projection/graph.graphml", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
}

// Above the bound the answer is 422 TOO_LARGE, naming it.
func TestProjectionExportTooLarge(t *testing.T) {
	g := &kg.Graph{Nodes: []*kg.Node{{ID: "hub", Kind: kg.KindNetwork, Name: "Hub"}}}
	for i := range 2100 {
		id := fmt.Sprintf("m%04d", i)
		g.Nodes = append(g.Nodes, &kg.Node{ID: id, Kind: kg.KindMunicipality, Name: id})
		g.Edges = append(g.Edges, &kg.Edge{ID: id + "-hub", Type: kg.EdgeMemberOf, From: id, To: "hub"})
	}
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	w := getExport(t, exportAPI(st), "/export/projection/graph.gexf?kind=MUNICIPALITY", false)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if code, msg := decodeError(t, w); code != "TOO_LARGE" || !strings.Contains(msg, "2000000") {
		t.Errorf("%s: %s", code, msg)
	}
}
