package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
)

// storeTimeout is a store whose query outlives the request: it sees its context end and,
// as both stores do, reports that as UNAVAILABLE.
type storeTimeout struct{ kg.Store }

func (s storeTimeout) Search(ctx context.Context, q kg.SearchQuery) ([]kg.SearchHit, error) {
	<-ctx.Done()
	return nil, kg.WrapError(kg.EUNAVAILABLE, ctx.Err(), "the graph database did not answer in time")
}

// The HTTP edge decides deadlines once: when the request's own deadline has passed the
// client gets the documented TIMEOUT, whatever the store wrapped the deadline in.
func TestRequestDeadlineIsTimeout(t *testing.T) {
	s := newServer(t, httpapi.Config{Store: storeTimeout{shippedStore(t)}, Timeout: 30 * time.Millisecond})
	r := s.post(t, `{ search(text: "vaxjo") { score } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "TIMEOUT" {
		t.Fatalf("errors = %+v, want one TIMEOUT", r.Errors)
	}
	if r.Status != 200 {
		t.Errorf("a GraphQL execution answers 200, got %d", r.Status)
	}
}
