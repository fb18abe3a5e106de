package neo4jstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

const testPassword = "correct-horse-battery-staple"

// The package reads no environment; the service's NEO4J_* variables are parsed in cmd/kg.
// The tests that need a real server (contract_test.go) read the connection variables
// through this test-only helper.
const (
	EnvURI      = "NEO4J_URI"
	EnvUsername = "NEO4J_USERNAME"
	EnvPassword = "NEO4J_PASSWORD"
	EnvDatabase = "NEO4J_DATABASE"
)

// ConfigFromEnv (tests only) is the connection of the server under test, with defaults.
func ConfigFromEnv() (Config, error) {
	return Config{
		URI:      strings.TrimSpace(os.Getenv(EnvURI)),
		Username: os.Getenv(EnvUsername),
		Password: os.Getenv(EnvPassword),
		Database: os.Getenv(EnvDatabase),
	}.WithDefaults(), nil
}

func TestConfigDefaults(t *testing.T) {
	c := Config{URI: "neo4j://localhost:7687", Password: testPassword}.WithDefaults()
	if c.Database != "neo4j" || c.Username != "neo4j" || c.MaxConnectionPoolSize != DefaultMaxConnectionPoolSize ||
		c.QueryTimeout != DefaultQueryTimeout || c.ConnectionAcquisitionTimeout != DefaultConnectionAcquisitionTimeout ||
		c.MaxConnectionLifetime != DefaultMaxConnectionLifetime || c.LoadTimeout != DefaultLoadTimeout ||
		c.SchemaTimeout != DefaultSchemaTimeout {
		t.Errorf("defaults: %v", c)
	}
	// No credentials at all: no user either (auth disabled on the server).
	if c := (Config{URI: "bolt://localhost"}).WithDefaults(); c.Username != "" {
		t.Errorf("user %q without a password", c.Username)
	}
	// Set fields are kept.
	set := Config{URI: "bolt://x", Username: "kg", Password: testPassword, Database: "graph", MaxConnectionPoolSize: 20,
		ConnectionAcquisitionTimeout: time.Second, MaxConnectionLifetime: time.Minute, QueryTimeout: 3 * time.Second, LoadTimeout: time.Hour,
		SchemaTimeout: 2 * time.Minute}
	if got := set.WithDefaults(); got != set {
		t.Errorf("WithDefaults changed set fields: %v", got)
	}
}

// The password never appears in any rendering of a Config, including one embedded in the URI.
func TestConfigNeverPrintsThePassword(t *testing.T) {
	c := Config{URI: "neo4j://admin:" + testPassword + "@db.example.org:7687", Password: testPassword}.WithDefaults()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("cfg", "neo4j", c)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("cfg", "neo4j", c)
	renderings := map[string]string{
		"String": c.String(), "%v": fmt.Sprintf("%v", c), "%+v": fmt.Sprintf("%+v", c), "%#v": fmt.Sprintf("%#v", c),
		"%s": fmt.Sprintf("%s", c), "RedactedURI": c.RedactedURI(), "slog": buf.String(),
		"pointer %+v": fmt.Sprintf("%+v", &c),
	}
	for name, s := range renderings {
		if strings.Contains(s, testPassword) {
			t.Errorf("%s leaks the password: %s", name, s)
		}
	}
	if !strings.Contains(c.String(), "password=set") || !strings.Contains(c.String(), "db.example.org") {
		t.Errorf("String() = %s", c.String())
	}
	if !strings.Contains(buf.String(), `"password_set":true`) {
		t.Errorf("slog: %s", buf.String())
	}
	if got := (Config{URI: "::not a url"}).RedactedURI(); strings.Contains(got, "not a url") {
		t.Errorf("unparsable URI printed: %q", got)
	}
}

func TestOpenRejectsMissingOrMalformedURI(t *testing.T) {
	if _, err := Open(context.Background(), Config{}); kg.ErrorCode(err) != kg.EINVALID {
		t.Errorf("no URI: %v", err)
	}
	_, err := Open(context.Background(), Config{URI: "http://localhost:7474", Password: testPassword})
	if kg.ErrorCode(err) != kg.EINVALID || strings.Contains(kg.ErrorMessage(err), testPassword) {
		t.Errorf("bad scheme: %v", err)
	}
}

// With nothing listening, Open fails fast with UNAVAILABLE (no server is needed for that).
func TestOpenUnreachable(t *testing.T) {
	if testing.Short() {
		t.Skip("dials a closed port")
	}
	start := time.Now()
	_, err := Open(context.Background(), Config{URI: "bolt://127.0.0.1:1", Password: testPassword, QueryTimeout: 2 * time.Second})
	if kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("got %v, want UNAVAILABLE", err)
	}
	if strings.Contains(err.Error(), testPassword) {
		t.Errorf("error leaks the password: %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
}
