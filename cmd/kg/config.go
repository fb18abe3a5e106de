package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/neo4jstore"
)

// This file is the only place that knows the command line and the environment. parse*
// functions are pure: flags and a getenv function in, a configuration or an error naming
// the flag or variable out. A malformed value is an error, never a silent default. Every
// flag and variable here is in the README's configuration table.

// Environment variables.
const (
	envAddr              = "KG_ADDR"
	envSeeds             = "KG_SEEDS"
	envCORSOrigins       = "KG_CORS_ORIGINS"
	envSynthetic         = "KG_SYNTHETIC"
	envDebugAddr         = "KG_DEBUG_ADDR"
	envResponseCacheMB   = "KG_RESPONSE_CACHE_MB"
	envLogFormat         = "KG_LOG_FORMAT"
	envIntrospection     = "KG_INTROSPECTION"
	envContactTokens     = "KG_CONTACT_TOKENS"
	envContactTokensFile = "KG_CONTACT_TOKENS_FILE"

	envNeo4jURI                   = "NEO4J_URI"
	envNeo4jUsername              = "NEO4J_USERNAME"
	envNeo4jPassword              = "NEO4J_PASSWORD"
	envNeo4jDatabase              = "NEO4J_DATABASE"
	envNeo4jMaxPoolSize           = "NEO4J_MAX_POOL_SIZE"
	envNeo4jAcquisitionTimeout    = "NEO4J_CONNECTION_ACQUISITION_TIMEOUT"
	envNeo4jMaxConnectionLifetime = "NEO4J_MAX_CONNECTION_LIFETIME"
	envNeo4jQueryTimeout          = "NEO4J_QUERY_TIMEOUT"
	envNeo4jLoadTimeout           = "NEO4J_LOAD_TIMEOUT"
	envNeo4jSchemaTimeout         = "NEO4J_SCHEMA_TIMEOUT"
)

// backend is where kg serve reads the graph from, decided once, in parseServe.
type backend string

const (
	backendEmbedded  backend = "embedded"  // the seeds (embedded or -seeds DIR) in memory
	backendSynthetic backend = "synthetic" // a generated graph in memory
	backendNeo4j     backend = "neo4j"     // NEO4J_URI
)

// minTokenLen is the shortest contact token accepted: shorter ones could be guessed.
const minTokenLen = 16

// serveConfig is everything kg serve needs, parsed.
type serveConfig struct {
	Addr        string
	Backend     backend
	Seeds       string // backendEmbedded: a seed directory, "" = the embedded seeds
	Synthetic   int    // backendSynthetic: the number of nodes
	Neo4j       neo4jstore.Config
	CORSOrigins []string
	Timeout     time.Duration
	RateLimit   float64
	RateBurst   int
	DebugAddr   string
	CacheBytes  int64
	LoaderWait  time.Duration // resolved: the flag, else the backend's default
	// DirectLists lets the GraphQL edge write plain lists itself (graph.DirectList); off,
	// gqlgen marshals every list (the same bytes, several times the CPU).
	DirectLists bool
	LogFormat   string // "json" or "text"
	// Introspection answers __schema/__type queries (GraphiQL and the explorer use it); a public
	// production deployment may turn it off.
	Introspection bool

	ContactTokens     []string // from KG_CONTACT_TOKENS
	ContactTokensFile string   // read by contactTokens at start-up
}

// loadConfig is what kg load needs.
type loadConfig struct {
	Seeds string
	Neo4j neo4jstore.Config
}

// errUsage marks a flag error that the flag package has already printed.
var errUsage = errors.New("usage")

// errHelp is -h or -help: the usage was printed on request (exit 0).
var errHelp = fmt.Errorf("%w: help", errUsage)

// parseFlags parses args into fl, printing flag errors and -h to out. Positional arguments
// are refused.
func parseFlags(fl *flag.FlagSet, args []string, out io.Writer) error {
	fl.SetOutput(out)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	return nil
}

// env reads variables through getenv, remembering the first malformed one.
type env struct {
	getenv func(string) string
	err    error
}

func (e *env) str(key, def string) string {
	if v := strings.TrimSpace(e.getenv(key)); v != "" {
		return v
	}
	return def
}

func (e *env) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// int reads a non-negative integer; unset means def.
func (e *env) int(key string, def int) int { return e.intMin(key, def, 0, "a non-negative integer") }

// bool reads true/false (strconv.ParseBool's spellings); unset means def.
func (e *env) bool(key string, def bool) bool {
	s := strings.TrimSpace(e.getenv(key))
	if s == "" {
		return def
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		e.fail(fmt.Errorf("%s must be true or false", key))
		return def
	}
	return b
}

// positiveInt reads a positive integer; unset means 0 (the adapter's default).
func (e *env) positiveInt(key string) int { return e.intMin(key, 0, 1, "a positive integer") }

func (e *env) intMin(key string, def, min int, what string) int {
	s := strings.TrimSpace(e.getenv(key))
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min {
		e.fail(fmt.Errorf("%s must be %s", key, what))
		return def
	}
	return n
}

// duration reads a positive Go duration ("10s", "1m30s"); unset means 0 (the default).
// The error names the variable, never the value (a mistyped variable may hold a secret).
func (e *env) duration(key string) time.Duration {
	s := strings.TrimSpace(e.getenv(key))
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		e.fail(fmt.Errorf("%s must be a positive duration such as 10s", key))
		return 0
	}
	return d
}

// parseNeo4j reads the NEO4J_* variables. The URI is not checked here beyond being set
// (when required): neo4jstore.Open checks it with the driver.
func parseNeo4j(getenv func(string) string) (neo4jstore.Config, error) {
	e := &env{getenv: getenv}
	c := neo4jstore.Config{
		URI:                          e.str(envNeo4jURI, ""),
		Username:                     getenv(envNeo4jUsername),
		Password:                     getenv(envNeo4jPassword),
		Database:                     e.str(envNeo4jDatabase, ""),
		MaxConnectionPoolSize:        e.positiveInt(envNeo4jMaxPoolSize),
		ConnectionAcquisitionTimeout: e.duration(envNeo4jAcquisitionTimeout),
		MaxConnectionLifetime:        e.duration(envNeo4jMaxConnectionLifetime),
		QueryTimeout:                 e.duration(envNeo4jQueryTimeout),
		LoadTimeout:                  e.duration(envNeo4jLoadTimeout),
		SchemaTimeout:                e.duration(envNeo4jSchemaTimeout),
	}
	if e.err != nil {
		return neo4jstore.Config{}, e.err
	}
	return c.WithDefaults(), nil
}

// parseServe builds kg serve's configuration from its flags and the environment. Flags
// win over variables; every value is checked.
func parseServe(args []string, getenv func(string) string, out io.Writer) (serveConfig, error) {
	e := &env{getenv: getenv}
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fl.String("addr", e.str(envAddr, ":8080"), "listen address HOST:PORT (env "+envAddr+")")
	seeds := fl.String("seeds", e.str(envSeeds, ""), "seed directory with sources/ and graph/ (env "+envSeeds+"; default: the seeds embedded in the binary)")
	origins := fl.String("cors-origins", e.str(envCORSOrigins, "*"), "comma-separated origins allowed by CORS (env "+envCORSOrigins+")")
	timeout := fl.Duration("timeout", 10*time.Second, "per-request timeout")
	rateLimit := fl.Float64("rate-limit", 0, "requests per second allowed per client (a configured contact token, else the client address, IPv6 by /64); 0 = off")
	rateBurst := fl.Int("rate-burst", 0, "rate limit bucket size (default 2 × rate + 1)")
	synthetic := fl.String("synthetic", e.str(envSynthetic, ""), "serve a generated graph of this many nodes (1k, 100k, 1M) instead of the seeds, for load tests (env "+envSynthetic+")")
	debugAddr := fl.String("debug-addr", e.str(envDebugAddr, ""), "serve pprof at /debug/pprof/ on this separate address, e.g. 127.0.0.1:6060 (env "+envDebugAddr+"; default off — never expose it publicly)")
	cacheMB := fl.Int("response-cache", e.int(envResponseCacheMB, 64), "whole-response cache budget in MiB, keyed by graph version, query, variables and access level; 0 = off (env "+envResponseCacheMB+")")
	loaderWait := fl.Duration("loader-wait", 0, "how long dataloaders gather sibling keys before one store call (default 200µs embedded, 2ms Neo4j)")
	directLists := fl.Bool("direct-lists", true, "write plain lists of nodes, edges, relationships and mandates directly instead of through gqlgen's per-element marshalling (the same bytes, a fraction of the CPU); false is an escape hatch")
	introspection := fl.Bool("introspection", e.bool(envIntrospection, true), "answer introspection (__schema, __type) queries; GraphiQL and the explorer use them (env "+envIntrospection+")")
	logFormat := fl.String("log-format", e.str(envLogFormat, "json"), "log format: json or text (env "+envLogFormat+")")
	fl.Usage = func() {
		fmt.Fprintln(out, "usage: kg serve [flags]   (serves GraphQL at /graphql, metrics at /metrics; embedded store unless NEO4J_URI is set)")
		fmt.Fprintln(out, "\nFlags:")
		fl.PrintDefaults()
		fmt.Fprint(out, serveEnvHelp)
	}
	if e.err != nil {
		return serveConfig{}, e.err
	}
	if err := parseFlags(fl, args, out); err != nil {
		return serveConfig{}, err
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })

	c := serveConfig{
		Addr: *addr, CORSOrigins: splitList(*origins), Timeout: *timeout, RateLimit: *rateLimit,
		RateBurst: *rateBurst, DebugAddr: *debugAddr, LogFormat: *logFormat, Introspection: *introspection, DirectLists: *directLists,
		ContactTokens: splitList(getenv(envContactTokens)), ContactTokensFile: strings.TrimSpace(getenv(envContactTokensFile)),
	}
	switch {
	case *timeout <= 0:
		return serveConfig{}, errors.New("-timeout must be positive")
	case *rateLimit < 0:
		return serveConfig{}, errors.New("-rate-limit must not be negative")
	case *rateBurst < 0:
		return serveConfig{}, errors.New("-rate-burst must not be negative")
	case *cacheMB < 0:
		return serveConfig{}, errors.New("-response-cache must not be negative")
	case *loaderWait < 0:
		return serveConfig{}, errors.New("-loader-wait must not be negative")
	case *logFormat != "json" && *logFormat != "text":
		return serveConfig{}, fmt.Errorf("-log-format (or %s) must be json or text", envLogFormat)
	case len(c.CORSOrigins) == 0:
		return serveConfig{}, fmt.Errorf("-cors-origins (or %s) lists no origin", envCORSOrigins)
	}
	c.CacheBytes = int64(*cacheMB) << 20
	for i, t := range c.ContactTokens {
		if len(t) < minTokenLen {
			return serveConfig{}, fmt.Errorf("%s: token #%d is shorter than %d characters", envContactTokens, i+1, minTokenLen)
		}
	}

	// The backend, decided once.
	neo, err := parseNeo4j(getenv)
	if err != nil {
		return serveConfig{}, err
	}
	switch {
	case *synthetic != "":
		if neo.URI != "" {
			return serveConfig{}, fmt.Errorf("-synthetic serves a generated graph from memory, but %s is set: unset one of them", envNeo4jURI)
		}
		n, err := gen.ParseSize(*synthetic)
		if err != nil {
			return serveConfig{}, fmt.Errorf("-synthetic: %w", err)
		}
		if n < gen.MinNodes {
			return serveConfig{}, fmt.Errorf("-synthetic %s: at least %d nodes", *synthetic, gen.MinNodes)
		}
		c.Backend, c.Synthetic = backendSynthetic, n
	case neo.URI != "":
		if set["seeds"] {
			return serveConfig{}, fmt.Errorf("-seeds is served from memory, but %s is set: load seeds into Neo4j with kg load", envNeo4jURI)
		}
		c.Backend, c.Neo4j = backendNeo4j, neo
	default:
		c.Backend, c.Seeds = backendEmbedded, *seeds
	}

	// Against the embedded store a store call costs microseconds, so a long window only
	// adds latency: 200µs is enough for sibling resolvers (started together) to join one
	// batch. Against Neo4j a call is a network round trip and 2ms of gathering saves many.
	switch {
	case *loaderWait > 0:
		c.LoaderWait = *loaderWait
	case c.Backend == backendNeo4j:
		c.LoaderWait = 2 * time.Millisecond
	default:
		c.LoaderWait = 200 * time.Microsecond
	}
	return c, nil
}

// parseLoad builds kg load's configuration; NEO4J_URI is required.
func parseLoad(args []string, getenv func(string) string, out io.Writer) (loadConfig, error) {
	e := &env{getenv: getenv}
	fl := flag.NewFlagSet("load", flag.ContinueOnError)
	seeds := fl.String("seeds", e.str(envSeeds, ""), "seed directory with sources/ and graph/ (env "+envSeeds+"; default: the seeds embedded in the binary)")
	fl.Usage = func() {
		fmt.Fprintln(out, "usage: kg load [-seeds DIR]   (connection from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE …)")
		fl.PrintDefaults()
	}
	if err := parseFlags(fl, args, out); err != nil {
		return loadConfig{}, err
	}
	neo, err := parseNeo4j(getenv)
	if err != nil {
		return loadConfig{}, err
	}
	if neo.URI == "" {
		return loadConfig{}, fmt.Errorf("%s is not set (e.g. neo4j://localhost:7687); see docs/neo4j.md", envNeo4jURI)
	}
	return loadConfig{Seeds: *seeds, Neo4j: neo}, nil
}

// seedsDefault is the -seeds default of kg export: KG_SEEDS, else the embedded seeds.
func seedsDefault(getenv func(string) string) string {
	return (&env{getenv: getenv}).str(envSeeds, "")
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

// contactTokens returns the configured tokens: those of KG_CONTACT_TOKENS and those in
// the file named by KG_CONTACT_TOKENS_FILE (one per line, # comments) — a file suits secret
// mounts in containers. Tokens shorter than 16 characters are refused, without echoing them.
func contactTokens(c serveConfig, readFile func(string) ([]byte, error)) ([]string, error) {
	tokens := append([]string(nil), c.ContactTokens...)
	if c.ContactTokensFile == "" {
		return tokens, nil
	}
	b, err := readFile(c.ContactTokensFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envContactTokensFile, err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) < minTokenLen {
			return nil, fmt.Errorf("%s: the token on line %d is shorter than %d characters", envContactTokensFile, i+1, minTokenLen)
		}
		tokens = append(tokens, line)
	}
	return tokens, nil
}
