package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/breaker"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kgtest"
)

// downStore simulates a backend (Neo4j) that can go away: while down, every call waits for
// a "connection timeout" and fails UNAVAILABLE, as a driver does.
type downStore struct {
	*kgtest.Store
	down atomic.Bool
}

var errRefused = errors.New("dial tcp 10.1.2.3:7687: connection refused")

func (d *downStore) setDown(down bool) {
	d.down.Store(down)
	if down {
		d.Slow(kgtest.All, 200*time.Millisecond) // the driver's connection timeout
		d.Fail(kgtest.All, kgtest.Unavailable(errRefused))
		return
	}
	d.Slow(kgtest.All, 0)
	d.Fail(kgtest.All, nil)
}

func (d *downStore) ready(ctx context.Context) error {
	if d.down.Load() {
		return errRefused
	}
	return nil
}

func TestOutageFailsFastAndRecovers(t *testing.T) {
	ds := &downStore{Store: kgtest.New(shippedStore(t))}
	br := breaker.New(ds, 2, 300*time.Millisecond)
	s := newServer(t, httpapi.Config{Store: br, Ready: func(ctx context.Context) error { return br.Ready(ctx, ds.ready) }})
	q := `{ node(id: "vaxjo-kommun") { name } }`
	readyz := func() int {
		res, err := http.Get(s.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if r := s.post(t, q, nil); len(r.Errors) > 0 || readyz() != 200 {
		t.Fatalf("healthy service: %+v", r.Errors)
	}

	ds.setDown(true)
	for i := 0; i < 2; i++ { // these wait out the simulated connection timeout
		if r := s.post(t, q, nil); !contains(r.codes(), "UNAVAILABLE") {
			t.Fatalf("outage request %d: %+v", i, r.Errors)
		}
	}
	if readyz() != http.StatusServiceUnavailable {
		t.Error("readyz still 200 during the outage")
	}
	// Now the circuit is open: requests fail at once, without touching the backend.
	calls := ds.Calls(kgtest.All)
	start := time.Now()
	r := s.post(t, q, nil)
	took := time.Since(start)
	if !contains(r.codes(), "UNAVAILABLE") || ds.Calls(kgtest.All) != calls {
		t.Fatalf("open circuit: %+v, backend calls %d", r.Errors, ds.Calls(kgtest.All)-calls)
	}
	t.Logf("request during outage failed in %v (backend timeout 200ms)", took)
	for _, e := range r.Errors {
		if hasSub(e.Message, "10.1.2.3") {
			t.Errorf("internal address leaked: %q", e.Message)
		}
	}

	// Neo4j returns; the next readiness probe closes the circuit — no restart.
	ds.setDown(false)
	if readyz() != 200 {
		t.Fatal("readyz did not recover")
	}
	if r := s.post(t, q, nil); len(r.Errors) > 0 {
		t.Fatalf("after recovery: %+v", r.Errors)
	}
}
