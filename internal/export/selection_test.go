package export

import (
	"go/build"
	"net/url"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

func TestFilename(t *testing.T) {
	f, _ := FormatByName("graphml")
	for _, c := range []struct {
		sel  Selection
		want string
	}{
		{Selection{}, "kg-graph.graphml"},
		{Selection{Center: "region-kronoberg", Hops: 2}, "kg-region-kronoberg-2hop.graphml"},
		{Selection{Center: "Ödd \"id\"/../x", Hops: 0}, "kg-dd-id-x-0hop.graphml"},
		{Selection{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds}}, "kg-graph-types-member_of-funds.graphml"},
	} {
		if got := Filename(c.sel, f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.sel, got, c.want)
		}
	}
	long := Filename(Selection{Center: strings.Repeat("a", 300), Hops: 1}, f)
	if len(long) > 130 || !strings.HasSuffix(long, ".graphml") {
		t.Errorf("long name %q", long)
	}
}

func TestParseSelection(t *testing.T) {
	parse := func(q string) (Selection, error) {
		v, err := url.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		return ParseSelection(v)
	}
	sel, err := parse("center=region-kronoberg&types=member_of,%20PARTNER_OF&types=MEMBER_OF&kinds=PERSON&kinds=network&contact=1")
	if err != nil {
		t.Fatal(err)
	}
	if sel.Center != "region-kronoberg" || sel.Hops != DefaultHops || !sel.Contact ||
		joinNames(sel.Types) != "MEMBER_OF,PARTNER_OF" || joinNames(sel.Kinds) != "PERSON,NETWORK" {
		t.Errorf("%+v", sel)
	}
	back, err := ParseSelection(sel.Values())
	if err != nil || back.Center != sel.Center || back.Hops != sel.Hops || joinNames(back.Types) != joinNames(sel.Types) ||
		joinNames(back.Kinds) != joinNames(sel.Kinds) || back.Contact != sel.Contact {
		t.Errorf("Values round trip: %+v %v", back, err)
	}
	if sel, err := parse(""); err != nil || !sel.Whole() {
		t.Errorf("empty: %+v %v", sel, err)
	}
	if sel, err := parse("center=x&hops=0"); err != nil || sel.Hops != 0 {
		t.Errorf("hops 0: %+v %v", sel, err)
	}
	for _, q := range []string{
		"hops=1", "center=", "center=x&hops=4", "center=x&hops=1.5", "center=x&hops=1&hops=2",
		"types=NOPE", "types=,", "kinds=nope", "contact=yes", "foo=bar", "center=" + strings.Repeat("x", 201),
		"center=%FF",
	} {
		_, err := parse(q)
		if kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%q: %v, want INVALID", q, err)
		}
	}
	_, err = parse("types=" + strings.Repeat("Z", 500))
	if msg := kg.ErrorMessage(err); len(msg) > 400 || !strings.HasPrefix(msg, "types:") {
		t.Errorf("message not clipped or not naming the parameter: %q", msg)
	}
}

// The package is pure: selection and writers. HTTP lives in internal/httpapi.
func TestNoHTTP(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "net/http") {
			t.Errorf("package export imports %s; the HTTP edge is internal/httpapi", imp)
		}
	}
}
