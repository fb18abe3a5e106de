package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// copySeeds copies the shipped seeds into a temp dir so a test can break them.
func copySeeds(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.Walk("../../seeds", func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../../seeds", p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestValidateCommand(t *testing.T) {
	bad := copySeeds(t)
	err := os.WriteFile(filepath.Join(bad, "graph", "zz-bad.yaml"), []byte(
		"edges:\n  - type: MEMBER_OF\n    from: vaxjo-kommun\n    to: no-such-network\n    evidence:\n      - source: vaxjo-natverk-och-aktorer\n        quote: not in the document\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{"shipped seeds", []string{"validate", "../../seeds"}, 0, "ok — 5 sources", nil},
		{"embedded seeds", []string{"validate"}, 0, "embedded seeds: ok", nil},
		{"bad seeds", []string{"validate", bad}, 1, "", []string{
			"graph/zz-bad.yaml:4", "no-such-network", "graph/zz-bad.yaml:7", "quote not found", "nothing loaded"}},
		{"missing dir", []string{"validate", filepath.Join(bad, "nope")}, 1, "", []string{"sources/sources.yaml"}},
		{"unknown command", []string{"frobnicate"}, 2, "", []string{"unknown command"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(c.args, envOf(), &out, &errb)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, c.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), c.stdout) {
				t.Errorf("stdout %q lacks %q", out.String(), c.stdout)
			}
			for _, s := range c.stderr {
				if !strings.Contains(errb.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, errb.String())
				}
			}
		})
	}
}

func TestLoadCommandValidatesFirst(t *testing.T) {
	bad := copySeeds(t)
	if err := os.WriteFile(filepath.Join(bad, "graph", "zz-bad.yaml"), []byte("nodes:\n  - id: Bad Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Bad seeds are rejected before any connection is attempted (the URI points nowhere).
	env := envOf(envNeo4jURI, "neo4j://127.0.0.1:1", envNeo4jPassword, "hunter2-secret")
	var out, errb bytes.Buffer
	if code := run([]string{"load", "-seeds", bad}, env, &out, &errb); code != 1 {
		t.Fatalf("load on bad seeds: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "graph/zz-bad.yaml:2") || strings.Contains(errb.String()+out.String(), "hunter2") {
		t.Errorf("unexpected output:\n%s%s", out.String(), errb.String())
	}
	// Without NEO4J_URI there is nothing to load into.
	out.Reset()
	errb.Reset()
	if code := run([]string{"load"}, envOf(), &out, &errb); code != 2 || !strings.Contains(errb.String(), envNeo4jURI) {
		t.Errorf("load without NEO4J_URI: exit %d\n%s%s", code, out.String(), errb.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for the server goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
