package kg

import (
	"slices"
	"testing"
)

func TestKeyCursorRoundTrip(t *testing.T) {
	for _, keys := range [][]string{
		{"MEMBER_OF", "vaxjo-kommun", "e1"},
		{"", "a:b:c", "12:x"},
		{"Växjö", "ö"},
	} {
		c := EncodeKeyCursor("rel", keys...)
		got, err := DecodeKeyCursor(c, "rel", len(keys))
		if err != nil || !slices.Equal(got, keys) {
			t.Errorf("round trip %q: got %q, %v", keys, got, err)
		}
	}
}

func TestKeyCursorRefusesOthers(t *testing.T) {
	good := EncodeKeyCursor("rel", "a", "b")
	for name, c := range map[string]string{
		"other kind":      EncodeKeyCursor("mandate", "a", "b"),
		"kind prefix":     EncodeKeyCursor("relx", "a", "b"),
		"too few keys":    EncodeKeyCursor("rel", "a"),
		"too many keys":   EncodeKeyCursor("rel", "a", "b", "c"),
		"node cursor":     EncodeCursor("a"),
		"not base64":      "%%%",
		"empty":           "",
		"truncated":       good[:len(good)-2],
		"length too long": "azpyZWw6OTk6YQ",
	} {
		if _, err := DecodeKeyCursor(c, "rel", 2); ErrorCode(err) != EINVALID {
			t.Errorf("%s: got %v, want INVALID", name, err)
		}
	}
}
