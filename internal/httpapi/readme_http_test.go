package httpapi_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// Every GraphQL example of the README answers over HTTP with the default limits (query
// cost, depth) on the shipped seeds: graph's TestReadmeExamplesRun runs them below the HTTP
// edge, where no complexity limit applies, so an example a reader pastes into GraphiQL could
// otherwise be refused as too complex.
func TestReadmeExamplesOverHTTP(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) < 8 {
		t.Fatalf("found %d GraphQL examples in the README", len(blocks))
	}
	s := newServer(t, httpapi.Config{})
	for _, m := range blocks {
		r := s.post(t, m[1], nil)
		for _, e := range r.Errors {
			t.Errorf("%s\n%s (%s)", m[1], e.Message, e.Code())
		}
	}
}
