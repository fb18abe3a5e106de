package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

const exportUsage = `usage: kg export [-format F] [-o FILE] [-seeds DIR] [-center ID [-hops N]] [-types A,B] [-kinds X,Y] [-contact] [-gexf 1.2]

Writes the seed graph, or part of it, for Gephi, networkx, igraph, R, spreadsheets or
Cytoscape.js. Formats: %s (the format is guessed from -o when -format is not given).

Examples:
  kg export -format gexf -o kg.gexf
  kg export -format graphml -center region-kronoberg -hops 1 -o kronoberg.graphml
  kg export -format csv.zip -kinds MUNICIPALITY,REGION,NETWORK -o networks.zip

Flags:
`

// cmdExport writes an export of the embedded (or -seeds) graph to stdout or -o FILE. The
// selection flags are checked by the same code as the HTTP endpoints' parameters.
func cmdExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(stderr)
	format := fl.String("format", "", "output format: "+export.FormatNames())
	out := fl.String("o", "", "output file (default: standard output)")
	seedDir := fl.String("seeds", seedsDefault(getenv), "seed directory with sources/ and graph/ (env "+envSeeds+"; default: the embedded seeds)")
	center := fl.String("center", "", "export the neighbourhood of this node id (default: the whole graph)")
	hops := fl.Int("hops", export.DefaultHops, "neighbourhood radius 0..3 (with -center)")
	types := fl.String("types", "", "only these edge types, comma-separated (e.g. MEMBER_OF,PARTNER_OF)")
	kinds := fl.String("kinds", "", "only these node kinds, comma-separated (e.g. MUNICIPALITY,REGION)")
	contact := fl.Bool("contact", false, "include personal contact data (email, phone)")
	gexf := fl.String("gexf", "", "GEXF version for -format gexf: 1.3 (default) or 1.2 (for networkx before 3.6)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, exportUsage, export.FormatNames())
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kg export: unexpected argument %q\n", fl.Arg(0))
		return 2
	}

	var f export.Format
	var ok bool
	switch {
	case *format != "":
		if f, ok = export.FormatByName(*format); !ok {
			fmt.Fprintf(stderr, "kg export: unknown format %q (known: %s)\n", *format, export.FormatNames())
			return 2
		}
	case *out != "":
		if f, ok = export.FormatForPath(*out); !ok {
			fmt.Fprintf(stderr, "kg export: cannot tell the format from %q; give -format %s\n", *out, export.FormatNames())
			return 2
		}
	default:
		fmt.Fprintf(stderr, "kg export: give -format %s (or -o FILE with a known extension)\n", export.FormatNames())
		return 2
	}

	// Build the same parameters the HTTP endpoints take, so both validate alike.
	set := map[string]bool{}
	fl.Visit(func(x *flag.Flag) { set[x.Name] = true })
	q := url.Values{}
	if set["center"] {
		q.Set("center", *center)
	}
	if set["hops"] {
		q.Set("hops", strconv.Itoa(*hops))
	}
	if set["types"] {
		q.Set("types", *types)
	}
	if set["kinds"] {
		q.Set("kinds", *kinds)
	}
	if *contact {
		q.Set("contact", "true")
	}
	if set["gexf"] {
		q.Set("gexf", *gexf)
	}
	sel, err := export.ParseRequest(f, q)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: -%s\n", kg.ErrorMessage(err))
		return 2
	}

	g, _, err := loadSeeds(stderr, *seedDir)
	if err != nil {
		return 1
	}
	store, err := memstore.New(g)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: %v\n", err)
		return 1
	}
	graph, err := export.Select(ctx, store, sel)
	if err != nil {
		fmt.Fprintf(stderr, "kg export: %s\n", kg.ErrorMessage(err))
		return 1
	}
	if graph.Truncated() {
		fmt.Fprintf(stderr, "kg export: warning: the neighbourhood was cut at %d nodes\n", export.MaxSubgraphNodes)
	}

	if *out == "" || *out == "-" {
		bw := bufio.NewWriter(stdout)
		if err := f.Write(ctx, bw, graph); err != nil {
			fmt.Fprintf(stderr, "kg export: %v\n", err)
			return 1
		}
		if err := bw.Flush(); err != nil {
			fmt.Fprintf(stderr, "kg export: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeFileAtomic(*out, sel.Contact, func(w io.Writer) error { return f.Write(ctx, w, graph) }); err != nil {
		fmt.Fprintf(stderr, "kg export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "kg export: wrote %s (%s, %s)\n", *out, f.Name, sel.Describe())
	return 0
}

// writeFileAtomic writes path through a temporary file in the same directory and renames it
// into place, so a failed export never leaves a half-written file. Files with personal
// contact data are readable by the owner only.
func writeFileAtomic(path string, private bool, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	mode := os.FileMode(0o644)
	if private {
		mode = 0o600
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
