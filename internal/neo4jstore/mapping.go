package neo4jstore

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/kommunkg/kg/internal/kg"
)

// This file maps between the domain (kg) and Neo4j property maps, in both directions. Both
// directions are pure functions, unit-tested without a server using the driver's own value
// types (dbtype.Node, dbtype.Relationship, []any, int64, nil).

// ---- JSON shapes of the structured properties ---------------------------------------------

type evidenceJSON struct {
	Source        string `json:"source"`
	Quote         string `json:"quote"`
	SourceUpdated string `json:"sourceUpdated,omitempty"`
	Basis         string `json:"basis,omitempty"` // STATED, DERIVED, INFERRED (written as loaded; empty means stated)
}

type attributeJSON struct {
	Key      string         `json:"key"`
	Value    string         `json:"value"`
	Number   *float64       `json:"number,omitempty"`
	Evidence []evidenceJSON `json:"evidence,omitempty"`
}

// contactJSON is personal data; it is stored in the property personalContact so that a
// database user can see at a glance what must not be exported or logged.
type contactJSON struct {
	Email    string         `json:"email,omitempty"`
	Phone    string         `json:"phone,omitempty"`
	Evidence []evidenceJSON `json:"evidence,omitempty"`
}

func evidenceToJSON(ev []kg.Evidence) []evidenceJSON {
	if len(ev) == 0 {
		return nil
	}
	out := make([]evidenceJSON, len(ev))
	for i, e := range ev {
		out[i] = evidenceJSON{Source: e.SourceID, Quote: e.Quote, SourceUpdated: e.SourceUpdated.String(), Basis: string(e.Basis)}
	}
	return out
}

func evidenceFromJSON(ev []evidenceJSON) ([]kg.Evidence, error) {
	if len(ev) == 0 {
		return nil, nil
	}
	out := make([]kg.Evidence, len(ev))
	for i, e := range ev {
		d, err := parseDate(e.SourceUpdated)
		if err != nil {
			return nil, err
		}
		b := kg.Basis(e.Basis)
		if b != "" && !b.Valid() {
			return nil, fmt.Errorf("evidence: unknown basis %q", e.Basis)
		}
		out[i] = kg.Evidence{SourceID: e.Source, Quote: e.Quote, SourceUpdated: d, Basis: b}
	}
	return out, nil
}

// encodeEvidence is the evidence property: a JSON array, or nil (no property) when empty.
func encodeEvidence(ev []kg.Evidence) (any, error) {
	if len(ev) == 0 {
		return nil, nil
	}
	return marshal(evidenceToJSON(ev))
}

func decodeEvidence(v any) ([]kg.Evidence, error) {
	s, err := optString(v)
	if err != nil || s == "" {
		return nil, err
	}
	var ev []evidenceJSON
	if err := json.Unmarshal([]byte(s), &ev); err != nil {
		return nil, fmt.Errorf("evidence: %w", err)
	}
	return evidenceFromJSON(ev)
}

func encodeAttributes(as []kg.Attribute) (any, error) {
	if len(as) == 0 {
		return nil, nil
	}
	out := make([]attributeJSON, len(as))
	for i, a := range as {
		out[i] = attributeJSON{Key: a.Key, Value: a.Value, Number: a.Number, Evidence: evidenceToJSON(a.Evidence)}
	}
	return marshal(out)
}

func decodeAttributes(v any) ([]kg.Attribute, error) {
	s, err := optString(v)
	if err != nil || s == "" {
		return nil, err
	}
	var as []attributeJSON
	if err := json.Unmarshal([]byte(s), &as); err != nil {
		return nil, fmt.Errorf("attributes: %w", err)
	}
	out := make([]kg.Attribute, len(as))
	for i, a := range as {
		ev, err := evidenceFromJSON(a.Evidence)
		if err != nil {
			return nil, err
		}
		out[i] = kg.Attribute{Key: a.Key, Value: a.Value, Number: a.Number, Evidence: ev}
	}
	return out, nil
}

func encodeContact(c *kg.Contact) (any, error) {
	if c == nil {
		return nil, nil
	}
	return marshal(contactJSON{Email: c.Email, Phone: c.Phone, Evidence: evidenceToJSON(c.Evidence)})
}

func decodeContact(v any) (*kg.Contact, error) {
	s, err := optString(v)
	if err != nil || s == "" {
		return nil, err
	}
	var c contactJSON
	if err := json.Unmarshal([]byte(s), &c); err != nil {
		// The message must not quote the value: it is personal data.
		return nil, fmt.Errorf("personalContact: malformed JSON")
	}
	ev, err := evidenceFromJSON(c.Evidence)
	if err != nil {
		return nil, err
	}
	return &kg.Contact{Email: c.Email, Phone: c.Phone, Evidence: ev}, nil
}

func marshal(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// ---- dates ----------------------------------------------------------------------------------

// dateFirst and dateLast are the first and last day a partial date may denote, as yyyymmdd
// (kg.PartialDate.FirstDay, LastDay, YMD: the bounds kg.PeriodContains compares). nil for an
// unset date, so the property is absent.
func dateFirst(d kg.PartialDate) any {
	if d.IsZero() {
		return nil
	}
	return int64(d.FirstDay().YMD())
}

func dateLast(d kg.PartialDate) any {
	if d.IsZero() {
		return nil
	}
	return int64(d.LastDay().YMD())
}

func dateString(d kg.PartialDate) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func parseDate(s string) (kg.PartialDate, error) {
	if s == "" {
		return kg.PartialDate{}, nil
	}
	return kg.ParsePartialDate(s)
}

func decodeDate(v any) (kg.PartialDate, error) {
	s, err := optString(v)
	if err != nil {
		return kg.PartialDate{}, err
	}
	return parseDate(s)
}

// ---- domain → properties --------------------------------------------------------------------

// props is a property map that drops empty values, so an unset field is an absent property
// (Neo4j cannot store null, and absent keeps SET n = props from keeping stale values).
type props map[string]any

func (p props) set(k string, v any) {
	switch x := v.(type) {
	case nil:
		return
	case string:
		if x == "" {
			return
		}
	case []string:
		if len(x) == 0 {
			return
		}
	}
	p[k] = v
}

// nodeProps is the property map of an entity.
func nodeProps(n *kg.Node) (props, error) {
	p := props{}
	p.set("id", n.ID)
	p.set("kind", string(n.Kind))
	p.set("name", n.Name)
	p.set("aliases", n.Aliases)
	p.set("category", n.Category)
	p.set("abbreviation", n.Abbreviation)
	p.set("since", dateString(n.Since))
	p.set("until", dateString(n.Until))
	p.set("sinceFirst", dateFirst(n.Since))
	p.set("untilLast", dateLast(n.Until))
	p.set("note", n.Note)
	ev, err := encodeEvidence(n.Evidence)
	if err != nil {
		return nil, err
	}
	p.set("evidence", ev)
	at, err := encodeAttributes(n.Attributes)
	if err != nil {
		return nil, err
	}
	p.set("attributes", at)
	ct, err := encodeContact(n.Contact)
	if err != nil {
		return nil, err
	}
	p.set("personalContact", ct)
	// Search and ordering keys, folded in Go so both stores agree to the letter.
	// nameFold is always set, also when it folds to "" (a name of symbols only): an absent
	// property is null, which ORDER BY puts last and the cursor comparison drops, so such
	// nodes were never listed (TestEmptyFoldedNameListed).
	p["nameFold"] = kg.Fold(n.Name)
	var aliasFolds []string
	for _, a := range n.Aliases {
		aliasFolds = append(aliasFolds, kg.Fold(a))
	}
	p.set("aliasFolds", aliasFolds)
	text, start := searchFields(n)
	p.set("searchText", text)
	p.set("searchStart", start)
	return p, nil
}

// searchFields returns the two full-text fields of a node: every folded name, alias and
// abbreviation (searchText), and the first word of each (searchStart, for "the name starts
// with" candidates of one- and two-letter queries).
func searchFields(n *kg.Node) (text, start string) {
	names := append([]string{n.Name}, n.Aliases...)
	if n.Abbreviation != "" {
		names = append(names, n.Abbreviation)
	}
	var all, firsts []string
	for _, name := range names {
		f := kg.Fold(name)
		if f == "" {
			continue
		}
		all = append(all, f)
		firsts = append(firsts, strings.Fields(f)[0])
	}
	return strings.Join(all, " "), strings.Join(firsts, " ")
}

// edgeProps is the property map of a relationship. from and to are stored too, so that a
// relationship maps to a kg.Edge on its own, whatever query returned it.
func edgeProps(e *kg.Edge) (props, error) {
	p := props{}
	p.set("id", e.ID)
	p.set("from", e.From)
	p.set("to", e.To)
	p.set("role", e.Role)
	p.set("since", dateString(e.Since))
	p.set("until", dateString(e.Until))
	p.set("sinceFirst", dateFirst(e.Since))
	p.set("untilLast", dateLast(e.Until))
	p.set("note", e.Note)
	ev, err := encodeEvidence(e.Evidence)
	if err != nil {
		return nil, err
	}
	p.set("evidence", ev)
	p.set("mandateId", e.MandateID)
	p.set("context", e.Context)
	return p, nil
}

func mandateProps(m *kg.Mandate) (props, error) {
	p := props{}
	p.set("id", m.ID)
	p.set("person", m.Person)
	p.set("onBehalfOf", m.OnBehalfOf)
	p.set("body", m.Body)
	p.set("role", m.Role)
	p.set("since", dateString(m.Since))
	p.set("until", dateString(m.Until))
	p.set("sinceFirst", dateFirst(m.Since))
	p.set("untilLast", dateLast(m.Until))
	p.set("note", m.Note)
	ev, err := encodeEvidence(m.Evidence)
	if err != nil {
		return nil, err
	}
	p.set("evidence", ev)
	return p, nil
}

func sourceProps(s *kg.Source, ord int) props {
	p := props{}
	p.set("id", s.ID)
	p["ord"] = int64(ord)
	p.set("file", s.File)
	p.set("original", s.Original)
	p.set("title", s.Title)
	p.set("publisher", s.Publisher)
	p.set("language", s.Language)
	p.set("updated", dateString(s.Updated))
	p.set("dateNote", s.DateNote)
	// The document itself, so quotes can be checked in the database too. Sources() does
	// not read it back (the API never serves it).
	p.set("text", s.Text)
	return p
}

// ---- properties → domain --------------------------------------------------------------------

// errUnexpected marks data the mapping cannot read; the store reports it as INTERNAL.
type errUnexpected struct{ msg string }

func (e *errUnexpected) Error() string { return "neo4jstore: unexpected data: " + e.msg }

func unexpected(format string, args ...any) error {
	return &errUnexpected{msg: fmt.Sprintf(format, args...)}
}

func optString(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	}
	return "", unexpected("want a string, got %T", v)
}

func optInt(v any) (int, error) {
	switch x := v.(type) {
	case nil:
		return 0, nil
	case int64:
		return int(x), nil
	}
	return 0, unexpected("want an integer, got %T", v)
}

func optStrings(v any) ([]string, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []string:
		return x, nil
	case []any:
		if len(x) == 0 {
			return nil, nil
		}
		out := make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, unexpected("want a list of strings, got a %T in it", e)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, unexpected("want a list, got %T", v)
}

// propsOf returns the properties of a node, relationship or map value.
func propsOf(v any) (map[string]any, error) {
	switch x := v.(type) {
	case dbtype.Node:
		return x.Props, nil
	case *dbtype.Node:
		if x != nil {
			return x.Props, nil
		}
	case dbtype.Relationship:
		return x.Props, nil
	case *dbtype.Relationship:
		if x != nil {
			return x.Props, nil
		}
	case map[string]any:
		return x, nil
	}
	return nil, unexpected("want a node, relationship or map, got %T", v)
}

// reader reads typed fields from a property map, remembering the first error.
type reader struct {
	p   map[string]any
	err error
}

func (r *reader) str(k string) string {
	s, err := optString(r.p[k])
	r.fail(k, err)
	return s
}

func (r *reader) strs(k string) []string {
	s, err := optStrings(r.p[k])
	r.fail(k, err)
	return s
}

func (r *reader) date(k string) kg.PartialDate {
	d, err := decodeDate(r.p[k])
	r.fail(k, err)
	return d
}

func (r *reader) evidence(k string) []kg.Evidence {
	ev, err := decodeEvidence(r.p[k])
	r.fail(k, err)
	return ev
}

func (r *reader) fail(k string, err error) {
	if err != nil && r.err == nil {
		r.err = unexpected("property %s: %v", k, err)
	}
}

// nodeFromValue maps an :Entity node (dbtype.Node or a property map) to a kg.Node.
func nodeFromValue(v any) (*kg.Node, error) {
	p, err := propsOf(v)
	if err != nil {
		return nil, err
	}
	r := &reader{p: p}
	n := &kg.Node{
		ID:           r.str("id"),
		Kind:         kg.NodeKind(r.str("kind")),
		Name:         r.str("name"),
		Aliases:      r.strs("aliases"),
		Category:     r.str("category"),
		Abbreviation: r.str("abbreviation"),
		Since:        r.date("since"),
		Until:        r.date("until"),
		Note:         r.str("note"),
		Evidence:     r.evidence("evidence"),
	}
	var err2 error
	n.Attributes, err2 = decodeAttributes(p["attributes"])
	r.fail("attributes", err2)
	n.Contact, err2 = decodeContact(p["personalContact"])
	r.fail("personalContact", err2)
	if r.err != nil {
		return nil, r.err
	}
	if n.ID == "" {
		return nil, unexpected("entity without id")
	}
	if !n.Kind.Valid() {
		return nil, unexpected("entity %q has unknown kind %q", n.ID, n.Kind)
	}
	return n, nil
}

// edgeFromValue maps a relationship to a kg.Edge; its type must be one of kg.AllEdgeTypes.
func edgeFromValue(v any) (*kg.Edge, error) {
	var typ string
	switch x := v.(type) {
	case dbtype.Relationship:
		typ = x.Type
	case *dbtype.Relationship:
		if x != nil {
			typ = x.Type
		}
	default:
		return nil, unexpected("want a relationship, got %T", v)
	}
	p, err := propsOf(v)
	if err != nil {
		return nil, err
	}
	t := kg.EdgeType(typ)
	if _, err := relType(t); err != nil {
		return nil, unexpected("relationship type %q is not an edge type", typ)
	}
	r := &reader{p: p}
	e := &kg.Edge{
		ID:        r.str("id"),
		Type:      t,
		From:      r.str("from"),
		To:        r.str("to"),
		Role:      r.str("role"),
		Since:     r.date("since"),
		Until:     r.date("until"),
		Note:      r.str("note"),
		Evidence:  r.evidence("evidence"),
		MandateID: r.str("mandateId"),
		Context:   r.str("context"),
	}
	if r.err != nil {
		return nil, r.err
	}
	if e.ID == "" || e.From == "" || e.To == "" {
		return nil, unexpected("%s relationship without id, from or to", typ)
	}
	return e, nil
}

func mandateFromValue(v any) (*kg.Mandate, error) {
	p, err := propsOf(v)
	if err != nil {
		return nil, err
	}
	r := &reader{p: p}
	m := &kg.Mandate{
		ID:         r.str("id"),
		Person:     r.str("person"),
		OnBehalfOf: r.str("onBehalfOf"),
		Body:       r.str("body"),
		Role:       r.str("role"),
		Since:      r.date("since"),
		Until:      r.date("until"),
		Note:       r.str("note"),
		Evidence:   r.evidence("evidence"),
	}
	if r.err != nil {
		return nil, r.err
	}
	if m.ID == "" {
		return nil, unexpected("mandate without id")
	}
	return m, nil
}

func sourceFromValue(v any) (*kg.Source, error) {
	p, err := propsOf(v)
	if err != nil {
		return nil, err
	}
	r := &reader{p: p}
	s := &kg.Source{
		ID:        r.str("id"),
		File:      r.str("file"),
		Original:  r.str("original"),
		Title:     r.str("title"),
		Publisher: r.str("publisher"),
		Language:  r.str("language"),
		Updated:   r.date("updated"),
		DateNote:  r.str("dateNote"),
		Text:      r.str("text"), // absent in what Sources() reads
	}
	if r.err != nil {
		return nil, r.err
	}
	if s.ID == "" {
		return nil, unexpected("source without id")
	}
	return s, nil
}

// ---- record helpers -------------------------------------------------------------------------

// value returns a record's value by key; a missing key is an error (the statement and the
// mapping disagree), a null value is nil.
func value(rec *neo4j.Record, key string) (any, error) {
	if rec == nil {
		return nil, unexpected("nil record")
	}
	v, ok := rec.Get(key)
	if !ok {
		return nil, unexpected("record has no %q", key)
	}
	return v, nil
}

func listValue(rec *neo4j.Record, key string) ([]any, error) {
	v, err := value(rec, key)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return x, nil
	}
	return nil, unexpected("%q: want a list, got %T", key, v)
}

func nodesFromList(xs []any) ([]*kg.Node, error) {
	out := make([]*kg.Node, 0, len(xs))
	for _, x := range xs {
		n, err := nodeFromValue(x)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func edgesFromList(xs []any) ([]*kg.Edge, error) {
	if len(xs) == 0 {
		return nil, nil
	}
	out := make([]*kg.Edge, 0, len(xs))
	for _, x := range xs {
		e, err := edgeFromValue(x)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}
