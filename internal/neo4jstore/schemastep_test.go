package neo4jstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

func TestAwaitSeconds(t *testing.T) {
	tests := []struct {
		name     string
		deadline time.Duration // 0: no deadline
		fallback time.Duration
		want     int64
	}{
		{"time left less a second", 90 * time.Second, time.Hour, 89},
		{"no deadline: the fallback", 0, 5 * time.Minute, 299},
		{"nearly out of time: still positive", 200 * time.Millisecond, time.Hour, 1},
		{"past the deadline: still positive", -time.Second, time.Hour, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.deadline != 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, time.Now().Add(tt.deadline))
				defer cancel()
			}
			got := awaitSeconds(ctx, tt.fallback)
			// Time passes between WithDeadline and the call: allow one second less.
			if got != tt.want && got != tt.want-1 {
				t.Errorf("awaitSeconds = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestSchemaStepError(t *testing.T) {
	limit := 3 * time.Minute
	for name, tt := range map[string]struct {
		err, ctx error
		code     kg.Code
		namesCfg bool
	}{
		"deadline":   {context.DeadlineExceeded, nil, kg.ETIMEOUT, true},
		"classified": {kg.WrapError(kg.ETIMEOUT, context.DeadlineExceeded, "timed out"), nil, kg.ETIMEOUT, true},
		"step out of time, the driver says connectivity": {kg.Errorf(kg.EUNAVAILABLE, "ConnectivityError"), context.DeadlineExceeded, kg.ETIMEOUT, true},
		"other stays as is": {kg.Errorf(kg.EUNAVAILABLE, "down"), nil, kg.EUNAVAILABLE, false},
	} {
		t.Run(name, func(t *testing.T) {
			err := schemaStepError(tt.err, tt.ctx, limit)
			if kg.ErrorCode(err) != tt.code {
				t.Errorf("code %s, want %s (%v)", kg.ErrorCode(err), tt.code, err)
			}
			if got := strings.Contains(err.Error(), "SchemaTimeout") && strings.Contains(err.Error(), "3m0s"); got != tt.namesCfg {
				t.Errorf("names the setting = %v, want %v: %v", got, tt.namesCfg, err)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("the cause is lost: %v", err)
			}
		})
	}
}

// TestSchemaStepOwnDeadlineOnRealServer: the schema step runs under SchemaTimeout, not the
// load's deadline. Out of schema time, Load fails with TIMEOUT naming SchemaTimeout and
// writes no data; with schema time, the same Load succeeds under a LoadTimeout far shorter
// than SchemaTimeout, which the old shared deadline could not tell apart.
func TestSchemaStepOwnDeadlineOnRealServer(t *testing.T) {
	cfg := realServer(t)
	g := manyShortestPaths(3, true)
	base := openReal(t, cfg)
	if _, err := base.Load(context.Background(), g); err != nil {
		t.Fatalf("load: %v", err)
	}
	before, err := base.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	short := cfg
	short.SchemaTimeout = time.Nanosecond
	st := openReal(t, short)
	changed := manyShortestPaths(4, true)
	_, err = st.Load(context.Background(), changed)
	if kg.ErrorCode(err) != kg.ETIMEOUT || !strings.Contains(err.Error(), "SchemaTimeout") {
		t.Fatalf("Load out of schema time: %v, want TIMEOUT naming SchemaTimeout", err)
	}
	after, err := base.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("a load that failed in its schema step changed the graph: %+v → %+v", before, after)
	}

	roomy := cfg
	roomy.SchemaTimeout = time.Minute
	roomy.LoadTimeout = 20 * time.Second
	rep, err := openReal(t, roomy).Load(context.Background(), changed)
	if err != nil || rep.Unchanged {
		t.Fatalf("Load with its own schema time: %+v, %v", rep, err)
	}
}
