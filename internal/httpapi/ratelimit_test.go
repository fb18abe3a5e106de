package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// TestRateLimitIgnoresMadeUpTokens (issue 13): at -rate-limit 1, 20 requests that each send a
// different made-up bearer token are one client (the address) and are limited; a configured
// token still has a bucket of its own. Twenty local requests take milliseconds, far less than
// the second a new token needs, so at most one token can have been refilled.
func TestRateLimitIgnoresMadeUpTokens(t *testing.T) {
	const token = "configured-token-0123456789abcdef"
	s := newServer(t, httpapi.Config{RateLimit: 1, ContactTokens: []string{token}}) // burst 3
	passed := 0
	var last *http.Response
	for i := 0; i < 20; i++ {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ stats { nodes } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", fmt.Sprintf("Bearer made-up-%d-0123456789abcdef", i))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			passed++
		}
		last = res
	}
	if passed > 4 {
		t.Errorf("%d of 20 requests with made-up tokens passed at 1/s with a burst of 3", passed)
	}
	if last.StatusCode != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" ||
		last.Header.Get("X-RateLimit-Limit") != "3" || last.Header.Get("X-RateLimit-Remaining") != "0" || last.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("last response %d, headers %v", last.StatusCode, last.Header)
	}
	if r := s.post(t, `{ stats { nodes } }`, nil, "Authorization", "Bearer "+token); r.Status != 200 {
		t.Errorf("configured token limited with the address: %d", r.Status)
	}
}
