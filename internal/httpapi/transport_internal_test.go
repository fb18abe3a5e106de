package httpapi

import (
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// appendResponse writes exactly what json.Marshal writes for every shape of response.
func TestAppendResponseIsJSONMarshal(t *testing.T) {
	yes := true
	withCode := &gqlerror.Error{Message: `bad <input> & "quotes"`, Path: ast.Path{ast.PathName("node"), ast.PathIndex(2)},
		Locations: []gqlerror.Location{{Line: 1, Column: 3}}, Extensions: map[string]any{"code": "INVALID", "limit": 100}}
	for _, tc := range []struct {
		name string
		resp graphql.Response
	}{
		{"nil data", graphql.Response{}},
		{"plain data", graphql.Response{Data: json.RawMessage(`{"node":{"id":"vaxjo","name":"Växjö kommun"}}`)}},
		{"html-unsafe text", graphql.Response{Data: json.RawMessage(`{"q":"Småland, Blekinge & Hallands <Brysselkontor>"}`)}},
		{"U+2028 and U+2029", graphql.Response{Data: json.RawMessage("{\"q\":\"a\u2028b\u2029c\"}")}},
		{"other E2 characters", graphql.Response{Data: json.RawMessage(`{"q":"2019–2022 ”citat” …"}`)}},
		{"escapes kept", graphql.Response{Data: json.RawMessage(`{"q":"line\nbreak \"quoted\" \\ \u00e5"}`)}},
		{"errors and data", graphql.Response{Errors: gqlerror.List{withCode}, Data: json.RawMessage(`{"node":null}`)}},
		{"errors only", graphql.Response{Errors: gqlerror.List{withCode, {Message: "second"}}}},
		{"extensions", graphql.Response{Data: json.RawMessage(`{}`), Extensions: map[string]any{"z": 1, "a": "<x>", "cost": map[string]any{"n": 2.5}}}},
		{"deferred part", graphql.Response{Data: json.RawMessage(`{"a":1}`), Label: "lbl&", Path: ast.Path{ast.PathName("x"), ast.PathIndex(0)}, HasNext: &yes}},
		{"empty lists omitted", graphql.Response{Errors: gqlerror.List{}, Data: json.RawMessage(`[]`), Path: ast.Path{}, Extensions: map[string]any{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := json.Marshal(&tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			got, err := appendResponse(nil, &tc.resp)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("appendResponse:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestStatusForErrors(t *testing.T) {
	protocol := gqlerror.List{{Message: "syntax", Extensions: map[string]any{"code": "GRAPHQL_PARSE_FAILED"}}}
	other := gqlerror.List{{Message: "x", Extensions: map[string]any{"code": "PERSISTED_QUERY_NOT_FOUND"}}}
	for _, tc := range []struct {
		ct   string
		errs gqlerror.List
		want int
	}{
		{mediaJSON, protocol, 422},
		{mediaGraphQLReply, protocol, 400},
		{mediaJSON, other, 200},
		{mediaGraphQLReply, other, 200},
	} {
		if got := statusForErrors(tc.ct, tc.errs); got != tc.want {
			t.Errorf("statusForErrors(%s, %v) = %d, want %d", tc.ct, tc.errs[0].Extensions["code"], got, tc.want)
		}
	}
}
