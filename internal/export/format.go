package export

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// Format is one export format.
type Format struct {
	// Name is what `kg export -format` takes.
	Name string
	// Aliases are other accepted names.
	Aliases []string
	// File is the endpoint's file name under /export/.
	File string
	// Suffix ends the download file name ("kg-<selection><Suffix>").
	Suffix string
	// ContentType is the response's media type.
	ContentType string
	// Write writes a graph in this format.
	Write func(ctx context.Context, w io.Writer, g *Graph) error
}

// Formats lists every format, in the order the documentation shows them.
var Formats = []Format{
	{Name: "graphml", File: "graph.graphml", Suffix: ".graphml",
		ContentType: "application/graphml+xml; charset=utf-8", Write: WriteGraphML},
	{Name: "gexf", File: "graph.gexf", Suffix: ".gexf",
		ContentType: "application/gexf+xml; charset=utf-8", Write: WriteGEXF},
	{Name: "json", Aliases: []string{"cytoscape", "cyjs"}, File: "graph.json", Suffix: ".json",
		ContentType: "application/json", Write: WriteCytoscapeJSON},
	{Name: "nodes.csv", File: "nodes.csv", Suffix: "-nodes.csv",
		ContentType: "text/csv; charset=utf-8", Write: WriteNodesCSV},
	{Name: "edges.csv", File: "edges.csv", Suffix: "-edges.csv",
		ContentType: "text/csv; charset=utf-8", Write: WriteEdgesCSV},
	{Name: "csv.zip", Aliases: []string{"zip", "csv"}, File: "graph.csv.zip", Suffix: "-csv.zip",
		ContentType: "application/zip", Write: WriteCSVZip},
}

// FormatByName finds a format by name or alias (case-insensitive).
func FormatByName(name string) (Format, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
		for _, a := range f.Aliases {
			if a == name {
				return f, true
			}
		}
	}
	return Format{}, false
}

// FormatForPath guesses the format from an output file name (".graphml", ".gexf", ".json",
// "…nodes.csv", "…edges.csv", ".zip").
func FormatForPath(path string) (Format, bool) {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, ".graphml"):
		return FormatByName("graphml")
	case strings.HasSuffix(p, ".gexf"):
		return FormatByName("gexf")
	case strings.HasSuffix(p, ".json"):
		return FormatByName("json")
	case strings.HasSuffix(p, "nodes.csv"):
		return FormatByName("nodes.csv")
	case strings.HasSuffix(p, "edges.csv"):
		return FormatByName("edges.csv")
	case strings.HasSuffix(p, ".zip"):
		return FormatByName("csv.zip")
	}
	return Format{}, false
}

// FormatNames lists the format names for usage messages.
func FormatNames() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	return strings.Join(names, "|")
}

// Filename is the download name for a selection in format f, made of [a-z0-9._-] only:
// "kg-graph.graphml", "kg-region-kronoberg-1hop.gexf",
// "kg-graph-kinds-person-project-nodes.csv", "kg-graph-gexf12.gexf" (GEXF 1.2).
func Filename(sel Selection, f Format) string {
	parts := []string{"kg"}
	if sel.Center == "" {
		parts = append(parts, "graph")
	} else {
		parts = append(parts, slug(sel.Center), strconv.Itoa(sel.Hops)+"hop")
	}
	if len(sel.Types) > 0 {
		parts = append(parts, "types", slug(joinNames(sel.Types)))
	}
	if len(sel.Kinds) > 0 {
		parts = append(parts, "kinds", slug(joinNames(sel.Kinds)))
	}
	if sel.Contact {
		parts = append(parts, "contact")
	}
	if sel.GEXF == GEXF12 && f.Name == "gexf" {
		parts = append(parts, "gexf12")
	}
	name := strings.Join(parts, "-")
	const max = 120
	if len(name) > max {
		name = strings.TrimRight(name[:max], "-_.")
	}
	return name + f.Suffix
}

// slug lowercases s and keeps [a-z0-9_], turning every other run of characters into "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
