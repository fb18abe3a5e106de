package main

// serveEnvHelp is the environment part of `kg serve -h`. Flags win over variables.
const serveEnvHelp = `
Environment (flags win over variables):
  KG_ADDR                    listen address (-addr)
  KG_SEEDS                   seed directory (-seeds)
  KG_CORS_ORIGINS            CORS origins, comma-separated (-cors-origins)
  KG_SYNTHETIC               serve a generated graph of this size (-synthetic)
  KG_DEBUG_ADDR              pprof listener (-debug-addr)
  KG_RESPONSE_CACHE_MB       response cache budget in MiB (-response-cache)
  KG_INTROSPECTION           true/false (-introspection)
  KG_LOG_FORMAT              json or text (-log-format)
  KG_CONTACT_TOKENS          comma-separated bearer tokens that may read contact data (≥16 chars each)
  KG_CONTACT_TOKENS_FILE     file with one such token per line (# comments)

  NEO4J_URI                  serve from Neo4j (e.g. neo4j://localhost:7687) instead of the seeds
  NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE
  NEO4J_MAX_POOL_SIZE, NEO4J_CONNECTION_ACQUISITION_TIMEOUT, NEO4J_MAX_CONNECTION_LIFETIME,
  NEO4J_QUERY_TIMEOUT, NEO4J_LOAD_TIMEOUT          (durations such as 10s)

  Tracing (OpenTelemetry, off unless one of the first two is set; see docs/operations.md):
  OTEL_TRACES_EXPORTER       otlp or none
  OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT   e.g. http://localhost:4318
  OTEL_EXPORTER_OTLP_PROTOCOL  http/protobuf (the only one supported)
  OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_SERVICE_NAME,
  OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG, OTEL_SDK_DISABLED
`
