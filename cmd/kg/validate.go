package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// seedFS returns the seed directory dir, or the seeds embedded in the binary when dir is "".
func seedFS(dir string) (fs.FS, string) {
	if dir == "" {
		return seeds.FS, "embedded seeds"
	}
	return os.DirFS(dir), dir
}

// loadSeeds loads the seed directory dir ("" = the embedded seeds) and returns the graph
// and the directory's name. On failure it prints the reason to w — every problem of a
// validation error on its own line with file:line, then a summary — and returns the error.
// All commands report seed problems through it.
func loadSeeds(w io.Writer, dir string) (*kg.Graph, string, error) {
	fsys, name := seedFS(dir)
	g, err := seed.Load(fsys)
	if err == nil {
		return g, name, nil
	}
	printSeedError(w, name, err, "nothing loaded")
	return nil, name, err
}

// printSeedError prints why the seeds in name could not be used: every problem of a
// validation error on its own line with file:line, then a summary ending in outcome.
func printSeedError(w io.Writer, name string, err error, outcome string) {
	var ve *seed.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Fprintln(w, p)
		}
		fmt.Fprintf(w, "%s: %d problem(s); %s\n", name, len(ve.Problems), outcome)
		return
	}
	fmt.Fprintf(w, "%s: %v\n", name, err)
}

func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("validate", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kg validate [DIR]   (DIR holds sources/ and graph/; default: embedded seeds)")
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 1 {
		fl.Usage()
		return 2
	}
	g, name, err := loadSeeds(stderr, fl.Arg(0))
	if err != nil {
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok — %s\n", name, summary(g))
	return 0
}

// summary counts nodes per kind, edges per type and mandates, in fixed order.
func summary(g *kg.Graph) string {
	nk := map[kg.NodeKind]int{}
	for _, n := range g.Nodes {
		nk[n.Kind]++
	}
	et := map[kg.EdgeType]int{}
	for _, e := range g.Edges {
		et[e.Type]++
	}
	s := fmt.Sprintf("%d sources, %d nodes (", len(g.Sources), len(g.Nodes))
	first := true
	for _, k := range kg.AllKinds {
		if nk[k] > 0 {
			if !first {
				s += ", "
			}
			s += fmt.Sprintf("%s %d", k, nk[k])
			first = false
		}
	}
	s += fmt.Sprintf("), %d edges (", len(g.Edges))
	first = true
	for _, t := range kg.AllEdgeTypes {
		if et[t] > 0 {
			if !first {
				s += ", "
			}
			s += fmt.Sprintf("%s %d", t, et[t])
			first = false
		}
	}
	return s + fmt.Sprintf("), %d mandates", len(g.Mandates))
}
