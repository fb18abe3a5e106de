package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/kommunkg/kg/internal/kg"
)

// openNeo4j opens the Neo4j backend configured by NEO4J_* environment variables.
func openNeo4j(ctx context.Context, log *slog.Logger) (kg.Store, func(context.Context) error, func(), error) {
	return nil, nil, nil, errors.New("the Neo4j backend is not built yet")
}

func cmdLoad(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	_, _ = io.WriteString(stderr, "kg load: the Neo4j backend is not built yet\n")
	return 2
}
