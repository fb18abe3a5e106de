// Command kgload is the HTTP load generator for the knowledge-graph service: N concurrent
// clients on keep-alive connections send one GraphQL query for a fixed time and it reports
// requests/s, latency percentiles, errors (non-200 or a GraphQL "errors" member), and —
// given the server's pid — the server's peak RSS and, with -debug, its goroutine count.
//
// It is a plain Go program so anyone can run it without installing wrk. Typical use
// (scripts/loadtest.sh does all of it):
//
//	kg serve -synthetic 100k -addr 127.0.0.1:8080 &
//	kgload -url http://127.0.0.1:8080/graphql -case WhoRepresentsWhom -var body=organ-9687 -c 64 -d 20s -pid $!
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kommunkg/kg/internal/bench"
	"github.com/kommunkg/kg/internal/gen"
)

// zeroLandmarks: only the queries of bench.Cases are used here; ids come from -var.
var zeroLandmarks gen.Landmarks

type vars map[string]any

func (v vars) String() string { return fmt.Sprint(map[string]any(v)) }
func (v vars) Set(s string) error {
	k, val, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want name=value, got %q", s)
	}
	v[k] = val
	return nil
}

// Result is what one run measured; -json prints it.
type Result struct {
	Case          string  `json:"case"`
	Clients       int     `json:"clients"`
	Seconds       float64 `json:"seconds"`
	Requests      int     `json:"requests"`
	Errors        int     `json:"errors"`
	RPS           float64 `json:"rps"`
	P50ms         float64 `json:"p50_ms"`
	P90ms         float64 `json:"p90_ms"`
	P99ms         float64 `json:"p99_ms"`
	Maxms         float64 `json:"max_ms"`
	ServerPeakMiB float64 `json:"server_peak_rss_mib,omitempty"` // VmHWM: the process's whole life, start-up included
	RunPeakMiB    float64 `json:"run_peak_rss_mib,omitempty"`    // highest RSS sampled during the run
	ServerRSSMiB  float64 `json:"server_rss_mib,omitempty"`      // RSS at the end of the run
	Goroutines    int     `json:"server_goroutines,omitempty"`
	FirstError    string  `json:"first_error,omitempty"`
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kgload", flag.ContinueOnError)
	fl.SetOutput(stderr)
	url := fl.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
	caseName := fl.String("case", "WhoRepresentsWhom", "query to send: "+strings.Join(caseNames(), ", "))
	queryFile := fl.String("query-file", "", "send this file's GraphQL query instead of -case")
	clients := fl.Int("c", 64, "concurrent clients")
	dur := fl.Duration("d", 10*time.Second, "measured duration")
	warm := fl.Duration("warmup", 2*time.Second, "unmeasured warm-up before the run")
	pid := fl.Int("pid", 0, "server pid: report its peak RSS (Linux /proc)")
	debug := fl.String("debug", "", "server debug address (kg serve -debug-addr): report goroutines")
	asJSON := fl.Bool("json", false, "print the result as JSON")
	printBody := fl.Bool("print-body", false, "print the request body and exit (for wrk: scripts/loadtest.sh)")
	v := vars{}
	fl.Var(v, "var", "query variable name=value (repeatable)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	query := ""
	if *queryFile != "" {
		b, err := os.ReadFile(*queryFile)
		if err != nil {
			fmt.Fprintln(stderr, "kgload:", err)
			return 1
		}
		query = string(b)
	} else {
		query = queryOf(*caseName)
		if query == "" {
			fmt.Fprintf(stderr, "kgload: unknown -case %q (have %s)\n", *caseName, strings.Join(caseNames(), ", "))
			return 2
		}
	}
	body, err := json.Marshal(map[string]any{"query": query, "variables": map[string]any(v)})
	if err != nil {
		fmt.Fprintln(stderr, "kgload:", err)
		return 1
	}
	if *printBody {
		fmt.Fprintln(stdout, string(body))
		return 0
	}
	if *clients < 1 || *dur <= 0 {
		fmt.Fprintln(stderr, "kgload: -c and -d must be positive")
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients,
		IdleConnTimeout: time.Minute, DisableCompression: true,
	}, Timeout: 30 * time.Second}

	// One probe first: a wrong id or query should fail loudly, not as 100% errors.
	if err := send(ctx, client, *url, body); err != nil {
		fmt.Fprintln(stderr, "kgload: probe request failed:", err)
		return 1
	}
	if *warm > 0 {
		loadMeasured(ctx, client, *url, body, *clients, *warm)
	}
	res := Result{Case: *caseName, Clients: *clients}
	if *queryFile != "" {
		res.Case = *queryFile
	}
	var peak atomic.Int64
	sampleDone := make(chan struct{})
	if *pid > 0 {
		go sampleRSS(*pid, &peak, sampleDone)
	}
	t0 := time.Now()
	lat, errs, first := loadMeasured(ctx, client, *url, body, *clients, *dur)
	elapsed := time.Since(t0)
	close(sampleDone)

	res.Seconds = elapsed.Seconds()
	res.Requests, res.Errors, res.FirstError = len(lat), errs, first
	res.RPS = float64(len(lat)) / elapsed.Seconds()
	slices.Sort(lat)
	res.P50ms, res.P90ms, res.P99ms = pct(lat, 50), pct(lat, 90), pct(lat, 99)
	if len(lat) > 0 {
		res.Maxms = ms(lat[len(lat)-1])
	}
	if *pid > 0 {
		hwm, rss := procStatus(*pid)
		res.ServerPeakMiB, res.RunPeakMiB, res.ServerRSSMiB = hwm, float64(peak.Load())/1024, rss
	}
	if *debug != "" {
		res.Goroutines = goroutines(client, *debug)
	}
	if *asJSON {
		_ = json.NewEncoder(stdout).Encode(res)
	} else {
		fmt.Fprintf(stdout, "%s: %d clients, %.1fs: %d requests, %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, errors %d",
			res.Case, res.Clients, res.Seconds, res.Requests, res.RPS, res.P50ms, res.P90ms, res.P99ms, res.Maxms, res.Errors)
		if *pid > 0 {
			fmt.Fprintf(stdout, ", server RSS peak during run %.0f MiB, at end %.0f MiB, lifetime peak %.0f MiB", res.RunPeakMiB, res.ServerRSSMiB, res.ServerPeakMiB)
		}
		if *debug != "" {
			fmt.Fprintf(stdout, ", goroutines %d", res.Goroutines)
		}
		fmt.Fprintln(stdout)
		if first != "" {
			fmt.Fprintln(stdout, "first error:", first)
		}
	}
	if errs > 0 {
		return 1
	}
	return 0
}

func caseNames() []string {
	var out []string
	for _, c := range bench.Cases(zeroLandmarks) {
		out = append(out, c.Name)
	}
	return out
}

func queryOf(name string) string {
	for _, c := range bench.Cases(zeroLandmarks) {
		if strings.EqualFold(c.Name, name) {
			return c.Query
		}
	}
	return ""
}

func pct(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return ms(sorted[min(max(i-1, 0), len(sorted)-1)])
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var errGraphQL = errors.New("response has errors")

// send posts one request and checks the answer: HTTP 200, and no GraphQL errors member.
func send(ctx context.Context, c *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
	}
	if bytes.Contains(b, []byte(`"errors":`)) {
		return fmt.Errorf("%w: %.300s", errGraphQL, b)
	}
	if !bytes.HasPrefix(b, []byte(`{"data":`)) {
		return fmt.Errorf("unexpected body: %.200s", b)
	}
	return nil
}

// loadMeasured runs clients workers for d, each sending requests back to back, and returns
// every latency, the error count and the first error.
func loadMeasured(ctx context.Context, c *http.Client, url string, body []byte, clients int, d time.Duration) ([]time.Duration, int, string) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu    sync.Mutex
		all   []time.Duration
		errs  int
		first string
		wg    sync.WaitGroup
	)
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1<<14)
			var n int
			var f string
			for ctx.Err() == nil {
				t := time.Now()
				err := send(ctx, c, url, body)
				if ctx.Err() != nil {
					break // cut off by the end of the run: neither a result nor an error
				}
				lat = append(lat, time.Since(t))
				if err != nil {
					n++
					if f == "" {
						f = err.Error()
					}
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += n
			if first == "" {
				first = f
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, errs, first
}

// procStatus reads VmHWM (peak RSS) and VmRSS of pid, in MiB.
func procStatus(pid int) (hwm, rss float64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmHWM:":
			hwm = kb / 1024
		case "VmRSS:":
			rss = kb / 1024
		}
	}
	return hwm, rss
}

// sampleRSS records the highest VmRSS seen (in KiB) every 100 ms until done: VmHWM covers the
// process's whole life (including start-up); the sample covers the run alone.
func sampleRSS(pid int, peak *atomic.Int64, done <-chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		_, rss := procStatus(pid)
		if kb := int64(rss * 1024); kb > peak.Load() {
			peak.Store(kb)
		}
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

var totalRe = regexp.MustCompile(`goroutine profile: total (\d+)`)

// goroutines reads the server's goroutine count from its pprof endpoint.
func goroutines(c *http.Client, addr string) int {
	resp, err := c.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	m := totalRe.FindSubmatch(b)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
