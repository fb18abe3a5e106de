package graph

import (
	"os"
	"regexp"
	"testing"

	"github.com/kommunkg/kg/internal/memstore"
)

// Every GraphQL example of the README runs on the shipped seeds without an error and returns
// data: a schema change that breaks one fails here.
func TestReadmeExamplesRun(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 8 {
		t.Fatalf("found %d GraphQL examples in the README", len(blocks))
	}
	st, err := memstore.New(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range blocks {
		res := execute(t, st, m[1])
		for _, e := range res.Errors {
			t.Errorf("%s\n%s at %v", m[1], e.Message, e.Path)
		}
		if len(res.Data) == 0 {
			t.Errorf("%s\nno data", m[1])
		}
	}
}
