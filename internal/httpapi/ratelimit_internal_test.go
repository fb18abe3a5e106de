package httpapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

// fakeClock is a settable time source for the limiter.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newTestLimiter(limit float64, burst int, tokens ...string) (*rateLimiter, *fakeClock) {
	l := newRateLimiter(limit, burst, tokens)
	c := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	l.now = c.now
	return l, c
}

func TestClientKey(t *testing.T) {
	l, _ := newTestLimiter(1, 1, "configured-token-aaaaaaaaaaaa", "configured-token-bbbbbbbbbbbb")
	cases := []struct {
		remote, auth, want string
	}{
		{"192.0.2.7:1234", "", "ip:192.0.2.7"},
		{"192.0.2.7:1234", "Bearer made-up", "ip:192.0.2.7"},                           // unknown token: the address
		{"192.0.2.7:1234", "Basic dXNlcjpwYXNz", "ip:192.0.2.7"},                       // not a bearer token
		{"192.0.2.7:9", "Bearer configured-token-aaaaaaaaaaaa", "t0"},                  // configured: its own bucket
		{"198.51.100.1:9", "bearer configured-token-bbbbbbbbbbbb ", "t1"},              // any case, trimmed
		{"192.0.2.7:9", "Bearer configured-token-aaaaaaaaaaaa-suffix", "ip:192.0.2.7"}, // prefix is no match
		{"[2001:db8:1:2:3:4:5:6]:443", "", "ip:2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff:ffff:ffff:ffff]:443", "", "ip:2001:db8:1:2::/64"}, // same /64
		{"[2001:db8:1:3::1]:443", "", "ip:2001:db8:1:3::/64"},                  // next /64
		{"[fe80::1%eth0]:443", "", "ip:fe80::/64"},                             // zone dropped
		{"[::ffff:192.0.2.7]:80", "", "ip:192.0.2.7"},                          // IPv4-mapped is IPv4
		{"not-an-address", "", "ip:not-an-address"},
	}
	for _, c := range cases {
		r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
		r.RemoteAddr = c.remote
		if c.auth != "" {
			r.Header.Set("Authorization", c.auth)
		}
		if got := l.clientKey(r); got != c.want {
			t.Errorf("clientKey(%s, %q) = %q, want %q", c.remote, c.auth, got, c.want)
		}
	}
}

// TestRateLimitMadeUpTokens: every made-up token is the same client (its address), so 20
// requests with 20 different made-up tokens at 1/s with a burst of 3 get 3 through.
func TestRateLimitMadeUpTokens(t *testing.T) {
	l, _ := newTestLimiter(1, 3, "configured-token-aaaaaaaaaaaa")
	h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	var statuses []int
	for i := 0; i < 20; i++ {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.RemoteAddr = "192.0.2.7:" + strconv.Itoa(1000+i)
		r.Header.Set("Authorization", fmt.Sprintf("Bearer made-up-token-%d", i))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		statuses = append(statuses, w.Code)
	}
	ok := 0
	for _, s := range statuses {
		if s == http.StatusOK {
			ok++
		}
	}
	if ok != 3 {
		t.Errorf("%d of 20 requests with made-up tokens passed, want 3 (the burst): %v", ok, statuses)
	}
}

// TestRateLimitHeaders: the X-RateLimit-* headers count down; a refusal is 429 with
// Retry-After; time refills the bucket.
func TestRateLimitHeaders(t *testing.T) {
	l, clock := newTestLimiter(0.5, 2) // one token every 2 s
	h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	do := func() *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
		r.RemoteAddr = "192.0.2.9:1"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	type row struct {
		advance                        time.Duration
		status                         int
		limit, remaining, reset, retry string
	}
	for i, want := range []row{
		{0, 200, "2", "1", "2", ""},
		{0, 200, "2", "0", "4", ""},
		{0, 429, "2", "0", "4", "2"},
		{time.Second, 429, "2", "0", "3", "1"},
		{time.Second, 200, "2", "0", "4", ""},
		{10 * time.Second, 200, "2", "1", "2", ""},
	} {
		clock.t = clock.t.Add(want.advance)
		w := do()
		got := row{want.advance, w.Code, w.Header().Get("X-RateLimit-Limit"), w.Header().Get("X-RateLimit-Remaining"),
			w.Header().Get("X-RateLimit-Reset"), w.Header().Get("Retry-After")}
		if got != want {
			t.Errorf("request %d: %+v, want %+v", i, got, want)
		}
	}
	// health checks and preflights are never limited
	for _, p := range []string{"/healthz", "/readyz"} {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		r.RemoteAddr = "192.0.2.9:1"
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Errorf("%s limited: %d", p, w.Code)
		}
	}
}

// TestRateLimitBounded: 200,000 distinct clients leave at most maxClients buckets, and a
// client seen recently keeps its (empty) bucket through the flood of new ones.
func TestRateLimitBounded(t *testing.T) {
	l, _ := newTestLimiter(1, 1)
	victim := "ip:192.0.2.1"
	if !l.allow(victim).ok {
		t.Fatal("first request refused")
	}
	for i := 0; i < 200_000; i++ {
		l.allow(fmt.Sprintf("ip:10.%d.%d.%d", i>>16, (i>>8)&255, i&255))
		if i%1000 == 0 {
			l.allow(victim) // the victim keeps coming back: it stays recently used
		}
	}
	if n := l.size(); n > maxClients {
		t.Errorf("%d buckets after 200,000 clients, want ≤ %d", n, maxClients)
	}
	if l.allow(victim).ok {
		t.Error("the flood refilled a recently seen client's bucket")
	}
}

// TestRateLimitIPv6Prefix: addresses in one /64 share a bucket; another /64 has its own.
func TestRateLimitIPv6Prefix(t *testing.T) {
	l, _ := newTestLimiter(1, 2)
	h := l.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	code := func(remote string) int {
		r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	got := []int{
		code("[2001:db8:aa:1::1]:1"), code("[2001:db8:aa:1::2]:1"), code("[2001:db8:aa:1:ffff::3]:1"),
		code("[2001:db8:aa:2::1]:1"),
	}
	if fmt.Sprint(got) != "[200 200 429 200]" {
		t.Errorf("statuses %v, want [200 200 429 200] (one /64 shares the burst of 2)", got)
	}
}
