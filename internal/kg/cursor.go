package kg

import (
	"encoding/base64"
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
