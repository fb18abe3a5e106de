package export

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"io"

	"github.com/kommunkg/kg/internal/kg"
)

// NodeColumns returns the header of nodes.csv: id, then the node fields (with email and
// phone only when contact is true).
func NodeColumns(contact bool) []string {
	cols := []string{"id"}
	for _, f := range nodeFieldsFor(contact) {
		cols = append(cols, f.name)
	}
	return cols
}

// EdgeColumns returns the header of edges.csv: id, source, target, type, label, then the
// other edge fields. label repeats type because Gephi's spreadsheet import reads a column
// named "type" as the edge direction (anything but "undirected" is directed) and keeps
// "label" as the edge label.
func EdgeColumns() []string {
	cols := []string{"id", "source", "target"}
	for _, f := range edgeFields {
		cols = append(cols, f.name)
		if f.name == "type" {
			cols = append(cols, "label")
		}
	}
	return cols
}

// WriteNodesCSV writes the selected nodes as CSV (RFC 4180, UTF-8 without BOM, LF line
// ends): a header row (NodeColumns) and one row per node, every row with the same number of
// columns. Lists are flattened with " | " (see the package documentation).
func WriteNodesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeNodesCSV(ctx, bw, g); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteEdgesCSV writes the selected edges as CSV: a header row (EdgeColumns) and one row per
// edge; source and target are node ids of nodes.csv.
func WriteEdgesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeEdgesCSV(ctx, bw, g); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteCSVZip writes a zip archive holding nodes.csv and edges.csv of one selection.
func WriteCSVZip(ctx context.Context, w io.Writer, g *Graph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	zw := zip.NewWriter(bw)
	for _, part := range []struct {
		name  string
		write func(context.Context, io.Writer, *Graph) error
	}{{"nodes.csv", writeNodesCSV}, {"edges.csv", writeEdgesCSV}} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if err := part.write(ctx, f, g); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func writeNodesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	cw := csv.NewWriter(w)
	nf := nodeFieldsFor(g.Contact())
	if err := cw.Write(NodeColumns(g.Contact())); err != nil {
		return err
	}
	row := make([]string, 1+len(nf))
	err := g.Nodes(ctx, func(n *kg.Node) error {
		row[0] = clean(n.ID)
		for i, f := range nf {
			row[i+1] = clean(f.get(n))
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeEdgesCSV(ctx context.Context, w io.Writer, g *Graph) error {
	cw := csv.NewWriter(w)
	cols := EdgeColumns()
	if err := cw.Write(cols); err != nil {
		return err
	}
	row := make([]string, 0, len(cols))
	err := g.Edges(ctx, func(e *kg.Edge) error {
		row = append(row[:0], clean(e.ID), clean(e.From), clean(e.To))
		for _, f := range edgeFields {
			v := clean(f.get(e))
			row = append(row, v)
			if f.name == "type" {
				row = append(row, v)
			}
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
