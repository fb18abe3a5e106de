package neo4jstore

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// Personal contact data leaves the database only for an authorised caller: every read that
// returns entities projects them with entityPublic (never `RETURN n`, which would carry every
// property), and Store.read passes $contact from the caller's access.
func TestContactParam(t *testing.T) {
	for _, c := range []struct {
		name string
		ctx  context.Context
		want bool
	}{
		{"anonymous", context.Background(), false},
		{"authorised", kg.WithContactAccess(context.Background()), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, f := newFakeStore(t, nil)
			_ = s.WarmUp(c.ctx) // the fake answers nothing; the statements and params matter
			gated := 0
			for _, q := range f.calls {
				uses := strings.Contains(q.cypher, "$contact")
				got, has := q.params["contact"]
				switch {
				case uses && (!has || got != c.want):
					t.Errorf("%s: $contact = %v (set %v), want %v", q.name, got, has, c.want)
				case !uses && has:
					t.Errorf("%s: $contact passed to a statement that does not use it", q.name)
				}
				if uses {
					gated++
				}
				if strings.Contains(q.cypher, "personalContact") && !strings.Contains(q.cypher, "CASE WHEN $contact THEN") {
					t.Errorf("%s reads personalContact without the access check", q.name)
				}
			}
			if gated < 5 {
				t.Errorf("only %d entity reads gated; NodesByIDs, Search, Path, Neighbourhood and ListNodes all return entities", gated)
			}
		})
	}
}

// No read statement returns a whole entity: each top-level RETURN (unindented; returns inside
// COLLECT subqueries stay in the database) names the public properties it sends.
var wholeEntity = regexp.MustCompile(`^RETURN (n|node|seen|ns)( AS |,|$)`)

func TestNoWholeEntityReturned(t *testing.T) {
	s, f := newFakeStore(t, nil)
	_ = s.WarmUp(context.Background())
	_, _ = s.ListNodes(context.Background(), kg.ListQuery{First: 1, Country: "sverige"})
	checked := 0
	for _, q := range f.calls {
		for _, line := range strings.Split(q.cypher, "\n") {
			if !strings.HasPrefix(line, "RETURN") {
				continue
			}
			checked++
			if wholeEntity.MatchString(line) || strings.Contains(line, "collect(n)") {
				t.Errorf("%s returns whole entities (%q): contact data would travel", q.name, line)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d top-level RETURN clauses seen", checked)
	}
}
