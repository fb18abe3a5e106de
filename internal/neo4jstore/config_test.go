package neo4jstore

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

const testPassword = "correct-horse-battery-staple"

func setEnv(t *testing.T, kv map[string]string) {
	t.Helper()
	for _, k := range []string{EnvURI, EnvUsername, EnvPassword, EnvDatabase, EnvMaxPoolSize,
		EnvConnectionAcquisitionTimeout, EnvMaxConnectionLifetime, EnvQueryTimeout, EnvLoadTimeout} {
		t.Setenv(k, kv[k])
	}
}

func TestConfigFromEnv(t *testing.T) {
	setEnv(t, map[string]string{
		EnvURI: " neo4j+s://db.example.org ", EnvUsername: "kg", EnvPassword: testPassword, EnvDatabase: "graph",
		EnvMaxPoolSize: "20", EnvQueryTimeout: "3s", EnvConnectionAcquisitionTimeout: "750ms",
		EnvMaxConnectionLifetime: "30m", EnvLoadTimeout: "2m",
	})
	c, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	want := Config{URI: "neo4j+s://db.example.org", Username: "kg", Password: testPassword, Database: "graph",
		MaxConnectionPoolSize: 20, QueryTimeout: 3 * time.Second, ConnectionAcquisitionTimeout: 750 * time.Millisecond,
		MaxConnectionLifetime: 30 * time.Minute, LoadTimeout: 2 * time.Minute}
	if c != want {
		t.Errorf("got %v, want %v", c, want)
	}
}

func TestConfigDefaults(t *testing.T) {
	setEnv(t, map[string]string{EnvURI: "neo4j://localhost:7687", EnvPassword: testPassword})
	c, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.Database != "neo4j" || c.Username != "neo4j" || c.MaxConnectionPoolSize != DefaultMaxConnectionPoolSize ||
		c.QueryTimeout != DefaultQueryTimeout || c.ConnectionAcquisitionTimeout != DefaultConnectionAcquisitionTimeout ||
		c.MaxConnectionLifetime != DefaultMaxConnectionLifetime || c.LoadTimeout != DefaultLoadTimeout {
		t.Errorf("defaults: %v", c)
	}
	// No credentials at all: no user either (auth disabled on the server).
	setEnv(t, map[string]string{EnvURI: "bolt://localhost"})
	if c, _ := ConfigFromEnv(); c.Username != "" {
		t.Errorf("user %q without a password", c.Username)
	}
}

func TestConfigFromEnvRejectsBadValues(t *testing.T) {
	for key, val := range map[string]string{
		EnvMaxPoolSize: "many", EnvQueryTimeout: "10", EnvLoadTimeout: "-1s",
		EnvConnectionAcquisitionTimeout: "0s", EnvMaxConnectionLifetime: testPassword,
	} {
		setEnv(t, map[string]string{EnvURI: "neo4j://x", key: val})
		_, err := ConfigFromEnv()
		if err == nil {
			t.Errorf("%s=%q accepted", key, val)
			continue
		}
		if !strings.Contains(err.Error(), key) || strings.Contains(err.Error(), testPassword) {
			t.Errorf("%s: error %q should name the variable and not echo the value", key, err)
		}
	}
}

// The password never appears in any rendering of a Config, including one embedded in the URI.
func TestConfigNeverPrintsThePassword(t *testing.T) {
	setEnv(t, map[string]string{EnvURI: "neo4j://admin:" + testPassword + "@db.example.org:7687", EnvPassword: testPassword})
	c, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
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
