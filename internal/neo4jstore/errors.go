package neo4jstore

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// Client-safe messages. They say what happened in the API's terms and nothing about the
// statement, the server's message, hosts or credentials; the original error stays in
// kg.Error.Err for logs.
const (
	msgUnavailable = "the graph database is unavailable"
	msgTimeout     = "the graph database did not answer in time"
	msgCancelled   = "request cancelled"
	msgRefused     = "the graph database refused the service's credentials"
	msgInternal    = "graph database query failed"
	msgBadData     = "the graph database holds data this service cannot read"
)

// classify turns an error from the driver (or from mapping a result) into a *kg.Error:
//
//   - UNAVAILABLE: the database cannot answer now but may later — connectivity errors (also
//     pool acquisition timeouts and routing failures, which the driver reports as
//     ConnectivityError), Neo.TransientError.*, exhausted retries, deadlines and
//     cancellation, transaction timeouts, and security errors (a rotated password is an
//     outage of this service, not the caller's fault).
//   - INTERNAL: everything else — Cypher or schema errors (a bug here), data the mapping
//     cannot read, driver usage errors.
//
// A *kg.Error passes through unchanged, so classify may be applied more than once.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var ke *kg.Error
	if errors.As(err, &ke) {
		return err
	}
	switch {
	case errors.Is(err, context.Canceled):
		return kg.WrapError(kg.EUNAVAILABLE, err, msgCancelled)
	case errors.Is(err, context.DeadlineExceeded):
		return kg.WrapError(kg.ETIMEOUT, err, msgTimeout)
	}
	var unexpectedErr *errUnexpected
	if errors.As(err, &unexpectedErr) {
		return kg.WrapError(kg.EINTERNAL, err, msgBadData)
	}
	// Before Neo4jError: a TokenExpiredError unwraps to one, which may be a typed nil.
	var tee *neo4j.TokenExpiredError
	if errors.As(err, &tee) {
		return kg.WrapError(kg.EUNAVAILABLE, err, msgRefused)
	}
	var n4e *neo4j.Neo4jError
	if errors.As(err, &n4e) && n4e != nil {
		return kg.WrapError(codeOf(n4e.Code), err, "%s", messageOf(n4e.Code))
	}
	var ce *neo4j.ConnectivityError
	var tel *neo4j.TransactionExecutionLimit
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &tel), errors.As(err, &ne), errors.Is(err, io.EOF):
		return kg.WrapError(kg.EUNAVAILABLE, err, msgUnavailable)
	case neo4j.IsRetryable(err):
		return kg.WrapError(kg.EUNAVAILABLE, err, msgUnavailable)
	}
	return kg.WrapError(kg.EINTERNAL, err, msgInternal)
}

// codeOf classifies a Neo4j status code ("Neo.<Classification>.<Category>.<Title>").
func codeOf(code string) kg.Code {
	switch {
	case strings.HasPrefix(code, "Neo.TransientError."):
		return kg.EUNAVAILABLE
	case strings.HasPrefix(code, "Neo.ClientError.Security."):
		return kg.EUNAVAILABLE
	case strings.HasPrefix(code, "Neo.ClientError.Transaction.TransactionTimedOut"),
		code == "Neo.ClientError.Transaction.Terminated",
		code == "Neo.ClientError.Transaction.LockClientStopped":
		// Server-side transaction timeout (our QueryTimeout) or a terminated transaction.
		return kg.EUNAVAILABLE
	case code == "Neo.ClientError.Database.DatabaseNotFound",
		code == "Neo.ClientError.Cluster.NotALeader",
		code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase":
		// The configured database is missing or (during a cluster role change) not
		// writable here: an outage until an operator or the cluster fixes it.
		return kg.EUNAVAILABLE
	}
	return kg.EINTERNAL
}

func messageOf(code string) string {
	switch {
	case strings.HasPrefix(code, "Neo.ClientError.Security."):
		return msgRefused
	case strings.HasPrefix(code, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return msgTimeout
	}
	if codeOf(code) == kg.EUNAVAILABLE {
		return msgUnavailable
	}
	return msgInternal
}

// ctxErr is the error for a call made with a context that is already done.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return classify(err)
	}
	return nil
}
