package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/breaker"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/seed"
)

// openNeo4j opens the Neo4j backend configured by the NEO4J_* environment variables. It logs
// the URI (without user info) and the database, never the password.
func openNeo4j(ctx context.Context, log *slog.Logger) (kg.Store, func(context.Context) error, func(), error) {
	cfg, err := neo4jstore.ConfigFromEnv()
	if err != nil {
		return nil, nil, nil, err
	}
	cfg.Logger = log
	st, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("opening Neo4j at %s (database %s): %w", cfg.RedactedURI(), cfg.Database, err)
	}
	closeStore := func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := st.Close(cctx); err != nil {
			log.Warn("closing Neo4j", "err", err)
		}
	}
	attrs := []any{"store", "neo4j", "uri", cfg.RedactedURI(), "database", cfg.Database,
		"max_pool_size", cfg.MaxConnectionPoolSize, "query_timeout", cfg.QueryTimeout}
	stats, err := st.Stats(ctx)
	switch {
	case err != nil:
		log.Warn("backend", append(attrs, "stats_err", err)...)
	case stats.Version == "":
		log.Warn("backend: the Neo4j database holds no graph yet; run `kg load`", attrs...)
	default:
		log.Info("backend", append(attrs, "nodes", stats.Nodes, "edges", stats.Edges,
			"mandates", stats.Mandates, "version", stats.Version)...)
	}
	// The breaker makes requests fail fast with UNAVAILABLE during an outage and lets the
	// service recover by itself (readiness probes close it as soon as Neo4j answers).
	br := breaker.New(st, 3, 2*time.Second)
	ready := func(ctx context.Context) error { return br.Ready(ctx, st.Ready) }
	return br, ready, closeStore, nil
}

// cmdLoad validates the seeds and loads (re-syncs) them into Neo4j. Validation comes first:
// a seed directory with problems is reported with file:line and nothing is connected to or
// written.
func cmdLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	fl.SetOutput(stderr)
	seedDir := fl.String("seeds", env("KG_SEEDS", ""), "seed directory with sources/ and graph/ (env KG_SEEDS; default: the seeds embedded in the binary)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kg load [-seeds DIR]   (connection from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kg load: unexpected argument %q\n", fl.Arg(0))
		return 2
	}

	fsys, name := seedFS(*seedDir)
	g, err := seed.Load(fsys)
	if err != nil {
		var ve *seed.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintln(stderr, p)
			}
			fmt.Fprintf(stderr, "%s: %d problem(s); nothing loaded\n", name, len(ve.Problems))
			return 1
		}
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}

	if os.Getenv(neo4jstore.EnvURI) == "" {
		fmt.Fprintf(stderr, "kg load: %s is not set (e.g. neo4j://localhost:7687); see docs/neo4j.md\n", neo4jstore.EnvURI)
		return 2
	}
	cfg, err := neo4jstore.ConfigFromEnv()
	if err != nil {
		fmt.Fprintf(stderr, "kg load: %v\n", err)
		return 2
	}
	st, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "kg load: cannot reach Neo4j at %s (database %s): %s\n", cfg.RedactedURI(), cfg.Database, describe(err))
		return 1
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = st.Close(cctx)
	}()

	rep, err := st.Load(ctx, g)
	if err != nil {
		fmt.Fprintf(stderr, "kg load: %s; the database is unchanged\n", describe(err))
		return 1
	}
	printLoadReport(stdout, name, cfg, rep)
	return 0
}

// describe renders an error for the operator: the client-safe message and, since this is the
// operator's own terminal, the cause (driver errors name codes and hosts, never passwords).
func describe(err error) string {
	var ke *kg.Error
	if errors.As(err, &ke) {
		if ke.Err != nil {
			return fmt.Sprintf("%s (%s: %v)", ke.Message, ke.Code, ke.Err)
		}
		return fmt.Sprintf("%s (%s)", ke.Message, ke.Code)
	}
	return err.Error()
}

func printLoadReport(w io.Writer, name string, cfg neo4jstore.Config, rep neo4jstore.LoadReport) {
	target := fmt.Sprintf("%s (database %s)", cfg.RedactedURI(), cfg.Database)
	if rep.Unchanged {
		fmt.Fprintf(w, "%s → %s: unchanged (version %s)\n", name, target, rep.Version)
		return
	}
	fmt.Fprintf(w, "%s → %s: loaded version %s", name, target, rep.Version)
	if rep.PreviousVersion != "" {
		fmt.Fprintf(w, " (was %s)", rep.PreviousVersion)
	}
	fmt.Fprintf(w, " in %s\n", rep.Took.Round(time.Millisecond))
	var parts []string
	for _, k := range kg.AllKinds {
		if n := rep.Nodes[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	fmt.Fprintf(w, "  nodes    %d: %s\n", rep.TotalNodes(), strings.Join(parts, ", "))
	parts = parts[:0]
	for _, t := range kg.AllEdgeTypes {
		if n := rep.Edges[t]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
	}
	fmt.Fprintf(w, "  edges    %d: %s\n", rep.TotalEdges(), strings.Join(parts, ", "))
	fmt.Fprintf(w, "  mandates %d, sources %d\n", rep.Mandates, rep.Sources)
	fmt.Fprintf(w, "  changes: %d nodes created, %d deleted; %d relationships created, %d deleted; %d properties set (%d statements)\n",
		rep.NodesCreated, rep.NodesDeleted, rep.RelationshipsCreated, rep.RelationshipsDeleted, rep.PropertiesSet, rep.RoundTrips)
}
