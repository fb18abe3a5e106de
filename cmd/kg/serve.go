package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
)

// env returns the environment variable key, or def when it is unset or empty.
func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// envInt is env for integers; a malformed value falls back to def.
func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// loaderWaitFor picks the dataloader window. Against the embedded store a store call costs
// microseconds, so a long window only adds latency: 200µs is enough for sibling resolvers
// (started together) to join one batch. Against Neo4j a call is a network round trip and
// 2ms of gathering saves many of them.
func loaderWaitFor(flagValue time.Duration, synthetic string) time.Duration {
	if flagValue > 0 {
		return flagValue
	}
	if os.Getenv("NEO4J_URI") != "" && synthetic == "" {
		return 2 * time.Millisecond
	}
	return 200 * time.Microsecond
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// contactTokens reads the bearer tokens that may see personal contact data: from
// KG_CONTACT_TOKENS (comma-separated) and/or the file named by KG_CONTACT_TOKENS_FILE (one
// token per line, # comments) — a file suits secret mounts in containers. Tokens shorter
// than 16 characters are refused: they would be guessable.
func contactTokens() ([]string, error) {
	tokens := splitList(os.Getenv("KG_CONTACT_TOKENS"))
	if f := os.Getenv("KG_CONTACT_TOKENS_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("KG_CONTACT_TOKENS_FILE: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				tokens = append(tokens, line)
			}
		}
	}
	for i, t := range tokens {
		if len(t) < 16 {
			return nil, fmt.Errorf("contact token #%d is shorter than 16 characters", i+1)
		}
	}
	return tokens, nil
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	addr := fl.String("addr", env("KG_ADDR", ":8080"), "listen address HOST:PORT (env KG_ADDR)")
	seedDir := fl.String("seeds", env("KG_SEEDS", ""), "seed directory with sources/ and graph/ (env KG_SEEDS; default: the seeds embedded in the binary)")
	origins := fl.String("cors-origins", env("KG_CORS_ORIGINS", "*"), "comma-separated origins allowed by CORS (env KG_CORS_ORIGINS)")
	timeout := fl.Duration("timeout", 10*time.Second, "per-request timeout")
	rateLimit := fl.Float64("rate-limit", 0, "requests per second allowed per client (bearer token, else IP); 0 = off")
	rateBurst := fl.Int("rate-burst", 0, "rate limit bucket size (default 2 × rate + 1)")
	synthetic := fl.String("synthetic", env("KG_SYNTHETIC", ""), "serve a generated graph of this many nodes (1k, 100k, 1M) instead of the seeds, for load tests (env KG_SYNTHETIC)")
	debugAddr := fl.String("debug-addr", env("KG_DEBUG_ADDR", ""), "serve pprof at /debug/pprof/ on this separate address, e.g. 127.0.0.1:6060 (env KG_DEBUG_ADDR; default off — never expose it publicly)")
	cacheMB := fl.Int("response-cache", envInt("KG_RESPONSE_CACHE_MB", 64), "whole-response cache budget in MiB, keyed by graph version, query, variables and access level; 0 = off (env KG_RESPONSE_CACHE_MB)")
	loaderWait := fl.Duration("loader-wait", 0, "how long dataloaders gather sibling keys before one store call (default 200µs embedded, 2ms Neo4j)")
	logFormat := fl.String("log-format", env("KG_LOG_FORMAT", "json"), "log format: json or text (env KG_LOG_FORMAT)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kg serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	log := newLogger(stderr, *logFormat)

	store, ready, closeStore, err := openStore(ctx, log, *seedDir, *synthetic)
	if err != nil {
		var ve *seed.ValidationError
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintln(stderr, p)
			}
		}
		log.Error("cannot open store", "err", err)
		return 1
	}
	defer closeStore()

	tokens, err := contactTokens()
	if err != nil {
		log.Error("cannot read contact tokens", "err", err)
		return 1
	}
	h := httpapi.New(httpapi.Config{
		Store:         store,
		Logger:        log,
		Ready:         ready,
		CORSOrigins:   splitList(*origins),
		ContactTokens: tokens,
		Timeout:       *timeout,
		RateLimit:     *rateLimit,
		RateBurst:     *rateBurst,

		ResponseCacheBytes: int64(max(*cacheMB, 0)) << 20,
		LoaderWait:         loaderWaitFor(*loaderWait, *synthetic),
	})
	srv := httpapi.NewServer(h, httpapi.ServerOptions{Timeout: *timeout,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("cannot listen", "addr", *addr, "err", err)
		return 1
	}
	ln = httpapi.LimitListener(ln, httpapi.ListenerLimits{})
	log.Info("serving", "addr", ln.Addr().String(), "playground", "http://"+displayAddr(ln.Addr())+"/",
		"contact_data_tokens", len(tokens), "cors_origins", *origins)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if *debugAddr != "" {
		dbg, err := startDebug(*debugAddr)
		if err != nil {
			log.Error("cannot listen", "debug_addr", *debugAddr, "err", err)
			return 1
		}
		defer dbg.Close()
		log.Info("debug endpoints", "addr", *debugAddr, "pprof", "/debug/pprof/")
	}
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

// openStore opens Neo4j when NEO4J_URI is set, otherwise builds the embedded store from the
// seeds. It returns the store, its readiness
// check and a close function.
func openStore(ctx context.Context, log *slog.Logger, seedDir, synthetic string) (kg.Store, func(context.Context) error, func(), error) {
	if synthetic != "" {
		return openSynthetic(ctx, log, synthetic)
	}
	if os.Getenv("NEO4J_URI") != "" {
		return openNeo4j(ctx, log)
	}
	fsys, name := seedFS(seedDir)
	g, err := seed.Load(fsys)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("loading %s: %w", name, err)
	}
	st, err := memstore.New(g)
	if err != nil {
		return nil, nil, nil, err
	}
	stats, _ := st.Stats(ctx)
	log.Info("backend", "store", "embedded", "seeds", name, "nodes", stats.Nodes, "edges", stats.Edges, "mandates", stats.Mandates, "version", stats.Version)
	return st, nil, func() {}, nil
}

// openSynthetic serves a generated graph (package gen, seed 1) on the embedded store. It logs
// the graph's landmarks — the ids the load test queries — so a script can pick them up.
func openSynthetic(ctx context.Context, log *slog.Logger, size string) (kg.Store, func(context.Context) error, func(), error) {
	n, err := gen.ParseSize(size)
	if err != nil {
		return nil, nil, nil, err
	}
	if n < gen.MinNodes {
		return nil, nil, nil, fmt.Errorf("-synthetic %s: at least %d nodes", size, gen.MinNodes)
	}
	t0 := time.Now()
	g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
	st, err := memstore.New(g)
	if err != nil {
		return nil, nil, nil, err
	}
	stats, _ := st.Stats(ctx)
	log.Info("backend", "store", "embedded", "synthetic", gen.SizeName(n), "nodes", stats.Nodes, "edges", stats.Edges,
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
