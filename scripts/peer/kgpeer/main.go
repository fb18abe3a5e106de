// Command kgpeer is the Go side of scripts/peer.sh (the side-by-side run with the Neo4j
// GraphQL Library). It does what the kg commands do not expose:
//
//	kgpeer landmarks -graph seeds|SIZE        print the workload's ids for a graph as JSON
//	kgpeer load -graph SIZE                   load a generated graph (internal/gen, seed 1) into
//	                                          NEO4J_URI with neo4jstore.Load — what `kg load`
//	                                          does for seeds — and print its landmarks
//	kgpeer count < requests.json              Cypher round trips per request: serve each
//	                                          request once (warm) and 5× counted through the
//	                                          real handler (httpapi.New, response cache off,
//	                                          loader window 2 ms as kg serve on Neo4j) over
//	                                          neo4jstore, reading Store.RoundTrips
//
// requests.json is [{"name": …, "body": {"query": …, "variables": …}}, …]; count prints
// {"name": {"Min": …, "Max": …}, …}.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: kgpeer landmarks|load|count [-graph seeds|SIZE]")
		os.Exit(2)
	}
	fl := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	graph := fl.String("graph", "seeds", "seeds, or a generated graph's size (10k, 100k)")
	_ = fl.Parse(os.Args[2:])
	ctx := context.Background()
	var err error
	switch os.Args[1] {
	case "landmarks":
		var lm gen.Landmarks
		if _, lm, err = graphOf(*graph); err == nil {
			err = json.NewEncoder(os.Stdout).Encode(lm)
		}
	case "load":
		err = load(ctx, *graph)
	case "count":
		err = count(ctx, os.Stdin, os.Stdout)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kgpeer:", err)
		os.Exit(1)
	}
}

func neo4jConfig() neo4jstore.Config {
	return neo4jstore.Config{
		URI: os.Getenv("NEO4J_URI"), Username: os.Getenv("NEO4J_USERNAME"), Password: os.Getenv("NEO4J_PASSWORD"),
		LoadTimeout: 30 * time.Minute,
		Logger:      debugLogger(),
	}
}

// debugLogger logs the adapter's debug records (one per statement, with its time) to stderr
// when KGPEER_DEBUG=1, else nothing.
func debugLogger() *slog.Logger {
	if os.Getenv("KGPEER_DEBUG") != "1" {
		return nil
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// graphOf returns the graph and its workload landmarks: gen's for a generated graph; for the
// seeds, ids chosen by the same intent (see seedLandmarks).
func graphOf(name string) (*kg.Graph, gen.Landmarks, error) {
	if name == "seeds" {
		g, err := seed.Load(seeds.FS)
		if err != nil {
			return nil, gen.Landmarks{}, err
		}
		return g, seedLandmarks(g), nil
	}
	n, err := gen.ParseSize(name)
	if err != nil {
		return nil, gen.Landmarks{}, err
	}
	g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
	return g, lm, nil
}

// seedLandmarks picks, in the curated seed graph, what gen's landmarks are in a generated
// one: the body with the most mandates (BusyBody), the person with the most mandates
// (Person), a municipality with the most edges (Center, and its name as SearchText), and
// from Person to the event with the greatest id (PathFrom, PathTo; the path may not exist,
// which both sides must then agree on). Ties go to the smaller id.
func seedLandmarks(g *kg.Graph) gen.Landmarks {
	bodies, persons, degree := map[string]int{}, map[string]int{}, map[string]int{}
	for _, m := range g.Mandates {
		bodies[m.Body]++
		persons[m.Person]++
	}
	for _, e := range g.AllEdges() {
		degree[e.From]++
		degree[e.To]++
	}
	best := func(count map[string]int, ok func(string) bool) string {
		id, n := "", -1
		keys := make([]string, 0, len(count))
		for k := range count {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if ok(k) && count[k] > n {
				id, n = k, count[k]
			}
		}
		return id
	}
	kind := map[string]*kg.Node{}
	var lastEvent string
	for _, n := range g.Nodes {
		kind[n.ID] = n
		if n.Kind == kg.KindEvent && n.ID > lastEvent {
			lastEvent = n.ID
		}
	}
	everyID := func(string) bool { return true }
	center := best(degree, func(id string) bool { return kind[id] != nil && kind[id].Kind == kg.KindMunicipality })
	lm := gen.Landmarks{BusyBody: best(bodies, everyID), Person: best(persons, everyID), Center: center, PathTo: lastEvent}
	lm.PathFrom = lm.Person
	if n := kind[center]; n != nil {
		lm.SearchText = n.Name
	}
	return lm
}

func load(ctx context.Context, name string) error {
	g, lm, err := graphOf(name)
	if err != nil {
		return err
	}
	st, err := neo4jstore.Open(ctx, neo4jConfig())
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	rep, err := st.Load(ctx, g)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "kgpeer: loaded %s: %d nodes, %d edges, %d mandates in %s (unchanged %v)\n",
		name, rep.TotalNodes(), rep.TotalEdges(), rep.Mandates, rep.Took.Round(time.Millisecond), rep.Unchanged)
	return json.NewEncoder(os.Stdout).Encode(lm)
}

type request struct {
	Name string          `json:"name"`
	Body json.RawMessage `json:"body"`
}

func count(ctx context.Context, in io.Reader, out io.Writer) error {
	var reqs []request
	if err := json.NewDecoder(in).Decode(&reqs); err != nil {
		return fmt.Errorf("reading requests: %w", err)
	}
	st, err := neo4jstore.Open(ctx, neo4jConfig())
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	h := httpapi.New(httpapi.Config{Store: st, LoaderWait: 2 * time.Millisecond})
	post := func(body []byte) error {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		var res struct{ Errors []any }
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK || len(res.Errors) > 0 {
			return fmt.Errorf("status %d: %s", rec.Code, strings.TrimSpace(rec.Body.String()))
		}
		return nil
	}
	// The count can vary between requests: dataloader batches that close in separate
	// windows are separate statements. Five counted requests, one after the other.
	type span struct{ Min, Max int64 }
	counts := map[string]span{}
	for _, r := range reqs {
		if err := post(r.Body); err != nil { // warm
			return fmt.Errorf("%s: %w", r.Name, err)
		}
		sp := span{Min: -1}
		for range 5 {
			before := st.RoundTrips()
			if err := post(r.Body); err != nil {
				return fmt.Errorf("%s: %w", r.Name, err)
			}
			n := st.RoundTrips() - before
			if sp.Min < 0 || n < sp.Min {
				sp.Min = n
			}
			sp.Max = max(sp.Max, n)
		}
		counts[r.Name] = sp
	}
	return json.NewEncoder(out).Encode(counts)
}
