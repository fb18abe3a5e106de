package seed

import (
	"io/fs"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kommunkg/kg/internal/kg"
)

// checkPersonal refuses personal contact data in public text: every finding of
// (*kg.Graph).PersonalLeaks (a person's contact value, or anything shaped like an e-mail
// address or a phone number, in a quote, note, alias, attribute, role or source field) is a
// problem at the file:line of that text. Contact values belong in a person's contact: block,
// which only authorised callers can read. The message never repeats the value itself.
func (l *loader) checkPersonal() {
	leaks := l.g.PersonalLeaks()
	if len(leaks) == 0 {
		return
	}
	quoteAt := make(map[*kg.Evidence]loc, len(l.evidence))
	for _, r := range l.evidence {
		quoteAt[r.ev] = loc{r.loc.file, r.quote}
	}
	edgeAt := make(map[*kg.Edge]loc, len(l.g.Edges))
	for i, e := range l.g.Edges {
		edgeAt[e] = l.edgeLocs[i]
	}
	mandateAt := make(map[*kg.Mandate]loc, len(l.g.Mandates))
	for i, m := range l.g.Mandates {
		mandateAt[m] = l.mandateLocs[i].loc
	}
	trees := map[string]*yaml.Node{}
	for _, lk := range leaks {
		var at loc
		var what string
		switch o := lk.Owner.(type) {
		case *kg.Node:
			at, what = l.nodeAt[o.ID], "node \""+o.ID+"\" "
		case *kg.Edge:
			at, what = edgeAt[o], "edge "+o.ID+" "
		case *kg.Mandate:
			at, what = mandateAt[o], "mandate "+o.ID+" "
		case *kg.Source:
			at, what = loc{"sources/sources.yaml", 0}, "source \""+o.ID+"\" "
		}
		if q, ok := quoteAt[lk.Evidence]; ok && lk.Evidence != nil {
			at = q
		} else {
			at.line = l.lineOf(trees, at.file, at.line, lk.Text)
		}
		l.add(at.file, at.line, "%s%s", what, lk.Message())
	}
}

// lineOf finds the line of the scalar holding text at or after line from in file (the item's
// own line is the fallback): the loader keeps item lines, not the line of every field.
func (l *loader) lineOf(trees map[string]*yaml.Node, file string, from int, text string) int {
	root, ok := trees[file]
	if !ok {
		root = &yaml.Node{}
		if b, err := fs.ReadFile(l.fsys, file); err != nil || yaml.Unmarshal(b, root) != nil {
			root = nil
		}
		trees[file] = root
	}
	best := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n == nil {
			return
		}
		if n.Kind == yaml.ScalarNode && n.Line >= from && (best == 0 || n.Line < best) &&
			(strings.TrimSpace(n.Value) == text || FoldSpace(n.Value) == text) {
			best = n.Line
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	if best == 0 {
		return from
	}
	return best
}
