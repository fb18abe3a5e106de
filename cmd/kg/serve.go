package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/kommunkg/kg/internal/breaker"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/obs"
)

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

// serveDeps are the parts of kg serve a test replaces: how Neo4j is opened, how often a
// failed start-up connection is retried, how files are read, and who learns the listen
// address.
type serveDeps struct {
	openNeo4j  func(context.Context, neo4jstore.Config) (breaker.Backend, error)
	retryEvery time.Duration
	readFile   func(string) ([]byte, error)
	listening  func(net.Addr)
	// getenv reads the OTEL_* variables (obs.TracingFromEnv); nil: none set.
	getenv func(string) string
}

var defaultServeDeps = serveDeps{
	openNeo4j: func(ctx context.Context, cfg neo4jstore.Config) (breaker.Backend, error) {
		st, err := neo4jstore.Open(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return st, nil
	},
	retryEvery: time.Second,
	readFile:   os.ReadFile,
	listening:  func(net.Addr) {},
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, getenv, stderr)
	if errors.Is(err, errHelp) {
		return 0
	}
	if err != nil {
		if !errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "kg serve: %v\n", err)
		}
		return 2
	}
	deps := defaultServeDeps
	deps.getenv = getenv
	return serve(ctx, cfg, deps, stdout, stderr)
}

func serve(ctx context.Context, cfg serveConfig, deps serveDeps, stdout, stderr io.Writer) int {
	log := newLogger(stderr, cfg.LogFormat)
	build := buildInfo()
	log.Info("starting", "version", build.Version, "commit", build.Commit, "go", build.GoVersion, "backend", string(cfg.Backend))

	getenv := deps.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	tracing, err := obs.TracingFromEnv(ctx, getenv, build)
	if err != nil {
		log.Error("cannot set up tracing", "err", err)
		return 1
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tracing.Shutdown(sctx); err != nil {
			log.Warn("flushing traces", "err", err)
		}
	}()
	if tracing.Enabled {
		log.Info("tracing", "exporter", "otlp", "endpoint", tracing.Endpoint)
		// Export failures (collector down) go to the log, not to the SDK's default logger.
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { log.Warn("tracing", "err", err) }))
	}
	metrics := obs.NewMetrics(build)
	var tp trace.TracerProvider // nil: tracing off
	if tracing.Enabled {
		tp = tracing.Provider
	}

	store, ready, closeStore, err := openStore(ctx, log, stderr, cfg, deps, metrics)
	if err != nil {
		log.Error("cannot open store", "err", err)
		return 1
	}
	defer closeStore()
	if br, ok := store.(*breaker.Store); ok {
		metrics.BreakerState(func() int { return int(br.State()) })
	}

	tokens, err := contactTokens(cfg, deps.readFile)
	if err != nil {
		log.Error("cannot read contact tokens", "err", err)
		return 1
	}
	h := httpapi.New(httpapi.Config{
		Store:         store,
		Logger:        log,
		Ready:         ready,
		CORSOrigins:   cfg.CORSOrigins,
		ContactTokens: tokens,
		Timeout:       cfg.Timeout,
		RateLimit:     cfg.RateLimit,
		RateBurst:     cfg.RateBurst,

		ResponseCacheBytes: cfg.CacheBytes,
		LoaderWait:         cfg.LoaderWait,
		GqlgenLists:        !cfg.DirectLists,

		DisableIntrospection: !cfg.Introspection,

		Metrics:        metrics,
		TracerProvider: tp,
	})
	srv := httpapi.NewServer(h, httpapi.ServerOptions{Timeout: cfg.Timeout,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }})
	srv.Addr = cfg.Addr
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		log.Error("cannot listen", "addr", cfg.Addr, "err", err)
		return 1
	}
	ln = httpapi.LimitListener(ln, httpapi.ListenerLimits{})
	log.Info("listening", "addr", ln.Addr().String(), "graphiql", "http://"+displayAddr(ln.Addr())+"/", "explorer", "http://"+displayAddr(ln.Addr())+"/explore", "metrics", "/metrics",
		"backend", string(cfg.Backend), "contact_data_tokens", len(tokens), "cors_origins", strings.Join(cfg.CORSOrigins, ","))

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if cfg.DebugAddr != "" {
		dbg, err := startDebug(cfg.DebugAddr)
		if err != nil {
			log.Error("cannot listen", "debug_addr", cfg.DebugAddr, "err", err)
			return 1
		}
		defer dbg.Close()
		log.Info("debug endpoints", "addr", cfg.DebugAddr, "pprof", "/debug/pprof/")
	}
	deps.listening(ln.Addr())
	select {
	case err := <-errc:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return 0
}

// openStore opens the backend cfg.Backend names. It returns the store, its readiness
// check and a close function.
// Seed problems are printed to stderr, one per line with file:line.
func openStore(ctx context.Context, log *slog.Logger, stderr io.Writer, cfg serveConfig, deps serveDeps, metrics *obs.Metrics) (kg.Store, func(context.Context) error, func(), error) {
	switch cfg.Backend {
	case backendSynthetic:
		return openSynthetic(ctx, log, cfg.Synthetic)
	case backendNeo4j:
		return openNeo4j(ctx, log, cfg.Neo4j, deps, metrics)
	}
	t0 := time.Now()
	g, name, err := loadSeeds(stderr, cfg.Seeds)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("loading %s: %w", name, err)
	}
	log.Info("seeds loaded", "seeds", name, "sources", len(g.Sources), "took", time.Since(t0).Round(time.Millisecond).String())
	t0 = time.Now()
	st, err := memstore.New(g)
	if err != nil {
		return nil, nil, nil, err
	}
	stats, _ := st.Stats(ctx)
	log.Info("store built", "store", "embedded", "seeds", name, "nodes", stats.Nodes, "edges", stats.Edges, "mandates", stats.Mandates,
		"version", stats.Version, "took", time.Since(t0).Round(time.Millisecond).String())
	return st, nil, func() {}, nil
}

// openSynthetic serves a generated graph (package gen, seed 1) on the embedded store. It logs
// the graph's landmarks — the ids the load test queries — so a script can pick them up.
func openSynthetic(ctx context.Context, log *slog.Logger, n int) (kg.Store, func(context.Context) error, func(), error) {
	t0 := time.Now()
	g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
	st, err := memstore.New(g)
	if err != nil {
		return nil, nil, nil, err
	}
	stats, _ := st.Stats(ctx)
	log.Info("store built", "store", "embedded", "synthetic", gen.SizeName(n), "nodes", stats.Nodes, "edges", stats.Edges,
		"mandates", stats.Mandates, "build", time.Since(t0).Round(time.Millisecond).String(),
		"busy_body", lm.BusyBody, "person", lm.Person, "path_from", lm.PathFrom, "path_to", lm.PathTo,
		"center", lm.Center, "search_text", lm.SearchText)
	return st, nil, func() {}, nil
}

// startDebug serves net/http/pprof on its own listener, so profiling never shares the public
// mux (and its CORS, limits and logs) and is off unless asked for.
func startDebug(addr string) (*http.Server, error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return srv, nil
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	if strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(s, "0.0.0.0:")
	}
	return s
}
