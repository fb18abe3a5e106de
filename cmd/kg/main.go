// Command kg serves, validates, loads and exports the municipal knowledge graph.
//
// main only wires configuration to parts; all behaviour lives in internal/ and graph/.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `kg — the municipal knowledge graph

Usage:
  kg serve    [-addr HOST:PORT] [-seeds DIR] [-cors-origins LIST]   serve GraphQL (embedded store unless NEO4J_URI is set)
  kg validate [DIR]                                                  validate a seed directory (default: the embedded seeds)
  kg lint     [DIR]                                                  curation warnings with file:line (orphans, duplicates, …)
  kg load     [-seeds DIR]                                           load (re-sync) the seed graph into Neo4j (NEO4J_URI …)
  kg export   [-format F] [-o FILE] [-seeds DIR] [-center ID [-hops N]] [-types A,B] [-kinds X,Y] [-contact]
                                                                     write GraphML, GEXF, Cytoscape JSON or CSV
  kg version                                                         version, commit, build date and Go version (also kg --version)
  kg help

Run "kg COMMAND -h" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run is the whole program; the environment is read only through getenv (config.go).
func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], getenv, stdout, stderr)
	case "validate":
		return cmdValidate(args[1:], stdout, stderr)
	case "lint":
		return cmdLint(args[1:], stdout, stderr)
	case "export":
		return cmdExport(ctx, args[1:], getenv, stdout, stderr)
	case "load":
		return cmdLoad(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-version":
		return cmdVersion(stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "kg: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
