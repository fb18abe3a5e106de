package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	lat := make([]time.Duration, 100)
	for i := range lat {
		lat[i] = time.Duration(i+1) * time.Millisecond
	}
	for _, tc := range []struct {
		p    int
		want float64
	}{{50, 50}, {90, 90}, {99, 99}, {100, 100}} {
		if got := pct(lat, tc.p); got != tc.want {
			t.Errorf("p%d = %v, want %v", tc.p, got, tc.want)
		}
	}
	if got := pct(nil, 50); got != 0 {
		t.Errorf("empty p50 = %v", got)
	}
}

// TestRunCountsErrors: a GraphQL error in a 200 response counts as an error, and a clean
// run reports its requests and exits 0.
func TestRunCountsErrors(t *testing.T) {
	var fail atomic.Bool
	var gotVars atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &req)
		gotVars.Store(req.Variables)
		if fail.Load() {
			_, _ = io.WriteString(w, `{"errors":[{"message":"boom"}],"data":null}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":{"mandates":[]}}`)
	}))
	defer srv.Close()

	args := []string{"-url", srv.URL, "-c", "2", "-d", "200ms", "-warmup", "0s", "-json", "-var", "body=organ-1"}
	var out, errOut bytes.Buffer
	if code := run(args, &out, &errOut); code != 0 {
		t.Fatalf("clean run: exit %d, %s %s", code, out.String(), errOut.String())
	}
	var res Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Requests == 0 || res.Errors != 0 || res.RPS <= 0 || res.P50ms <= 0 {
		t.Errorf("result %+v", res)
	}
	if v, _ := gotVars.Load().(map[string]any); v["body"] != "organ-1" {
		t.Errorf("variables sent: %v", v)
	}

	fail.Store(true)
	out.Reset()
	if code := run(args, &out, &errOut); code == 0 {
		t.Errorf("a server answering with errors passed: %s", out.String())
	}
	if !strings.Contains(errOut.String(), "probe request failed") {
		t.Errorf("stderr %q", errOut.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-case", "Nope"}, {"-var", "novalue"}, {"-c", "0"}} {
		if code := run(args, io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
