package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postJSON is gqlgen's POST transport (transport.POST with its default settings: the same
// requests taken, the same Content-Type negotiation, status codes and error texts) with one
// difference: the response is written by appendResponse instead of json.Marshal.
//
// Why: json.Marshal re-validates and re-compacts the response's data (a json.RawMessage)
// byte by byte with encoding/json's scanner, although gqlgen's marshallers have just
// written it compact. That pass was 11 % of every uncached who-represents-whom request's
// instructions (callgrind, issue 21). appendResponse writes the same bytes — the tests
// compare it with json.Marshal — without the pass.
//
// It is a transport, the extension point gqlgen provides for this (graphql.Transport); GET
// stays gqlgen's own (json.Marshal), with the same output.
type postJSON struct{ transport.POST }

var rawParams = sync.Pool{New: func() any { return new(graphql.RawParams) }}

// Do is transport.POST.Do of gqlgen v0.17.98 with appendResponse as the writer.
func (h postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := negotiatedType(r)
	w.Header().Add("Content-Type", contentType)
	params := rawParams.Get().(*graphql.RawParams)
	defer func() {
		*params = graphql.RawParams{}
		rawParams.Put(params)
	}()
	start := graphql.Now()

	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf(
			"json request body could not be decoded: %+v body:%s", err, string(body))}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		w.WriteHeader(statusForErrors(contentType, opErr))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// statusForErrors is gqlgen's status for a request refused before execution: a protocol
// error (parse, validation) is 422 for application/json and 400 for
// application/graphql-response+json (GraphQL over HTTP); anything else is 200.
func statusForErrors(contentType string, errs gqlerror.List) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if contentType == mediaGraphQLReply {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}

func writeResponse(w io.Writer, resp *graphql.Response) {
	b, err := appendResponse(make([]byte, 0, len(resp.Data)+64), resp)
	if err != nil {
		panic(err) // as gqlgen's writeJson: only a value that cannot be JSON gets here
	}
	w.Write(b)
}

// appendResponse appends resp as json.Marshal(resp) would write it: the fields in
// graphql.Response's order with its omitempty rules, and the data with encoding/json's
// HTML-safe escaping of <, >, &, U+2028 and U+2029 (json.HTMLEscape, which is what
// Marshal's compaction applies; the data is already compact). Only the data is not
// re-scanned; the small fields go through json.Marshal.
func appendResponse(dst []byte, resp *graphql.Response) ([]byte, error) {
	dst = append(dst, '{')
	if len(resp.Errors) > 0 {
		b, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		dst = append(append(append(dst, `"errors":`...), b...), ',')
	}
	dst = append(dst, `"data":`...)
	switch {
	case len(resp.Data) == 0:
		dst = append(dst, "null"...)
	case !htmlUnsafe(resp.Data):
		dst = append(dst, resp.Data...)
	default:
		var buf bytes.Buffer
		json.HTMLEscape(&buf, resp.Data)
		dst = append(dst, buf.Bytes()...)
	}
	var err error
	field := func(name string, v any) {
		if err != nil {
			return
		}
		var b []byte
		if b, err = json.Marshal(v); err == nil {
			dst = append(append(dst, ",\""+name+"\":"...), b...)
		}
	}
	if resp.Label != "" {
		field("label", resp.Label)
	}
	if len(resp.Path) > 0 {
		field("path", resp.Path)
	}
	if resp.HasNext != nil {
		field("hasNext", resp.HasNext)
	}
	if len(resp.Extensions) > 0 {
		field("extensions", resp.Extensions)
	}
	if err != nil {
		return nil, err
	}
	return append(dst, '}'), nil
}

// htmlUnsafe reports whether b may hold a byte json.HTMLEscape changes: <, > or &, or 0xE2,
// the first byte of U+2028 and U+2029 in UTF-8 (and of other characters, which HTMLEscape
// then leaves alone). Four bytes.IndexByte passes (vectorised) beat one byte loop.
func htmlUnsafe(b []byte) bool {
	for _, c := range []byte{'<', '>', '&', 0xE2} {
		if bytes.IndexByte(b, c) >= 0 {
			return true
		}
	}
	return false
}
