// Package storetest is the contract suite of the kg.Store port: a fixture graph (Graph) and
// the tests every backend must pass (Run). A backend's test calls
//
//	storetest.Run(t, func(t *testing.T, g *kg.Graph) kg.Store { … build a store from g … })
//
// The suite tests only behaviour the port documents, never one backend's internals, and
// does not depend on the order of map iteration or of the fixture's slices.
package storetest

import (
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// Source ids of the fixture.
const (
	srcKK  = "klimatkommunerna-medlemmar"
	srcCoM = "covenant-of-mayors-signatories"
)

// textKK is a Swedish member page with a "Senast uppdaterad" date.
const textKK = `Klimatkommunerna är en förening för kommuner och regioner som arbetar aktivt med klimatfrågor. Föreningen bildades 2003 och har sitt kansli i Sverige. Föreningen har över 40 medlemmar, bland andra Växjö kommun, Luleå kommun och Alvesta kommun.

Växjö kommun och Alvesta kommun ligger i Region Kronoberg. Luleå kommun ligger i Region Norrbotten. Båda regionerna ligger i Sverige.

Ordförande i föreningen är Sara Öberg (Miljöpartiet de gröna). Erik Nyström (Socialdemokraterna) var styrelseledamot för Luleå kommun till 2020. Erik Nyström arbetar på Luleå kommun.

Projektet Fossilfritt Kronoberg pågick 2019–2022. Det samordnades av Region Kronoberg och finansierades av Energimyndigheten, som har funnits sedan 1998. Energikontor Sydost, som ligger i Växjö och grundades 2008, deltog i projektet. Kontaktperson: Anna Lindqvist, Växjö kommun, anna.lindqvist@vaxjo.example.

Klimatlyftet Norrbotten startade i mars 2021 med finansiering från Ångpanneföreningens Forskningsstiftelse (ÅForsk). Projektet samordnas av Region Norrbotten och Luleå kommun deltar.

Energikontor Sydost var partner till Växjö kommun 2015–2018 och är det åter sedan 2020. Energikontor Sydost arrangerade Klimatdagen i Växjö den 12 maj 2022 och den 11 maj 2023. Klimatdagen 2022 hölls i Växjö.

Växjö kommun är medlem i Sveriges Kommuner och Regioner (SKR). Anna Lindqvist är ersättare för Region Kronoberg i SKR:s styrelse 2023–2026.

Stiftelsen Grön Omställning avvecklades 2015.

Senast uppdaterad 4 maj 2023.
`

// textCoM is an English page that states no date of its own.
const textCoM = `The Covenant of Mayors – known in Sweden as Borgmästaravtalet – brings together local governments committed to climate and energy action. The Covenant of Mayors is part of the Global Covenant of Mayors for Climate & Energy.

The Covenant of Mayors – Europe Office coordinates the initiative. It organised the Covenant of Mayors Investment Forum 2023 in Brussels on 14–15 March 2023; Växjö took part.

Signatories include Växjö (since 2008), Luleå and Oslo. Oslo kommune is in Norway (Norge).

Anna Lindqvist represented Växjö kommun as political representative from 2019 until October 2022. Erik Nyström has represented Luleå kommun since 15 January 2021.
`

// Graph returns the contract fixture: a small, synthetic but realistic graph with every node
// kind, most edge types, two edges between one pair, mandates with and without a principal and
// with open and closed periods, diacritic names and aliases, a country reached through a
// LOCATED_IN chain, dated nodes, and one isolated node. Every call returns a fresh copy, so a
// test may modify it. Slices are deliberately not in any sorted order.
func Graph() *kg.Graph {
	kkUpdated := kg.MustDate("2023-05-04")
	updated := map[string]kg.PartialDate{srcKK: kkUpdated, srcCoM: {}}
	ev := func(src string, quotes ...string) []kg.Evidence {
		out := make([]kg.Evidence, len(quotes))
		for i, q := range quotes {
			out[i] = kg.Evidence{SourceID: src, Quote: q, SourceUpdated: updated[src]}
		}
		return out
	}
	d := kg.MustDate
	forty := 40.0

	g := &kg.Graph{
		Sources: []*kg.Source{
			{
				ID: srcKK, File: "klimatkommunerna-medlemmar.txt",
				Original:  "https://klimatkommunerna.example/medlemmar",
				Title:     "Medlemmar i Klimatkommunerna",
				Publisher: "Klimatkommunerna", Language: "sv",
				Updated: kkUpdated, DateNote: "Senast uppdaterad 4 maj 2023",
				Text: textKK,
			},
			{
				ID: srcCoM, File: "covenant-of-mayors-signatories.txt",
				Original:  "https://covenant.example/signatories",
				Title:     "Covenant of Mayors – Signatories",
				Publisher: "Covenant of Mayors – Europe Office", Language: "en",
				DateNote: "The page states no date; retrieved 2024-01-10",
				Text:     textCoM,
			},
		},
	}

	g.Nodes = []*kg.Node{
		{ID: "vaxjo-kommun", Kind: kg.KindMunicipality, Name: "Växjö kommun", Aliases: []string{"Växjö"},
			Evidence: ev(srcKK, "bland andra Växjö kommun")},
		{ID: "sverige", Kind: kg.KindCountry, Name: "Sverige", Aliases: []string{"Sweden"},
			Evidence: ev(srcKK, "har sitt kansli i Sverige")},
		{ID: "klimatdagen-vaxjo-2023", Kind: kg.KindEvent, Name: "Klimatdagen i Växjö",
			Since: d("2023-05-11"), Until: d("2023-05-11"), Evidence: ev(srcKK, "den 11 maj 2023")},
		{ID: "anna-lindqvist", Kind: kg.KindPerson, Name: "Anna Lindqvist",
			Evidence: ev(srcKK, "Kontaktperson: Anna Lindqvist, Växjö kommun"),
			Contact: &kg.Contact{Email: "anna.lindqvist@vaxjo.example",
				Evidence: ev(srcKK, "anna.lindqvist@vaxjo.example")}},
		{ID: "region-kronoberg", Kind: kg.KindRegion, Name: "Region Kronoberg",
			Evidence: ev(srcKK, "ligger i Region Kronoberg")},
		{ID: "covenant-of-mayors", Kind: kg.KindNetwork, Name: "Covenant of Mayors",
			Aliases: []string{"Borgmästaravtalet"}, Abbreviation: "CoM",
			Evidence: ev(srcCoM, "The Covenant of Mayors – known in Sweden as Borgmästaravtalet")},
		{ID: "lulea-kommun", Kind: kg.KindMunicipality, Name: "Luleå kommun",
			Evidence: ev(srcKK, "Luleå kommun och Alvesta kommun")},
		{ID: "stiftelsen-gron-omstallning", Kind: kg.KindOrganisation, Name: "Stiftelsen Grön Omställning",
			Category: "stiftelse", Until: d("2015"), Note: "Has no relationships in the fixture.",
			Evidence: ev(srcKK, "Stiftelsen Grön Omställning avvecklades 2015")},
		{ID: "aforsk", Kind: kg.KindFunder, Name: "Ångpanneföreningens Forskningsstiftelse",
			Aliases: []string{"ÅForsk"}, Category: "stiftelse",
			Evidence: ev(srcKK, "Ångpanneföreningens Forskningsstiftelse (ÅForsk)")},
		{ID: "norge", Kind: kg.KindCountry, Name: "Norge", Aliases: []string{"Norway"},
			Evidence: ev(srcCoM, "Oslo kommune is in Norway (Norge)")},
		{ID: "global-covenant-of-mayors", Kind: kg.KindNetwork, Name: "Global Covenant of Mayors for Climate & Energy",
			Evidence: ev(srcCoM, "part of the Global Covenant of Mayors for Climate & Energy")},
		{ID: "klimatkommunerna", Kind: kg.KindNetwork, Name: "Klimatkommunerna", Category: "förening",
			Since: d("2003"), Evidence: ev(srcKK, "Föreningen bildades 2003"),
			Attributes: []kg.Attribute{{Key: "medlemmar", Value: "över 40 medlemmar", Number: &forty,
				Evidence: ev(srcKK, "Föreningen har över 40 medlemmar")}}},
		{ID: "erik-nystrom", Kind: kg.KindPerson, Name: "Erik Nyström",
			Evidence: ev(srcKK, "Erik Nyström (Socialdemokraterna)")},
		{ID: "alvesta-kommun", Kind: kg.KindMunicipality, Name: "Alvesta kommun",
			Evidence: ev(srcKK, "Luleå kommun och Alvesta kommun")},
		{ID: "com-europe-office", Kind: kg.KindOrganisation, Name: "Covenant of Mayors – Europe Office",
			Aliases:  []string{"Covenant of Mayors"},
			Evidence: ev(srcCoM, "The Covenant of Mayors – Europe Office coordinates the initiative")},
		{ID: "fossilfritt-kronoberg", Kind: kg.KindProject, Name: "Fossilfritt Kronoberg",
			Since: d("2019"), Until: d("2022"),
			Evidence: ev(srcKK, "Projektet Fossilfritt Kronoberg pågick 2019–2022")},
		{ID: "socialdemokraterna", Kind: kg.KindParty, Name: "Socialdemokraterna",
			Evidence: ev(srcKK, "Socialdemokraterna")},
		{ID: "region-norrbotten", Kind: kg.KindRegion, Name: "Region Norrbotten",
			Evidence: ev(srcKK, "Luleå kommun ligger i Region Norrbotten")},
		{ID: "energimyndigheten", Kind: kg.KindFunder, Name: "Energimyndigheten",
			Aliases: []string{"Statens energimyndighet"}, Category: "myndighet", Since: d("1998"),
			Evidence: ev(srcKK, "Energimyndigheten, som har funnits sedan 1998")},
		{ID: "oslo-kommune", Kind: kg.KindMunicipality, Name: "Oslo kommune",
			Evidence: ev(srcCoM, "Signatories include Växjö (since 2008), Luleå and Oslo")},
		{ID: "sara-oberg", Kind: kg.KindPerson, Name: "Sara Öberg",
			Evidence: ev(srcKK, "Sara Öberg (Miljöpartiet de gröna)")},
		{ID: "klimatlyftet-norrbotten", Kind: kg.KindProject, Name: "Klimatlyftet Norrbotten",
			Since: d("2021-03"), Evidence: ev(srcKK, "Klimatlyftet Norrbotten startade i mars 2021")},
		{ID: "miljopartiet", Kind: kg.KindParty, Name: "Miljöpartiet de gröna", Aliases: []string{"Miljöpartiet"},
			Abbreviation: "MP", Evidence: ev(srcKK, "Miljöpartiet de gröna")},
		{ID: "skr", Kind: kg.KindOrganisation, Name: "Sveriges Kommuner och Regioner", Aliases: []string{"SKR"},
			Evidence: ev(srcKK, "Sveriges Kommuner och Regioner (SKR)")},
		{ID: "com-investment-forum-2023", Kind: kg.KindEvent, Name: "Covenant of Mayors Investment Forum 2023",
			Since: d("2023-03-14"), Until: d("2023-03-15"),
			Evidence: ev(srcCoM, "Covenant of Mayors Investment Forum 2023 in Brussels on 14–15 March 2023")},
		{ID: "energikontor-sydost", Kind: kg.KindOrganisation, Name: "Energikontor Sydost", Since: d("2008"),
			Evidence: ev(srcKK, "som ligger i Växjö och grundades 2008")},
		{ID: "klimatdagen-vaxjo-2022", Kind: kg.KindEvent, Name: "Klimatdagen i Växjö",
			Since: d("2022-05-12"), Until: d("2022-05-12"),
			Evidence: ev(srcKK, "Klimatdagen i Växjö den 12 maj 2022")},
	}

	e := func(id string, t kg.EdgeType, from, to, src, quote string) *kg.Edge {
		return &kg.Edge{ID: id, Type: t, From: from, To: to, Evidence: ev(src, quote)}
	}
	g.Edges = []*kg.Edge{
		e("vaxjo-i-kronoberg", kg.EdgeLocatedIn, "vaxjo-kommun", "region-kronoberg", srcKK, "Växjö kommun och Alvesta kommun ligger i Region Kronoberg"),
		e("lulea-i-norrbotten", kg.EdgeLocatedIn, "lulea-kommun", "region-norrbotten", srcKK, "Luleå kommun ligger i Region Norrbotten"),
		e("alvesta-i-kronoberg", kg.EdgeLocatedIn, "alvesta-kommun", "region-kronoberg", srcKK, "Växjö kommun och Alvesta kommun ligger i Region Kronoberg"),
		e("kronoberg-i-sverige", kg.EdgeLocatedIn, "region-kronoberg", "sverige", srcKK, "Båda regionerna ligger i Sverige"),
		e("norrbotten-i-sverige", kg.EdgeLocatedIn, "region-norrbotten", "sverige", srcKK, "Båda regionerna ligger i Sverige"),
		e("oslo-i-norge", kg.EdgeLocatedIn, "oslo-kommune", "norge", srcCoM, "Oslo kommune is in Norway (Norge)"),
		e("klimatkommunerna-i-sverige", kg.EdgeLocatedIn, "klimatkommunerna", "sverige", srcKK, "har sitt kansli i Sverige"),
		e("energikontor-sydost-i-vaxjo", kg.EdgeLocatedIn, "energikontor-sydost", "vaxjo-kommun", srcKK, "Energikontor Sydost, som ligger i Växjö"),
		e("klimatdagen-2022-i-vaxjo", kg.EdgeLocatedIn, "klimatdagen-vaxjo-2022", "vaxjo-kommun", srcKK, "Klimatdagen 2022 hölls i Växjö"),

		e("vaxjo-klimatkommunerna", kg.EdgeMemberOf, "vaxjo-kommun", "klimatkommunerna", srcKK, "bland andra Växjö kommun, Luleå kommun och Alvesta kommun"),
		e("lulea-com", kg.EdgeMemberOf, "lulea-kommun", "covenant-of-mayors", srcCoM, "Signatories include Växjö (since 2008), Luleå and Oslo"),
		e("oslo-com", kg.EdgeMemberOf, "oslo-kommune", "covenant-of-mayors", srcCoM, "Signatories include Växjö (since 2008), Luleå and Oslo"),
		e("lulea-klimatkommunerna", kg.EdgeMemberOf, "lulea-kommun", "klimatkommunerna", srcKK, "bland andra Växjö kommun, Luleå kommun och Alvesta kommun"),
		e("alvesta-klimatkommunerna", kg.EdgeMemberOf, "alvesta-kommun", "klimatkommunerna", srcKK, "bland andra Växjö kommun, Luleå kommun och Alvesta kommun"),
		e("vaxjo-skr", kg.EdgeMemberOf, "vaxjo-kommun", "skr", srcKK, "Växjö kommun är medlem i Sveriges Kommuner och Regioner"),
		e("erik-socialdemokraterna", kg.EdgeMemberOf, "erik-nystrom", "socialdemokraterna", srcKK, "Erik Nyström (Socialdemokraterna)"),
		e("sara-miljopartiet", kg.EdgeMemberOf, "sara-oberg", "miljopartiet", srcKK, "Sara Öberg (Miljöpartiet de gröna)"),

		e("com-del-av-global-covenant", kg.EdgePartOf, "covenant-of-mayors", "global-covenant-of-mayors", srcCoM, "The Covenant of Mayors is part of the Global Covenant of Mayors for Climate & Energy"),
		e("office-samordnar-com", kg.EdgeCoordinates, "com-europe-office", "covenant-of-mayors", srcCoM, "The Covenant of Mayors – Europe Office coordinates the initiative"),
		e("kronoberg-samordnar-fossilfritt", kg.EdgeCoordinates, "region-kronoberg", "fossilfritt-kronoberg", srcKK, "Det samordnades av Region Kronoberg"),
		e("norrbotten-samordnar-klimatlyftet", kg.EdgeCoordinates, "region-norrbotten", "klimatlyftet-norrbotten", srcKK, "Projektet samordnas av Region Norrbotten"),
		e("office-arrangerar-forum", kg.EdgeOrganises, "com-europe-office", "com-investment-forum-2023", srcCoM, "It organised the Covenant of Mayors Investment Forum 2023"),
		e("energikontor-arrangerar-klimatdagen-2023", kg.EdgeOrganises, "energikontor-sydost", "klimatdagen-vaxjo-2023", srcKK, "Energikontor Sydost arrangerade Klimatdagen i Växjö den 12 maj 2022 och den 11 maj 2023"),
		e("energikontor-arrangerar-klimatdagen-2022", kg.EdgeOrganises, "energikontor-sydost", "klimatdagen-vaxjo-2022", srcKK, "Energikontor Sydost arrangerade Klimatdagen i Växjö den 12 maj 2022"),
		e("vaxjo-deltar-forum", kg.EdgeParticipatesIn, "vaxjo-kommun", "com-investment-forum-2023", srcCoM, "Växjö took part"),
		e("energikontor-deltar-fossilfritt", kg.EdgeParticipatesIn, "energikontor-sydost", "fossilfritt-kronoberg", srcKK, "deltog i projektet"),
		e("lulea-deltar-klimatlyftet", kg.EdgeParticipatesIn, "lulea-kommun", "klimatlyftet-norrbotten", srcKK, "Luleå kommun deltar"),
		e("energimyndigheten-finansierar-fossilfritt", kg.EdgeFunds, "energimyndigheten", "fossilfritt-kronoberg", srcKK, "finansierades av Energimyndigheten"),
		e("aforsk-finansierar-klimatlyftet", kg.EdgeFunds, "aforsk", "klimatlyftet-norrbotten", srcKK, "med finansiering från Ångpanneföreningens Forskningsstiftelse"),
		e("anna-kontakt-fossilfritt", kg.EdgeContactFor, "anna-lindqvist", "fossilfritt-kronoberg", srcKK, "Kontaktperson: Anna Lindqvist"),
		e("anna-vaxjo", kg.EdgeAffiliatedWith, "anna-lindqvist", "vaxjo-kommun", srcKK, "Anna Lindqvist, Växjö kommun"),
		e("erik-lulea", kg.EdgeAffiliatedWith, "erik-nystrom", "lulea-kommun", srcKK, "Erik Nyström arbetar på Luleå kommun"),
	}
	// Two partnerships between the same pair, with explicit ids (listed newest first so that
	// only the id, not the input order, can put them in order).
	p2020 := e("energikontor-partner-vaxjo-2020", kg.EdgePartnerOf, "energikontor-sydost", "vaxjo-kommun", srcKK, "och är det åter sedan 2020")
	p2020.Since = d("2020")
	p2015 := e("energikontor-partner-vaxjo-2015", kg.EdgePartnerOf, "energikontor-sydost", "vaxjo-kommun", srcKK, "Energikontor Sydost var partner till Växjö kommun 2015–2018")
	p2015.Since, p2015.Until = d("2015"), d("2018")
	vaxjoCoM := e("vaxjo-com", kg.EdgeMemberOf, "vaxjo-kommun", "covenant-of-mayors", srcCoM, "Signatories include Växjö (since 2008)")
	vaxjoCoM.Since = d("2008")
	vaxjoCoM.Role = "signatory"
	g.Edges = append(g.Edges, p2020, vaxjoCoM, p2015)

	g.Mandates = []*kg.Mandate{
		{ID: "mandat-anna-lindqvist-skr", Person: "anna-lindqvist", OnBehalfOf: "region-kronoberg", Body: "skr",
			Role: "ersättare", Since: d("2023"), Until: d("2026"),
			Evidence: ev(srcKK, "Anna Lindqvist är ersättare för Region Kronoberg i SKR:s styrelse 2023–2026")},
		{ID: "mandat-sara-oberg-klimatkommunerna", Person: "sara-oberg", Body: "klimatkommunerna",
			Role: "Ordförande", Note: "The text names no principal.",
			Evidence: ev(srcKK, "Ordförande i föreningen är Sara Öberg")},
		{ID: "mandat-anna-lindqvist-covenant", Person: "anna-lindqvist", OnBehalfOf: "vaxjo-kommun", Body: "covenant-of-mayors",
			Role: "political representative", Since: d("2019"), Until: d("2022-10"),
			Evidence: ev(srcCoM, "Anna Lindqvist represented Växjö kommun as political representative from 2019 until October 2022")},
		{ID: "mandat-erik-nystrom-klimatkommunerna", Person: "erik-nystrom", OnBehalfOf: "lulea-kommun", Body: "klimatkommunerna",
			Role: "styrelseledamot", Until: d("2020"),
			Evidence: ev(srcKK, "Erik Nyström (Socialdemokraterna) var styrelseledamot för Luleå kommun till 2020")},
		{ID: "mandat-erik-nystrom-covenant", Person: "erik-nystrom", OnBehalfOf: "lulea-kommun", Body: "covenant-of-mayors",
			Role: "representative", Since: d("2021-01-15"),
			Evidence: ev(srcCoM, "Erik Nyström has represented Luleå kommun since 15 January 2021")},
	}
	return g
}

// Run runs the contract suite of kg.Store against the stores open builds. open is called
// first with Graph() for the bulk of the suite and, at the very end, once more per modified
// copy of it (to check that Stats.Version follows the graph); a store is never used after a
// later call of open, so a backend may reload one database each time. open should fail t when
// it cannot build the store. The suite only reads.
func Run(t *testing.T, open func(t *testing.T, g *kg.Graph) kg.Store) {
	g := Graph()
	s := open(t, g)
	if s == nil {
		t.Fatal("open returned a nil store")
	}
	c := &contract{s: s, f: newFixture(g), open: open}
	t.Run("NodesByIDs", c.nodesByIDs)
	t.Run("EdgesByIDs", c.edgesByIDs)
	t.Run("MandatesByIDs", c.mandatesByIDs)
	t.Run("EdgesOf", c.edgesOf)
	t.Run("Degrees", c.degrees)
	t.Run("Mandates", c.mandates)
	t.Run("Search", c.search)
	t.Run("Path", c.path)
	t.Run("Neighbourhood", c.neighbourhood)
	t.Run("ListNodes", c.listNodes)
	t.Run("ContactAccess", c.contactAccess)
	t.Run("Sources", c.sources)
	t.Run("InvalidInput", c.invalidInput)
	t.Run("Limits", c.limits)
	t.Run("CancelledContext", c.cancelled)
	t.Run("Projection", c.projection)
	t.Run("SearchPaging", c.searchPaging)
	t.Run("TimeFilteredTraversal", c.timeTraversal)
	t.Run("Counts", c.counts)
	t.Run("Timeline", c.timeline)
	t.Run("AggCancelled", c.aggCancelled)
	t.Run("ListOrdered", c.listOrdered)
	// Last: it opens other stores.
	t.Run("Stats", c.stats)
}
