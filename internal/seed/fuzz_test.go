package seed_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/kommunkg/kg/internal/seed"
)

// FuzzLoad feeds arbitrary bytes as a graph file next to the base fixture. The property: Load
// returns either a valid graph or a *ValidationError whose problems all name a file and a
// message — never a panic, never another error type, never both or neither.
func FuzzLoad(f *testing.F) {
	base := overlayFS(f, baseDir)
	for _, s := range []string{
		"nodes:\n  - id: a\n    kind: COUNTRY\n    name: A\n    evidence:\n      - source: s\n        quote: x\n",
		"edges:\n  - type: MEMBER_OF\n    from: a\n    to: b\n",
		"mandates: [{person: p, body: b}]\n",
		"nodes: {}\n",
		"--- \n---\n",
		"nodes:\n  - &a {id: x}\n  - *a\n",
		"\xff\xfe",
		"nodes:\n  - id: x\n    since: \"2014-02-30\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{}
		for k, v := range base {
			fsys[k] = v
		}
		fsys["graph/zz-fuzz.yaml"] = &fstest.MapFile{Data: data}
		g, err := seed.Load(fsys)
		if (g == nil) == (err == nil) {
			t.Fatalf("graph %v and error %v", g != nil, err)
		}
		if err != nil {
			var ve *seed.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("not a validation error: %v", err)
			}
			for _, p := range ve.Problems {
				if p.File == "" || p.Msg == "" {
					t.Fatalf("problem without file or message: %+v", p)
				}
			}
		}
	})
}
