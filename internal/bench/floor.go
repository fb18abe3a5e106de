package bench

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kommunkg/kg/internal/kg"
)

// The floor: for the cases that carry one (Case.Floor), the same answer a GraphQL request
// gets — the same bytes, for an anonymous caller — from the same store calls the resolvers
// make, written by hand into a buffer. It is what a hand-written endpoint answering exactly
// this question would cost, so GraphQL/floor is the price of the generic engine (parsing,
// validation, per-field execution, contexts, marshalling) and nothing else. A test holds its
// bytes equal to the GraphQL answer's.
//
// Each floor is split in two: fetch makes the store calls (it is also the case's Direct, the
// level=store measurement) and write renders them, with the same rules as the edge: JSON
// strings quoted as gqlgen quotes them, "" optional strings as null, and public String text
// through kg.RedactPersonal for a caller without contact access (as graph.RedactPersonalFields
// does).

// jw is a minimal JSON writer with gqlgen's string quoting.
type jw struct{ *bytes.Buffer }

const hexDigits = "0123456789ABCDEF"

// quote writes s as gqlgen's writeQuotedString does (only control characters, '\\' and '"'
// are escaped; no HTML escaping).
func (w jw) quote(s string) {
	w.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		w.WriteString(s[start:i])
		switch c {
		case '\t':
			w.WriteString(`\t`)
		case '\r':
			w.WriteString(`\r`)
		case '\n':
			w.WriteString(`\n`)
		case '\\':
			w.WriteString(`\\`)
		case '"':
			w.WriteString(`\"`)
		default:
			w.WriteString(`\u00`)
			w.WriteByte(hexDigits[c>>4])
			w.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	w.WriteString(s[start:])
	w.WriteByte('"')
}

// text writes public String text (a name, a role): redacted, since the floor answers as an
// anonymous caller.
func (w jw) text(s string) {
	if kg.ContainsPersonal(s) {
		s = kg.RedactPersonal(s)
	}
	w.quote(s)
}

// optText writes an optional String: null for "".
func (w jw) optText(s string) {
	if s == "" {
		w.WriteString("null")
		return
	}
	w.text(s)
}

func (w jw) date(d kg.PartialDate) {
	if d.IsZero() {
		w.WriteString("null")
		return
	}
	w.quote(d.String())
}

func (w jw) int(n int) { fmt.Fprintf(w, "%d", n) }

func (w jw) bool(b bool) {
	if b {
		w.WriteString("true")
	} else {
		w.WriteString("false")
	}
}

// nodeIDNameKind writes {"id":…,"name":…,"kind":…}.
func (w jw) nodeIDNameKind(n *kg.Node) {
	w.WriteString(`{"id":`)
	w.quote(n.ID)
	w.WriteString(`,"name":`)
	w.text(n.Name)
	w.WriteString(`,"kind":`)
	w.quote(string(n.Kind))
	w.WriteByte('}')
}

func byID(ns []*kg.Node) map[string]*kg.Node {
	m := make(map[string]*kg.Node, len(ns))
	for _, n := range ns {
		if n != nil {
			m[n.ID] = n
		}
	}
	return m
}

func errMissing(id string) error { return fmt.Errorf("graph inconsistent: node %s missing", id) }

// ---- WhoRepresentsWhom -------------------------------------------------------------------

// whoData is what the resolvers of WhoRepresentsWhom fetch: Query.mandates (the body and its
// parts, then one MandatePage), the mandates' persons, principals and bodies in one call (the
// prefetch), the persons' MEMBER_OF edges (Person.party, one level) and those parties.
type whoData struct {
	page    kg.MandatePage
	nodes   map[string]*kg.Node
	parties map[string]*kg.Node // person id → party
}

func fetchWho(ctx context.Context, s kg.Store, body string) (*whoData, error) {
	bodies, err := bodyAndParts(ctx, s, body)
	if err != nil {
		return nil, err
	}
	p, err := s.MandatePage(ctx, kg.MandateFilter{Bodies: bodies}, 100, "")
	if err != nil {
		return nil, err
	}
	var ids, persons []string
	for _, m := range p.Mandates {
		persons = append(persons, m.Person)
		ids = append(ids, m.Person, m.Body)
		if m.OnBehalfOf != "" {
			ids = append(ids, m.OnBehalfOf)
		}
	}
	ns, err := s.NodesByIDs(ctx, dedupe(ids))
	if err != nil {
		return nil, err
	}
	d := &whoData{page: p, nodes: byID(ns), parties: map[string]*kg.Node{}}
	persons = dedupe(persons)
	lists, err := s.EdgesOf(ctx, persons, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirOut, Limit: kg.TypedFieldLimit})
	if err != nil {
		return nil, err
	}
	var far []string
	for _, es := range lists {
		for _, e := range es {
			far = append(far, e.To)
		}
	}
	fs, err := s.NodesByIDs(ctx, dedupe(far))
	if err != nil {
		return nil, err
	}
	farByID := byID(fs)
	for i, es := range lists {
		for _, e := range es { // the first party in edge order, as Person.party takes
			if n := farByID[e.To]; n != nil && n.Kind == kg.KindParty {
				d.parties[persons[i]] = n
				break
			}
		}
	}
	return d, nil
}

func writeWho(w jw, d *whoData) error {
	w.WriteString(`{"data":{"mandates":{"totalCount":`)
	w.int(d.page.TotalCount)
	w.WriteString(`,"nodes":[`)
	for i, m := range d.page.Mandates {
		if i > 0 {
			w.WriteByte(',')
		}
		person, body := d.nodes[m.Person], d.nodes[m.Body]
		if person == nil || body == nil {
			return errMissing(m.Person + " or " + m.Body)
		}
		w.WriteString(`{"id":`)
		w.quote(m.ID)
		w.WriteString(`,"role":`)
		w.optText(m.Role)
		w.WriteString(`,"since":`)
		w.date(m.Since)
		w.WriteString(`,"until":`)
		w.date(m.Until)
		w.WriteString(`,"person":{"id":`)
		w.quote(person.ID)
		w.WriteString(`,"name":`)
		w.text(person.Name)
		w.WriteString(`,"party":`)
		if p := d.parties[m.Person]; p != nil {
			w.WriteString(`{"id":`)
			w.quote(p.ID)
			w.WriteString(`,"name":`)
			w.text(p.Name)
			w.WriteByte('}')
		} else {
			w.WriteString("null")
		}
		w.WriteString(`},"onBehalfOf":`)
		if m.OnBehalfOf == "" {
			w.WriteString("null")
		} else if n := d.nodes[m.OnBehalfOf]; n != nil {
			w.nodeIDNameKind(n)
		} else {
			return errMissing(m.OnBehalfOf)
		}
		w.WriteString(`,"body":{"id":`)
		w.quote(body.ID)
		w.WriteString(`,"name":`)
		w.text(body.Name)
		w.WriteString(`}}`)
	}
	w.WriteString(`]}}}`)
	return nil
}

// ---- ThreeLevels -------------------------------------------------------------------------

// threeData: Query.node, Person.mandates (all of the person's mandates, paged in memory),
// Mandate.body (one call for the page's bodies), members (one EdgePages call for the bodies
// that have the field) and Relationship.node (one call).
type threeData struct {
	person  *kg.Node
	page    []*kg.Mandate
	bodies  map[string]*kg.Node
	members map[string]kg.EdgePage
	nodes   map[string]*kg.Node
}

// hasMembers: the body kinds the query's fragments ask members of.
func hasMembers(k kg.NodeKind) bool { return k == kg.KindNetwork || k == kg.KindOrganisation }

func fetchThree(ctx context.Context, s kg.Store, person string) (*threeData, error) {
	ps, err := s.NodesByIDs(ctx, []string{person})
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 || ps[0] == nil {
		return nil, errMissing(person)
	}
	ms, err := s.Mandates(ctx, kg.MandateFilter{Persons: []string{person}})
	if err != nil {
		return nil, err
	}
	d := &threeData{person: ps[0], page: ms[:min(len(ms), 10)]} // the query's first page
	var bodies []string
	for _, m := range d.page {
		bodies = append(bodies, m.Body)
	}
	bs, err := s.NodesByIDs(ctx, dedupe(bodies))
	if err != nil {
		return nil, err
	}
	d.bodies = byID(bs)
	var withMembers []string
	for _, b := range bs {
		if b != nil && hasMembers(b.Kind) {
			withMembers = append(withMembers, b.ID)
		}
	}
	pages, err := s.EdgePages(ctx, withMembers, kg.EdgePageQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn, First: 100})
	if err != nil {
		return nil, err
	}
	d.members = make(map[string]kg.EdgePage, len(pages))
	var members []string
	for i, p := range pages {
		d.members[withMembers[i]] = p
		for _, e := range p.Edges {
			members = append(members, e.From)
		}
	}
	ns, err := s.NodesByIDs(ctx, dedupe(members))
	if err != nil {
		return nil, err
	}
	d.nodes = byID(ns)
	return d, nil
}

func writeThree(w jw, d *threeData) error {
	w.WriteString(`{"data":{"node":{"id":`)
	w.quote(d.person.ID)
	w.WriteString(`,"name":`)
	w.text(d.person.Name)
	w.WriteString(`,"mandates":{"nodes":[`)
	for i, m := range d.page {
		if i > 0 {
			w.WriteByte(',')
		}
		b := d.bodies[m.Body]
		if b == nil {
			return errMissing(m.Body)
		}
		w.WriteString(`{"id":`)
		w.quote(m.ID)
		w.WriteString(`,"role":`)
		w.optText(m.Role)
		w.WriteString(`,"body":{"id":`)
		w.quote(b.ID)
		w.WriteString(`,"name":`)
		w.text(b.Name)
		if hasMembers(b.Kind) {
			p := d.members[b.ID]
			w.WriteString(`,"members":{"totalCount":`)
			w.int(p.TotalCount)
			w.WriteString(`,"nodes":[`)
			for j, e := range p.Edges {
				if j > 0 {
					w.WriteByte(',')
				}
				other := e.From
				if other == b.ID {
					other = e.To
				}
				n := d.nodes[other]
				if n == nil {
					return errMissing(other)
				}
				w.WriteString(`{"node":`)
				w.nodeIDNameKind(n)
				w.WriteByte('}')
			}
			w.WriteString(`]}`)
		}
		w.WriteString(`}}`)
	}
	w.WriteString(`]}}}}`)
	return nil
}

// ---- Neighbourhood -----------------------------------------------------------------------

func fetchNeighbourhood(ctx context.Context, s kg.Store, center string, limit int) (*kg.Subgraph, error) {
	sg, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: center, Hops: 2, Limit: limit, EdgeLimit: kg.SubgraphEdgesPerNode * limit})
	if err != nil {
		return nil, err
	}
	if sg == nil {
		return nil, fmt.Errorf("no neighbourhood around %s", center)
	}
	return sg, nil
}

func writeNeighbourhood(w jw, sg *kg.Subgraph) error {
	w.WriteString(`{"data":{"neighbourhood":{"truncated":`)
	w.bool(sg.Truncated)
	w.WriteString(`,"nodes":[`)
	for i, n := range sg.Nodes {
		if i > 0 {
			w.WriteByte(',')
		}
		w.nodeIDNameKind(n)
	}
	w.WriteString(`],"edges":[`)
	for i, e := range sg.Edges {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(`{"id":`)
		w.quote(e.ID)
		w.WriteString(`,"type":`)
		w.quote(string(e.Type))
		w.WriteString(`,"from":{"id":`)
		w.quote(e.From)
		w.WriteString(`},"to":{"id":`)
		w.quote(e.To)
		w.WriteString(`}}`)
	}
	w.WriteString(`]}}}`)
	return nil
}

// floors pairs each floored case's fetch (its Direct) with its writer.
func whoFloor(body string) (direct func(context.Context, kg.Store) (int, error), floor func(context.Context, kg.Store, *bytes.Buffer) error) {
	direct = func(ctx context.Context, s kg.Store) (int, error) {
		d, err := fetchWho(ctx, s, body)
		if err != nil {
			return 0, err
		}
		return len(d.page.Mandates), nil
	}
	floor = func(ctx context.Context, s kg.Store, b *bytes.Buffer) error {
		d, err := fetchWho(ctx, s, body)
		if err != nil {
			return err
		}
		return writeWho(jw{b}, d)
	}
	return direct, floor
}

func threeFloor(person string) (direct func(context.Context, kg.Store) (int, error), floor func(context.Context, kg.Store, *bytes.Buffer) error) {
	direct = func(ctx context.Context, s kg.Store) (int, error) {
		d, err := fetchThree(ctx, s, person)
		if err != nil {
			return 0, err
		}
		return len(d.nodes), nil
	}
	floor = func(ctx context.Context, s kg.Store, b *bytes.Buffer) error {
		d, err := fetchThree(ctx, s, person)
		if err != nil {
			return err
		}
		return writeThree(jw{b}, d)
	}
	return direct, floor
}

func neighbourhoodFloor(center string, limit int) (direct func(context.Context, kg.Store) (int, error), floor func(context.Context, kg.Store, *bytes.Buffer) error) {
	direct = func(ctx context.Context, s kg.Store) (int, error) {
		sg, err := fetchNeighbourhood(ctx, s, center, limit)
		if err != nil {
			return 0, err
		}
		return len(sg.Nodes), nil
	}
	floor = func(ctx context.Context, s kg.Store, b *bytes.Buffer) error {
		sg, err := fetchNeighbourhood(ctx, s, center, limit)
		if err != nil {
			return err
		}
		return writeNeighbourhood(jw{b}, sg)
	}
	return direct, floor
}
