package obs

import (
	"context"
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Propagator is the one context propagation of the service: W3C traceparent/tracestate and
// baggage, honoured whether tracing is on or off (off, an incoming trace id still reaches
// the logs).
func Propagator() propagation.TextMapPropagator {
	return propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
}

// Tracing is the configured tracer provider and how to flush it.
type Tracing struct {
	Provider trace.TracerProvider
	Enabled  bool
	Endpoint string // what the exporter sends to, for the start-up log
	Shutdown func(context.Context) error
}

// TracingFromEnv configures tracing from the standard OpenTelemetry variables. Tracing is
// OFF unless asked for: OTEL_TRACES_EXPORTER=otlp, or an OTLP endpoint set
// (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) with
// OTEL_TRACES_EXPORTER unset. OTEL_SDK_DISABLED=true and OTEL_TRACES_EXPORTER=none turn it
// off. The exporter is OTLP over HTTP/protobuf (otlptracehttp reads the other
// OTEL_EXPORTER_OTLP_* variables itself: headers, timeout, TLS files, compression); the SDK
// reads OTEL_TRACES_SAMPLER(_ARG), OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and
// OTEL_BSP_*. Only getenv is consulted for the decision, so tests can set it.
func TracingFromEnv(ctx context.Context, getenv func(string) string, b BuildInfo) (Tracing, error) {
	off := Tracing{Provider: noop.NewTracerProvider(), Shutdown: func(context.Context) error { return nil }}
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return off, nil
	}
	endpoint := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
	if endpoint == "" {
		endpoint = strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT"))
	}
	switch exp := strings.ToLower(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER"))); exp {
	case "none":
		return off, nil
	case "":
		if endpoint == "" {
			return off, nil
		}
	case "otlp":
	default:
		return off, fmt.Errorf("OTEL_TRACES_EXPORTER=%q is not supported: use otlp or none", exp)
	}
	proto := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"))
	if proto == "" {
		proto = strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_PROTOCOL"))
	}
	if proto != "" && proto != "http/protobuf" {
		return off, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL=%q is not supported: kg exports OTLP over http/protobuf (collector port 4318)", proto)
	}
	// The endpoint is passed explicitly (getenv may not be the process environment); the
	// exporter reads the other OTEL_EXPORTER_OTLP_* variables itself.
	var opts []otlptracehttp.Option
	if v := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")); v != "" {
		opts = append(opts, otlptracehttp.WithEndpointURL(v))
	} else if v := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_ENDPOINT")); v != "" {
		opts = append(opts, otlptracehttp.WithEndpointURL(strings.TrimRight(v, "/")+"/v1/traces"))
	}
	exporter, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return off, fmt.Errorf("OTLP trace exporter: %w", err)
	}
	if endpoint == "" {
		endpoint = "http://localhost:4318 (default)"
	}
	tp, err := NewTracerProvider(ctx, sdktrace.NewBatchSpanProcessor(exporter), b)
	if err != nil {
		return off, err
	}
	return Tracing{Provider: tp, Enabled: true, Endpoint: endpoint, Shutdown: tp.Shutdown}, nil
}

// NewTracerProvider builds the SDK provider around sp with the service's resource
// (service.name kg and its version; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win).
func NewTracerProvider(ctx context.Context, sp sdktrace.SpanProcessor, b BuildInfo) (*sdktrace.TracerProvider, error) {
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", "kg"), attribute.String("service.version", b.Version)),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, fmt.Errorf("OpenTelemetry resource (OTEL_RESOURCE_ATTRIBUTES?): %w", err)
	}
	return sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sp), sdktrace.WithResource(res)), nil
}
