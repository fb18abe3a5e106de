// Package seed loads and validates the curated seed graph (seeds/sources and seeds/graph).
//
// The loader is a pure function of a file system: it either returns a complete, validated
// kg.Graph or a *ValidationError listing every problem with file:line. It never returns a
// partial graph, so a bad edit can never be half-served or half-written to Neo4j.
package seed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kommunkg/kg/internal/kg"
)

// Limits keep a hostile or broken seed directory from exhausting memory.
const (
	maxFileBytes = 8 << 20
	maxFiles     = 10000
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads sources/sources.yaml, the documents it names, and every graph/*.yaml of fsys.
// Anything else in graph/ (a sub-directory, a .yml file, any other file) is a problem, not
// silently skipped: its content would otherwise be missing from the graph while the seeds
// validate.
func Load(fsys fs.FS) (*kg.Graph, error) {
	l := load(fsys)
	if len(l.problems) > 0 {
		return nil, &ValidationError{Problems: l.problems}
	}
	return &l.g, nil
}

// load runs the whole loader; the caller checks l.problems (sorted) before using l.g.
func load(fsys fs.FS) *loader {
	l := &loader{fsys: fsys, nodeAt: map[string]loc{}, sourceAt: map[string]*kg.Source{}}
	l.loadSources("sources/sources.yaml")
	files := l.graphFiles()
	if len(files) == 0 {
		l.add("graph", 0, "no graph/*.yaml files found")
	}
	if len(files) > maxFiles {
		l.add("graph", 0, "too many graph files (%d > %d)", len(files), maxFiles)
		files = nil
	}
	sort.Strings(files)
	for _, f := range files {
		l.parseGraphFile(f)
	}
	l.resolve()
	l.checkPersonal()
	if len(l.problems) == 0 {
		// What the checks above passed, every store accepts (they call the same check); a
		// failure here is a gap in this loader's own checks.
		if err := l.g.Check(); err != nil {
			l.add("graph", 0, "inconsistent graph: %v", err)
		}
	}
	sortProblems(l.problems)
	return l
}

// graphFiles lists graph/*.yaml, sorted, and reports every other entry of graph/.
func (l *loader) graphFiles() []string {
	ents, err := fs.ReadDir(l.fsys, "graph")
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.add("graph", 0, "cannot list graph files: %v", errBase(err))
		}
		return nil
	}
	var files []string
	for _, e := range ents {
		name := "graph/" + e.Name()
		switch {
		case e.IsDir():
			l.add(name, 0, "sub-directories of graph/ are not read; move its files into graph/")
		case path.Ext(e.Name()) == ".yaml":
			files = append(files, name)
		case strings.EqualFold(path.Ext(e.Name()), ".yml") || strings.EqualFold(path.Ext(e.Name()), ".yaml"):
			l.add(name, 0, "not read: graph files are named *.yaml (lower case); rename it")
		default:
			l.add(name, 0, "not read: graph/ holds only *.yaml graph files; move it elsewhere")
		}
	}
	return files
}

type loc struct {
	file string
	line int
}

type loader struct {
	fsys     fs.FS
	g        kg.Graph
	problems []Problem
	nodeAt   map[string]loc
	sourceAt map[string]*kg.Source
	folded   map[string]string // source id → whitespace-folded text

	// pending references, checked once every file is read
	edgeLocs     []loc
	mandateLocs  []mandateLoc
	evidence     []evidenceRef
	edgeRefLines []edgeRefs
	acks         []ack // lint acknowledgements (lint.go)
}

type mandateLoc struct {
	loc                      loc
	personLn, behalfLn, body int
}

type evidenceRef struct {
	loc   loc
	ev    *kg.Evidence
	quote int // line of the quote
	src   int // line of the source
}

func (l *loader) add(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *loader) readYAML(name string) *yaml.Node {
	b, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.add(name, 0, "cannot read: %v", errBase(err))
		return nil
	}
	if len(b) > maxFileBytes {
		l.add(name, 0, "file too large (%d bytes > %d)", len(b), maxFileBytes)
		return nil
	}
	if !utf8.Valid(b) {
		l.add(name, 0, "file is not valid UTF-8")
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err == io.EOF {
		// an empty or comment-only file holds no document: nothing to read, nothing wrong
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	} else if err != nil {
		l.add(name, yamlErrLine(err), "YAML syntax: %s", yamlErrMsg(err))
		return nil
	}
	// Only the first document is read, so a later one ("---") would be dropped silently.
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if err == io.EOF {
			break
		}
		if err != nil {
			l.add(name, yamlErrLine(err), "YAML syntax: %s", yamlErrMsg(err))
			return nil
		}
		if len(next.Content) > 0 && !isNull(next.Content[0]) {
			l.add(name, next.Line, "a second YAML document (\"---\") is not read; keep one document per file")
			return nil
		}
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		l.add(name, root.Line, "top level must be a mapping")
		return nil
	}
	return root
}

func errBase(err error) string {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err.Error()
	}
	return err.Error()
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

func yamlErrLine(err error) int {
	if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

func yamlErrMsg(err error) string {
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// fields walks a mapping node, calling set for each known key and reporting unknown ones.
// Unknown keys are errors because a misspelt key ("qoute") would otherwise silently drop data.
func (l *loader) fields(file string, m *yaml.Node, what string, set map[string]func(v *yaml.Node)) {
	if m.Kind != yaml.MappingNode {
		l.add(file, m.Line, "%s must be a mapping", what)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if seen[k.Value] {
			l.add(file, k.Line, "%s: key %q given twice", what, k.Value)
			continue
		}
		seen[k.Value] = true
		f, ok := set[k.Value]
		if !ok {
			keys := make([]string, 0, len(set))
			for key := range set {
				keys = append(keys, key)
			}
			sort.Strings(keys)
			l.add(file, k.Line, "%s: unknown key %q (known: %s)", what, k.Value, strings.Join(keys, ", "))
			continue
		}
		f(v)
	}
}

func isNull(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode && (v.Tag == "!!null" || v.Value == "~" || (v.Value == "" && v.Style == 0))
}

// str reads a scalar; null reads as "".
func (l *loader) str(file string, v *yaml.Node, what string) string {
	if isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		l.add(file, v.Line, "%s must be a single value", what)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (l *loader) strList(file string, v *yaml.Node, what string) []string {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		l.add(file, v.Line, "%s must be a list", what)
		return nil
	}
	var out []string
	for _, it := range v.Content {
		if s := l.str(file, it, what); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) date(file string, v *yaml.Node, what string) kg.PartialDate {
	s := l.str(file, v, what)
	if s == "" {
		return kg.PartialDate{}
	}
	d, err := kg.ParsePartialDate(s)
	if err != nil {
		l.add(file, v.Line, "%s: %v", what, err)
	}
	return d
}

func (l *loader) period(file string, line int, since, until kg.PartialDate, what string) {
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		l.add(file, line, "%s: until %s is before since %s", what, until, since)
	}
}

func (l *loader) loadSources(name string) {
	root := l.readYAML(name)
	if root == nil {
		return
	}
	var list *yaml.Node
	l.fields(name, root, "sources file", map[string]func(*yaml.Node){
		"sources": func(v *yaml.Node) { list = v },
	})
	if list == nil || list.Kind != yaml.SequenceNode {
		l.add(name, root.Line, "expected a list under \"sources\"")
		return
	}
	for _, item := range list.Content {
		s := &kg.Source{}
		var updated *yaml.Node
		l.fields(name, item, "source", map[string]func(*yaml.Node){
			"id":        func(v *yaml.Node) { s.ID = l.str(name, v, "id") },
			"file":      func(v *yaml.Node) { s.File = l.str(name, v, "file") },
			"original":  func(v *yaml.Node) { s.Original = l.str(name, v, "original") },
			"title":     func(v *yaml.Node) { s.Title = l.str(name, v, "title") },
			"publisher": func(v *yaml.Node) { s.Publisher = l.str(name, v, "publisher") },
			"language":  func(v *yaml.Node) { s.Language = l.str(name, v, "language") },
			"updated":   func(v *yaml.Node) { updated = v; s.Updated = l.date(name, v, "updated") },
			"dateNote":  func(v *yaml.Node) { s.DateNote = l.str(name, v, "dateNote") },
		})
		switch {
		case !idPattern.MatchString(s.ID):
			l.add(name, item.Line, "source id %q is not a kebab-case ASCII slug", s.ID)
			continue
		case l.sourceAt[s.ID] != nil:
			l.add(name, item.Line, "duplicate source id %q", s.ID)
			continue
		}
		for _, f := range []struct{ what, val string }{
			{"title", s.Title}, {"publisher", s.Publisher}, {"file", s.File}, {"language", s.Language},
		} { // a slice, not a map: problems must come out in the same order every run
			if f.val == "" {
				l.add(name, item.Line, "source %q: missing %s", s.ID, f.what)
			}
		}
		if updated == nil {
			l.add(name, item.Line, "source %q: missing updated (write null when the document has no date)", s.ID)
		} else if s.Updated.IsZero() && s.DateNote == "" {
			l.add(name, item.Line, "source %q: no date given; say why in dateNote", s.ID)
		}
		if s.File != "" {
			if s.File != path.Base(s.File) {
				l.add(name, item.Line, "source %q: file must be a plain name in sources/", s.ID)
			} else if b, err := fs.ReadFile(l.fsys, "sources/"+s.File); err != nil {
				l.add(name, item.Line, "source %q: cannot read sources/%s: %s", s.ID, s.File, errBase(err))
			} else if !utf8.Valid(b) {
				l.add(name, item.Line, "source %q: sources/%s is not valid UTF-8", s.ID, s.File)
			} else if FoldSpace(string(b)) == "" {
				// quotes are only checked against a non-empty text, so an empty one must not pass
				l.add(name, item.Line, "source %q: sources/%s is empty", s.ID, s.File)
			} else {
				s.Text = string(b)
			}
		}
		l.sourceAt[s.ID] = s
		l.g.Sources = append(l.g.Sources, s)
	}
}

func (l *loader) parseGraphFile(name string) {
	root := l.readYAML(name)
	if root == nil {
		return
	}
	l.fields(name, root, "graph file", map[string]func(*yaml.Node){
		"nodes":    func(v *yaml.Node) { l.each(name, v, "nodes", l.parseNode) },
		"edges":    func(v *yaml.Node) { l.each(name, v, "edges", l.parseEdge) },
		"mandates": func(v *yaml.Node) { l.each(name, v, "mandates", l.parseMandate) },
		"lint":     func(v *yaml.Node) { l.each(name, v, "lint", l.parseAck) },
	})
}

func (l *loader) each(file string, v *yaml.Node, what string, f func(string, *yaml.Node)) {
	if isNull(v) {
		return
	}
	if v.Kind != yaml.SequenceNode {
		l.add(file, v.Line, "%s must be a list", what)
		return
	}
	for _, it := range v.Content {
		f(file, it)
	}
}

func (l *loader) parseEvidence(file string, v *yaml.Node, what string) []kg.Evidence {
	if isNull(v) {
		return nil
	}
	if v.Kind != yaml.SequenceNode {
		l.add(file, v.Line, "%s: evidence must be a list of {source, quote, basis}", what)
		return nil
	}
	out := make([]kg.Evidence, 0, len(v.Content))
	lines := make([][2]int, 0, len(v.Content))
	for _, it := range v.Content {
		var ev kg.Evidence
		srcLn, qLn := it.Line, it.Line
		l.fields(file, it, what+" evidence", map[string]func(*yaml.Node){
			"source": func(v *yaml.Node) { ev.SourceID = l.str(file, v, "source"); srcLn = v.Line },
			"quote":  func(v *yaml.Node) { ev.Quote = l.str(file, v, "quote"); qLn = v.Line },
			"basis": func(v *yaml.Node) {
				ev.Basis = kg.Basis(l.str(file, v, "basis"))
				if ev.Basis != "" && !ev.Basis.Valid() {
					l.add(file, v.Line, "%s evidence: unknown basis %q (known: %v)", what, ev.Basis, kg.AllBases)
				}
			},
		})
		ev.Basis = ev.Basis.OrStated()
		out = append(out, ev)
		lines = append(lines, [2]int{srcLn, qLn})
	}
	for i := range out {
		l.evidence = append(l.evidence, evidenceRef{loc: loc{file, v.Line}, ev: &out[i], src: lines[i][0], quote: lines[i][1]})
	}
	return out
}

func (l *loader) requireEvidence(file string, line int, ev []kg.Evidence, what string) {
	if len(ev) == 0 {
		l.add(file, line, "%s: missing evidence (every fact needs a source and a quote)", what)
	}
}

func (l *loader) parseNode(file string, v *yaml.Node) {
	n := &kg.Node{}
	var kindLn, sinceLn int
	var evLn = v.Line
	l.fields(file, v, "node", map[string]func(*yaml.Node){
		"id":           func(x *yaml.Node) { n.ID = l.str(file, x, "id") },
		"kind":         func(x *yaml.Node) { n.Kind = kg.NodeKind(l.str(file, x, "kind")); kindLn = x.Line },
		"name":         func(x *yaml.Node) { n.Name = l.str(file, x, "name") },
		"aliases":      func(x *yaml.Node) { n.Aliases = l.strList(file, x, "aliases") },
		"category":     func(x *yaml.Node) { n.Category = l.str(file, x, "category") },
		"abbreviation": func(x *yaml.Node) { n.Abbreviation = l.str(file, x, "abbreviation") },
		"since":        func(x *yaml.Node) { n.Since = l.date(file, x, "since"); sinceLn = x.Line },
		"until":        func(x *yaml.Node) { n.Until = l.date(file, x, "until") },
		"note":         func(x *yaml.Node) { n.Note = l.str(file, x, "note") },
		"evidence":     func(x *yaml.Node) { n.Evidence = l.parseEvidence(file, x, "node "+n.ID); evLn = x.Line },
		"attributes": func(x *yaml.Node) {
			l.each(file, x, "attributes", func(f string, a *yaml.Node) { l.parseAttr(f, a, n) })
		},
		"contact": func(x *yaml.Node) { l.parseContact(file, x, n) },
	})
	what := fmt.Sprintf("node %q", n.ID)
	if !idPattern.MatchString(n.ID) {
		l.add(file, v.Line, "node id %q is not a kebab-case ASCII slug (a-z, 0-9, single dashes)", n.ID)
		return
	}
	if prev, dup := l.nodeAt[n.ID]; dup {
		l.add(file, v.Line, "duplicate id %q (first defined at %s:%d)", n.ID, prev.file, prev.line)
		return
	}
	if !n.Kind.Valid() {
		if kindLn == 0 {
			kindLn = v.Line
		}
		l.add(file, kindLn, "%s: unknown entity kind %q (known: %v)", what, n.Kind, kg.AllKinds)
	}
	if n.Name == "" {
		l.add(file, v.Line, "%s: missing name", what)
	}
	if n.Kind == kg.KindParty && n.Abbreviation == "" {
		l.add(file, v.Line, "%s: a PARTY needs an abbreviation", what)
	}
	if n.Contact != nil && n.Kind != kg.KindPerson {
		l.add(file, v.Line, "%s: contact data is only allowed on a PERSON", what)
	}
	if sinceLn == 0 {
		sinceLn = v.Line
	}
	l.period(file, sinceLn, n.Since, n.Until, what)
	l.requireEvidence(file, evLn, n.Evidence, what)
	l.nodeAt[n.ID] = loc{file, v.Line}
	l.g.Nodes = append(l.g.Nodes, n)
}

func (l *loader) parseAttr(file string, v *yaml.Node, n *kg.Node) {
	a := kg.Attribute{}
	evLn := v.Line
	l.fields(file, v, "attribute", map[string]func(*yaml.Node){
		"key":   func(x *yaml.Node) { a.Key = l.str(file, x, "key") },
		"value": func(x *yaml.Node) { a.Value = l.str(file, x, "value") },
		"number": func(x *yaml.Node) {
			s := l.str(file, x, "number")
			if s == "" {
				return
			}
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				l.add(file, x.Line, "attribute number %q is not a number", s)
				return
			}
			a.Number = &f
		},
		"evidence": func(x *yaml.Node) { a.Evidence = l.parseEvidence(file, x, "attribute "+a.Key); evLn = x.Line },
	})
	what := fmt.Sprintf("node %q attribute %q", n.ID, a.Key)
	if a.Key == "" || a.Value == "" {
		l.add(file, v.Line, "%s: an attribute needs a key and a value", what)
	}
	l.requireEvidence(file, evLn, a.Evidence, what)
	n.Attributes = append(n.Attributes, a)
}

func (l *loader) parseContact(file string, v *yaml.Node, n *kg.Node) {
	c := &kg.Contact{}
	evLn := v.Line
	l.fields(file, v, "contact", map[string]func(*yaml.Node){
		"email":    func(x *yaml.Node) { c.Email = l.str(file, x, "email") },
		"phone":    func(x *yaml.Node) { c.Phone = l.str(file, x, "phone") },
		"evidence": func(x *yaml.Node) { c.Evidence = l.parseEvidence(file, x, "contact"); evLn = x.Line },
	})
	if c.Email == "" && c.Phone == "" {
		l.add(file, v.Line, "contact: give an email or a phone")
	}
	l.requireEvidence(file, evLn, c.Evidence, fmt.Sprintf("node %q contact", n.ID))
	n.Contact = c
}

// edgeRefs remembers reference lines for an edge until all nodes are known.
type edgeRefs struct {
	fromLn, toLn, typeLn, sinceLn int
}

func (l *loader) parseEdge(file string, v *yaml.Node) {
	e := &kg.Edge{}
	var r edgeRefs
	evLn := v.Line
	l.fields(file, v, "edge", map[string]func(*yaml.Node){
		"id":       func(x *yaml.Node) { e.ID = l.str(file, x, "id") },
		"type":     func(x *yaml.Node) { e.Type = kg.EdgeType(l.str(file, x, "type")); r.typeLn = x.Line },
		"from":     func(x *yaml.Node) { e.From = l.str(file, x, "from"); r.fromLn = x.Line },
		"to":       func(x *yaml.Node) { e.To = l.str(file, x, "to"); r.toLn = x.Line },
		"role":     func(x *yaml.Node) { e.Role = l.str(file, x, "role") },
		"since":    func(x *yaml.Node) { e.Since = l.date(file, x, "since"); r.sinceLn = x.Line },
		"until":    func(x *yaml.Node) { e.Until = l.date(file, x, "until") },
		"note":     func(x *yaml.Node) { e.Note = l.str(file, x, "note") },
		"evidence": func(x *yaml.Node) { e.Evidence = l.parseEvidence(file, x, "edge"); evLn = x.Line },
	})
	for _, p := range []*int{&r.fromLn, &r.toLn, &r.typeLn, &r.sinceLn} {
		if *p == 0 {
			*p = v.Line
		}
	}
	what := fmt.Sprintf("edge %s %s → %s", e.Type, e.From, e.To)
	rule, ok := kg.EdgeRules[e.Type]
	switch {
	case !ok:
		l.add(file, r.typeLn, "%s: unknown edge kind %q (known: %v)", what, e.Type, kg.AllEdgeTypes)
	case rule.Derived:
		l.add(file, r.typeLn, "%s: %s edges are derived from mandates; write a mandate instead", what, e.Type)
	}
	if e.ID == "" && e.From != "" && e.To != "" {
		e.ID = e.From + "--" + strings.ToLower(strings.ReplaceAll(string(e.Type), "_", "-")) + "--" + e.To
	} else if e.ID != "" && !idPattern.MatchString(e.ID) {
		l.add(file, v.Line, "edge id %q is not a kebab-case ASCII slug", e.ID)
	}
	l.period(file, r.sinceLn, e.Since, e.Until, what)
	l.requireEvidence(file, evLn, e.Evidence, what)
	l.g.Edges = append(l.g.Edges, e)
	l.edgeLocs = append(l.edgeLocs, loc{file, v.Line})
	l.edgeRefLines = append(l.edgeRefLines, r)
}

func (l *loader) parseMandate(file string, v *yaml.Node) {
	m := &kg.Mandate{}
	ml := mandateLoc{loc: loc{file, v.Line}}
	var sinceLn int
	evLn := v.Line
	l.fields(file, v, "mandate", map[string]func(*yaml.Node){
		"id":         func(x *yaml.Node) { m.ID = l.str(file, x, "id") },
		"person":     func(x *yaml.Node) { m.Person = l.str(file, x, "person"); ml.personLn = x.Line },
		"onBehalfOf": func(x *yaml.Node) { m.OnBehalfOf = l.str(file, x, "onBehalfOf"); ml.behalfLn = x.Line },
		"body":       func(x *yaml.Node) { m.Body = l.str(file, x, "body"); ml.body = x.Line },
		"role":       func(x *yaml.Node) { m.Role = l.str(file, x, "role") },
		"since":      func(x *yaml.Node) { m.Since = l.date(file, x, "since"); sinceLn = x.Line },
		"until":      func(x *yaml.Node) { m.Until = l.date(file, x, "until") },
		"note":       func(x *yaml.Node) { m.Note = l.str(file, x, "note") },
		"evidence":   func(x *yaml.Node) { m.Evidence = l.parseEvidence(file, x, "mandate"); evLn = x.Line },
	})
	for _, p := range []*int{&ml.personLn, &ml.behalfLn, &ml.body, &sinceLn} {
		if *p == 0 {
			*p = v.Line
		}
	}
	what := fmt.Sprintf("mandate %s in %s", m.Person, m.Body)
	if m.Person == "" || m.Body == "" {
		l.add(file, v.Line, "%s: a mandate needs a person and a body", what)
	}
	if m.ID == "" && m.Person != "" && m.Body != "" {
		m.ID = m.Person + "--mandate--" + m.Body
	} else if m.ID != "" && !idPattern.MatchString(m.ID) {
		l.add(file, v.Line, "mandate id %q is not a kebab-case ASCII slug", m.ID)
	}
	l.period(file, sinceLn, m.Since, m.Until, what)
	l.requireEvidence(file, evLn, m.Evidence, what)
	l.g.Mandates = append(l.g.Mandates, m)
	l.mandateLocs = append(l.mandateLocs, ml)
}

// resolve checks everything that needs the whole graph: references, kinds per edge type,
// unique edge and mandate ids, sources and quotes.
func (l *loader) resolve() {
	kindOf := make(map[string]kg.NodeKind, len(l.g.Nodes))
	for _, n := range l.g.Nodes {
		kindOf[n.ID] = n.Kind
	}
	ids := map[string]loc{}
	for id, at := range l.nodeAt {
		ids[id] = at
	}
	claim := func(id string, at loc, what string) {
		if id == "" {
			return
		}
		if prev, dup := ids[id]; dup {
			l.add(at.file, at.line, "duplicate id %q for %s (already used at %s:%d; give this one an explicit id)", id, what, prev.file, prev.line)
			return
		}
		ids[id] = at
	}
	for i, e := range l.g.Edges {
		at, r := l.edgeLocs[i], l.edgeRefLines[i]
		claim(e.ID, at, "an edge")
		fk, fok := kindOf[e.From]
		tk, tok := kindOf[e.To]
		if e.From == "" {
			l.add(at.file, at.line, "edge: missing from")
		} else if !fok {
			l.add(at.file, r.fromLn, "edge %s: dangling reference: from %q is not a node", e.Type, e.From)
		}
		if e.To == "" {
			l.add(at.file, at.line, "edge: missing to")
		} else if !tok {
			l.add(at.file, r.toLn, "edge %s: dangling reference: to %q is not a node", e.Type, e.To)
		}
		if e.From != "" && e.From == e.To {
			l.add(at.file, at.line, "edge %s: from and to are the same node %q", e.Type, e.From)
		}
		if rule, ok := kg.EdgeRules[e.Type]; ok && !rule.Derived && fok && tok && fk.Valid() && tk.Valid() {
			if err := kg.CheckEdgeKinds(e.Type, fk, tk); err != nil {
				l.add(at.file, r.typeLn, "edge kind not allowed between those kinds: %s → %s: %v", e.From, e.To, err)
			}
		}
	}
	for i, m := range l.g.Mandates {
		ml := l.mandateLocs[i]
		claim(m.ID, ml.loc, "a mandate")
		check := func(id string, line int, role string, allowed []kg.NodeKind) {
			if id == "" {
				return
			}
			k, ok := kindOf[id]
			if !ok {
				l.add(ml.loc.file, line, "mandate: dangling reference: %s %q is not a node", role, id)
				return
			}
			if k.Valid() && !kg.KindIn(k, allowed) {
				l.add(ml.loc.file, line, "mandate: %s %q is a %s (allowed: %v)", role, id, k, allowed)
			}
		}
		check(m.Person, ml.personLn, "person", []kg.NodeKind{kg.KindPerson})
		check(m.OnBehalfOf, ml.behalfLn, "onBehalfOf", kg.MandatePrincipalKinds)
		check(m.Body, ml.body, "body", kg.MandateBodyKinds)
	}
	l.folded = make(map[string]string, len(l.sourceAt))
	for id, s := range l.sourceAt {
		l.folded[id] = FoldSpace(s.Text)
	}
	for _, r := range l.evidence {
		ev := r.ev
		if ev.SourceID == "" {
			l.add(r.loc.file, r.src, "evidence: missing source")
			continue
		}
		s, ok := l.sourceAt[ev.SourceID]
		if !ok {
			l.add(r.loc.file, r.src, "evidence: unknown source %q", ev.SourceID)
			continue
		}
		ev.SourceUpdated = s.Updated
		q := FoldSpace(ev.Quote)
		if q == "" {
			l.add(r.loc.file, r.quote, "evidence: missing quote")
			continue
		}
		if s.Text != "" && !strings.Contains(l.folded[ev.SourceID], q) {
			l.add(r.loc.file, r.quote, "evidence: quote not found in source %q: %q", ev.SourceID, truncate(ev.Quote, 80))
		}
		ev.Quote = q
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// FoldSpace replaces every run of whitespace (including no-break spaces) with one space and
// trims the ends. Quotes are compared in this form, so line breaks and the documents'
// no-break spaces do not make a faithful quote fail.
func FoldSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
