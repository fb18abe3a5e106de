package httpapi_test

import (
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
)

// The HTTP edge decides deadlines once: when the request's own deadline has passed the
// client gets the documented TIMEOUT, whatever the store wrapped the deadline in.
func TestRequestDeadlineIsTimeout(t *testing.T) {
	// The store's query outlives the request: it sees its context end and, as both stores
	// do, reports that as UNAVAILABLE.
	st := kgtest.New(shippedStore(t))
	st.UntilDone(kgtest.Search, func(ctxErr error) error {
		return kg.WrapError(kg.EUNAVAILABLE, ctxErr, "the graph database did not answer in time")
	})
	s := newServer(t, httpapi.Config{Store: st, Timeout: 30 * time.Millisecond})
	r := s.post(t, `{ search(text: "vaxjo") { nodes { score } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "TIMEOUT" {
		t.Fatalf("errors = %+v, want one TIMEOUT", r.Errors)
	}
	if r.Status != 200 {
		t.Errorf("a GraphQL execution answers 200, got %d", r.Status)
	}
}
