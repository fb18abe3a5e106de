package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// kg export -gexf 1.2 writes GEXF 1.2 (the endpoint's gexf=1.2); the flag is refused for
// other formats and for unknown versions, naming the flag.
func TestExportGEXFFlag(t *testing.T) {
	getenv := func(string) string { return "" }
	for _, c := range []struct {
		args []string
		code int
		out  string // in stdout (code 0) or stderr
	}{
		{[]string{"-format", "gexf", "-gexf", "1.2", "-center", "region-kronoberg", "-hops", "0"}, 0, `xmlns="http://www.gexf.net/1.2draft"`},
		{[]string{"-format", "gexf", "-gexf", "1.3", "-center", "region-kronoberg", "-hops", "0"}, 0, `xmlns="http://gexf.net/1.3"`},
		{[]string{"-format", "gexf", "-center", "region-kronoberg", "-hops", "0"}, 0, `version="1.3"`},
		{[]string{"-format", "graphml", "-gexf", "1.2"}, 2, "-gexf: only for the GEXF export"},
		{[]string{"-format", "gexf", "-gexf", "2"}, 2, "-gexf: must be 1.3 or 1.2"},
	} {
		var stdout, stderr bytes.Buffer
		code := cmdExport(context.Background(), c.args, getenv, &stdout, &stderr)
		got := stderr.String()
		if code == 0 {
			got = stdout.String()
		}
		if code != c.code || !strings.Contains(got, c.out) {
			t.Errorf("kg export %v: exit %d, want %d; output %.200q lacks %q", c.args, code, c.code, got, c.out)
		}
	}
}
