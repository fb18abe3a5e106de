package export

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// The Python readers TestPythonReaders runs, each a virtual environment made by
// scripts/pyexports.sh under $KG_PY_DIR (default /tmp): networkx 2.8.8 (what Debian 12
// ships; reads GEXF 1.2 only), 3.4.2 (still GEXF 1.2 only) and 3.6.1 (reads GEXF 1.3 too)
// with python-igraph.
var pyReaders = []struct {
	venv   string
	igraph bool
}{
	{"kg-py-nx2.8.8", false},
	{"kg-py-nx3.4.2", false},
	{"kg-py-nx3.6.1", true},
}

// TestPythonReaders writes every export of the shipped seeds and of the fixture, and has
// scripts/pyexports/check_exports.py read them with each networkx (and igraph): counts,
// attributes, spells, source dates, sources.csv, zip dates, and no personal data in an
// anonymous export. It skips when the environments are absent, unless KG_REQUIRE_PYTHON=1
// (as scripts/pyexports.sh sets it), which makes their absence a failure.
func TestPythonReaders(t *testing.T) {
	require := os.Getenv("KG_REQUIRE_PYTHON") == "1"
	root := os.Getenv("KG_PY_DIR")
	if root == "" {
		root = os.TempDir()
	}
	var pythons []string
	var missing []string
	for _, r := range pyReaders {
		py := filepath.Join(root, r.venv, "bin", "python")
		if _, err := os.Stat(py); err != nil {
			missing = append(missing, py)
			continue
		}
		pythons = append(pythons, py)
	}
	if len(missing) > 0 && require {
		t.Fatalf("KG_REQUIRE_PYTHON=1 but no Python environment at %s: run scripts/pyexports.sh", strings.Join(missing, ", "))
	}
	if len(pythons) == 0 {
		t.Skipf("no Python environments for the export readers (%s): run scripts/pyexports.sh to make them and run this test", strings.Join(missing, ", "))
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "pyexports", "check_exports.py"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writePythonDataset(t, filepath.Join(dir, "shipped"), shippedStore(t))
	writePythonDataset(t, filepath.Join(dir, "fixture"), fixtureStore(t))
	for i, py := range pythons {
		args := []string{script, dir}
		if slices.ContainsFunc(pyReaders, func(r struct {
			venv   string
			igraph bool
		}) bool {
			return r.igraph && strings.Contains(py, r.venv)
		}) {
			args = append(args, "--require-igraph")
		}
		out, err := exec.Command(py, args...).CombinedOutput()
		t.Logf("%s:\n%s", py, out)
		if err != nil {
			t.Errorf("reader %d (%s) failed: %v", i, py, err)
		}
	}
}

// pyExpect is expect.json: what every reader must find in one data set's exports.
type pyExpect struct {
	Nodes         int                          `json:"nodes"`
	Edges         int                          `json:"edges"`
	NodeSamples   map[string]map[string]string `json:"nodeSamples"`
	EdgeSamples   map[string]map[string]string `json:"edgeSamples"`
	NodeSpells    map[string][2]*string        `json:"nodeSpells"`
	EdgeSpells    map[string][2]*string        `json:"edgeSpells"`
	EvidenceDates map[string]string            `json:"evidenceDates"`
	Secrets       []string                     `json:"secrets"`
	ContactEmail  string                       `json:"contactEmail"`
	Sources       []string                     `json:"sources"`
	SourceDates   map[string]string            `json:"sourceDates"`
	ZipTime       [6]int                       `json:"zipTime"`
}

// plain reports whether a text reads back the same in every format (no white space to
// collapse, nothing to clean or redact).
func plain(s string) bool {
	return s != "" && s == token(s) && s == clean(s) && kg.RedactPersonal(s) == s
}

func writePythonDataset(t *testing.T, dir string, s *memstore.Store) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	files := map[string]Selection{
		"graph.graphml": {}, "graph.gexf": {}, "graph-1.2.gexf": {GEXF: GEXF12}, "graph.json": {},
		"nodes.csv": {}, "edges.csv": {}, "graph.csv.zip": {}, "contact.graphml": {Contact: true},
	}
	for name, sel := range files {
		f, ok := FormatForPath(name)
		if name == "contact.graphml" {
			f, ok = FormatByName("graphml")
		}
		if !ok {
			t.Fatalf("no format for %s", name)
		}
		g, err := Select(ctx, s, sel)
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Write(ctx, out, g); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}

	// The expectation, from the graph itself (not from the exports).
	graph := s.Graph()
	edges := graph.AllEdges()
	x := pyExpect{Nodes: len(graph.Nodes), Edges: len(edges),
		NodeSamples: map[string]map[string]string{}, EdgeSamples: map[string]map[string]string{},
		NodeSpells: map[string][2]*string{}, EdgeSpells: map[string][2]*string{},
		EvidenceDates: map[string]string{}, SourceDates: map[string]string{}}
	str := func(s string) *string { return &s }
	nodes := slices.Clone(graph.Nodes)
	slices.SortFunc(nodes, func(a, b *kg.Node) int { return strings.Compare(a.ID, b.ID) })
	cited := map[string]bool{}
	for _, n := range nodes {
		for _, e := range n.Evidence {
			cited[e.SourceID] = true
		}
		for _, a := range n.Attributes {
			for _, e := range a.Evidence {
				cited[e.SourceID] = true
			}
		}
		if n.Contact != nil {
			for _, v := range []string{n.Contact.Email, n.Contact.Phone} {
				if v != "" {
					x.Secrets = append(x.Secrets, v)
				}
			}
			if x.ContactEmail == "" {
				x.ContactEmail = n.Contact.Email
			}
		}
		if !plain(n.ID) || !plain(n.Name) {
			continue
		}
		if n.ID == "vaxjo-kommun" || (!n.Since.IsZero() && len(x.NodeSamples) < 4) {
			r := map[string]string{"label": n.Name, "kind": string(n.Kind)}
			if !n.Since.IsZero() {
				r["since"] = n.Since.String()
			}
			x.NodeSamples[n.ID] = r
		}
		if !n.Since.IsZero() && len(x.NodeSpells) < 3 {
			sp := [2]*string{str(spellStart(n.Since)), nil}
			if !n.Until.IsZero() {
				sp[1] = str(spellEnd(n.Until))
			}
			x.NodeSpells[n.ID] = sp
		}
		if len(n.Evidence) > 0 && !n.Evidence[0].SourceUpdated.IsZero() && len(x.EvidenceDates) < 3 {
			x.EvidenceDates[n.ID] = n.Evidence[0].SourceUpdated.String()
		}
	}
	edges = slices.Clone(edges)
	slices.SortFunc(edges, func(a, b *kg.Edge) int { return strings.Compare(a.ID, b.ID) })
	represents := false
	for _, e := range edges {
		for _, ev := range e.Evidence {
			cited[ev.SourceID] = true
		}
		if !plain(e.ID) || !plain(e.From) || !plain(e.To) {
			continue
		}
		isRep := e.Type == kg.EdgeRepresents && !represents
		if len(x.EdgeSamples) < 3 || isRep {
			r := map[string]string{"source": e.From, "target": e.To, "type": string(e.Type)}
			if plain(e.Role) {
				r["role"] = e.Role
			}
			if !e.Since.IsZero() {
				r["since"] = e.Since.String()
			}
			if isRep {
				r["body"] = e.Context
				represents = true
			}
			x.EdgeSamples[e.ID] = r
		}
		if !e.Since.IsZero() && len(x.EdgeSpells) < 3 {
			sp := [2]*string{str(spellStart(e.Since)), nil}
			if !e.Until.IsZero() {
				sp[1] = str(spellEnd(e.Until))
			}
			x.EdgeSpells[e.ID] = sp
		}
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		if cited[src.ID] {
			x.Sources = append(x.Sources, src.ID)
			x.SourceDates[src.ID] = src.Updated.String()
		}
	}
	zt := ZipTime(srcs)
	x.ZipTime = [6]int{zt.Year(), int(zt.Month()), zt.Day(), 0, 0, 0}
	if x.Nodes == 0 || len(x.NodeSamples) == 0 || len(x.EdgeSamples) == 0 || len(x.Secrets) == 0 || len(x.Sources) == 0 {
		t.Fatalf("%s: the expectation checks too little: %+v", dir, x)
	}
	b, err := json.MarshalIndent(x, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "expect.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
