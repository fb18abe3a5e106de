package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

func TestClassify(t *testing.T) {
	const secret = "MATCH (n:Entity) WHERE n.password = 's3cr3t' neo4j://db.internal:7687"
	n4e := func(code string) error { return &neo4j.Neo4jError{Code: code, Msg: secret} }
	opErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused " + secret)}
	cases := []struct {
		name string
		err  error
		code kg.Code
		msg  string
	}{
		{"connectivity", &neo4j.ConnectivityError{Inner: errors.New(secret)}, kg.EUNAVAILABLE, msgUnavailable},
		{"connectivity, wrapped", fmt.Errorf("session: %w", &neo4j.ConnectivityError{Inner: io.EOF}), kg.EUNAVAILABLE, msgUnavailable},
		{"transient", n4e("Neo.TransientError.General.DatabaseUnavailable"), kg.EUNAVAILABLE, msgUnavailable},
		{"deadlock", n4e("Neo.TransientError.Transaction.DeadlockDetected"), kg.EUNAVAILABLE, msgUnavailable},
		{"auth", n4e("Neo.ClientError.Security.Unauthorized"), kg.EUNAVAILABLE, msgRefused},
		{"token expired", &neo4j.TokenExpiredError{Code: "Neo.ClientError.Security.TokenExpired", Message: secret}, kg.EUNAVAILABLE, msgRefused},
		{"server tx timeout", n4e("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), kg.EUNAVAILABLE, msgTimeout},
		{"no such database", n4e("Neo.ClientError.Database.DatabaseNotFound"), kg.EUNAVAILABLE, msgUnavailable},
		{"syntax error", n4e("Neo.ClientError.Statement.SyntaxError"), kg.EINTERNAL, msgInternal},
		{"missing parameter", n4e("Neo.ClientError.Statement.ParameterMissing"), kg.EINTERNAL, msgInternal},
		{"constraint", n4e("Neo.ClientError.Schema.ConstraintValidationFailed"), kg.EINTERNAL, msgInternal},
		{"database error", n4e("Neo.DatabaseError.General.UnknownError"), kg.EINTERNAL, msgInternal},
		{"deadline", context.DeadlineExceeded, kg.ETIMEOUT, msgTimeout},
		{"deadline, wrapped", fmt.Errorf("run: %w", context.DeadlineExceeded), kg.ETIMEOUT, msgTimeout},
		{"cancelled", context.Canceled, kg.EUNAVAILABLE, msgCancelled},
		{"retries exhausted", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{n4e("Neo.TransientError.General.DatabaseUnavailable")}}, kg.EUNAVAILABLE, msgUnavailable},
		{"net error", opErr, kg.EUNAVAILABLE, msgUnavailable},
		{"eof", io.EOF, kg.EUNAVAILABLE, msgUnavailable},
		{"usage error", &neo4j.UsageError{Message: secret}, kg.EINTERNAL, msgInternal},
		{"unexpected data", unexpected("property x: %s", secret), kg.EINTERNAL, msgBadData},
		{"anything else", errors.New(secret), kg.EINTERNAL, msgInternal},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := classify(c.err)
			var ke *kg.Error
			if !errors.As(got, &ke) {
				t.Fatalf("not a *kg.Error: %T", got)
			}
			if ke.Code != c.code || ke.Message != c.msg {
				t.Errorf("got %s %q, want %s %q", ke.Code, ke.Message, c.code, c.msg)
			}
			// The client-safe message never carries the statement, server text or hosts…
			if strings.Contains(ke.Message, "s3cr3t") || strings.Contains(ke.Message, "MATCH") || strings.Contains(ke.Message, "db.internal") {
				t.Errorf("message leaks: %q", ke.Message)
			}
			if m := kg.ErrorMessage(got); m != c.msg {
				t.Errorf("kg.ErrorMessage = %q", m)
			}
			// …but the cause stays available for logs.
			if !errors.Is(got, c.err) {
				t.Errorf("cause lost")
			}
			// Classifying twice changes nothing.
			if again := classify(got); again != got {
				t.Errorf("reclassified: %v", again)
			}
		})
	}
	if classify(nil) != nil {
		t.Error("classify(nil) != nil")
	}
	// A domain error passes through.
	inv := kg.Errorf(kg.EINVALID, "after: invalid cursor")
	if classify(inv) != error(inv) {
		t.Error("kg.Error not passed through")
	}
}
