package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// BenchmarkCacheHit is the whole HTTP stack for a response-cache hit — the cheapest request,
// so the one where per-request overhead (tracing, metrics, compression, logging) shows most.
// Timings are reported, never asserted.
func BenchmarkCacheHit(b *testing.B) {
	const q = `{"query":"query Counts { stats { nodes edges } }"}`
	h := httpapi.New(httpapi.Config{Store: shippedStore(b), ResponseCacheBytes: 1 << 20})
	do := func() int {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(q))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		return rec.Code
	}
	do()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		do()
	}
}
