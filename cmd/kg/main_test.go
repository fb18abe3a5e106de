package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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
			code := run(c.args, &out, &errb)
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

func TestServeRefusesBadSeedsAndShutsDown(t *testing.T) {
	bad := copySeeds(t)
	if err := os.WriteFile(filepath.Join(bad, "graph", "zz-bad.yaml"), []byte("nodes:\n  - id: Bad Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := cmdServe(context.Background(), []string{"-seeds", bad, "-addr", "127.0.0.1:0"}, &out, &errb); code != 1 {
		t.Fatalf("serve on bad seeds: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "graph/zz-bad.yaml:2") {
		t.Errorf("serve did not name the problem:\n%s", errb.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	serr := &lockedBuffer{}
	go func() { done <- cmdServe(ctx, []string{"-addr", "127.0.0.1:0", "-log-format", "text"}, &out, serr) }()
	if !serr.waitFor("msg=serving", 10*time.Second) {
		t.Error("serve did not log msg=serving")
	}
	cancel() // as SIGTERM does through signal.NotifyContext
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("graceful shutdown exit %d:\n%s", code, serr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop on cancel")
	}
}

func TestLoadCommandValidatesFirst(t *testing.T) {
	bad := copySeeds(t)
	if err := os.WriteFile(filepath.Join(bad, "graph", "zz-bad.yaml"), []byte("nodes:\n  - id: Bad Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Bad seeds are rejected before any connection is attempted (the URI points nowhere).
	t.Setenv("NEO4J_URI", "neo4j://127.0.0.1:1")
	t.Setenv("NEO4J_PASSWORD", "hunter2-secret")
	var out, errb bytes.Buffer
	if code := run([]string{"load", "-seeds", bad}, &out, &errb); code != 1 {
		t.Fatalf("load on bad seeds: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "graph/zz-bad.yaml:2") || strings.Contains(errb.String()+out.String(), "hunter2") {
		t.Errorf("unexpected output:\n%s%s", out.String(), errb.String())
	}
	// Without NEO4J_URI there is nothing to load into.
	t.Setenv("NEO4J_URI", "")
	out.Reset()
	errb.Reset()
	if code := run([]string{"load"}, &out, &errb); code == 0 {
		t.Errorf("load without NEO4J_URI succeeded:\n%s", out.String())
	}
}

func TestContactTokens(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tokens")
	if err := os.WriteFile(file, []byte("# ops\nfile-token-0123456789\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KG_CONTACT_TOKENS", "env-token-0123456789, env-token-abcdefghij")
	t.Setenv("KG_CONTACT_TOKENS_FILE", file)
	got, err := contactTokens()
	if err != nil || strings.Join(got, ",") != "env-token-0123456789,env-token-abcdefghij,file-token-0123456789" {
		t.Fatalf("tokens %v, %v", got, err)
	}
	t.Setenv("KG_CONTACT_TOKENS", "tiny7")
	if _, err := contactTokens(); err == nil || strings.Contains(err.Error(), "tiny7") {
		t.Errorf("short token: %v (must be refused without echoing it)", err)
	}
	t.Setenv("KG_CONTACT_TOKENS", "")
	t.Setenv("KG_CONTACT_TOKENS_FILE", filepath.Join(dir, "missing"))
	if _, err := contactTokens(); err == nil {
		t.Error("missing token file accepted")
	}
}

func TestServeSynthetic(t *testing.T) {
	for _, tc := range []struct {
		size, want string
	}{{"10", "at least 300 nodes"}, {"lots", "not a size"}} {
		var out, errb bytes.Buffer
		if code := cmdServe(context.Background(), []string{"-synthetic", tc.size, "-addr", "127.0.0.1:0", "-log-format", "text"}, &out, &errb); code != 1 {
			t.Errorf("-synthetic %s: exit %d", tc.size, code)
		}
		if !strings.Contains(errb.String(), tc.want) {
			t.Errorf("-synthetic %s: stderr %q, want %q", tc.size, errb.String(), tc.want)
		}
	}
	// A valid size serves, logs the landmarks a load test needs, and shuts down cleanly.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out bytes.Buffer
	serr := &lockedBuffer{}
	go func() {
		done <- cmdServe(ctx, []string{"-synthetic", "1k", "-addr", "127.0.0.1:0", "-log-format", "text"}, &out, serr)
	}()
	if !serr.waitFor("msg=serving", 10*time.Second) {
		t.Error("serve did not log msg=serving")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d:\n%s", code, serr.String())
	}
	for _, want := range []string{"synthetic=1k", "nodes=1000", "busy_body=organ-", "search_text="} {
		if !strings.Contains(serr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, serr.String())
		}
	}
}

func TestLoaderWaitFor(t *testing.T) {
	t.Setenv("NEO4J_URI", "")
	if got := loaderWaitFor(0, ""); got != 200*time.Microsecond {
		t.Errorf("embedded default %v", got)
	}
	if got := loaderWaitFor(5*time.Millisecond, ""); got != 5*time.Millisecond {
		t.Errorf("flag ignored: %v", got)
	}
	t.Setenv("NEO4J_URI", "neo4j://example:7687")
	if got := loaderWaitFor(0, ""); got != 2*time.Millisecond {
		t.Errorf("Neo4j default %v", got)
	}
	if got := loaderWaitFor(0, "1k"); got != 200*time.Microsecond {
		t.Errorf("synthetic (embedded) with NEO4J_URI set: %v", got)
	}
}

// lockedBuffer is a bytes.Buffer safe for the server goroutine and the test, which can wait
// for a line to appear without polling.
type lockedBuffer struct {
	mu    sync.Mutex
	b     bytes.Buffer
	wrote chan struct{} // gets a value after a Write (capacity 1: "something changed")
}

func (l *lockedBuffer) changed() chan struct{} {
	if l.wrote == nil {
		l.wrote = make(chan struct{}, 1)
	}
	return l.wrote
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := l.b.Write(p)
	select {
	case l.changed() <- struct{}{}:
	default:
	}
	return n, err
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor reports whether s appears in the buffer within d.
func (l *lockedBuffer) waitFor(s string, d time.Duration) bool {
	timeout := time.After(d)
	for {
		l.mu.Lock()
		found, ch := strings.Contains(l.b.String(), s), l.changed()
		l.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-ch:
		case <-timeout:
			return false
		}
	}
}
