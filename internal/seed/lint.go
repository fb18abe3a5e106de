package seed

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kommunkg/kg/internal/kg"
)

// Lint rules: what a reviewer should look at in a graph that validates. Each warning names
// its rule and its subject; a warning is silenced by an acknowledgement in any graph file:
//
//	lint:
//	  - rule: orphan
//	    subject: some-node-id
//	    reason: why this is right as it is
const (
	// RuleOrphan: a node with no relationship (written edge or mandate) at all.
	RuleOrphan = "orphan"
	// RuleDuplicate: the same (type, from, to) written twice, or the same (person,
	// onBehalfOf, body) mandate twice; one fact is one edge with several pieces of evidence.
	RuleDuplicate = "duplicate"
	// RuleQuoteNamesNeither: an edge or mandate none of whose quotes names either end (by
	// name or alias, folded with kg.Fold, at the start of a word).
	RuleQuoteNamesNeither = "quote-names-neither-end"
	// RuleDurationNoUntil: a project whose quotes state a duration but which has no until.
	RuleDurationNoUntil = "duration-without-until"
	// RuleContactNoEdge: a contact line in a source ("Kontaktperson: NAME …") with no
	// CONTACT_FOR edge from that person quoting that source.
	RuleContactNoEdge = "contact-without-edge"
)

// LintRules lists every rule in a fixed order.
var LintRules = []string{RuleOrphan, RuleDuplicate, RuleQuoteNamesNeither, RuleDurationNoUntil, RuleContactNoEdge}

// Warning is one lint finding at file:line. Subject is what an acknowledgement names: a node,
// edge or mandate id, or "<source-id>:<line>" for a contact line.
type Warning struct {
	File    string
	Line    int
	Rule    string
	Subject string
	Msg     string
}

func (w Warning) String() string {
	return fmt.Sprintf("%s:%d: %s [%s %s]", w.File, w.Line, w.Msg, w.Rule, w.Subject)
}

// ack is one acknowledgement read from a graph file's lint list.
type ack struct {
	at                    loc
	rule, subject, reason string
	used                  bool
}

func (l *loader) parseAck(file string, v *yaml.Node) {
	a := ack{at: loc{file, v.Line}}
	l.fields(file, v, "lint acknowledgement", map[string]func(*yaml.Node){
		"rule":    func(x *yaml.Node) { a.rule = l.str(file, x, "rule") },
		"subject": func(x *yaml.Node) { a.subject = l.str(file, x, "subject") },
		"reason":  func(x *yaml.Node) { a.reason = l.str(file, x, "reason") },
	})
	known := false
	for _, r := range LintRules {
		known = known || r == a.rule
	}
	switch {
	case !known:
		l.add(file, v.Line, "lint acknowledgement: unknown rule %q (known: %v)", a.rule, LintRules)
	case a.subject == "":
		l.add(file, v.Line, "lint acknowledgement: missing subject")
	case strings.TrimSpace(a.reason) == "":
		l.add(file, v.Line, "lint acknowledgement for %s %s: missing reason (say why the finding is right as it is)", a.rule, a.subject)
	}
	l.acks = append(l.acks, a)
}

// Lint loads fsys and, if it validates, returns its unacknowledged warnings, sorted by
// file:line, with an "acknowledgement matches nothing" warning for every stale one. A seed
// directory that does not validate returns the *ValidationError of Load and no warnings.
func Lint(fsys fs.FS) (*kg.Graph, []Warning, error) {
	l := load(fsys)
	if len(l.problems) > 0 {
		return nil, nil, &ValidationError{Problems: l.problems}
	}
	ws := l.lint()
	var out []Warning
	for _, w := range ws {
		if a := l.findAck(w.Rule, w.Subject); a != nil {
			a.used = true
			continue
		}
		out = append(out, w)
	}
	for _, a := range l.acks {
		if !a.used {
			out = append(out, Warning{File: a.at.file, Line: a.at.line, Rule: a.rule, Subject: a.subject,
				Msg: "acknowledgement matches no warning; remove it"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return &l.g, out, nil
}

func (l *loader) findAck(rule, subject string) *ack {
	for i := range l.acks {
		if l.acks[i].rule == rule && l.acks[i].subject == subject {
			return &l.acks[i]
		}
	}
	return nil
}

func (l *loader) lint() []Warning {
	var ws []Warning
	warn := func(at loc, rule, subject, format string, args ...any) {
		ws = append(ws, Warning{File: at.file, Line: at.line, Rule: rule, Subject: subject, Msg: fmt.Sprintf(format, args...)})
	}
	byID := make(map[string]*kg.Node, len(l.g.Nodes))
	for _, n := range l.g.Nodes {
		byID[n.ID] = n
	}

	// orphans
	touched := map[string]bool{}
	for _, e := range l.g.Edges {
		touched[e.From], touched[e.To] = true, true
	}
	for _, m := range l.g.Mandates {
		touched[m.Person], touched[m.Body] = true, true
		if m.OnBehalfOf != "" {
			touched[m.OnBehalfOf] = true
		}
	}
	for _, n := range l.g.Nodes {
		if !touched[n.ID] {
			warn(l.nodeAt[n.ID], RuleOrphan, n.ID, "node %q has no relationship", n.ID)
		}
	}

	// one fact, one edge
	first := map[string]int{}
	for i, e := range l.g.Edges {
		k := string(e.Type) + "\x00" + e.From + "\x00" + e.To
		if j, dup := first[k]; dup {
			at := l.edgeLocs[j]
			warn(l.edgeLocs[i], RuleDuplicate, e.ID, "%s %s → %s is already stated at %s:%d; give that edge this evidence instead",
				e.Type, e.From, e.To, at.file, at.line)
			continue
		}
		first[k] = i
	}
	firstM := map[string]int{}
	for i, m := range l.g.Mandates {
		k := m.Person + "\x00" + m.OnBehalfOf + "\x00" + m.Body
		if j, dup := firstM[k]; dup {
			at := l.mandateLocs[j].loc
			warn(l.mandateLocs[i].loc, RuleDuplicate, m.ID, "mandate of %s in %s is already stated at %s:%d", m.Person, m.Body, at.file, at.line)
			continue
		}
		firstM[k] = i
	}

	// quotes that name neither end
	names := func(ids ...string) []string {
		var out []string
		for _, id := range ids {
			if n := byID[id]; n != nil {
				for _, s := range append([]string{n.Name}, n.Aliases...) {
					if f := kg.Fold(s); f != "" {
						out = append(out, f)
					}
				}
			}
		}
		return out
	}
	for i, e := range l.g.Edges {
		if !namesAnyEvidence(e.Evidence, names(e.From, e.To)) {
			warn(l.edgeLocs[i], RuleQuoteNamesNeither, e.ID, "edge %s: no quote names %s or %s (first: %q)",
				e.ID, e.From, e.To, truncate(e.Evidence[0].Quote, 60))
		}
	}
	for i, m := range l.g.Mandates {
		if !namesAnyEvidence(m.Evidence, names(m.Person, m.OnBehalfOf, m.Body)) {
			warn(l.mandateLocs[i].loc, RuleQuoteNamesNeither, m.ID, "mandate %s: no quote names any of its ends (first: %q)",
				m.ID, truncate(m.Evidence[0].Quote, 60))
		}
	}

	// durations without an end
	for _, n := range l.g.Nodes {
		if n.Kind != kg.KindProject || !n.Until.IsZero() {
			continue
		}
		for _, ev := range n.Evidence {
			if d := durationRe.FindString(ev.Quote); d != "" {
				warn(l.nodeAt[n.ID], RuleDurationNoUntil, n.ID, "project %q: its quote states a duration (%q) but it has no until", n.ID, d)
				break
			}
		}
	}

	// contact lines without a contact edge
	ws = append(ws, l.lintContacts(byID)...)
	return ws
}

// namesAnyEvidence reports whether some quote of ev names one of the folded names ns. A name
// matches at the start of a word, so Swedish genitives count ("EU-kommissionens" names
// EU-kommissionen, "UBC:s" names UBC).
func namesAnyEvidence(ev []kg.Evidence, ns []string) bool {
	for _, e := range ev {
		q := " " + kg.Fold(e.Quote) + " "
		for _, n := range ns {
			if strings.Contains(q, " "+n) {
				return true
			}
		}
	}
	return false
}

// durationRe finds a duration stated in words or as a closed range: "tvåårigt",
// "femårig", "2,5-årigt", "pågår 2016-2018", "(2014-2016)", "pågår till och med år 2030",
// "Under två år".
var durationRe = regexp.MustCompile(`(?i)(\d+(,\d+)?-?|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio)årig|\b(19|20)\d\d ?[-–] ?(19|20)\d\d\b|till och med (år )?(19|20)\d\d|under (ett|två|tre|fyra|fem) år\b`)

var (
	contactLineRe  = regexp.MustCompile(`^\s*(Kontaktperson|Ansvarig för samordningen)\s*:\s*([^,;]+)`)
	contactHeadRe  = regexp.MustCompile(`^\s*Kontakt\s*$`)
	contactNameRe  = regexp.MustCompile(`^\s*Kontakt\s*:\s*([^,;]+)`)
	personalNameRe = regexp.MustCompile(`^\s*\p{Lu}[\p{L}-]+( \p{Lu}[\p{L}-]+)+\s*$`)
)

// lintContacts finds the contact lines of every source and checks that each named person has
// as many CONTACT_FOR edges quoting that source as the source has contact lines for them.
func (l *loader) lintContacts(byID map[string]*kg.Node) []Warning {
	var ws []Warning
	personByName := map[string]*kg.Node{}
	for _, n := range l.g.Nodes {
		if n.Kind != kg.KindPerson {
			continue
		}
		for _, s := range append([]string{n.Name}, n.Aliases...) {
			personByName[kg.Fold(s)] = n
		}
	}
	edges := map[[2]string]int{} // (person, source) → CONTACT_FOR edges
	for _, e := range l.g.Edges {
		if e.Type != kg.EdgeContactFor {
			continue
		}
		seen := map[string]bool{}
		for _, ev := range e.Evidence {
			if !seen[ev.SourceID] {
				seen[ev.SourceID] = true
				edges[[2]string{e.From, ev.SourceID}]++
			}
		}
	}
	for _, s := range l.g.Sources {
		lines := strings.Split(s.Text, "\n")
		need := map[[2]string][]int{}
		var order [][2]string
		for i, ln := range lines {
			name := ""
			if m := contactLineRe.FindStringSubmatch(ln); m != nil {
				name = strings.TrimSpace(m[2])
			} else if m := contactNameRe.FindStringSubmatch(ln); m != nil && personalNameRe.MatchString(m[1]) {
				name = strings.TrimSpace(m[1]) // "Kontakt: NAME, …"; "Kontakt: e-mail, phone" names no one
			} else if contactHeadRe.MatchString(ln) {
				for _, next := range lines[i+1:] {
					if strings.TrimSpace(next) == "" {
						continue
					}
					if personalNameRe.MatchString(next) {
						name = strings.TrimSpace(next)
					}
					break
				}
			}
			if name == "" {
				continue
			}
			subject := fmt.Sprintf("%s:%d", s.ID, i+1)
			at := loc{"sources/" + s.File, i + 1}
			p := personByName[kg.Fold(name)]
			if p == nil {
				ws = append(ws, Warning{File: at.file, Line: at.line, Rule: RuleContactNoEdge, Subject: subject,
					Msg: fmt.Sprintf("contact line names %q, who is no PERSON node", name)})
				continue
			}
			k := [2]string{p.ID, s.ID}
			if need[k] == nil {
				order = append(order, k)
			}
			need[k] = append(need[k], i+1)
		}
		for _, k := range order {
			lns := need[k]
			for j := edges[k]; j < len(lns); j++ {
				ws = append(ws, Warning{File: "sources/" + s.File, Line: lns[j], Rule: RuleContactNoEdge,
					Subject: fmt.Sprintf("%s:%d", s.ID, lns[j]),
					Msg: fmt.Sprintf("contact line for %s, but only %d CONTACT_FOR edge(s) from %s quote %s for %d such line(s)",
						k[0], edges[k], k[0], s.ID, len(lns))})
			}
		}
	}
	return ws
}
