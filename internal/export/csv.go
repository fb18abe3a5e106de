package export

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// The CSV tables follow the conventions of Gephi's spreadsheet import (Data Laboratory →
// Import Spreadsheet), which reads some column names itself: "Id", "Label", "Source",
// "Target", "Type" (the edge direction: Directed, Undirected or Mixed) and "Time Interval"
// (when a node or edge exists, as "<[start,end]>"). Those columns carry exactly that; every
// other column is an ordinary attribute with the name of fields.go. So:
//
//   - nodes.csv: Id, Label (the name), then the node fields, with "Time Interval" after
//     until;
//   - edges.csv: Id, Source, Target, Type (always "Directed"), Label (the edge type), kind
//     (the edge type again, as GEXF's edge kind), then the other edge fields, with "Time
//     Interval" after until;
//   - sources.csv (in the zip): Id, Label (the title), publisher, language, updated,
//     dateNote, file, original — the documents the exported evidence cites.
//
// The kg edge type is therefore in the columns "Label" and "kind" of edges.csv, not in
// "Type" (which Gephi would read as the direction).

// Column names Gephi's spreadsheet import reads itself.
const (
	colID       = "Id"
	colLabel    = "Label"
	colSource   = "Source"
	colTarget   = "Target"
	colType     = "Type"
	colInterval = "Time Interval"
	colKind     = "kind"
	// directed is the value of Type: every kg edge is directed.
	directed = "Directed"
)

// nodeColumn and edgeColumn are one CSV column and how to fill it.
type nodeColumn struct {
	name string
	get  func(*kg.Node) string
}

type edgeColumn struct {
	name string
	get  func(*kg.Edge) string
}

func nodeColumns(contact bool) []nodeColumn {
	cols := []nodeColumn{{colID, func(n *kg.Node) string { return n.ID }}}
	for _, f := range nodeFieldsFor(contact) {
		name := f.name
		if name == "label" {
			name = colLabel
		}
		cols = append(cols, nodeColumn{name, f.get})
		if f.name == "until" {
			cols = append(cols, nodeColumn{colInterval, func(n *kg.Node) string { return timeInterval(n.Since, n.Until) }})
		}
	}
	return cols
}

func edgeColumns() []edgeColumn {
	cols := []edgeColumn{
		{colID, func(e *kg.Edge) string { return e.ID }},
		{colSource, func(e *kg.Edge) string { return e.From }},
		{colTarget, func(e *kg.Edge) string { return e.To }},
		{colType, func(*kg.Edge) string { return directed }},
	}
	for _, f := range edgeFields {
		switch f.name {
		case "type":
			cols = append(cols, edgeColumn{colLabel, f.get}, edgeColumn{colKind, f.get})
			continue
		}
		cols = append(cols, edgeColumn{f.name, f.get})
		if f.name == "until" {
			cols = append(cols, edgeColumn{colInterval, func(e *kg.Edge) string { return timeInterval(e.Since, e.Until) }})
		}
	}
	return cols
}

// timeInterval is Gephi's "Time Interval" cell for a period: "<[2014-01-01,2016-02-29]>"
// by the spell rule of GEXF (spellStart, spellEnd), with -Infinity or Infinity for a
// missing bound, and empty (present at all times) when there is no date at all.
func timeInterval(since, until kg.PartialDate) string {
	if since.IsZero() && until.IsZero() {
		return ""
	}
	start, end := "-Infinity", "Infinity"
	if !since.IsZero() {
		start = spellStart(since)
	}
	if !until.IsZero() {
		end = spellEnd(until)
	}
	return "<[" + start + "," + end + "]>"
}

func names[T interface{ colName() string }](cols []T) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.colName()
	}
	return out
}

func (c nodeColumn) colName() string { return c.name }
func (c edgeColumn) colName() string { return c.name }

// NodeColumns returns the header of nodes.csv (email and phone only when contact is true).
func NodeColumns(contact bool) []string { return names(nodeColumns(contact)) }

// EdgeColumns returns the header of edges.csv.
func EdgeColumns() []string { return names(edgeColumns()) }

// SourceColumns returns the header of sources.csv.
func SourceColumns() []string { return names(sourceColumns) }

type sourceColumn struct {
	name string
	get  func(*kg.Source) string
}

func (c sourceColumn) colName() string { return c.name }

var sourceColumns = []sourceColumn{
	{colID, func(s *kg.Source) string { return s.ID }},
	{colLabel, func(s *kg.Source) string { return s.Title }},
	{"publisher", func(s *kg.Source) string { return s.Publisher }},
	{"language", func(s *kg.Source) string { return s.Language }},
	{"updated", func(s *kg.Source) string { return s.Updated.String() }},
	{"dateNote", func(s *kg.Source) string { return s.DateNote }},
	{"file", func(s *kg.Source) string { return s.File }},
	{"original", func(s *kg.Source) string { return s.Original }},
}

// WriteNodesCSV writes the selected nodes as CSV (RFC 4180, UTF-8 without BOM, LF line
// ends): a header row (NodeColumns) and one row per node, every row with the same number of
// columns. Lists are flattened with " | " (see the package documentation).
func WriteNodesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeNodesCSV(ctx, bw, g, nil); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteEdgesCSV writes the selected edges as CSV: a header row (EdgeColumns) and one row per
// edge; Source and Target are node ids of nodes.csv.
func WriteEdgesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeEdgesCSV(ctx, bw, g, nil); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteCSVZip writes a zip archive holding nodes.csv, edges.csv and sources.csv of one
// selection. sources.csv lists the sources the written evidence cites (of nodes, their
// attributes and edges), in the store's order.
//
// Every entry is dated ZipTime(sources): the newest source date of the graph, so that the
// same graph always gives the same bytes and unzip shows a real date (Go's zero time would
// be stored as 1979-11-30).
func WriteCSVZip(ctx context.Context, w io.Writer, g *Graph) error {
	sources, err := g.store.Sources(g.sel.readCtx(ctx))
	if err != nil {
		return err
	}
	modified := ZipTime(sources)
	cited := map[string]bool{}
	bw := bufio.NewWriterSize(w, bufSize)
	zw := zip.NewWriter(bw)
	for _, part := range []struct {
		name  string
		write func(context.Context, io.Writer, *Graph, map[string]bool) error
	}{
		{"nodes.csv", writeNodesCSV},
		{"edges.csv", writeEdgesCSV},
		{"sources.csv", func(_ context.Context, w io.Writer, g *Graph, cited map[string]bool) error {
			return writeSourcesCSV(w, g, sources, cited)
		}},
	} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		if err := part.write(ctx, f, g, cited); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// zipEpoch is the date of zip entries when no source has a date: 1980-01-01, the first day
// a zip (MS-DOS) timestamp can hold.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// ZipTime is the modification time of the entries of a CSV zip: the first day of the
// newest source date (midnight UTC), or 1980-01-01 when no source is dated.
func ZipTime(sources []*kg.Source) time.Time {
	var newest kg.PartialDate
	for _, s := range sources {
		if s != nil && s.Updated.FirstDay().YMD() > newest.FirstDay().YMD() {
			newest = s.Updated
		}
	}
	if newest.IsZero() {
		return zipEpoch
	}
	d := newest.FirstDay()
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	if t.Before(zipEpoch) {
		return zipEpoch
	}
	return t
}

// cite records the sources of ev in cited (nil: not recording).
func cite(cited map[string]bool, ev []kg.Evidence) {
	if cited == nil {
		return
	}
	for _, e := range ev {
		cited[e.SourceID] = true
	}
}

func writeNodesCSV(ctx context.Context, w io.Writer, g *Graph, cited map[string]bool) error {
	cw := csv.NewWriter(w)
	cols := nodeColumns(g.Contact())
	if err := cw.Write(names(cols)); err != nil {
		return err
	}
	row := make([]string, len(cols))
	err := g.Nodes(ctx, func(n *kg.Node) error {
		cite(cited, n.Evidence)
		for _, a := range n.Attributes {
			cite(cited, a.Evidence)
		}
		for i, c := range cols {
			row[i] = clean(c.get(n))
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeEdgesCSV(ctx context.Context, w io.Writer, g *Graph, cited map[string]bool) error {
	cw := csv.NewWriter(w)
	cols := edgeColumns()
	if err := cw.Write(names(cols)); err != nil {
		return err
	}
	row := make([]string, len(cols))
	err := g.Edges(ctx, func(e *kg.Edge) error {
		cite(cited, e.Evidence)
		for i, c := range cols {
			row[i] = clean(c.get(e))
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// writeSourcesCSV writes the cited sources. Without contact data their text goes through
// kg.RedactPersonal like every other public text (see personal.go).
func writeSourcesCSV(w io.Writer, g *Graph, sources []*kg.Source, cited map[string]bool) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(names(sourceColumns)); err != nil {
		return err
	}
	row := make([]string, len(sourceColumns))
	for _, s := range sources {
		if s == nil || !cited[s.ID] {
			continue
		}
		for i, c := range sourceColumns {
			row[i] = clean(g.publicText(c.get(s)))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
