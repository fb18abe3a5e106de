// Package neo4jstore is the Neo4j backend of kg.Store.
//
// One Store holds one driver (a connection pool) for the whole process. Every kg.Store
// method sends exactly one query (one round trip) whatever the number of ids, or none when
// the answer is known without asking (no ids, an empty search text). Results are aligned and
// ordered by the rules of internal/kg that the embedded store follows too; the shared
// contract suite (internal/storetest) checks both.
//
// Reads run as managed read transactions routed to readers (neo4j.ExecuteQuery with reader
// routing), each under QueryTimeout both client-side (context) and server-side (transaction
// timeout), and share one bookmark manager with Load, so a process that loads and then reads
// sees its own write even on a cluster.
//
// The graph is written only by Load (the "kg load" command), in one write transaction.
//
// All Cypher is in cypher.go.
package neo4jstore

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/kommunkg/kg/internal/kg"
)

// Store implements kg.Store on Neo4j. It is safe for concurrent use.
type Store struct {
	cfg       Config
	driver    neo4j.DriverWithContext
	bookmarks neo4j.BookmarkManager
	log       *slog.Logger

	// run sends one query and returns its records. It is the only way reads reach the
	// database, so the round-trip count and the one-query-per-call rule can be checked with a
	// fake in tests.
	run func(ctx context.Context, q query) ([]*neo4j.Record, error)

	roundTrips atomic.Int64
}

var _ kg.Store = (*Store)(nil)

// query is one statement with its parameters and a name for logs.
type query struct {
	name   string
	cypher string
	params map[string]any
}

// Open connects to Neo4j, verifies connectivity (within QueryTimeout, at least 5 s) and
// warms the server's plan cache (WarmUp). It does not check that a graph has been loaded; Stats reports an empty version until then.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	cfg = cfg.withDefaults()
	if cfg.URI == "" {
		return nil, kg.Errorf(kg.EINVALID, "NEO4J_URI is not set")
	}
	auth := neo4j.NoAuth()
	if cfg.Username != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.Username, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxConnectionPoolSize = cfg.MaxConnectionPoolSize
		c.ConnectionAcquisitionTimeout = cfg.ConnectionAcquisitionTimeout
		c.MaxConnectionLifetime = cfg.MaxConnectionLifetime
	})
	if err != nil {
		// A malformed URI or unsupported scheme; the driver's message names the scheme,
		// never the password, but stays in Err for logs all the same.
		return nil, kg.WrapError(kg.EINVALID, err, "NEO4J_URI is not a valid Neo4j URI")
	}
	s := newStore(cfg, driver)
	if err := s.Ready(ctx); err != nil {
		_ = driver.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	// Plan every statement now rather than in the first requests (see WarmUp). A failure
	// here is not fatal: the reads report their own errors.
	if err := s.WarmUp(ctx); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "neo4j warm-up failed", slog.String("err", err.Error()))
	}
	return s, nil
}

func newStore(cfg Config, driver neo4j.DriverWithContext) *Store {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{
		cfg:       cfg,
		driver:    driver,
		bookmarks: neo4j.NewBookmarkManager(neo4j.BookmarkManagerConfig{}),
		log:       log,
	}
	s.run = s.execute
	return s
}

// Ready checks that the database answers (a connectivity check: routing table and a
// connection from the pool), within QueryTimeout but at least 5 s.
func (s *Store) Ready(ctx context.Context) error {
	if s.driver == nil {
		return kg.Errorf(kg.EUNAVAILABLE, msgUnavailable)
	}
	ctx, cancel := context.WithTimeout(ctx, max(s.cfg.QueryTimeout, 5*time.Second))
	defer cancel()
	if err := s.driver.VerifyConnectivity(ctx); err != nil {
		return classify(err)
	}
	return nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	if s.driver == nil {
		return nil
	}
	return s.driver.Close(ctx)
}

// RoundTrips is the number of queries sent so far (reads, schema and load statements).
func (s *Store) RoundTrips() int64 { return s.roundTrips.Load() }

// Config returns the configuration in use (print it with %v or log it: the password is
// redacted).
func (s *Store) Config() Config { return s.cfg }

// read runs one query and classifies its error.
func (s *Store) read(ctx context.Context, q query) ([]*neo4j.Record, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	// A read that returns entities says whether personal contact data may leave the
	// database (see entityPublic); the fake server checks that no parameter goes unused.
	if strings.Contains(q.cypher, "$contact") {
		params := make(map[string]any, len(q.params)+1)
		for k, v := range q.params {
			params[k] = v
		}
		params["contact"] = kg.HasContactAccess(ctx)
		q.params = params
	}
	s.roundTrips.Add(1)
	recs, err := s.run(ctx, q)
	if err != nil {
		return nil, classify(err)
	}
	return recs, nil
}

// execute sends q as a managed read transaction routed to a reader.
func (s *Store) execute(ctx context.Context, q query) ([]*neo4j.Record, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	start := time.Now()
	res, err := neo4j.ExecuteQuery(ctx, s.driver, q.cypher, q.params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database),
		neo4j.ExecuteQueryWithBookmarkManager(s.bookmarks),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.cfg.QueryTimeout)),
	)
	took := time.Since(start)
	n := s.roundTrips.Load()
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "neo4j query failed", slog.String("query", q.name),
			slog.Duration("took", took), slog.Int64("round_trips", n), slog.String("err", err.Error()))
		return nil, err
	}
	s.log.LogAttrs(ctx, slog.LevelDebug, "neo4j query", slog.String("query", q.name),
		slog.Duration("took", took), slog.Int64("round_trips", n), slog.Int("records", len(res.Records)))
	return res.Records, nil
}

// one returns the single record a statement always yields.
func one(recs []*neo4j.Record) (*neo4j.Record, error) {
	if len(recs) != 1 {
		return nil, unexpected("want one record, got %d", len(recs))
	}
	return recs[0], nil
}
