package kg

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// EncodeCursor makes the opaque ListNodes cursor for a node id. Both stores use it, so a
// cursor from one is valid for the other (a client's paging survives a backend switch).
func EncodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("n:" + id))
}

// DecodeCursor reverses EncodeCursor; anything else is INVALID.
func DecodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "n:") {
		return "", Errorf(EINVALID, "after: invalid cursor")
	}
	return string(b[2:]), nil
}

// EncodeKeyCursor makes an opaque keyset cursor for lists ordered by several keys (edge
// type, the other end's id, the edge id; a degree, a folded name, an id …). The kind names
// the list the cursor belongs to, so a cursor from one list is refused by another rather than
// silently misread. Both stores use it, so cursors survive a backend switch. Keys may hold
// any bytes: each is length-prefixed.
func EncodeKeyCursor(kind string, keys ...string) string {
	var b strings.Builder
	b.WriteString("k:")
	b.WriteString(kind)
	for _, k := range keys {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(len(k)))
		b.WriteByte(':')
		b.WriteString(k)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(b.String()))
}

// DecodeKeyCursor reverses EncodeKeyCursor for a cursor of kind with n keys; anything else
// is INVALID (a GraphQL error naming the argument, never a panic or a wrong page).
func DecodeKeyCursor(c, kind string, n int) ([]string, error) {
	bad := Errorf(EINVALID, "after: invalid cursor")
	if len(c) > 4*MaxIDBytes*(n+2) {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return nil, bad
	}
	s, ok := strings.CutPrefix(string(raw), "k:"+kind)
	if !ok {
		return nil, bad
	}
	keys := make([]string, 0, n)
	for len(s) > 0 {
		if s[0] != ':' || len(keys) == n {
			return nil, bad
		}
		s = s[1:]
		i := strings.IndexByte(s, ':')
		if i <= 0 {
			return nil, bad
		}
		l, err := strconv.Atoi(s[:i])
		if err != nil || l < 0 || l > len(s)-i-1 {
			return nil, bad
		}
		keys = append(keys, s[i+1:i+1+l])
		s = s[i+1+l:]
	}
	if len(keys) != n {
		return nil, bad
	}
	return keys, nil
}
