package neo4jstore

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// realServer returns the configuration of the Neo4j server named by the environment
// (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE), read here and passed
// explicitly. Without NEO4J_URI the test skips, unless KG_REQUIRE_NEO4J=1 (CI), which turns
// the skip into a failure so that a server that failed to start cannot pass silently.
func realServer(t testing.TB) Config {
	t.Helper()
	uri := strings.TrimSpace(os.Getenv("NEO4J_URI"))
	if uri == "" {
		if os.Getenv("KG_REQUIRE_NEO4J") == "1" {
			t.Fatal("KG_REQUIRE_NEO4J=1 but NEO4J_URI is not set: the Neo4j tests must run here")
		}
		t.Skip("NEO4J_URI not set: skipping a test that needs a Neo4j server (start one with scripts/neo4j.sh start)")
	}
	return Config{
		URI:      uri,
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
}

// openReal opens a store on the real server and closes it when the test ends.
func openReal(t testing.TB, cfg Config) *Store {
	t.Helper()
	st, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %v: %v", cfg, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = st.Close(ctx)
	})
	return st
}

// TestCredentials checks both credential paths against the real server: the configured
// credentials open the store; when the server requires a password, a wrong password and no
// credentials at all are refused with UNAVAILABLE and a message that says why, and never
// echo the password.
func TestCredentials(t *testing.T) {
	cfg := realServer(t)
	openReal(t, cfg)
	if cfg.Password == "" {
		t.Log("server runs without auth (NEO4J_PASSWORD unset): only the no-credentials path is checked here")
		return
	}
	for _, tc := range []struct {
		name string
		user string
		pass string
	}{
		{"wrong password", cfg.Username, "not-the-password-123"},
		{"no credentials", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := cfg
			bad.Username, bad.Password = tc.user, tc.pass
			st, err := Open(context.Background(), bad)
			if err == nil {
				_ = st.Close(context.Background())
				t.Fatal("opened with bad credentials")
			}
			if kg.ErrorCode(err) != kg.EUNAVAILABLE || !strings.Contains(err.Error(), "credentials") {
				t.Errorf("err = %v (code %s), want UNAVAILABLE about credentials", err, kg.ErrorCode(err))
			}
			if tc.pass != "" && strings.Contains(err.Error(), tc.pass) {
				t.Errorf("error echoes the password: %v", err)
			}
		})
	}
}
