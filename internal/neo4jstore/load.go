package neo4jstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// dataModelVersion is part of the content hash: bump it whenever what Load writes changes
// shape (properties, labels, relationships), so the next load rewrites an unchanged graph.
const dataModelVersion = 2 // 2: nameFold is set also when empty

// awaitSeconds is how long db.awaitIndexes may wait within the schema step's deadline: the
// time left, less a second for the answer to come back, and at least one second (the
// procedure's argument must be positive; the context still stops the wait on time).
func awaitSeconds(ctx context.Context, fallback time.Duration) int64 {
	left := fallback
	if d, ok := ctx.Deadline(); ok {
		left = time.Until(d)
	}
	return max(int64(left/time.Second)-1, 1)
}

// LoadReport says what Load did.
type LoadReport struct {
	// Unchanged is true when the database already held this exact graph; nothing was
	// written then.
	Unchanged       bool
	Version         string // the graph's version (a content hash), as Stats reports it
	PreviousVersion string // "" before the first load

	// What the graph holds (also when unchanged).
	Nodes    map[kg.NodeKind]int
	Edges    map[kg.EdgeType]int // written and mandate-derived
	Mandates int
	Sources  int

	// What the write transaction changed, from the server's counters (zero when unchanged).
	NodesCreated, NodesDeleted                 int
	RelationshipsCreated, RelationshipsDeleted int
	PropertiesSet, LabelsAdded, LabelsRemoved  int

	RoundTrips int64 // statements sent, schema included
	Took       time.Duration
}

// TotalNodes and TotalEdges sum the per-kind and per-type counts.
func (r LoadReport) TotalNodes() int { return sum(r.Nodes) }
func (r LoadReport) TotalEdges() int { return sum(r.Edges) }

func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// loadPlan is everything Load will send, computed from the graph without a database.
type loadPlan struct {
	version  string
	nodes    map[kg.NodeKind]int
	edges    map[kg.EdgeType]int
	mandates int
	sources  int
	nEdges   int
	writes   []query // in order, after the version check, in one transaction
}

// planLoad checks g and builds the write statements. An inconsistent graph (duplicate or
// empty ids, unknown kinds or types, dangling references) is INVALID and nothing is written.
func planLoad(g *kg.Graph) (*loadPlan, error) {
	if g == nil {
		return nil, kg.Errorf(kg.EINVALID, "no graph")
	}
	if err := checkGraph(g); err != nil {
		return nil, err
	}
	p := &loadPlan{nodes: map[kg.NodeKind]int{}, edges: map[kg.EdgeType]int{}, mandates: len(g.Mandates), sources: len(g.Sources)}

	// Entities, sorted by id so the hash does not depend on input order.
	nodes := append([]*kg.Node(nil), g.Nodes...)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].ID < nodes[j].ID })
	nodeRows := make([]any, 0, len(nodes))
	nodeIDs := make([]any, 0, len(nodes))
	idsByKind := map[kg.NodeKind][]any{}
	for _, n := range nodes {
		pr, err := nodeProps(n)
		if err != nil {
			return nil, kg.WrapError(kg.EINVALID, err, "node %q cannot be stored", n.ID)
		}
		nodeRows = append(nodeRows, map[string]any{"id": n.ID, "props": map[string]any(pr)})
		nodeIDs = append(nodeIDs, n.ID)
		idsByKind[n.Kind] = append(idsByKind[n.Kind], n.ID)
		p.nodes[n.Kind]++
	}

	// Sources keep their order (Sources() lists them in it).
	srcRows := make([]any, 0, len(g.Sources))
	srcIDs := make([]any, 0, len(g.Sources))
	for i, s := range g.Sources {
		srcRows = append(srcRows, map[string]any{"id": s.ID, "props": map[string]any(sourceProps(s, i))})
		srcIDs = append(srcIDs, s.ID)
	}

	mandates := append([]*kg.Mandate(nil), g.Mandates...)
	sort.Slice(mandates, func(i, j int) bool { return mandates[i].ID < mandates[j].ID })
	mRows := make([]any, 0, len(mandates))
	mIDs := make([]any, 0, len(mandates))
	linkRows := make([]any, 0, len(mandates))
	for _, m := range mandates {
		pr, err := mandateProps(m)
		if err != nil {
			return nil, kg.WrapError(kg.EINVALID, err, "mandate %q cannot be stored", m.ID)
		}
		mRows = append(mRows, map[string]any{"id": m.ID, "props": map[string]any(pr)})
		mIDs = append(mIDs, m.ID)
		link := map[string]any{"id": m.ID, "person": m.Person, "body": m.Body}
		if m.OnBehalfOf != "" {
			link["onBehalfOf"] = m.OnBehalfOf
		}
		linkRows = append(linkRows, link)
	}

	// Edges, written and derived, grouped by type and sorted by id.
	all := g.AllEdges()
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	relRows := map[kg.EdgeType][]any{}
	relKeep := map[kg.EdgeType][]any{}
	for _, e := range all {
		pr, err := edgeProps(e)
		if err != nil {
			return nil, kg.WrapError(kg.EINVALID, err, "edge %q cannot be stored", e.ID)
		}
		relRows[e.Type] = append(relRows[e.Type], map[string]any{"id": e.ID, "from": e.From, "to": e.To, "props": map[string]any(pr)})
		relKeep[e.Type] = append(relKeep[e.Type], []any{e.ID, e.From, e.To})
		p.edges[e.Type]++
	}
	p.nEdges = len(all)

	// The statements, in order.
	add := func(name, cypher string, params map[string]any) {
		p.writes = append(p.writes, query{name: name, cypher: cypher, params: params})
	}
	add("UpsertEntities", cypherUpsertEntities, map[string]any{"rows": nodeRows})
	add("DeleteStaleEntities", cypherDeleteStaleEntities, map[string]any{"ids": nodeIDs})
	for _, k := range kg.AllKinds {
		if len(idsByKind[k]) == 0 {
			continue
		}
		st, err := buildSetKindLabel(k)
		if err != nil {
			return nil, kg.WrapError(kg.EINTERNAL, err, "cannot label kind %s", k)
		}
		add("SetKindLabel "+string(k), st, map[string]any{"ids": idsByKind[k]})
	}
	add("UpsertSources", cypherUpsertSources, map[string]any{"rows": srcRows})
	add("DeleteStaleSources", cypherDeleteStaleSources, map[string]any{"ids": srcIDs})
	add("UpsertMandates", cypherUpsertMandates, map[string]any{"rows": mRows})
	add("DeleteStaleMandates", cypherDeleteStaleMandates, map[string]any{"ids": mIDs})
	for _, t := range kg.AllEdgeTypes {
		del, err := buildRelStatement(tmplDeleteStaleRels, t)
		if err != nil {
			return nil, kg.WrapError(kg.EINTERNAL, err, "cannot write type %s", t)
		}
		keep := relKeep[t]
		if keep == nil {
			keep = []any{}
		}
		add("DeleteStaleRels "+string(t), del, map[string]any{"keep": keep})
		if len(relRows[t]) == 0 {
			continue
		}
		merge, err := buildRelStatement(tmplMergeRels, t)
		if err != nil {
			return nil, kg.WrapError(kg.EINTERNAL, err, "cannot write type %s", t)
		}
		add("MergeRels "+string(t), merge, map[string]any{"rows": relRows[t]})
	}
	add("DeleteMandateLinks", cypherDeleteMandateLinks, map[string]any{})
	add("CreateMandateLinks", cypherCreateMandateLinks, map[string]any{"rows": linkRows})

	// The version is a hash of everything written (and of the data model), so it changes
	// exactly when a reload would change the database.
	h := sha256.New()
	enc := json.NewEncoder(h) // map keys are sorted; slices are in the order built above
	if err := enc.Encode(map[string]any{
		"model": dataModelVersion, "nodes": nodeRows, "kinds": idsByKind, "sources": srcRows,
		"mandates": mRows, "links": linkRows, "rels": relRows,
	}); err != nil {
		return nil, kg.WrapError(kg.EINTERNAL, err, "cannot fingerprint the graph")
	}
	p.version = fmt.Sprintf("neo4j-%d-%d-%s", len(nodes), p.nEdges, hex.EncodeToString(h.Sum(nil))[:16])

	add("WriteMeta", cypherWriteMeta, map[string]any{
		"key": metaKey, "version": p.version, "nodes": int64(len(nodes)), "edges": int64(p.nEdges),
		"mandates": int64(len(g.Mandates)), "sources": int64(len(g.Sources)),
	})
	return p, nil
}

// checkGraph rejects what the database constraints or the mapping would trip over, before a
// single statement is sent: kg.Graph.Check, the rule every store applies.
func checkGraph(g *kg.Graph) error {
	return g.Check()
}

// Load makes the database hold exactly g: schema first (constraints and indexes, idempotent),
// then one write transaction that upserts every entity, source, mandate and relationship,
// deletes what g no longer has, and records the new version. If the stored version already
// equals g's, nothing is written and the report says Unchanged. A failed load rolls back and
// leaves the previous graph intact; readers never see a half-loaded graph.
//
// The transaction holds the whole graph, which suits curated seed graphs (thousands of
// entities); graphs of millions would need batching and give up atomicity.
func (s *Store) Load(ctx context.Context, g *kg.Graph) (LoadReport, error) {
	start := time.Now()
	before := s.RoundTrips()
	plan, err := planLoad(g)
	if err != nil {
		return LoadReport{}, err
	}
	rep := LoadReport{
		Version: plan.version, Nodes: plan.nodes, Edges: plan.edges,
		Mandates: plan.mandates, Sources: plan.sources,
	}
	// Two deadlines, one after the other: the schema step (indexes may take minutes to come
	// online on a large database) must not shorten the write transaction's own timeout.
	schemaCtx, cancelSchema := context.WithTimeout(ctx, s.cfg.SchemaTimeout)
	err = s.ensureSchema(schemaCtx)
	if err != nil {
		err = schemaStepError(err, schemaCtx.Err(), s.cfg.SchemaTimeout)
	}
	cancelSchema()
	if err != nil {
		return LoadReport{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.LoadTimeout)
	defer cancel()

	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      neo4j.AccessModeWrite,
		DatabaseName:    s.cfg.Database,
		BookmarkManager: s.bookmarks,
	})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		// The driver may retry this function after a transient error: start from scratch.
		r := rep
		rec, err := s.runTx(ctx, tx, query{"LoadVersion", cypherLoadVersion, map[string]any{"key": metaKey}}, nil)
		if err != nil {
			return nil, err
		}
		prev, _ := rec.(string)
		r.PreviousVersion = prev
		if prev == plan.version {
			r.Unchanged = true
			return r, nil
		}
		for _, q := range plan.writes {
			if _, err := s.runTx(ctx, tx, q, &r); err != nil {
				return nil, err
			}
		}
		return r, nil
	}, neo4j.WithTxTimeout(s.cfg.LoadTimeout))
	if err != nil {
		return LoadReport{}, classify(err)
	}
	rep = res.(LoadReport)
	rep.RoundTrips = s.RoundTrips() - before
	rep.Took = time.Since(start)
	s.log.LogAttrs(ctx, slog.LevelInfo, "neo4j load", slog.String("version", rep.Version),
		slog.Bool("unchanged", rep.Unchanged), slog.Int64("round_trips", rep.RoundTrips), slog.Duration("took", rep.Took))
	return rep, nil
}

// runTx runs one statement in the load transaction, adds its counters to r (when not nil)
// and returns the "version" column of its first record, if any.
func (s *Store) runTx(ctx context.Context, tx neo4j.ManagedTransaction, q query, r *LoadReport) (any, error) {
	s.roundTrips.Add(1)
	t0 := time.Now()
	res, err := tx.Run(ctx, q.cypher, q.params)
	if err != nil {
		return nil, err
	}
	var version any
	if res.Next(ctx) {
		version, _ = res.Record().Get("version")
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	s.log.LogAttrs(ctx, slog.LevelDebug, "neo4j load statement", slog.String("query", q.name), slog.Duration("took", time.Since(t0)))
	if r != nil && sum != nil {
		c := sum.Counters()
		r.NodesCreated += c.NodesCreated()
		r.NodesDeleted += c.NodesDeleted()
		r.RelationshipsCreated += c.RelationshipsCreated()
		r.RelationshipsDeleted += c.RelationshipsDeleted()
		r.PropertiesSet += c.PropertiesSet()
		r.LabelsAdded += c.LabelsAdded()
		r.LabelsRemoved += c.LabelsRemoved()
	}
	return version, nil
}

// ensureSchema creates the constraints and indexes (each in its own transaction: Neo4j does
// not mix schema and data changes in one) and waits for them to be online.
func (s *Store) ensureSchema(ctx context.Context) error {
	stmts, err := schemaStatements()
	if err != nil {
		return kg.WrapError(kg.EINTERNAL, err, "cannot build the schema")
	}
	for _, st := range stmts {
		if err := s.write(ctx, query{"Schema", st, map[string]any{}}); err != nil {
			return err
		}
	}
	if err := s.checkSchema(ctx); err != nil {
		return err
	}
	return s.write(ctx, query{"AwaitIndexes", cypherAwaitIndexes, map[string]any{"seconds": awaitSeconds(ctx, s.cfg.SchemaTimeout)}})
}

// schemaStepError says that the schema step failed, and when it ran out of time (the step's
// own context expired: the driver may report that as a connectivity error), which setting
// bounds it, so that an operator raises the right one.
func schemaStepError(err, ctxErr error, limit time.Duration) error {
	if errors.Is(ctxErr, context.DeadlineExceeded) || kg.ErrorCode(err) == kg.ETIMEOUT || errors.Is(err, context.DeadlineExceeded) {
		return kg.WrapError(kg.ETIMEOUT, err, "neo4j schema step (constraints, indexes coming online) exceeded its timeout %s (Config.SchemaTimeout)", limit)
	}
	return err
}

// checkSchema compares SHOW INDEXES with expectedSchema and fails with EINTERNAL naming every
// index whose definition differs (CREATE ... IF NOT EXISTS keeps an existing index of the same
// name as it is, so a changed definition would otherwise be silently ignored). Extra indexes
// of other names are left alone.
func (s *Store) checkSchema(ctx context.Context) error {
	recs, err := s.read(ctx, query{"ShowIndexes", cypherShowIndexes, map[string]any{}})
	if err != nil {
		return err
	}
	have := make(map[string]indexDef, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		name, _ := m["name"].(string)
		d := indexDef{}
		d.Type, _ = m["type"].(string)
		d.EntityType, _ = m["entityType"].(string)
		d.Labels = anyStrings(m["labelsOrTypes"])
		d.Props = anyStrings(m["properties"])
		d.Unique, _ = m["unique"].(bool)
		d.Analyzer, _ = m["analyzer"].(string)
		have[name] = d
	}
	want := expectedSchema()
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	var bad []string
	for _, n := range names {
		w := want[n]
		h, ok := have[n]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("%s: missing (want %v)", n, w))
		case h.String() != w.String():
			bad = append(bad, fmt.Sprintf("%s: is %v, want %v", n, h, w))
		}
	}
	if len(bad) > 0 {
		return kg.Errorf(kg.EINTERNAL, "neo4j schema differs from what this version expects (drop the named indexes/constraints and load again): %s", strings.Join(bad, "; "))
	}
	return nil
}

func anyStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// write runs one auto-routed write statement in its own managed transaction.
func (s *Store) write(ctx context.Context, q query) error {
	s.roundTrips.Add(1)
	_, err := neo4j.ExecuteQuery(ctx, s.driver, q.cypher, q.params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithWritersRouting(),
		neo4j.ExecuteQueryWithDatabase(s.cfg.Database),
		neo4j.ExecuteQueryWithBookmarkManager(s.bookmarks),
	)
	if err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "neo4j statement failed", slog.String("query", q.name), slog.String("err", err.Error()))
		return classify(err)
	}
	return nil
}
