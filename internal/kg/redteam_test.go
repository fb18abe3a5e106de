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
