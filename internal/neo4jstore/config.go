package neo4jstore

import (
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// Defaults of Config. The pool and lifetime defaults are the driver's own; the acquisition
// timeout is shorter than the driver's 60 s so that an exhausted pool fails a request within
// the API's request timeout instead of holding it.
const (
	DefaultDatabase                     = "neo4j"
	DefaultMaxConnectionPoolSize        = 100
	DefaultConnectionAcquisitionTimeout = 5 * time.Second
	DefaultMaxConnectionLifetime        = time.Hour
	DefaultQueryTimeout                 = 10 * time.Second
	DefaultLoadTimeout                  = 5 * time.Minute
	DefaultSchemaTimeout                = 5 * time.Minute
)

// Config says how to reach Neo4j. The zero value of every field but URI means "default".
// The package reads no environment: cmd/kg builds a Config from its flags and NEO4J_*
// variables.
type Config struct {
	URI      string // neo4j://, neo4j+s://, bolt://, bolt+s:// …
	Username string // default "neo4j" when a password is set
	Password string // never printed: String and LogValue redact it
	Database string // default "neo4j"

	MaxConnectionPoolSize        int
	ConnectionAcquisitionTimeout time.Duration
	MaxConnectionLifetime        time.Duration
	// QueryTimeout bounds every read (client context and server-side transaction timeout).
	QueryTimeout time.Duration
	// LoadTimeout bounds the write transaction of Load.
	LoadTimeout time.Duration
	// SchemaTimeout bounds Load's schema step: creating constraints and indexes and waiting
	// for them to come online. It is a deadline of its own, taken before the write
	// transaction starts, so a slow index build cannot eat the transaction's LoadTimeout
	// (a 4-minute index wait used to leave a 5-minute load one minute).
	SchemaTimeout time.Duration

	// Logger receives one debug record per query (name, duration, round-trip count) and
	// warnings; nil discards them. Query text and parameters are never logged.
	Logger *slog.Logger
}

// WithDefaults is c with every unset field at its default (Open applies it too).
func (c Config) WithDefaults() Config { return c.withDefaults() }

// withDefaults fills unset fields.
func (c Config) withDefaults() Config {
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.Username == "" && c.Password != "" {
		c.Username = "neo4j"
	}
	if c.MaxConnectionPoolSize <= 0 {
		c.MaxConnectionPoolSize = DefaultMaxConnectionPoolSize
	}
	if c.ConnectionAcquisitionTimeout <= 0 {
		c.ConnectionAcquisitionTimeout = DefaultConnectionAcquisitionTimeout
	}
	if c.MaxConnectionLifetime <= 0 {
		c.MaxConnectionLifetime = DefaultMaxConnectionLifetime
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = DefaultQueryTimeout
	}
	if c.LoadTimeout <= 0 {
		c.LoadTimeout = DefaultLoadTimeout
	}
	if c.SchemaTimeout <= 0 {
		c.SchemaTimeout = DefaultSchemaTimeout
	}
	return c
}

// RedactedURI is URI with any user-info password replaced, safe to print.
func (c Config) RedactedURI() string {
	u, err := url.Parse(c.URI)
	if err != nil {
		// Not a URL we can take apart: print nothing of it rather than risk a secret.
		return "(unparsable URI)"
	}
	return u.Redacted()
}

// String describes the configuration without the password.
func (c Config) String() string {
	pw := "unset"
	if c.Password != "" {
		pw = "set"
	}
	return fmt.Sprintf("neo4j{uri=%s database=%s user=%s password=%s pool=%d acquire=%s lifetime=%s query_timeout=%s load_timeout=%s schema_timeout=%s}",
		c.RedactedURI(), c.Database, c.Username, pw, c.MaxConnectionPoolSize, c.ConnectionAcquisitionTimeout,
		c.MaxConnectionLifetime, c.QueryTimeout, c.LoadTimeout, c.SchemaTimeout)
}

// GoString keeps %#v from printing the password field.
func (c Config) GoString() string { return c.String() }

// LogValue implements slog.LogValuer: the same fields as String, password only as set/unset.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("uri", c.RedactedURI()),
		slog.String("database", c.Database),
		slog.String("user", c.Username),
		slog.Bool("password_set", c.Password != ""),
		slog.Int("max_pool_size", c.MaxConnectionPoolSize),
		slog.Duration("acquisition_timeout", c.ConnectionAcquisitionTimeout),
		slog.Duration("query_timeout", c.QueryTimeout),
	)
}
