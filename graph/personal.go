package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kommunkg/kg/internal/kg"
)

// opaqueStrings are String fields that carry machine values, not text of the graph: cursors
// (base64 of an id) and the graph version. Redacting them could only break paging.
var opaqueStrings = map[string]bool{"cursor": true, "startCursor": true, "endCursor": true, "version": true}

// RedactPersonalFields is a field middleware (install it with handler.Server.AroundFields):
// for a caller without contact access, the value of every String field of every type — a
// name, alias, note, role, attribute, evidence quote, source title … — goes through
// kg.RedactPersonal, so text shaped like an e-mail address or a phone number reaches no
// anonymous caller even if it got into a store without passing the seed loader. It acts on
// resolved values, so it covers every field the schema has or will have, not a list kept by
// hand. Authorised callers get the text as it is; Person.email and Person.phone are gated on
// their own (see contactField). Text without '@' or a digit costs one byte scan.
func RedactPersonalFields(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil || res == nil {
		return res, err
	}
	switch v := res.(type) {
	case string:
		if !kg.ContainsPersonal(v) || !redactHere(ctx) {
			return res, err
		}
		return kg.RedactPersonal(v), nil
	case *string:
		if v == nil || !kg.ContainsPersonal(*v) || !redactHere(ctx) {
			return res, err
		}
		r := kg.RedactPersonal(*v)
		return &r, nil
	case []string:
		i := 0
		for i < len(v) && !kg.ContainsPersonal(v[i]) {
			i++
		}
		if i == len(v) || !redactHere(ctx) {
			return res, err
		}
		out := make([]string, len(v)) // a copy: the slice belongs to the store's node
		for j, s := range v {
			out[j] = kg.RedactPersonal(s)
		}
		return out, nil
	}
	return res, err
}

// redactHere reports whether the field being resolved is public text of type String and
// the caller may not see personal data.
func redactHere(ctx context.Context) bool {
	if HasContactAccess(ctx) {
		return false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil || fc.Field.Definition.Type == nil {
		return true
	}
	return fc.Field.Definition.Type.Name() == "String" && !opaqueStrings[fc.Field.Name]
}
