package storetest

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

type contract struct {
	s    kg.Store
	f    *fixture
	open func(t *testing.T, g *kg.Graph) kg.Store
}

// Ids of the fixture used by several tests.
const (
	vaxjo       = "vaxjo-kommun"
	lulea       = "lulea-kommun"
	alvesta     = "alvesta-kommun"
	oslo        = "oslo-kommune"
	sverige     = "sverige"
	norge       = "norge"
	kronoberg   = "region-kronoberg"
	norrbotten  = "region-norrbotten"
	com         = "covenant-of-mayors"
	gcom        = "global-covenant-of-mayors"
	comOffice   = "com-europe-office"
	comForum    = "com-investment-forum-2023"
	kk          = "klimatkommunerna"
	skr         = "skr"
	ess         = "energikontor-sydost"
	isolated    = "stiftelsen-gron-omstallning"
	energimynd  = "energimyndigheten"
	aforsk      = "aforsk"
	anna        = "anna-lindqvist"
	erik        = "erik-nystrom"
	sara        = "sara-oberg"
	fossilfritt = "fossilfritt-kronoberg"
	klimatlyft  = "klimatlyftet-norrbotten"
	mp          = "miljopartiet"
	socdem      = "socialdemokraterna"
	dag2022     = "klimatdagen-vaxjo-2022"
	dag2023     = "klimatdagen-vaxjo-2023"

	mAnnaCoM = "mandat-anna-lindqvist-covenant"
	mAnnaSKR = "mandat-anna-lindqvist-skr"
	mErikCoM = "mandat-erik-nystrom-covenant"
	mErikKK  = "mandat-erik-nystrom-klimatkommunerna"
	mSaraKK  = "mandat-sara-oberg-klimatkommunerna"

	unknown = "no-such-id"
)

func (c *contract) allNodeIDs() []string {
	ids := make([]string, len(c.f.g.Nodes))
	for i, n := range c.f.g.Nodes {
		ids[i] = n.ID
	}
	return ids
}

// ---- *ByIDs ----------------------------------------------------------------------------

func (c *contract) nodesByIDs(t *testing.T) {
	all := c.allNodeIDs()
	slices.Reverse(all)
	tests := []struct {
		name string
		ids  []string
	}{
		{"one", []string{vaxjo}},
		{"several keep input order", []string{sverige, anna, dag2023, aforsk}},
		{"unknown ids are nil", []string{unknown, vaxjo, "", "vaxjo-com", mAnnaCoM, mAnnaCoM + "--represents"}},
		{"duplicates repeat", []string{lulea, unknown, lulea, lulea}},
		{"every node", all},
		{"no ids", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.NodesByIDs(authorised(), tc.ids)
			noErr(t, err)
			if len(got) != len(tc.ids) {
				t.Fatalf("got %d results for %d ids: %v", len(got), len(tc.ids), nodeIDs(got))
			}
			for i, id := range tc.ids {
				want := c.f.node[id]
				switch {
				case want == nil && got[i] != nil:
					t.Errorf("[%d] %q: got node %q, want nil", i, id, got[i].ID)
				case want != nil && got[i] == nil:
					t.Errorf("[%d] %q: got nil", i, id)
				case want != nil && !same(got[i], want):
					t.Errorf("[%d] %q:\n got %s\nwant %s", i, id, show(got[i]), show(want))
				}
			}
		})
	}
}

func (c *contract) edgesByIDs(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
	}{
		{"written", []string{"vaxjo-com", "oslo-i-norge"}},
		{"parallel edges are distinct", []string{"energikontor-partner-vaxjo-2020", "energikontor-partner-vaxjo-2015"}},
		{"derived from mandates", []string{mAnnaCoM + "--represents", mAnnaCoM + "--serves-on", mSaraKK + "--serves-on"}},
		{"no REPRESENTS without a principal", []string{mSaraKK + "--represents", mSaraKK + "--serves-on"}},
		{"unknown ids are nil", []string{unknown, "vaxjo-com", vaxjo, mAnnaCoM, "", mAnnaCoM + "--owns"}},
		{"duplicates repeat", []string{"oslo-com", "oslo-com", unknown, "oslo-com"}},
		{"no ids", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.EdgesByIDs(authorised(), tc.ids)
			noErr(t, err)
			if len(got) != len(tc.ids) {
				t.Fatalf("got %d results for %d ids: %v", len(got), len(tc.ids), edgeIDs(got))
			}
			for i, id := range tc.ids {
				want := c.f.edge[id]
				switch {
				case want == nil && got[i] != nil:
					t.Errorf("[%d] %q: got edge %q, want nil", i, id, got[i].ID)
				case want != nil && got[i] == nil:
					t.Errorf("[%d] %q: got nil", i, id)
				case want != nil && !same(got[i], want):
					t.Errorf("[%d] %q:\n got %s\nwant %s", i, id, show(got[i]), show(want))
				}
			}
		})
	}
	t.Run("derived edge fields", func(t *testing.T) {
		got, err := c.s.EdgesByIDs(authorised(), []string{mAnnaCoM + "--represents", mAnnaCoM + "--serves-on"})
		noErr(t, err)
		rep, srv := got[0], got[1]
		if rep == nil || srv == nil {
			t.Fatalf("got %v", edgeIDs(got))
		}
		if rep.Type != kg.EdgeRepresents || rep.From != anna || rep.To != vaxjo || rep.MandateID != mAnnaCoM || rep.Context != com || rep.Role != "political representative" || rep.Until != kg.MustDate("2022-10") {
			t.Errorf("REPRESENTS edge = %s", show(rep))
		}
		if srv.Type != kg.EdgeServesOn || srv.From != anna || srv.To != com || srv.MandateID != mAnnaCoM || srv.Context != vaxjo || srv.Since != kg.MustDate("2019") {
			t.Errorf("SERVES_ON edge = %s", show(srv))
		}
		if len(srv.Evidence) != 1 || srv.Evidence[0].SourceID != srcCoM {
			t.Errorf("SERVES_ON evidence = %s, want the mandate's", show(srv.Evidence))
		}
	})
}

func (c *contract) mandatesByIDs(t *testing.T) {
	tests := []struct {
		name string
		ids  []string
	}{
		{"all", []string{mErikCoM, mAnnaCoM, mSaraKK, mErikKK, mAnnaSKR}},
		{"unknown ids are nil", []string{unknown, mSaraKK, anna, mSaraKK + "--serves-on", ""}},
		{"duplicates repeat", []string{mAnnaSKR, mAnnaSKR, unknown, mAnnaSKR}},
		{"no ids", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.MandatesByIDs(authorised(), tc.ids)
			noErr(t, err)
			if len(got) != len(tc.ids) {
				t.Fatalf("got %d results for %d ids: %v", len(got), len(tc.ids), mandateIDs(got))
			}
			for i, id := range tc.ids {
				want := c.f.mandate[id]
				switch {
				case want == nil && got[i] != nil:
					t.Errorf("[%d] %q: got mandate %q, want nil", i, id, got[i].ID)
				case want != nil && got[i] == nil:
					t.Errorf("[%d] %q: got nil", i, id)
				case want != nil && !same(got[i], want):
					t.Errorf("[%d] %q:\n got %s\nwant %s", i, id, show(got[i]), show(want))
				}
			}
		})
	}
	t.Run("no principal stays empty", func(t *testing.T) {
		got, err := c.s.MandatesByIDs(authorised(), []string{mSaraKK})
		noErr(t, err)
		if got[0] == nil || got[0].OnBehalfOf != "" || got[0].Body != kk || got[0].Person != sara {
			t.Errorf("got %s", show(got[0]))
		}
	})
}

// ---- EdgesOf ----------------------------------------------------------------------------

func (c *contract) edgesOf(t *testing.T) {
	vaxjoAll := []string{
		// MEMBER_OF, by the other end's id
		"vaxjo-com", "vaxjo-klimatkommunerna", "vaxjo-skr",
		// PARTICIPATES_IN
		"vaxjo-deltar-forum",
		// PARTNER_OF: same type and other end, so by edge id
		"energikontor-partner-vaxjo-2015", "energikontor-partner-vaxjo-2020",
		// LOCATED_IN, in and out mixed, by the other end's id
		"energikontor-sydost-i-vaxjo", "klimatdagen-2022-i-vaxjo", "vaxjo-i-kronoberg",
		// AFFILIATED_WITH
		"anna-vaxjo",
		// REPRESENTS (derived)
		mAnnaCoM + "--represents",
	}
	tests := []struct {
		name string
		ids  []string
		f    kg.EdgeFilter
		want [][]string
	}{
		{"all edges, both directions", []string{vaxjo}, kg.EdgeFilter{Direction: kg.DirBoth}, [][]string{vaxjoAll}},
		{"empty direction means both", []string{vaxjo}, kg.EdgeFilter{}, [][]string{vaxjoAll}},
		{"out", []string{vaxjo}, kg.EdgeFilter{Direction: kg.DirOut}, [][]string{{
			"vaxjo-com", "vaxjo-klimatkommunerna", "vaxjo-skr", "vaxjo-deltar-forum", "vaxjo-i-kronoberg"}}},
		{"in", []string{vaxjo}, kg.EdgeFilter{Direction: kg.DirIn}, [][]string{{
			"energikontor-partner-vaxjo-2015", "energikontor-partner-vaxjo-2020", "energikontor-sydost-i-vaxjo",
			"klimatdagen-2022-i-vaxjo", "anna-vaxjo", mAnnaCoM + "--represents"}}},
		{"types, ordered by type not by filter", []string{vaxjo}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeLocatedIn, kg.EdgePartnerOf}}, [][]string{{
			"energikontor-partner-vaxjo-2015", "energikontor-partner-vaxjo-2020",
			"energikontor-sydost-i-vaxjo", "klimatdagen-2022-i-vaxjo", "vaxjo-i-kronoberg"}}},
		{"type and direction", []string{vaxjo}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeLocatedIn}, Direction: kg.DirIn}, [][]string{{
			"energikontor-sydost-i-vaxjo", "klimatdagen-2022-i-vaxjo"}}},
		{"in-edges ordered by the other end", []string{com}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn}, [][]string{{
			"lulea-com", "oslo-com", "vaxjo-com"}}},
		{"limit keeps the first", []string{vaxjo}, kg.EdgeFilter{Limit: 4}, [][]string{vaxjoAll[:4]}},
		{"limit above the count", []string{vaxjo}, kg.EdgeFilter{Limit: 100}, [][]string{vaxjoAll}},
		{"limit per node", []string{ess, vaxjo, sara}, kg.EdgeFilter{Limit: 2}, [][]string{
			{"energikontor-deltar-fossilfritt", "energikontor-partner-vaxjo-2015"},
			vaxjoAll[:2],
			{"sara-miljopartiet", mSaraKK + "--serves-on"}}},
		{"parallel edges", []string{ess}, kg.EdgeFilter{}, [][]string{{
			"energikontor-deltar-fossilfritt", "energikontor-partner-vaxjo-2015", "energikontor-partner-vaxjo-2020",
			"energikontor-sydost-i-vaxjo", "energikontor-arrangerar-klimatdagen-2022", "energikontor-arrangerar-klimatdagen-2023"}}},
		{"derived edges", []string{anna}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeRepresents}}, [][]string{{
			mAnnaSKR + "--represents", mAnnaCoM + "--represents", mAnnaCoM + "--serves-on", mAnnaSKR + "--serves-on"}}},
		{"derived edges seen from the body", []string{kk}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeServesOn}, Direction: kg.DirIn}, [][]string{{
			mErikKK + "--serves-on", mSaraKK + "--serves-on"}}},
		{"no REPRESENTS without a principal", []string{sara}, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeRepresents}}, [][]string{{}}},
		{"aligned, unknown and isolated are empty, duplicates repeat", []string{lulea, unknown, isolated, lulea},
			kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirOut},
			[][]string{{"lulea-com", "lulea-klimatkommunerna"}, {}, {}, {"lulea-com", "lulea-klimatkommunerna"}}},
		{"no ids", []string{}, kg.EdgeFilter{}, [][]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for i, id := range tc.ids {
				if o := c.f.edgesOf(id, tc.f); !slices.Equal(o, tc.want[i]) {
					t.Fatalf("fixture table out of date: oracle for %q gives %v", id, q(o))
				}
			}
			got, err := c.s.EdgesOf(authorised(), tc.ids, tc.f)
			noErr(t, err)
			if len(got) != len(tc.ids) {
				t.Fatalf("got %d lists for %d ids", len(got), len(tc.ids))
			}
			for i := range tc.ids {
				if ids := edgeIDs(got[i]); !slices.Equal(ids, tc.want[i]) {
					t.Errorf("[%d] %q:\n got %v\nwant %v", i, tc.ids[i], q(ids), q(tc.want[i]))
				}
			}
		})
	}
	// Every node, every direction, in one batch each, against the oracle; edges as stored.
	t.Run("every node", func(t *testing.T) {
		ids := c.allNodeIDs()
		for _, dir := range []kg.Direction{"", kg.DirBoth, kg.DirOut, kg.DirIn} {
			for _, types := range [][]kg.EdgeType{nil, {kg.EdgeMemberOf, kg.EdgeServesOn}} {
				ef := kg.EdgeFilter{Direction: dir, Types: types}
				got, err := c.s.EdgesOf(authorised(), ids, ef)
				noErr(t, err)
				if len(got) != len(ids) {
					t.Fatalf("%+v: got %d lists for %d ids", ef, len(got), len(ids))
				}
				for i, id := range ids {
					want := c.f.edgesOf(id, ef)
					if gi := edgeIDs(got[i]); !slices.Equal(gi, want) {
						t.Errorf("%+v %q:\n got %v\nwant %v", ef, id, q(gi), q(want))
						continue
					}
					for _, e := range got[i] {
						if !same(e, c.f.edge[e.ID]) {
							t.Errorf("%q: edge %q = %s, want %s", id, e.ID, show(e), show(c.f.edge[e.ID]))
						}
					}
				}
			}
		}
	})
}

// ---- Mandates ---------------------------------------------------------------------------

func (c *contract) mandates(t *testing.T) {
	d := kg.MustDate
	tests := []struct {
		name string
		f    kg.MandateFilter
		want []string
	}{
		{"all, by body, principal, person, id", kg.MandateFilter{}, []string{mErikCoM, mAnnaCoM, mSaraKK, mErikKK, mAnnaSKR}},
		{"person", kg.MandateFilter{Persons: []string{erik}}, []string{mErikCoM, mErikKK}},
		{"persons are ORed", kg.MandateFilter{Persons: []string{sara, erik}}, []string{mErikCoM, mSaraKK, mErikKK}},
		{"on behalf of", kg.MandateFilter{OnBehalfOf: []string{lulea}}, []string{mErikCoM, mErikKK}},
		{"on behalf of, ORed", kg.MandateFilter{OnBehalfOf: []string{kronoberg, vaxjo}}, []string{mAnnaCoM, mAnnaSKR}},
		{"body", kg.MandateFilter{Bodies: []string{com}}, []string{mErikCoM, mAnnaCoM}},
		{"bodies are ORed", kg.MandateFilter{Bodies: []string{skr, com}}, []string{mErikCoM, mAnnaCoM, mAnnaSKR}},
		{"person AND body", kg.MandateFilter{Persons: []string{anna}, Bodies: []string{com}}, []string{mAnnaCoM}},
		{"person AND principal AND body", kg.MandateFilter{Persons: []string{erik, anna}, OnBehalfOf: []string{lulea}, Bodies: []string{kk}}, []string{mErikKK}},
		{"principal AND body", kg.MandateFilter{OnBehalfOf: []string{lulea, vaxjo}, Bodies: []string{com, skr}}, []string{mErikCoM, mAnnaCoM}},
		{"lists that exclude each other", kg.MandateFilter{Persons: []string{sara}, OnBehalfOf: []string{lulea}}, []string{}},
		{"unknown person", kg.MandateFilter{Persons: []string{unknown}}, []string{}},
		{"unknown body", kg.MandateFilter{Bodies: []string{unknown}}, []string{}},
		{"a node that is no body", kg.MandateFilter{Bodies: []string{vaxjo}}, []string{}},
		// ActiveAt: open or missing bounds never exclude; partial dates are ranges.
		{"active 2020", kg.MandateFilter{ActiveAt: d("2020")}, []string{mAnnaCoM, mSaraKK, mErikKK}},
		{"active 2021-01 overlaps a start on 2021-01-15", kg.MandateFilter{ActiveAt: d("2021-01")}, []string{mErikCoM, mAnnaCoM, mSaraKK}},
		{"active 2021-01-10 is before it", kg.MandateFilter{ActiveAt: d("2021-01-10")}, []string{mAnnaCoM, mSaraKK}},
		{"active 2022-10-31 is inside an end of 2022-10", kg.MandateFilter{ActiveAt: d("2022-10-31")}, []string{mErikCoM, mAnnaCoM, mSaraKK}},
		{"active 2022-11 is after it", kg.MandateFilter{ActiveAt: d("2022-11")}, []string{mErikCoM, mSaraKK}},
		{"active 2030: open end and no period", kg.MandateFilter{ActiveAt: d("2030")}, []string{mErikCoM, mSaraKK}},
		{"active 1990: open start and no period", kg.MandateFilter{ActiveAt: d("1990")}, []string{mSaraKK, mErikKK}},
		{"active with person", kg.MandateFilter{Persons: []string{anna}, ActiveAt: d("2024-06-01")}, []string{mAnnaSKR}},
		{"active with body", kg.MandateFilter{Bodies: []string{com}, ActiveAt: d("2019")}, []string{mAnnaCoM}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.Mandates(authorised(), tc.f)
			noErr(t, err)
			if ids := mandateIDs(got); !slices.Equal(ids, tc.want) {
				t.Fatalf("\n got %v\nwant %v", q(ids), q(tc.want))
			}
			for _, m := range got {
				if !same(m, c.f.mandate[m.ID]) {
					t.Errorf("mandate %q = %s, want %s", m.ID, show(m), show(c.f.mandate[m.ID]))
				}
			}
		})
	}
}

// ---- Search -----------------------------------------------------------------------------

// Score classes of SearchHit.
const (
	exact  = 1.0
	alias  = 0.9
	prefix = 0.7
	word   = 0.5
	fuzzy  = 0.3
)

// inClass reports whether score belongs to class: at most the class score and above the
// next class down (the port allows "small tie-breakers" below the class score).
func inClass(score, class float64) bool {
	return score <= class+1e-9 && score > class-0.1+1e-9
}

// tier is a run of hits of one class whose order among themselves is not specified.
type tier struct {
	class float64
	ids   []string
}

func (c *contract) search(t *testing.T) {
	tests := []struct {
		name string
		q    kg.SearchQuery
		want []tier
	}{
		{"classes rank exact > alias > prefix > word",
			kg.SearchQuery{Text: "Covenant of Mayors", First: 10},
			[]tier{{exact, []string{com}}, {alias, []string{comOffice}}, {prefix, []string{comForum}}, {word, []string{gcom}}}},
		{"case-insensitive", kg.SearchQuery{Text: "cOVENANT OF MAYORS", First: 10},
			[]tier{{exact, []string{com}}, {alias, []string{comOffice}}, {prefix, []string{comForum}}, {word, []string{gcom}}}},
		{"word beats fuzzy", kg.SearchQuery{Text: "gröna", First: 10},
			[]tier{{word, []string{mp}}, {fuzzy, []string{isolated}}}},
		{"diacritics ignored in the query", kg.SearchQuery{Text: "vaxjo", First: 10},
			[]tier{{alias, []string{vaxjo}}, {word, []string{dag2022, dag2023}}}},
		{"diacritics and case ignored", kg.SearchQuery{Text: "VÄXJÖ", First: 10},
			[]tier{{alias, []string{vaxjo}}, {word, []string{dag2022, dag2023}}}},
		{"upper case without diacritics is a prefix", kg.SearchQuery{Text: "LULEA", First: 10},
			[]tier{{prefix, []string{lulea}}}},
		{"exact name, any case", kg.SearchQuery{Text: "LULEÅ KOMMUN", First: 10},
			[]tier{{exact, []string{lulea}}}},
		{"diacritics added in the query", kg.SearchQuery{Text: "Ösló kommune", First: 10},
			[]tier{{exact, []string{oslo}}}},
		{"alias", kg.SearchQuery{Text: "Borgmästaravtalet", First: 10},
			[]tier{{alias, []string{com}}}},
		{"alias without diacritics", kg.SearchQuery{Text: "borgmastaravtalet", First: 10},
			[]tier{{alias, []string{com}}}},
		{"short alias", kg.SearchQuery{Text: "skr", First: 10},
			[]tier{{alias, []string{skr}}}},
		{"exact name ties", kg.SearchQuery{Text: "Klimatdagen i Växjö", First: 10},
			[]tier{{exact, []string{dag2022, dag2023}}}},
		{"word", kg.SearchQuery{Text: "kronoberg", First: 10},
			[]tier{{word, []string{kronoberg, fossilfritt}}}},
		{"words in another order", kg.SearchQuery{Text: "Sydost Energikontor", First: 10},
			[]tier{{word, []string{ess}}}},
		{"one typo: missing letter", kg.SearchQuery{Text: "Enrgimyndigheten", First: 10},
			[]tier{{fuzzy, []string{energimynd}}}},
		{"one typo: swapped letters", kg.SearchQuery{Text: "Klimatkommunrena", First: 10},
			[]tier{{fuzzy, []string{kk}}}},
		{"one typo in one of two words", kg.SearchQuery{Text: "Luleå kommum", First: 10},
			[]tier{{fuzzy, []string{lulea}}}},
		{"kinds filter", kg.SearchQuery{Text: "Växjö", Kinds: []kg.NodeKind{kg.KindEvent}, First: 10},
			[]tier{{word, []string{dag2022, dag2023}}}},
		{"kinds filter, several", kg.SearchQuery{Text: "covenant of mayors", Kinds: []kg.NodeKind{kg.KindEvent, kg.KindOrganisation}, First: 10},
			[]tier{{alias, []string{comOffice}}, {prefix, []string{comForum}}}},
		{"kinds filter leaving nothing", kg.SearchQuery{Text: "Växjö", Kinds: []kg.NodeKind{kg.KindParty}, First: 10},
			nil},
		{"first caps", kg.SearchQuery{Text: "Covenant of Mayors", First: 2},
			[]tier{{exact, []string{com}}, {alias, []string{comOffice}}}},
		{"no hit", kg.SearchQuery{Text: "qwertyuiop", First: 10}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := c.s.Search(authorised(), tc.q)
			noErr(t, err)
			got := page.Hits
			c.checkHits(t, tc.q, got)
			n := 0
			for _, tr := range tc.want {
				n += len(tr.ids)
			}
			if len(got) != n {
				t.Fatalf("got %d hits %v, want %d: %+v", len(got), q(hitIDs(got)), n, tc.want)
			}
			at := 0
			for _, tr := range tc.want {
				run := got[at : at+len(tr.ids)]
				if ids := hitIDs(run); !sameSet(ids, tr.ids) {
					t.Errorf("hits %d..%d = %v, want %v (in any order)", at, at+len(tr.ids)-1, q(ids), q(tr.ids))
				}
				for _, h := range run {
					if !inClass(h.Score, tr.class) {
						t.Errorf("hit %q: score %v, want class %v", h.Node.ID, h.Score, tr.class)
					}
				}
				at += len(tr.ids)
			}
		})
	}
	// First cuts ties: one of the two equally good hits.
	t.Run("first cuts a tie", func(t *testing.T) {
		sq := kg.SearchQuery{Text: "klimatdagen i vaxjo", First: 1}
		page, err := c.s.Search(authorised(), sq)
		noErr(t, err)
		got := page.Hits
		c.checkHits(t, sq, got)
		if len(got) != 1 || (got[0].Node.ID != dag2022 && got[0].Node.ID != dag2023) || !inClass(got[0].Score, exact) {
			t.Errorf("got %v", show(got))
		}
	})
}

// checkHits checks what holds for every search result: at most First hits, no nil or repeated
// node, nodes as stored, kinds as asked, scores in (0,1] and not increasing.
func (c *contract) checkHits(t *testing.T, sq kg.SearchQuery, hits []kg.SearchHit) {
	t.Helper()
	if len(hits) > sq.First {
		t.Errorf("%d hits for First %d", len(hits), sq.First)
	}
	if d := dupes(hitIDs(hits)); len(d) > 0 {
		t.Errorf("repeated hits %v", d)
	}
	for i, h := range hits {
		if h.Node == nil {
			t.Fatalf("hit %d has no node", i)
		}
		if !same(h.Node, c.f.node[h.Node.ID]) {
			t.Errorf("hit node %s, want %s", show(h.Node), show(c.f.node[h.Node.ID]))
		}
		if len(sq.Kinds) > 0 && !slices.Contains(sq.Kinds, h.Node.Kind) {
			t.Errorf("hit %q is a %s, not one of %v", h.Node.ID, h.Node.Kind, sq.Kinds)
		}
		if h.Score <= 0 || h.Score > 1 {
			t.Errorf("hit %q: score %v not in (0,1]", h.Node.ID, h.Score)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("hit %d (%q, %v) scores above hit %d (%v)", i, h.Node.ID, h.Score, i-1, hits[i-1].Score)
		}
	}
}

// ---- Path -------------------------------------------------------------------------------

func (c *contract) path(t *testing.T) {
	loc := []kg.EdgeType{kg.EdgeLocatedIn}
	const none = -1
	tests := []struct {
		name      string
		q         kg.PathQuery
		wantLen   int      // hops; none for a nil path
		wantEdges []string // when the shortest path is unique
	}{
		{"two hops", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 6}, 2, nil},
		{"reverse", kg.PathQuery{From: lulea, To: vaxjo, MaxHops: 6}, 2, nil},
		{"exactly MaxHops", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 2}, 2, nil},
		{"MaxHops too small", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 1}, none, nil},
		{"MaxHops zero", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 0}, none, nil},
		{"types make it longer", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 6, Types: loc}, 4,
			[]string{"vaxjo-i-kronoberg", "kronoberg-i-sverige", "norrbotten-i-sverige", "lulea-i-norrbotten"}},
		{"types and MaxHops", kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 3, Types: loc}, none, nil},
		{"along the direction", kg.PathQuery{From: alvesta, To: sverige, MaxHops: 6, Types: loc}, 2,
			[]string{"alvesta-i-kronoberg", "kronoberg-i-sverige"}},
		{"against the direction", kg.PathQuery{From: sverige, To: alvesta, MaxHops: 6, Types: loc}, 2,
			[]string{"kronoberg-i-sverige", "alvesta-i-kronoberg"}},
		{"against the direction, any type", kg.PathQuery{From: sverige, To: alvesta, MaxHops: 6}, 2, nil},
		{"through a derived edge", kg.PathQuery{From: anna, To: norge, MaxHops: 6}, 3,
			[]string{mAnnaCoM + "--serves-on", "oslo-com", "oslo-i-norge"}},
		{"one derived edge", kg.PathQuery{From: sara, To: kk, MaxHops: 6}, 1,
			[]string{mSaraKK + "--serves-on"}},
		{"only derived types", kg.PathQuery{From: anna, To: erik, MaxHops: 6, Types: []kg.EdgeType{kg.EdgeRepresents, kg.EdgeServesOn}}, 2,
			[]string{mAnnaCoM + "--serves-on", mErikCoM + "--serves-on"}},
		{"types that do not connect", kg.PathQuery{From: anna, To: erik, MaxHops: 6, Types: []kg.EdgeType{kg.EdgeMemberOf}}, none, nil},
		{"parallel edges", kg.PathQuery{From: ess, To: vaxjo, MaxHops: 6}, 1, nil},
		{"longest in the fixture", kg.PathQuery{From: dag2023, To: aforsk, MaxHops: 6}, 6, nil},
		{"longest, one hop short", kg.PathQuery{From: dag2023, To: aforsk, MaxHops: 5}, none, nil},
		{"other country", kg.PathQuery{From: oslo, To: sverige, MaxHops: 6, Types: loc}, none, nil},
		{"isolated node as source", kg.PathQuery{From: isolated, To: vaxjo, MaxHops: 6}, none, nil},
		{"isolated node as target", kg.PathQuery{From: vaxjo, To: isolated, MaxHops: 6}, none, nil},
		{"unknown source", kg.PathQuery{From: unknown, To: vaxjo, MaxHops: 6}, none, nil},
		{"unknown target", kg.PathQuery{From: vaxjo, To: unknown, MaxHops: 6}, none, nil},
		{"both unknown and equal", kg.PathQuery{From: unknown, To: unknown, MaxHops: 6}, none, nil},
		{"from equals to", kg.PathQuery{From: vaxjo, To: vaxjo, MaxHops: 4}, 0, nil},
		{"from equals to, isolated", kg.PathQuery{From: isolated, To: isolated, MaxHops: 4}, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d, ok := Distances(c.f.g, tc.q.From, tc.q.Types)[tc.q.To]; tc.wantLen != none && (!ok || d != tc.wantLen) {
				t.Fatalf("fixture table out of date: distance is %d (reachable %v)", d, ok)
			}
			p, err := c.s.Path(authorised(), tc.q)
			noErr(t, err)
			if tc.wantLen == none {
				if p != nil {
					t.Fatalf("got path %v / %v, want nil", q(nodeIDs(p.Nodes)), q(edgeIDs(p.Edges)))
				}
				return
			}
			c.checkPath(t, tc.q, p, tc.wantLen)
			if tc.wantEdges != nil && !slices.Equal(edgeIDs(p.Edges), tc.wantEdges) {
				t.Errorf("edges %v, want %v", q(edgeIDs(p.Edges)), q(tc.wantEdges))
			}
		})
	}
	t.Run("from several nodes to all", func(t *testing.T) {
		for _, from := range []string{vaxjo, anna, dag2023, isolated, norge} {
			dist := Distances(c.f.g, from, nil)
			for _, to := range c.allNodeIDs() {
				pq := kg.PathQuery{From: from, To: to, MaxHops: 6}
				p, err := c.s.Path(authorised(), pq)
				noErr(t, err)
				d, ok := dist[to]
				if !ok {
					if p != nil {
						t.Errorf("%s → %s: got a path, want nil", from, to)
					}
					continue
				}
				c.checkPath(t, pq, p, d)
			}
		}
	})
}

func (c *contract) checkPath(t *testing.T, pq kg.PathQuery, p *kg.Path, wantLen int) {
	t.Helper()
	if err := ValidWalk(c.f.g, p, pq.From, pq.To, pq.Types); err != nil {
		t.Fatalf("%s → %s: %v", pq.From, pq.To, err)
	}
	if len(p.Edges) != wantLen {
		t.Errorf("%s → %s: %d hops %v, want %d (shortest)", pq.From, pq.To, len(p.Edges), q(edgeIDs(p.Edges)), wantLen)
	}
	for _, n := range p.Nodes {
		if !same(n, c.f.node[n.ID]) {
			t.Errorf("node %s, want %s", show(n), show(c.f.node[n.ID]))
		}
	}
	for _, e := range p.Edges {
		if !same(e, c.f.edge[e.ID]) {
			t.Errorf("edge %s, want %s", show(e), show(c.f.edge[e.ID]))
		}
	}
}

// ---- Neighbourhood ----------------------------------------------------------------------

func (c *contract) neighbourhood(t *testing.T) {
	loc := []kg.EdgeType{kg.EdgeLocatedIn}
	tests := []struct {
		name      string
		q         kg.NeighbourhoodQuery
		wantNodes []string // when not nil: exactly these (any order)
		wantTrunc bool
	}{
		{"hops 0 is the centre", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 0, Limit: 10}, []string{vaxjo}, false},
		{"hops 1", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 100}, []string{
			vaxjo, com, kk, skr, comForum, ess, dag2022, kronoberg, anna}, false},
		{"hops 2", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 2, Limit: 100}, nil, false},
		{"hops beyond the graph", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 10, Limit: 100}, nil, false},
		{"parallel edges", kg.NeighbourhoodQuery{Center: ess, Hops: 1, Limit: 100}, []string{
			ess, vaxjo, fossilfritt, dag2022, dag2023}, false},
		{"types", kg.NeighbourhoodQuery{Center: sverige, Hops: 2, Types: loc, Limit: 100}, []string{
			sverige, kronoberg, norrbotten, kk, vaxjo, alvesta, lulea}, false},
		{"types, one hop more", kg.NeighbourhoodQuery{Center: sverige, Hops: 3, Types: loc, Limit: 100}, []string{
			sverige, kronoberg, norrbotten, kk, vaxjo, alvesta, lulea, ess, dag2022}, false},
		{"derived types", kg.NeighbourhoodQuery{Center: anna, Hops: 1, Types: []kg.EdgeType{kg.EdgeRepresents, kg.EdgeServesOn}, Limit: 100}, []string{
			anna, vaxjo, kronoberg, com, skr}, false},
		{"types with no edge", kg.NeighbourhoodQuery{Center: sara, Hops: 2, Types: []kg.EdgeType{kg.EdgeRepresents}, Limit: 100}, []string{sara}, false},
		{"isolated", kg.NeighbourhoodQuery{Center: isolated, Hops: 3, Limit: 100}, []string{isolated}, false},
		{"limit equal to the size", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 9}, nil, false},
		{"limit one below the size", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 8}, nil, true},
		{"limit 1", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 1}, []string{vaxjo}, true},
		{"limit at hops 2", kg.NeighbourhoodQuery{Center: vaxjo, Hops: 2, Limit: 5}, nil, true},
		{"limit with types", kg.NeighbourhoodQuery{Center: sverige, Hops: 3, Types: loc, Limit: 4}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := c.s.Neighbourhood(authorised(), tc.q)
			noErr(t, err)
			if sg == nil {
				t.Fatal("got nil")
			}
			c.checkSubgraph(t, tc.q, sg, tc.wantTrunc)
			if tc.wantNodes != nil && !sameSet(nodeIDs(sg.Nodes), tc.wantNodes) {
				t.Errorf("nodes %v, want %v", q(nodeIDs(sg.Nodes)), q(tc.wantNodes))
			}
		})
	}
	t.Run("unknown centre", func(t *testing.T) {
		sg, err := c.s.Neighbourhood(authorised(), kg.NeighbourhoodQuery{Center: unknown, Hops: 2, Limit: 100})
		noErr(t, err)
		if sg != nil {
			t.Errorf("got %v, want nil", q(nodeIDs(sg.Nodes)))
		}
	})
}

// checkSubgraph checks a neighbourhood against breadth-first distances in the fixture:
//   - nodes are unique, within Hops of the centre (over the allowed types) and include it;
//   - Truncated is set exactly when more nodes are within reach than Limit, and then there
//     are Limit nodes; otherwise the nodes are all those within reach;
//   - the edges are unique, as stored, of the allowed types, and are exactly the edges walked
//     from an expanded node (one at distance < Hops) to a returned node;
//   - every node is reached from the centre over the returned edges.
func (c *contract) checkSubgraph(t *testing.T, nq kg.NeighbourhoodQuery, sg *kg.Subgraph, wantTrunc bool) {
	t.Helper()
	dist := Distances(c.f.g, nq.Center, nq.Types)
	var ball []string
	for id, d := range dist {
		if d <= nq.Hops {
			ball = append(ball, id)
		}
	}
	if (len(ball) > nq.Limit) != wantTrunc {
		t.Fatalf("fixture table out of date: %d nodes within reach, limit %d", len(ball), nq.Limit)
	}
	ids := nodeIDs(sg.Nodes)
	if d := dupes(ids); len(d) > 0 {
		t.Errorf("repeated nodes %v", d)
	}
	in := map[string]bool{}
	for _, n := range sg.Nodes {
		if n == nil {
			t.Fatalf("nil node in %v", q(ids))
		}
		in[n.ID] = true
		if d, ok := dist[n.ID]; !ok || d > nq.Hops {
			t.Errorf("node %q is not within %d hops", n.ID, nq.Hops)
		}
		if !same(n, c.f.node[n.ID]) {
			t.Errorf("node %s, want %s", show(n), show(c.f.node[n.ID]))
		}
	}
	if !in[nq.Center] {
		t.Errorf("centre %q missing from %v", nq.Center, q(ids))
	}
	if sg.Truncated != wantTrunc {
		t.Errorf("Truncated = %v, want %v (%d nodes within reach, limit %d)", sg.Truncated, wantTrunc, len(ball), nq.Limit)
	}
	if wantTrunc {
		if len(sg.Nodes) != nq.Limit {
			t.Errorf("truncated with %d nodes, want the limit %d", len(sg.Nodes), nq.Limit)
		}
	} else if !sameSet(ids, ball) {
		t.Errorf("nodes %v, want %v", q(ids), q(ball))
	}

	var want []string
	for _, e := range c.f.all {
		if len(nq.Types) > 0 && !slices.Contains(nq.Types, e.Type) {
			continue
		}
		df, okf := dist[e.From]
		dt, okt := dist[e.To]
		if !okf || !okt || min(df, dt) >= nq.Hops || !in[e.From] || !in[e.To] {
			continue
		}
		want = append(want, e.ID)
	}
	got := edgeIDs(sg.Edges)
	if d := dupes(got); len(d) > 0 {
		t.Errorf("repeated edges %v", d)
	}
	for _, e := range sg.Edges {
		if e != nil && !same(e, c.f.edge[e.ID]) {
			t.Errorf("edge %s, want %s", show(e), show(c.f.edge[e.ID]))
		}
	}
	if !sameSet(got, want) {
		t.Errorf("edges %v, want %v", q(got), q(want))
	}
	// Connectivity over the returned edges.
	reached := map[string]bool{nq.Center: true}
	for changed := true; changed; {
		changed = false
		for _, e := range sg.Edges {
			if e == nil {
				continue
			}
			if reached[e.From] != reached[e.To] {
				reached[e.From], reached[e.To] = true, true
				changed = true
			}
		}
	}
	for _, id := range ids {
		if !reached[id] {
			t.Errorf("node %q is not connected to the centre by the returned edges", id)
		}
	}
}

// ---- ListNodes --------------------------------------------------------------------------

func (c *contract) listNodes(t *testing.T) {
	all := c.f.listOrder(nil)
	// The folded order puts "Ångpanneföreningens …" among the a's and the two equally named
	// Klimatdagen events in id order.
	if !slices.Equal(all[:3], []string{alvesta, aforsk, anna}) {
		t.Fatalf("fixture order out of date: %v", q(all))
	}
	ks := func(k ...kg.NodeKind) []kg.NodeKind { return k }
	tests := []struct {
		name string
		q    kg.ListQuery
		want []string
	}{
		{"all", kg.ListQuery{}, all},
		{"one kind", kg.ListQuery{Kinds: ks(kg.KindMunicipality)}, []string{alvesta, lulea, oslo, vaxjo}},
		{"several kinds", kg.ListQuery{Kinds: ks(kg.KindParty, kg.KindPerson)}, []string{anna, erik, mp, sara, socdem}},
		{"equal names by id", kg.ListQuery{Kinds: ks(kg.KindEvent)}, []string{comForum, dag2022, dag2023}},
		{"name contains, case-insensitive", kg.ListQuery{NameContains: "KOMMUN"}, []string{alvesta, kk, lulea, oslo, skr, vaxjo}},
		{"name contains, diacritics ignored", kg.ListQuery{NameContains: "vaxjo"}, []string{dag2022, dag2023, vaxjo}},
		{"name contains, diacritics in the needle", kg.ListQuery{NameContains: "Luleå"}, []string{lulea}},
		{"name contains with kind", kg.ListQuery{NameContains: "covenant", Kinds: ks(kg.KindNetwork)}, []string{com, gcom}},
		{"name contains nothing", kg.ListQuery{NameContains: "zzzz"}, []string{}},
		{"country, transitively", kg.ListQuery{Country: sverige}, []string{alvesta, ess, dag2022, kk, lulea, kronoberg, norrbotten, vaxjo}},
		{"country, directly", kg.ListQuery{Country: norge}, []string{oslo}},
		{"country with one kind", kg.ListQuery{Country: sverige, Kinds: ks(kg.KindMunicipality)}, []string{alvesta, lulea, vaxjo}},
		{"country with kinds", kg.ListQuery{Country: sverige, Kinds: ks(kg.KindMunicipality, kg.KindOrganisation)}, []string{alvesta, ess, lulea, vaxjo}},
		{"country with name", kg.ListQuery{Country: sverige, NameContains: "region"}, []string{kronoberg, norrbotten}},
		{"active in 2021", kg.ListQuery{ActiveIn: 2021}, []string{ess, energimynd, fossilfritt, kk, klimatlyft}},
		{"active in 2010: open start", kg.ListQuery{ActiveIn: 2010}, []string{ess, energimynd, kk, isolated}},
		{"active in 2023", kg.ListQuery{ActiveIn: 2023}, []string{comForum, ess, energimynd, dag2023, kk, klimatlyft}},
		{"active with kind", kg.ListQuery{ActiveIn: 2022, Kinds: ks(kg.KindEvent)}, []string{dag2022}},
		{"active in 1990: only an open start", kg.ListQuery{ActiveIn: 1990}, []string{isolated}},
		{"active, none of the kind", kg.ListQuery{ActiveIn: 2021, Kinds: ks(kg.KindPerson)}, []string{}},
		{"all filters", kg.ListQuery{Kinds: ks(kg.KindEvent, kg.KindOrganisation), NameContains: "växjö", Country: sverige, ActiveIn: 2022}, []string{dag2022}},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 2, 5, 100} {
			t.Run(tc.name+"/first "+strconv.Itoa(size), func(t *testing.T) {
				c.checkWalk(t, tc.q, size, tc.want)
			})
		}
	}
	t.Run("resume from any cursor", func(t *testing.T) {
		page, err := c.s.ListNodes(authorised(), kg.ListQuery{First: 100})
		noErr(t, err)
		if len(page.Cursors) != len(all) {
			t.Fatalf("%d cursors for %d nodes", len(page.Cursors), len(all))
		}
		for i, cur := range page.Cursors {
			next, err := c.s.ListNodes(authorised(), kg.ListQuery{First: 3, After: cur})
			noErr(t, err)
			want := all[i+1 : min(i+4, len(all))]
			if ids := nodeIDs(next.Nodes); !slices.Equal(ids, want) {
				t.Errorf("after cursor %d: %v, want %v", i, q(ids), q(want))
			}
			if !next.HasPrev {
				t.Errorf("after cursor %d: HasPrev false", i)
			}
			if next.HasNext != (i+4 < len(all)) {
				t.Errorf("after cursor %d: HasNext %v", i, next.HasNext)
			}
			if next.TotalCount != len(all) {
				t.Errorf("after cursor %d: TotalCount %d, want %d", i, next.TotalCount, len(all))
			}
		}
	})
	t.Run("bad cursor", func(t *testing.T) {
		for _, cur := range []string{"not a cursor!", "Zm9vYmFy", "%%%"} {
			_, err := c.s.ListNodes(authorised(), kg.ListQuery{First: 5, After: cur})
			wantCode(t, err, kg.EINVALID)
		}
	})
}

// checkWalk pages through q with the given page size and checks the pages against want.
func (c *contract) checkWalk(t *testing.T, lq kg.ListQuery, size int, want []string) {
	t.Helper()
	var got []string
	lq.First = size
	lq.After = ""
	for i := 0; ; i++ {
		if i > len(c.f.g.Nodes)+1 {
			t.Fatalf("no end after %d pages: %v", i, q(got))
		}
		p, err := c.s.ListNodes(authorised(), lq)
		noErr(t, err)
		if p == nil {
			t.Fatal("nil page")
		}
		ids := nodeIDs(p.Nodes)
		if len(p.Cursors) != len(p.Nodes) {
			t.Fatalf("page %d: %d cursors for %d nodes", i, len(p.Cursors), len(p.Nodes))
		}
		if len(p.Nodes) > size {
			t.Fatalf("page %d: %d nodes, First %d", i, len(p.Nodes), size)
		}
		if p.TotalCount != len(want) {
			t.Errorf("page %d: TotalCount %d, want %d", i, p.TotalCount, len(want))
		}
		if p.HasPrev != (i > 0) {
			t.Errorf("page %d: HasPrev %v", i, p.HasPrev)
		}
		for _, n := range p.Nodes {
			if !same(n, c.f.node[n.ID]) {
				t.Errorf("node %s, want %s", show(n), show(c.f.node[n.ID]))
			}
		}
		for _, cur := range p.Cursors {
			if cur == "" {
				t.Fatalf("page %d: empty cursor", i)
			}
		}
		got = append(got, ids...)
		wantNext := len(got) < len(want)
		if p.HasNext != wantNext {
			t.Fatalf("page %d (%v): HasNext %v, want %v", i, q(ids), p.HasNext, wantNext)
		}
		if !p.HasNext {
			break
		}
		if len(p.Nodes) != size {
			t.Fatalf("page %d: %d nodes before the end, want %d", i, len(p.Nodes), size)
		}
		lq.After = p.Cursors[len(p.Cursors)-1]
	}
	if got == nil {
		got = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("walk gives %v, want %v", q(got), q(want))
	}
	if d := dupes(got); len(d) > 0 {
		t.Errorf("repeated %v", d)
	}
}

// ---- Sources, Stats ---------------------------------------------------------------------

func (c *contract) sources(t *testing.T) {
	got, err := c.s.Sources(authorised())
	noErr(t, err)
	if len(got) != len(c.f.g.Sources) {
		t.Fatalf("got %d sources, want %d", len(got), len(c.f.g.Sources))
	}
	byID := map[string]*kg.Source{}
	for _, s := range got {
		if s == nil {
			t.Fatal("nil source")
		}
		byID[s.ID] = s
	}
	for _, want := range c.f.g.Sources {
		s := byID[want.ID]
		if s == nil {
			t.Errorf("source %q missing", want.ID)
			continue
		}
		// Text is not served, so a backend need not return it.
		a, b := *s, *want
		a.Text, b.Text = "", ""
		if !same(a, b) {
			t.Errorf("source:\n got %s\nwant %s", show(a), show(b))
		}
	}
	if s := byID[srcKK]; s != nil && s.Updated != kg.MustDate("2023-05-04") {
		t.Errorf("%s: Updated %v, want 2023-05-04", srcKK, s.Updated)
	}
	if s := byID[srcCoM]; s != nil && !s.Updated.IsZero() {
		t.Errorf("%s: Updated %v, want none", srcCoM, s.Updated)
	}
}

func (c *contract) stats(t *testing.T) {
	ctx := authorised()
	st, err := c.s.Stats(ctx)
	noErr(t, err)
	g := c.f.g
	if st.Nodes != len(g.Nodes) || st.Edges != len(g.AllEdges()) || st.Mandates != len(g.Mandates) {
		t.Errorf("Stats = %+v, want %d nodes, %d edges (written and derived), %d mandates",
			st, len(g.Nodes), len(g.AllEdges()), len(g.Mandates))
	}
	if st.Version == "" {
		t.Error("empty Version")
	}
	for range 3 {
		again, err := c.s.Stats(ctx)
		noErr(t, err)
		if again != st {
			t.Errorf("Stats changed between calls: %+v then %+v", st, again)
		}
	}
	find := func(g *kg.Graph, id string) *kg.Node {
		for _, n := range g.Nodes {
			if n.ID == id {
				return n
			}
		}
		panic(id)
	}
	findEdge := func(g *kg.Graph, id string) *kg.Edge {
		for _, e := range g.Edges {
			if e.ID == id {
				return e
			}
		}
		panic(id)
	}
	changes := []struct {
		name   string
		change func(g *kg.Graph)
		dn, de int // change of node and edge counts
		dm     int
	}{
		{"node added", func(g *kg.Graph) {
			g.Nodes = append(g.Nodes, &kg.Node{ID: "kalmar-kommun", Kind: kg.KindMunicipality, Name: "Kalmar kommun",
				Evidence: []kg.Evidence{{SourceID: srcKK, Quote: "kommuner och regioner", SourceUpdated: kg.MustDate("2023-05-04")}}})
		}, 1, 0, 0},
		{"node renamed", func(g *kg.Graph) { find(g, alvesta).Name = "Alvesta kommun (ny)" }, 0, 0, 0},
		{"node period changed", func(g *kg.Graph) { find(g, fossilfritt).Until = kg.MustDate("2023") }, 0, 0, 0},
		{"edge removed", func(g *kg.Graph) {
			g.Edges = slices.DeleteFunc(g.Edges, func(e *kg.Edge) bool { return e.ID == "oslo-com" })
		}, 0, -1, 0},
		{"edge role changed", func(g *kg.Graph) { findEdge(g, "vaxjo-com").Role = "undertecknare" }, 0, 0, 0},
		{"edge endpoint changed", func(g *kg.Graph) { findEdge(g, "oslo-com").To = kk }, 0, 0, 0},
		{"mandate period changed", func(g *kg.Graph) { g.Mandates[0].Until = kg.MustDate("2025") }, 0, 0, 0},
		{"mandate removed", func(g *kg.Graph) { g.Mandates = g.Mandates[1:] }, 0, -2, -1},
	}
	for _, ch := range changes {
		t.Run("version follows the graph/"+ch.name, func(t *testing.T) {
			g2 := Graph()
			ch.change(g2)
			s2 := c.open(t, g2)
			st2, err := s2.Stats(ctx)
			noErr(t, err)
			if st2.Version == st.Version {
				t.Errorf("Version %q unchanged", st2.Version)
			}
			if st2.Nodes != st.Nodes+ch.dn || st2.Edges != st.Edges+ch.de || st2.Mandates != st.Mandates+ch.dm {
				t.Errorf("Stats = %+v, base %+v", st2, st)
			}
		})
	}
}

// ---- errors -----------------------------------------------------------------------------

func (c *contract) invalidInput(t *testing.T) {
	ctx := authorised()
	bogus := []kg.EdgeType{"NOT_A_TYPE"}
	tests := []struct {
		name string
		call func() error
	}{
		{"EdgesOf direction", func() error {
			_, err := c.s.EdgesOf(ctx, []string{vaxjo}, kg.EdgeFilter{Direction: "SIDEWAYS"})
			return err
		}},
		{"EdgesOf type", func() error {
			_, err := c.s.EdgesOf(ctx, []string{vaxjo}, kg.EdgeFilter{Types: bogus})
			return err
		}},
		{"Path type", func() error {
			_, err := c.s.Path(ctx, kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 4, Types: bogus})
			return err
		}},
		{"Neighbourhood type", func() error {
			_, err := c.s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 10, Types: bogus})
			return err
		}},
		{"ListNodes cursor", func() error {
			_, err := c.s.ListNodes(ctx, kg.ListQuery{First: 5, After: "garbage"})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), kg.EINVALID) })
	}
}

// limits: both stores enforce the bounds of kg (MaxPathHops, MaxStoreHops) the same way, and
// check a query's arguments before its ids, so that an unknown id never hides a bad query.
func (c *contract) limits(t *testing.T) {
	ctx := authorised()
	bogus := []kg.EdgeType{"NOT_A_TYPE"}
	path := func(q kg.PathQuery) func() error {
		return func() error { _, err := c.s.Path(ctx, q); return err }
	}
	hood := func(q kg.NeighbourhoodQuery) func() error {
		return func() error { _, err := c.s.Neighbourhood(ctx, q); return err }
	}
	over, overHood := kg.MaxPathHops+1, kg.MaxStoreHops+1
	invalid := []struct {
		name string
		call func() error
	}{
		{"Path above MaxPathHops", path(kg.PathQuery{From: dag2023, To: aforsk, MaxHops: over})},
		{"Path above MaxPathHops, from equals to", path(kg.PathQuery{From: vaxjo, To: vaxjo, MaxHops: over})},
		{"Path above MaxPathHops, unknown ids", path(kg.PathQuery{From: unknown, To: vaxjo, MaxHops: over})},
		{"Path bad type, unknown ids", path(kg.PathQuery{From: unknown, To: unknown + "2", MaxHops: 2, Types: bogus})},
		{"Neighbourhood above MaxStoreHops", hood(kg.NeighbourhoodQuery{Center: vaxjo, Hops: overHood, Limit: 100})},
		{"Neighbourhood above MaxStoreHops, small limit", hood(kg.NeighbourhoodQuery{Center: vaxjo, Hops: overHood, Limit: 5})},
		{"Neighbourhood above MaxStoreHops, unknown centre", hood(kg.NeighbourhoodQuery{Center: unknown, Hops: overHood, Limit: 100})},
		{"Neighbourhood bad type, unknown centre", hood(kg.NeighbourhoodQuery{Center: unknown, Hops: 1, Limit: 100, Types: bogus})},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, tc.call(), kg.EINVALID) })
	}
	t.Run("Path at MaxPathHops", func(t *testing.T) {
		pq := kg.PathQuery{From: dag2023, To: aforsk, MaxHops: kg.MaxPathHops}
		p, err := c.s.Path(ctx, pq)
		noErr(t, err)
		c.checkPath(t, pq, p, 6)
	})
	t.Run("Neighbourhood at MaxStoreHops", func(t *testing.T) {
		nq := kg.NeighbourhoodQuery{Center: vaxjo, Hops: kg.MaxStoreHops, Limit: 1000}
		sg, err := c.s.Neighbourhood(ctx, nq)
		noErr(t, err)
		if sg == nil {
			t.Fatal("got nil")
		}
		c.checkSubgraph(t, nq, sg, false)
	})
}

func (c *contract) cancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(authorised())
	cancel()
	calls := []struct {
		name string
		call func() error
	}{
		{"NodesByIDs", func() error { _, err := c.s.NodesByIDs(ctx, []string{vaxjo}); return err }},
		{"EdgesByIDs", func() error { _, err := c.s.EdgesByIDs(ctx, []string{"vaxjo-com"}); return err }},
		{"MandatesByIDs", func() error { _, err := c.s.MandatesByIDs(ctx, []string{mAnnaCoM}); return err }},
		{"EdgesOf", func() error { _, err := c.s.EdgesOf(ctx, []string{vaxjo}, kg.EdgeFilter{}); return err }},
		{"Mandates", func() error { _, err := c.s.Mandates(ctx, kg.MandateFilter{}); return err }},
		{"Search", func() error { _, err := c.s.Search(ctx, kg.SearchQuery{Text: "växjö", First: 10}); return err }},
		{"Path", func() error { _, err := c.s.Path(ctx, kg.PathQuery{From: vaxjo, To: norge, MaxHops: 6}); return err }},
		{"Path to itself", func() error { _, err := c.s.Path(ctx, kg.PathQuery{From: vaxjo, To: vaxjo, MaxHops: 6}); return err }},
		{"Neighbourhood", func() error {
			_, err := c.s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: vaxjo, Hops: 2, Limit: 100})
			return err
		}},
		{"ListNodes", func() error { _, err := c.s.ListNodes(ctx, kg.ListQuery{First: 5}); return err }},
		{"Sources", func() error { _, err := c.s.Sources(ctx); return err }},
		{"Stats", func() error { _, err := c.s.Stats(ctx); return err }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err == nil {
				t.Error("no error for a cancelled context")
			}
		})
	}
}

// authorised is the context most cases run with: a caller allowed to read personal contact
// data, so that stores return whole nodes, comparable with the fixture. ContactAccess checks
// what an anonymous caller gets.
func authorised() context.Context { return kg.WithContactAccess(context.Background()) }

// contactAccess: personal contact data (Node.Contact) reaches only a context marked
// kg.WithContactAccess, from every method that returns nodes; an anonymous caller gets the
// same nodes without it — the Neo4j store does not even read it from the database.
func (c *contract) contactAccess(t *testing.T) {
	anon := context.Background()
	all := c.allNodeIDs()
	withContact := 0
	for _, id := range all {
		if c.f.node[id].Contact != nil {
			withContact++
		}
	}
	if withContact == 0 {
		t.Fatal("the fixture has no contact data to check")
	}
	check := func(t *testing.T, what string, nodes []*kg.Node) {
		t.Helper()
		for _, n := range nodes {
			if n == nil {
				continue
			}
			if n.Contact != nil {
				t.Errorf("%s: anonymous caller got contact data of %q", what, n.ID)
			}
			want := *c.f.node[n.ID]
			want.Contact = nil
			if !same(n, &want) {
				t.Errorf("%s: %q differs beyond its contact data:\n got %s\nwant %s", what, n.ID, show(n), show(&want))
			}
		}
	}
	t.Run("NodesByIDs", func(t *testing.T) {
		got, err := c.s.NodesByIDs(anon, all)
		noErr(t, err)
		check(t, "NodesByIDs", got)
		authed, err := c.s.NodesByIDs(authorised(), all)
		noErr(t, err)
		n := 0
		for _, x := range authed {
			if x != nil && x.Contact != nil {
				n++
			}
		}
		if n != withContact {
			t.Errorf("authorised caller got contact data of %d nodes, want %d", n, withContact)
		}
	})
	t.Run("ListNodes", func(t *testing.T) {
		p, err := c.s.ListNodes(anon, kg.ListQuery{First: kg.MaxFirst})
		noErr(t, err)
		check(t, "ListNodes", p.Nodes)
	})
	t.Run("Search", func(t *testing.T) {
		page, err := c.s.Search(anon, kg.SearchQuery{Text: "Anna Lindqvist", First: 10})
		noErr(t, err)
		hits := page.Hits
		if len(hits) == 0 {
			t.Fatal("no hits")
		}
		for _, h := range hits {
			check(t, "Search", []*kg.Node{h.Node})
		}
	})
	t.Run("Neighbourhood", func(t *testing.T) {
		sg, err := c.s.Neighbourhood(anon, kg.NeighbourhoodQuery{Center: anna, Hops: 2, Limit: 1000})
		noErr(t, err)
		check(t, "Neighbourhood", sg.Nodes)
	})
	t.Run("Path", func(t *testing.T) {
		p, err := c.s.Path(anon, kg.PathQuery{From: anna, To: vaxjo, MaxHops: kg.MaxPathHops})
		noErr(t, err)
		if p == nil {
			t.Fatal("no path")
		}
		check(t, "Path", p.Nodes)
		p, err = c.s.Path(anon, kg.PathQuery{From: anna, To: anna, MaxHops: 1})
		noErr(t, err)
		check(t, "Path to itself", p.Nodes)
	})
}
