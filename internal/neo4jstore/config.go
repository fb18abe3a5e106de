package neo4jstore

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
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
)

// Config says how to reach Neo4j. The zero value of every field but URI means "default".
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

	// Logger receives one debug record per query (name, duration, round-trip count) and
	// warnings; nil discards them. Query text and parameters are never logged.
	Logger *slog.Logger
}

// Environment variables read by ConfigFromEnv.
const (
	EnvURI                          = "NEO4J_URI"
	EnvUsername                     = "NEO4J_USERNAME"
	EnvPassword                     = "NEO4J_PASSWORD"
	EnvDatabase                     = "NEO4J_DATABASE"
	EnvMaxPoolSize                  = "NEO4J_MAX_POOL_SIZE"
	EnvConnectionAcquisitionTimeout = "NEO4J_CONNECTION_ACQUISITION_TIMEOUT"
	EnvMaxConnectionLifetime        = "NEO4J_MAX_CONNECTION_LIFETIME"
	EnvQueryTimeout                 = "NEO4J_QUERY_TIMEOUT"
	EnvLoadTimeout                  = "NEO4J_LOAD_TIMEOUT"
)

// ConfigFromEnv reads the NEO4J_* environment variables. Durations use Go syntax ("10s",
// "1m30s"). An unparsable value is an error naming the variable (never its value, which for
// a mistyped variable could be a secret).
func ConfigFromEnv() (Config, error) {
	c := Config{
		URI:      strings.TrimSpace(os.Getenv(EnvURI)),
		Username: os.Getenv(EnvUsername),
		Password: os.Getenv(EnvPassword),
		Database: os.Getenv(EnvDatabase),
	}
	var err error
	if c.MaxConnectionPoolSize, err = envInt(EnvMaxPoolSize); err != nil {
		return Config{}, err
	}
	for _, d := range []struct {
		key string
		dst *time.Duration
	}{
		{EnvConnectionAcquisitionTimeout, &c.ConnectionAcquisitionTimeout},
		{EnvMaxConnectionLifetime, &c.MaxConnectionLifetime},
		{EnvQueryTimeout, &c.QueryTimeout},
		{EnvLoadTimeout, &c.LoadTimeout},
	} {
		if *d.dst, err = envDuration(d.key); err != nil {
			return Config{}, err
		}
	}
	return c.withDefaults(), nil
}

func envInt(key string) (int, error) {
	s := strings.TrimSpace(os.Getenv(key))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s must be a positive integer", key)
	}
	return n, nil
}

func envDuration(key string) (time.Duration, error) {
	s := strings.TrimSpace(os.Getenv(key))
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 10s", key)
	}
	return d, nil
}

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
	return fmt.Sprintf("neo4j{uri=%s database=%s user=%s password=%s pool=%d acquire=%s lifetime=%s query_timeout=%s load_timeout=%s}",
		c.RedactedURI(), c.Database, c.Username, pw, c.MaxConnectionPoolSize, c.ConnectionAcquisitionTimeout,
		c.MaxConnectionLifetime, c.QueryTimeout, c.LoadTimeout)
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
