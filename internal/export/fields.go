package export

import (
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
)

// The attributes every format writes, defined once so that the formats cannot drift apart.
// GraphML keys, GEXF attributes and CSV columns are these names in this order; the
// Cytoscape.js JSON uses the same names (with structured evidence, aliases and attributes).

type nodeField struct {
	name string
	get  func(*kg.Node) string
}

type edgeField struct {
	name string
	get  func(*kg.Edge) string
}

// listSep separates the items of a flattened list (evidence, attributes, aliases).
const listSep = " | "

var nodeFields = []nodeField{
	{"label", func(n *kg.Node) string { return n.Name }},
	{"kind", func(n *kg.Node) string { return string(n.Kind) }},
	{"category", func(n *kg.Node) string { return n.Category }},
	{"abbreviation", func(n *kg.Node) string { return n.Abbreviation }},
	{"aliases", func(n *kg.Node) string { return strings.Join(n.Aliases, listSep) }},
	{"since", func(n *kg.Node) string { return n.Since.String() }},
	{"until", func(n *kg.Node) string { return n.Until.String() }},
	{"note", func(n *kg.Node) string { return n.Note }},
	{"attributes", func(n *kg.Node) string { return flattenAttributes(n.Attributes) }},
	{"evidence", func(n *kg.Node) string { return flattenEvidence(n.Evidence) }},
}

// contactFields are personal data: written only when the selection asks for contact data.
var contactFields = []nodeField{
	{"email", func(n *kg.Node) string {
		if n.Contact == nil {
			return ""
		}
		return n.Contact.Email
	}},
	{"phone", func(n *kg.Node) string {
		if n.Contact == nil {
			return ""
		}
		return n.Contact.Phone
	}},
}

var edgeFields = []edgeField{
	{"type", func(e *kg.Edge) string { return string(e.Type) }},
	{"role", func(e *kg.Edge) string { return e.Role }},
	{"since", func(e *kg.Edge) string { return e.Since.String() }},
	{"until", func(e *kg.Edge) string { return e.Until.String() }},
	{"body", func(e *kg.Edge) string { b, _ := mandateParties(e); return b }},
	{"onBehalfOf", func(e *kg.Edge) string { _, p := mandateParties(e); return p }},
	{"mandate", func(e *kg.Edge) string { return e.MandateID }},
	{"note", func(e *kg.Edge) string { return e.Note }},
	{"evidence", func(e *kg.Edge) string { return flattenEvidence(e.Evidence) }},
}

// nodeFieldsFor returns the node fields to write, with the contact fields only if asked.
func nodeFieldsFor(contact bool) []nodeField {
	if !contact {
		return nodeFields
	}
	out := make([]nodeField, 0, len(nodeFields)+len(contactFields))
	return append(append(out, nodeFields...), contactFields...)
}

// mandateParties returns the body and the principal of a mandate-derived edge (empty for a
// written edge). REPRESENTS points at the principal and carries the body as Context;
// SERVES_ON points at the body and carries the principal.
func mandateParties(e *kg.Edge) (body, onBehalfOf string) {
	if e.MandateID == "" {
		return "", ""
	}
	switch e.Type {
	case kg.EdgeRepresents:
		return e.Context, e.To
	case kg.EdgeServesOn:
		return e.To, e.Context
	}
	return "", ""
}

// flattenEvidence renders evidence as "source-id (2023-05): quote | source-id (2021,
// DERIVED): quote": after the source id, in parentheses, the source's date (when it has one)
// and, for derived and inferred evidence, the basis; stated evidence carries no marker and
// evidence from an undated source no date ("source-id: quote").
func flattenEvidence(ev []kg.Evidence) string {
	parts := make([]string, len(ev))
	for i, e := range ev {
		var marks []string
		if !e.SourceUpdated.IsZero() {
			marks = append(marks, e.SourceUpdated.String())
		}
		if b := e.Basis.OrStated(); b != kg.BasisStated {
			marks = append(marks, string(b))
		}
		if len(marks) == 0 {
			parts[i] = e.SourceID + ": " + e.Quote
			continue
		}
		parts[i] = e.SourceID + " (" + strings.Join(marks, ", ") + "): " + e.Quote
	}
	return strings.Join(parts, listSep)
}

// flattenAttributes renders attributes as "key: value | key: value".
func flattenAttributes(as []kg.Attribute) string {
	parts := make([]string, len(as))
	for i, a := range as {
		parts[i] = a.Key + ": " + a.Value
	}
	return strings.Join(parts, listSep)
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// clean replaces every character XML 1.0 cannot carry, and every invalid UTF-8 byte, with
// U+FFFD, and turns CR LF and lone CR into LF (as XML parsers and CSV readers would).
// Every format applies it, so that all formats carry the same text.
func clean(s string) string {
	ok := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && w == 1) || !xmlChar(r) || r == '\r' {
			ok = false
			break
		}
		i += w
	}
	if ok {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // CR LF: the LF follows
			}
			r = '\n'
		case (r == utf8.RuneError && w == 1) || !xmlChar(r):
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// token collapses runs of white space to one space and trims the ends: GEXF 1.3 types
// labels and edge kinds as xsd:token.
func token(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }

// spellStart is the first day a partial date may denote (kg.PartialDate.FirstDay):
// "2014" → 2014-01-01, "2016-04" → 2016-04-01. A GEXF spell starts there, so an edge dated
// "since 2014" is present for the whole of 2014.
func spellStart(d kg.PartialDate) string { return d.FirstDay().String() }

// spellEnd is the last day a partial date may denote (kg.PartialDate.LastDay):
// "2014" → 2014-12-31, "2016-02" → 2016-02-29. A GEXF spell ends there (GEXF 1.3 intervals
// are inclusive).
func spellEnd(d kg.PartialDate) string { return d.LastDay().String() }

// dated reports whether an edge has a spell.
func dated(e *kg.Edge) bool { return !e.Since.IsZero() || !e.Until.IsZero() }
