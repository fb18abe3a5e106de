package obs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/obs"
)

func TestOperationLabelsAreBounded(t *testing.T) {
	m := obs.NewMetrics(obs.BuildInfo{})
	cases := []struct{ name, want string }{
		{"", obs.OpAnonymous},
		{"Counts", "Counts"},
		{"a b", obs.OpInvalid},
		{"jan@example.se", obs.OpInvalid},
		{strings.Repeat("x", 65), obs.OpInvalid},
		{"_ok_123", "_ok_123"},
	}
	for _, c := range cases {
		if got := m.Operation(c.name); got != c.want {
			t.Errorf("Operation(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	// 2 names taken above; fill up to the cap, then every new name is "other".
	for i := range obs.MaxOperations - 2 {
		if got := m.Operation(fmt.Sprintf("Op%d", i)); got != fmt.Sprintf("Op%d", i) {
			t.Fatalf("name %d of %d got %q", i+3, obs.MaxOperations, got)
		}
	}
	if got := m.Operation("Overflow"); got != obs.OpOther {
		t.Errorf("name beyond the cap: %q", got)
	}
	if got := m.Operation("Counts"); got != "Counts" {
		t.Errorf("a name seen before the cap was reached lost its label: %q", got)
	}
	var nilM *obs.Metrics
	nilM.Request("graphql", "x", "ok", 0, 1) // a nil *Metrics records nothing and does not panic
	nilM.CacheLookup(true)
}

func TestTracingFromEnv(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		enabled bool
		err     string
	}{
		{"nothing set: off", nil, false, ""},
		{"endpoint: on", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, true, ""},
		{"traces endpoint: on", map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, true, ""},
		{"exporter otlp: on", map[string]string{"OTEL_TRACES_EXPORTER": "otlp"}, true, ""},
		{"exporter none wins", map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://x:4318"}, false, ""},
		{"sdk disabled wins", map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, false, ""},
		{"unknown exporter", map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, false, "OTEL_TRACES_EXPORTER"},
		{"grpc refused", map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, false, "http/protobuf"},
		{"http/protobuf", map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf"}, true, ""},
	}
	for _, c := range cases {
		tr, err := obs.TracingFromEnv(context.Background(), func(k string) string { return c.env[k] }, obs.BuildInfo{Version: "t"})
		if (err != nil) != (c.err != "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: err %v, want one naming %q", c.name, err, c.err)
			continue
		}
		if tr.Enabled != c.enabled || tr.Provider == nil {
			t.Errorf("%s: enabled %v, want %v", c.name, tr.Enabled, c.enabled)
		}
		if err := tr.Shutdown(context.Background()); err != nil {
			t.Errorf("%s: shutdown: %v", c.name, err) // no span was made: nothing to send
		}
	}
}

// fakeStore answers only the methods the test calls; the rest of kg.Store is nil (a method
// obs does not instrument would still pass through the embedded interface).
type fakeStore struct{ kg.Store }

func (fakeStore) NodesByIDs(_ context.Context, ids []string) ([]*kg.Node, error) {
	return make([]*kg.Node, len(ids)), nil
}

func (fakeStore) Stats(context.Context) (kg.Stats, error) {
	return kg.Stats{}, kg.Errorf(kg.EUNAVAILABLE, "down")
}

func TestStoreDecorator(t *testing.T) {
	m := obs.NewMetrics(obs.BuildInfo{})
	var s kg.Store = obs.Instrument(fakeStore{}, m, nil)
	ctx, calls := obs.WithCallCounter(context.Background())
	if got, err := s.NodesByIDs(ctx, []string{"a", "b", "c"}); err != nil || len(got) != 3 {
		t.Fatalf("NodesByIDs: %v %v", got, err)
	}
	if _, err := s.Stats(ctx); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("Stats: the error must pass through unchanged, got %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("%d calls counted, want 2", calls.Load())
	}
	const want = `
# HELP kg_loader_batch_size Ids per batched store call (what one dataloader batch asks for), by store method.
# TYPE kg_loader_batch_size histogram
kg_loader_batch_size_bucket{method="NodesByIDs",le="1"} 0
kg_loader_batch_size_bucket{method="NodesByIDs",le="2"} 0
kg_loader_batch_size_bucket{method="NodesByIDs",le="4"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="8"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="16"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="32"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="64"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="128"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="256"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="512"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="1024"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="2048"} 1
kg_loader_batch_size_bucket{method="NodesByIDs",le="+Inf"} 1
kg_loader_batch_size_sum{method="NodesByIDs"} 3
kg_loader_batch_size_count{method="NodesByIDs"} 1
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "kg_loader_batch_size"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.Registry(), "kg_store_call_duration_seconds"); n != 2 {
		t.Errorf("%d store-duration series, want 2 (NodesByIDs ok, Stats error)", n)
	}
}
