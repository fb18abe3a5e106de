package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/kommunkg/kg/internal/seed"
)

// cmdLint validates a seed directory and prints the curation linter's warnings with
// file:line. It fails (1) on any unacknowledged warning, so CI keeps the shipped seeds clean.
func cmdLint(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("lint", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kg lint [DIR]   (DIR holds sources/ and graph/; default: embedded seeds)")
		fmt.Fprintf(stderr, "rules: %v; acknowledge one in a graph file's lint: list with rule, subject and reason\n", seed.LintRules)
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 1 {
		fl.Usage()
		return 2
	}
	fsys, name := seedFS(fl.Arg(0))
	_, ws, err := seed.Lint(fsys)
	if err != nil {
		printSeedError(stderr, name, err, "not linted")
		return 1
	}
	for _, w := range ws {
		fmt.Fprintln(stdout, w)
	}
	if len(ws) > 0 {
		fmt.Fprintf(stdout, "%s: %d warning(s)\n", name, len(ws))
		return 1
	}
	fmt.Fprintf(stdout, "%s: lint ok — no unacknowledged warnings\n", name)
	return 0
}
