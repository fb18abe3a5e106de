package main

import (
	"errors"
	"io"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/neo4jstore"
)

const secretValue = "correct-horse-battery-staple"

func TestParseServe(t *testing.T) {
	defaults := serveConfig{
		Addr: ":8080", Backend: backendEmbedded, CORSOrigins: []string{"*"}, Timeout: 10 * time.Second,
		CacheBytes: 64 << 20, LoaderWait: 200 * time.Microsecond, LogFormat: "json", Introspection: true,
		DirectLists: true,
	}
	with := func(f func(*serveConfig)) serveConfig {
		c := defaults
		f(&c)
		return c
	}
	neo := neo4jstore.Config{URI: "neo4j://db:7687"}.WithDefaults()
	for _, c := range []struct {
		name string
		args []string
		env  []string
		want serveConfig
	}{
		{"defaults", nil, nil, defaults},
		{"environment", nil, []string{
			envAddr, "127.0.0.1:9000", envSeeds, "/srv/seeds", envCORSOrigins, "https://a.example, https://b.example",
			envDebugAddr, "127.0.0.1:6060", envResponseCacheMB, "0", envLogFormat, "text",
			envContactTokens, "token-aaaaaaaaaaaaaaaa,token-bbbbbbbbbbbbbbbb", envContactTokensFile, "/run/secrets/tokens",
		}, with(func(c *serveConfig) {
			c.Addr, c.Seeds, c.CORSOrigins, c.DebugAddr = "127.0.0.1:9000", "/srv/seeds", []string{"https://a.example", "https://b.example"}, "127.0.0.1:6060"
			c.CacheBytes, c.LogFormat = 0, "text"
			c.ContactTokens, c.ContactTokensFile = []string{"token-aaaaaaaaaaaaaaaa", "token-bbbbbbbbbbbbbbbb"}, "/run/secrets/tokens"
		})},
		{"flags win over the environment", []string{"-addr", ":1", "-response-cache", "8", "-log-format", "json", "-seeds", "dir"},
			[]string{envAddr, ":2", envResponseCacheMB, "16", envLogFormat, "text", envSeeds, "other"},
			with(func(c *serveConfig) { c.Addr, c.CacheBytes, c.Seeds = ":1", 8<<20, "dir" })},
		{"limits", []string{"-timeout", "3s", "-rate-limit", "2.5", "-rate-burst", "7", "-loader-wait", "1ms"}, nil,
			with(func(c *serveConfig) {
				c.Timeout, c.RateLimit, c.RateBurst, c.LoaderWait = 3*time.Second, 2.5, 7, time.Millisecond
			})},
		{"introspection off by environment", nil, []string{envIntrospection, "false"}, with(func(c *serveConfig) { c.Introspection = false })},
		{"introspection flag wins", []string{"-introspection=true"}, []string{envIntrospection, "0"}, defaults},
		{"gqlgen marshals every list", []string{"-direct-lists=false"}, nil, with(func(c *serveConfig) { c.DirectLists = false })},
		{"synthetic", []string{"-synthetic", "1k"}, nil, with(func(c *serveConfig) { c.Backend, c.Synthetic = backendSynthetic, 1000 })},
		{"synthetic from the environment", nil, []string{envSynthetic, "100k"}, with(func(c *serveConfig) { c.Backend, c.Synthetic = backendSynthetic, 100000 })},
		{"neo4j", nil, []string{envNeo4jURI, "neo4j://db:7687"}, with(func(c *serveConfig) {
			c.Backend, c.Neo4j, c.LoaderWait = backendNeo4j, neo, 2*time.Millisecond
		})},
		{"neo4j ignores KG_SEEDS (kg load uses it)", nil, []string{envNeo4jURI, "neo4j://db:7687", envSeeds, "dir"}, with(func(c *serveConfig) {
			c.Backend, c.Neo4j, c.LoaderWait = backendNeo4j, neo, 2*time.Millisecond
		})},
		{"neo4j with an explicit loader wait", []string{"-loader-wait", "500us"}, []string{envNeo4jURI, "neo4j://db:7687"}, with(func(c *serveConfig) {
			c.Backend, c.Neo4j, c.LoaderWait = backendNeo4j, neo, 500*time.Microsecond
		})},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseServe(c.args, envOf(c.env...), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// Every malformed value is an error naming the flag or variable — never a silent default —
// and never echoing the value (a mistyped variable may hold a secret).
func TestParseServeRejects(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{nil, []string{envResponseCacheMB, "abc"}, envResponseCacheMB},
		{nil, []string{envResponseCacheMB, "-1"}, envResponseCacheMB},
		{nil, []string{envResponseCacheMB, secretValue}, envResponseCacheMB},
		{[]string{"-response-cache", "-5"}, nil, "-response-cache"},
		{nil, []string{envLogFormat, "xml"}, envLogFormat},
		{nil, []string{envIntrospection, "maybe"}, envIntrospection},
		{[]string{"-log-format", "yaml"}, nil, "-log-format"},
		{[]string{"-timeout", "0s"}, nil, "-timeout"},
		{[]string{"-rate-limit", "-1"}, nil, "-rate-limit"},
		{[]string{"-rate-burst", "-1"}, nil, "-rate-burst"},
		{[]string{"-loader-wait", "-1ms"}, nil, "-loader-wait"},
		{nil, []string{envCORSOrigins, " , "}, envCORSOrigins},
		{[]string{"-synthetic", "10"}, nil, "at least 300 nodes"},
		{nil, []string{envSynthetic, "lots"}, "-synthetic"},
		{[]string{"-synthetic", "1k"}, []string{envNeo4jURI, "neo4j://db"}, envNeo4jURI},
		{[]string{"-seeds", "dir"}, []string{envNeo4jURI, "neo4j://db"}, "-seeds"},
		{nil, []string{envContactTokens, "tiny7"}, envContactTokens},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jMaxPoolSize, "many"}, envNeo4jMaxPoolSize},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jMaxPoolSize, "0"}, envNeo4jMaxPoolSize},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jQueryTimeout, "10"}, envNeo4jQueryTimeout},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jLoadTimeout, "-1s"}, envNeo4jLoadTimeout},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jSchemaTimeout, "soon"}, envNeo4jSchemaTimeout},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jAcquisitionTimeout, "0s"}, envNeo4jAcquisitionTimeout},
		{nil, []string{envNeo4jURI, "neo4j://db", envNeo4jMaxConnectionLifetime, secretValue}, envNeo4jMaxConnectionLifetime},
		{[]string{"extra"}, nil, `unexpected argument "extra"`},
	} {
		_, err := parseServe(c.args, envOf(c.env...), io.Discard)
		if err == nil {
			t.Errorf("%v %v accepted", c.args, c.env)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), secretValue) || strings.Contains(err.Error(), "tiny7") {
			t.Errorf("%v %v: error %q should name %q and not echo the value", c.args, c.env, err, c.want)
		}
	}
	if _, err := parseServe([]string{"-no-such-flag"}, envOf(), io.Discard); !errors.Is(err, errUsage) {
		t.Errorf("unknown flag: %v", err)
	}
}

func TestParseNeo4j(t *testing.T) {
	got, err := parseNeo4j(envOf(
		envNeo4jURI, " neo4j+s://db.example.org ", envNeo4jUsername, "kg", envNeo4jPassword, secretValue, envNeo4jDatabase, "graph",
		envNeo4jMaxPoolSize, "20", envNeo4jQueryTimeout, "3s", envNeo4jAcquisitionTimeout, "750ms",
		envNeo4jMaxConnectionLifetime, "30m", envNeo4jLoadTimeout, "2m", envNeo4jSchemaTimeout, "10m",
	))
	if err != nil {
		t.Fatal(err)
	}
	want := neo4jstore.Config{URI: "neo4j+s://db.example.org", Username: "kg", Password: secretValue, Database: "graph",
		MaxConnectionPoolSize: 20, QueryTimeout: 3 * time.Second, ConnectionAcquisitionTimeout: 750 * time.Millisecond,
		MaxConnectionLifetime: 30 * time.Minute, LoadTimeout: 2 * time.Minute, SchemaTimeout: 10 * time.Minute}
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	// Unset: the adapter's defaults, and no user without a password.
	got, err = parseNeo4j(envOf(envNeo4jURI, "bolt://localhost"))
	if err != nil || got != (neo4jstore.Config{URI: "bolt://localhost"}).WithDefaults() || got.Username != "" {
		t.Errorf("defaults: %v %v", got, err)
	}
}

func TestParseLoad(t *testing.T) {
	c, err := parseLoad([]string{"-seeds", "dir"}, envOf(envNeo4jURI, "bolt://db", envSeeds, "other"), io.Discard)
	if err != nil || c.Seeds != "dir" || c.Neo4j.URI != "bolt://db" || c.Neo4j.Database != neo4jstore.DefaultDatabase {
		t.Errorf("%+v %v", c, err)
	}
	if c, err := parseLoad(nil, envOf(envNeo4jURI, "bolt://db", envSeeds, "other"), io.Discard); err != nil || c.Seeds != "other" {
		t.Errorf("KG_SEEDS: %+v %v", c, err)
	}
	if _, err := parseLoad(nil, envOf(), io.Discard); err == nil || !strings.Contains(err.Error(), envNeo4jURI) {
		t.Errorf("no URI: %v", err)
	}
	if _, err := parseLoad(nil, envOf(envNeo4jURI, "bolt://db", envNeo4jQueryTimeout, "soon"), io.Discard); err == nil || !strings.Contains(err.Error(), envNeo4jQueryTimeout) {
		t.Errorf("bad timeout: %v", err)
	}
}

func TestContactTokens(t *testing.T) {
	files := map[string]string{
		"/run/tokens": "# ops\nfile-token-0123456789\n\n",
		"/run/short":  "# ops\nfile-token-0123456789\ntiny7\n",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	cfg, err := parseServe(nil, envOf(envContactTokens, "env-token-0123456789, env-token-abcdefghij", envContactTokensFile, "/run/tokens"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got, err := contactTokens(cfg, readFile)
	if err != nil || strings.Join(got, ",") != "env-token-0123456789,env-token-abcdefghij,file-token-0123456789" {
		t.Fatalf("tokens %v, %v", got, err)
	}
	cfg.ContactTokensFile = "/run/short"
	if _, err := contactTokens(cfg, readFile); err == nil || strings.Contains(err.Error(), "tiny7") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("short token in the file: %v (must be refused, by line, without echoing it)", err)
	}
	cfg.ContactTokensFile = "/run/missing"
	if _, err := contactTokens(cfg, readFile); err == nil || !strings.Contains(err.Error(), envContactTokensFile) {
		t.Errorf("missing token file: %v", err)
	}
}
