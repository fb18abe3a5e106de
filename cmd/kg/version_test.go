package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		var out, errb bytes.Buffer
		if code := run(args, envOf(), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		for _, re := range []string{`(?m)^kg \S+`, `(?m)^commit: .+`, `(?m)^built: +.+`, `(?m)^go: +go1\.`} {
			if !regexp.MustCompile(re).MatchString(out.String()) {
				t.Errorf("%v: output lacks %s:\n%s", args, re, out.String())
			}
		}
	}
}

// kg serve -h prints the flags and every environment variable it reads, and exits 0.
func TestServeHelp(t *testing.T) {
	for _, flag := range []string{"-h", "-help", "--help"} {
		var out, errb bytes.Buffer
		if code := run([]string{"serve", flag}, envOf(), &out, &errb); code != 0 {
			t.Fatalf("serve %s: exit %d", flag, code)
		}
		help := out.String() + errb.String()
		for _, want := range []string{"-addr", "-response-cache", envContactTokens, envContactTokensFile, envNeo4jURI, envNeo4jPassword,
			envNeo4jQueryTimeout, envAddr, envSeeds, envCORSOrigins, envResponseCacheMB, envLogFormat, envIntrospection, envDebugAddr,
			envSynthetic, "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_TRACES_EXPORTER", "OTEL_SERVICE_NAME"} {
			if !strings.Contains(help, want) {
				t.Errorf("serve %s lacks %s", flag, want)
			}
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"serve", "-no-such-flag"}, envOf(), &out, &errb); code != 2 {
		t.Errorf("an unknown flag: exit %d, want 2", code)
	}
}

// kg serve logs one line per start-up phase, in order, and serves /metrics with its
// build information.
func TestServeStartupPhasesAndMetrics(t *testing.T) {
	s := startServe(t, nil, envOf(), defaultServeDeps)
	res, err := http.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `kg_build_info{`) || !strings.Contains(string(body), `goversion="go1.`) {
		t.Errorf("/metrics: %d\n%.500s", res.StatusCode, body)
	}
	s.stop()
	logs := s.logs.String()
	last := -1
	for _, phase := range []string{"msg=starting", `msg="seeds loaded"`, `msg="store built"`, "msg=listening", `msg="shutting down"`} {
		i := strings.Index(logs, phase)
		if i < 0 || i < last {
			t.Errorf("phase %s missing or out of order:\n%s", phase, logs)
		}
		last = i
	}
}

// With an OTLP endpoint in the environment, kg serve exports the request and store spans
// there over OTLP/HTTP (here: a fake collector on loopback) and flushes them on shutdown.
func TestServeExportsTracesOverOTLP(t *testing.T) {
	var mu sync.Mutex
	var posts []string
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		posts = append(posts, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+string(b))
		mu.Unlock()
	}))
	defer collector.Close()
	env := envOf("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	deps := defaultServeDeps
	deps.getenv = env
	s := startServe(t, nil, env, deps)
	req, _ := http.NewRequest(http.MethodGet, s.url+"/graphql?query=%7Bstats%7Bnodes%7D%7D", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if code := s.stop(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, s.logs.String())
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(posts, "\n")
	if !strings.Contains(all, "POST /v1/traces application/x-protobuf") || !strings.Contains(all, "kg.Store/Stats") || !strings.Contains(all, "GET graphql") {
		t.Errorf("the collector got %d posts:\n%.2000q", len(posts), all)
	}
	if !strings.Contains(s.logs.String(), "msg=tracing") {
		t.Errorf("no tracing start-up line:\n%s", s.logs.String())
	}
}
