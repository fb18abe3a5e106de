package graph

import (
	"bytes"
	"testing"
	"testing/quick"

	"github.com/99designs/gqlgen/graphql"
)

// directWriter.str quotes exactly as gqlgen's MarshalString: every control character,
// quotes, backslashes, multi-byte and invalid UTF-8.
func TestDirectQuotingIsGqlgens(t *testing.T) {
	same := func(s string) bool {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		var w directWriter
		w.str(s)
		if string(w.buf) != want.String() {
			t.Errorf("str(%q) = %s, MarshalString writes %s", s, w.buf, want.String())
			return false
		}
		return true
	}
	for _, s := range []string{"", "Växjö kommun", "a\"b\\c", "\t\r\n\x00\x01\x1f\x7f", "2019–2022 ”x”",
		"\xff\xfe invalid \xc3", "\u2028\u2029", "<&>", "emoji 🙂 end\x1b"} {
		same(s)
	}
	if err := quick.Check(same, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
	ctrl := func(b []byte) bool { return same(string(b)) } // arbitrary bytes, not only valid UTF-8
	if err := quick.Check(ctrl, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}
