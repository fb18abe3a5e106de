package kg

import (
	"strings"
	"testing"
)

// A refused date is named in the error, but a long one only by its start: the message
// reaches clients, once per field that takes the value.
func TestParsePartialDateClipsLongInput(t *testing.T) {
	for _, in := range []string{strings.Repeat("A", 1<<20), "2016-01-01" + strings.Repeat("é", 1000), "20160101x"} {
		_, err := ParsePartialDate(in)
		if err == nil {
			t.Fatalf("%.20q: accepted", in)
		}
		if len(err.Error()) > 120 {
			t.Errorf("%.20q: error of %d bytes: %.200s", in, len(err.Error()), err)
		}
	}
}

// A forged search cursor whose score is NaN was accepted (NaN fails both "<= 0" and "> 1"),
// so the page after it was whatever the comparisons made of NaN.
func TestSearchCursorRefusesNaN(t *testing.T) {
	for _, score := range []string{"NaN", "nan", "+Inf", "-Inf", "0", "1.5", "-0"} {
		if err := CheckSearchCursor(EncodeKeyCursor(searchCursorKind, score, "x", "x")); err == nil {
			t.Errorf("score %s: accepted", score)
		}
	}
	if err := CheckSearchCursor(EncodeKeyCursor(searchCursorKind, "0.7", "x", "x")); err != nil {
		t.Errorf("a valid cursor refused: %v", err)
	}
}
