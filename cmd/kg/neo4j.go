package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/breaker"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/obs"
)

// openNeo4j serves from Neo4j. It tries to connect once; a configuration error (a
// malformed URI) stops kg serve, but an unreachable server does not: kg serve then starts
// not-ready (/readyz 503, requests UNAVAILABLE at once), keeps trying in the background and
// serves as soon as Neo4j answers — no restart. It logs the URI (without user info) and the
// database, never the password.
func openNeo4j(ctx context.Context, log *slog.Logger, cfg neo4jstore.Config, deps serveDeps, metrics *obs.Metrics) (kg.Store, func(context.Context) error, func(), error) {
	cfg.Logger = log
	attrs := []any{"store", "neo4j", "uri", cfg.RedactedURI(), "database", cfg.Database,
		"max_pool_size", cfg.MaxConnectionPoolSize, "query_timeout", cfg.QueryTimeout}
	lz := breaker.NewLazy(func(ctx context.Context) (breaker.Backend, error) {
		st, err := deps.openNeo4j(ctx, cfg)
		if err != nil {
			return nil, err
		}
		logBackend(ctx, log, st, attrs)
		if rt, ok := st.(interface{ RoundTrips() int64 }); ok {
			// The lazy store opens the driver once; the counter follows that store.
			metrics.CypherRoundTrips(rt.RoundTrips)
		}
		return st, nil
	})
	closeStore := func() {
		cctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := lz.Close(cctx); err != nil {
			log.Warn("closing Neo4j", "err", err)
		}
	}
	if err := lz.Connect(ctx); err != nil {
		if kg.ErrorCode(err) != kg.EUNAVAILABLE {
			closeStore()
			return nil, nil, nil, fmt.Errorf("opening Neo4j at %s (database %s): %w", cfg.RedactedURI(), cfg.Database, err)
		}
		log.Warn("backend: Neo4j is unreachable; serving not-ready and retrying in the background",
			append(attrs, "retry_every", deps.retryEvery.String(), "err", describe(err))...)
		lz.Retry(deps.retryEvery)
	}
	// The breaker makes requests fail fast with UNAVAILABLE during an outage and lets the
	// service recover by itself (readiness probes close it as soon as Neo4j answers).
	br := breaker.New(lz, 3, 2*time.Second)
	ready := func(ctx context.Context) error { return br.Ready(ctx, lz.Ready) }
	return br, ready, closeStore, nil
}

// logBackend logs what the opened database holds.
func logBackend(ctx context.Context, log *slog.Logger, st kg.Store, attrs []any) {
	stats, err := st.Stats(ctx)
	switch {
	case err != nil:
		log.Warn("backend", append(attrs, "stats_err", err)...)
	case stats.Version == "":
		log.Warn("backend: the Neo4j database holds no graph yet; run `kg load`", attrs...)
	default:
		log.Info("store built", append(attrs, "nodes", stats.Nodes, "edges", stats.Edges,
			"mandates", stats.Mandates, "version", stats.Version)...)
	}
}

// cmdLoad validates the seeds and loads (re-syncs) them into Neo4j. Validation comes first:
// a seed directory with problems is reported with file:line and nothing is connected to or
// written.
func cmdLoad(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseLoad(args, getenv, stderr)
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "kg load: %v\n", err)
		}
		return 2
	}

	g, name, err := loadSeeds(stderr, cfg.Seeds)
	if err != nil {
		return 1
	}

	st, err := neo4jstore.Open(ctx, cfg.Neo4j)
	if err != nil {
		fmt.Fprintf(stderr, "kg load: cannot reach Neo4j at %s (database %s): %s\n", cfg.Neo4j.RedactedURI(), cfg.Neo4j.Database, describe(err))
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
	printLoadReport(stdout, name, cfg.Neo4j, rep)
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
