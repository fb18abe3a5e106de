package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
)

// requestShaped reports whether a POST body (already valid JSON) is a GraphQL request:
// an object whose query and operationName are strings (or null) and whose variables and
// extensions are objects (or null). Anything else — a batched array, a bare string, a
// number for the query — is refused before gqlgen's decoder, whose error message quotes
// the whole body back.
func requestShaped(body []byte) bool {
	var req map[string]json.RawMessage
	if json.Unmarshal(body, &req) != nil || req == nil {
		return false
	}
	for key, raw := range req {
		want, ok := byte(0), false
		for name, w := range map[string]byte{"query": '"', "operationName": '"', "variables": '{', "extensions": '{'} {
			if strings.EqualFold(key, name) { // encoding/json matches field names so
				want, ok = w, true
			}
		}
		v := bytes.TrimSpace(raw)
		if !ok || len(v) == 0 || string(v) == "null" {
			continue
		}
		if v[0] != want {
			return false
		}
	}
	return true
}

// jsonObjectOrNull reports whether s is a JSON object or null (a GET request's variables and
// extensions parameters).
func jsonObjectOrNull(s string) bool {
	v := bytes.TrimSpace([]byte(s))
	if string(v) == "null" {
		return true
	}
	return len(v) > 0 && v[0] == '{' && json.Valid(v)
}
