// Package gen generates synthetic knowledge graphs of any size, deterministically from a seed,
// with the shape of the real one: municipalities in regions in countries; networks whose
// membership counts are heavy-tailed (a few networks have most members); network bodies
// (boards, working groups) where people hold mandates on behalf of member municipalities and
// regions; projects with partners, coordinators, funders and contact persons; events;
// parties; and evidence on every node, edge and mandate. About five edges per node (counting
// the REPRESENTS and SERVES_ON edges every mandate yields), as kg.Stats counts them.
//
// The graph is valid: every edge connects kinds kg.EdgeRules allows, ids are unique
// kebab-case, every quote occurs in its source's text. It feeds the embedded store for the
// benchmarks (1k, 100k, 1M nodes) and `kg gen` for load tests.
//
// Memory is part of the design: ids and names live in a few large string arenas, nodes,
// edges and mandates in slabs, and evidence slices are shared by many facts (as one quote
// often states several), so a 1M-node graph costs little more than its structs.
package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// Config says what to generate.
type Config struct {
	// Nodes is the number of nodes (at least MinNodes; the result has exactly this many).
	Nodes int
	// Seed selects the graph: the same Nodes and Seed give the same graph, byte for byte.
	Seed uint64
}

// MinNodes is the smallest graph Generate makes: enough for every landmark.
const MinNodes = 300

// BusySeats is the number of mandates in Landmarks.BusyBody.
const BusySeats = 100

// Landmarks are ids in a generated graph that benchmarks and load tests query.
type Landmarks struct {
	// BusyNetwork is the network with the most members (the head of the heavy tail).
	BusyNetwork string
	// BusyBody is its board (an ORGANISATION, PART_OF the network) with exactly BusySeats
	// mandates on behalf of member municipalities and regions: who represents whom.
	BusyBody string
	// Person holds mandates in three networks: person → mandates → bodies → members.
	Person string
	// PathFrom (a person in the first country) and PathTo (an event in the last) are far apart.
	PathFrom, PathTo string
	// Center is a mid-sized municipality: the centre of neighbourhood queries.
	Center string
	// SearchText is Center's name: a search a user would type.
	SearchText string
}

// Summary describes a generated graph.
type Summary struct {
	Nodes, Edges, Mandates int // Edges counts written and mandate-derived edges, like kg.Stats
	Kinds                  map[kg.NodeKind]int
	MaxMembers             int // MEMBER_OF edges into the busiest network
	MedianMembers          int // … into the median network
}

// Summarise counts g.
func Summarise(g *kg.Graph) Summary {
	s := Summary{Nodes: len(g.Nodes), Edges: len(g.Edges) + 2*len(g.Mandates), Mandates: len(g.Mandates), Kinds: map[kg.NodeKind]int{}}
	kind := make(map[string]kg.NodeKind, len(g.Nodes))
	for _, n := range g.Nodes {
		s.Kinds[n.Kind]++
		kind[n.ID] = n.Kind
	}
	for _, m := range g.Mandates {
		if m.OnBehalfOf == "" {
			s.Edges--
		}
	}
	members := map[string]int{}
	for _, e := range g.Edges {
		if e.Type == kg.EdgeMemberOf && kind[e.To] == kg.KindNetwork {
			members[e.To]++
		}
	}
	counts := make([]int, 0, len(members))
	for _, c := range members {
		counts = append(counts, c)
		s.MaxMembers = max(s.MaxMembers, c)
	}
	if len(counts) > 0 {
		// a median without sorting the whole list twice: counts are small integers
		hist := map[int]int{}
		for _, c := range counts {
			hist[c]++
		}
		seen := 0
		for c := 0; c <= s.MaxMembers; c++ {
			seen += hist[c]
			if seen*2 >= len(counts) {
				s.MedianMembers = c
				break
			}
		}
	}
	return s
}

// ParseSize reads a node count: "1000", "1k", "100k", "1M" (k = 1000, M = 1000000).
func ParseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	mul := 1
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mul, t = 1000, t[:len(t)-1]
	case strings.HasSuffix(t, "M") || strings.HasSuffix(t, "m"):
		mul, t = 1000000, t[:len(t)-1]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || n > 1<<31/mul {
		return 0, fmt.Errorf("gen: %q is not a size like 1000, 1k, 100k or 1M", s)
	}
	return n * mul, nil
}

// SizeName is the short name of a node count: 1000 → "1k", 1000000 → "1M".
func SizeName(n int) string {
	switch {
	case n >= 1000000 && n%1000000 == 0:
		return strconv.Itoa(n/1000000) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// Generate builds the graph for cfg. It panics if cfg.Nodes < MinNodes.
func Generate(cfg Config) (*kg.Graph, Landmarks) {
	if cfg.Nodes < MinNodes {
		panic(fmt.Sprintf("gen: %d nodes requested, the minimum is %d", cfg.Nodes, MinNodes))
	}
	g := newGenerator(cfg)
	g.sourcesAndEvidence()
	g.places()
	g.actors()
	g.people()
	g.work()
	lm := g.mandates()
	g.out.Nodes = g.all
	return &g.out, lm
}

// generator holds the state of one generation. Nodes are addressed by their index in all.
type generator struct {
	r   *rand.Rand
	n   int
	out kg.Graph
	all []*kg.Node

	str    arena
	nodes  slab[kg.Node]
	edges  slab[kg.Edge]
	mslab  slab[kg.Mandate]
	nEdges int // edges made (ids), including dropped ones

	evNode map[kg.NodeKind][][]kg.Evidence
	evEdge map[kg.EdgeType][][]kg.Evidence
	evMand [][]kg.Evidence

	countries, regions, munis, parties, networks, bodies, orgs, funders, persons, projects, events []int32

	regionCountry []int32   // region (index into regions) → country (index into countries)
	muniRegion    []int32   // muni → region
	regionMunis   [][]int32 // region → munis
	muniPersons   [][]int32 // muni → persons living there (indexes into persons)
	personHome    []int32   // person → muni
	members       [][]int32 // network (index into networks) → member node indexes (all)
	bodyNetwork   []int32   // body → network
}

func newGenerator(cfg Config) *generator {
	g := &generator{r: rand.New(rand.NewPCG(cfg.Seed, 0x6b67)), n: cfg.Nodes}
	g.all = make([]*kg.Node, 0, cfg.Nodes)
	g.out.Edges = make([]*kg.Edge, 0, cfg.Nodes*9/2)
	return g
}

// ---- building blocks ------------------------------------------------------------------

// arena hands out strings carved from large builders, so millions of short ids and names
// cost a few allocations instead of millions.
type arena struct {
	b strings.Builder
}

const arenaChunk = 1 << 20

// join returns the concatenation of parts as a string backed by the arena.
func (a *arena) join(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if a.b.Cap()-a.b.Len() < n {
		a.b = strings.Builder{}
		a.b.Grow(max(arenaChunk, n))
	}
	start := a.b.Len()
	for _, p := range parts {
		a.b.WriteString(p)
	}
	// The builder only appends, so the bytes behind an earlier String() never change.
	return a.b.String()[start:]
}

// slab allocates values of T in chunks and hands out stable pointers.
type slab[T any] struct {
	chunk []T
}

func (s *slab[T]) new() *T {
	if len(s.chunk) == cap(s.chunk) {
		s.chunk = make([]T, 0, 1<<14)
	}
	s.chunk = s.chunk[:len(s.chunk)+1]
	return &s.chunk[len(s.chunk)-1]
}

// zipf returns an index in [0, n) with probability proportional to 1/(i+1): the head of a
// heavy tail is picked far more often than the rest.
func (g *generator) zipf(n int) int {
	i := int(math.Exp(g.r.Float64()*math.Log(float64(n)+1))) - 1
	return min(max(i, 0), n-1)
}

func (g *generator) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *generator) year(from, to int) kg.PartialDate {
	return kg.PartialDate{Year: from + g.r.IntN(to-from+1)}
}

func (g *generator) node(kind kg.NodeKind, prefix, name string) int32 {
	n := g.nodes.new()
	n.ID = g.str.join(prefix, strconv.Itoa(len(g.all)))
	n.Kind = kind
	n.Name = name
	pool := g.evNode[kind]
	n.Evidence = pool[g.r.IntN(len(pool))]
	g.all = append(g.all, n)
	return int32(len(g.all) - 1)
}

// edge adds a written edge from → to. Some edges carry a period, a few a role.
func (g *generator) edge(t kg.EdgeType, from, to int32, role string) {
	e := g.edges.new()
	e.ID = g.str.join("e-", strconv.Itoa(g.nEdges))
	g.nEdges++
	e.Type = t
	e.From = g.all[from].ID
	e.To = g.all[to].ID
	e.Role = role
	if g.r.IntN(10) < 4 {
		e.Since = g.year(2005, 2023)
		if g.r.IntN(5) == 0 {
			e.Until = kg.PartialDate{Year: e.Since.Year + 1 + g.r.IntN(4)}
		}
	}
	pool := g.evEdge[t]
	e.Evidence = pool[g.r.IntN(len(pool))]
	g.out.Edges = append(g.out.Edges, e)
}

// distinct draws k distinct values with draw (giving up on a value after a few clashes).
func distinct(k int, draw func() int32) []int32 {
	out := make([]int32, 0, k)
	for tries := 0; len(out) < k && tries < 4*k+4; tries++ {
		v := draw()
		dup := false
		for _, x := range out {
			if x == v {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// poisson-ish small counts: mean m, at least lo.
func (g *generator) count(lo int, mean float64) int {
	// geometric distribution with the given mean above lo: heavy enough, cheap, deterministic
	extra := mean - float64(lo)
	if extra <= 0 {
		return lo
	}
	p := 1 / (1 + extra)
	k := lo
	for g.r.Float64() > p && k < lo+int(20*extra)+20 {
		k++
	}
	return k
}

// ---- vocabulary -----------------------------------------------------------------------

var (
	placePre = []string{"Björk", "Ek", "Gran", "Tall", "Sjö", "Berg", "Lund", "Dal", "Ås", "Vik",
		"Norr", "Sö", "Väst", "Öster", "Ny", "Gam", "Hög", "Ljung", "Mal", "Kal", "Strö", "Far",
		"Hassel", "Lind", "Al", "Asp", "Rönn", "Sälj", "Hag", "Ängs", "Mo", "Kvarn", "Kyrk",
		"Bro", "Ham", "Holm", "Näs", "Sand", "Sten", "Torp", "Ulv", "Varg", "Björn", "Örn", "Falk",
		"Tran", "Svan", "Gås"}
	placeMid = []string{"", "", "", "a", "e", "s", "ar", "by"}
	placeSuf = []string{"by", "köping", "hamn", "ås", "vik", "sund", "torp", "ed", "holm", "stad",
		"fors", "näs", "dal", "berga", "lunda", "hult", "ryd", "måla", "bo", "sjö", "ö", "rum",
		"inge", "tuna"}
	landSuf   = []string{"berg", "botten", "land", "mark", "dal", "skog", "slätt", "kust"}
	countries = []string{"Sverige", "Norge", "Danmark", "Finland", "Island", "Estland", "Lettland",
		"Litauen", "Polen", "Tyskland", "Nederländerna", "Belgien", "Frankrike", "Spanien",
		"Portugal", "Italien", "Österrike", "Schweiz", "Tjeckien", "Slovakien", "Ungern",
		"Slovenien", "Kroatien", "Grekland", "Irland", "Storbritannien", "Luxemburg", "Rumänien",
		"Bulgarien", "Malta", "Cypern", "Serbien", "Bosnien och Hercegovina", "Montenegro",
		"Albanien", "Nordmakedonien", "Moldavien", "Ukraina", "Georgien", "Armenien", "Turkiet",
		"Kosovo", "Liechtenstein", "Andorra", "Monaco", "San Marino", "Färöarna", "Grönland",
		"Åland", "Belarus"}
	parties = []struct{ name, abbr string }{{"Moderaterna", "M"}, {"Socialdemokraterna", "S"},
		{"Centerpartiet", "C"}, {"Vänsterpartiet", "V"}, {"Kristdemokraterna", "KD"},
		{"Liberalerna", "L"}, {"Miljöpartiet de gröna", "MP"}, {"Sverigedemokraterna", "SD"}}
	themes = []string{"Klimat", "Energi", "Vatten", "Mobilitet", "Cirkulär", "Hållbar", "Grön",
		"Smart", "Digital", "Social", "Kultur", "Hälsa", "Skog", "Hav", "Biogas", "Sol", "Vind",
		"Fossilfri", "Trygg", "Inkluderande", "Framtids", "Landsbygds", "Stads", "Kust"}
	netForms = []string{"%snätverket %s", "Kommuner för %s utveckling i %s", "%s samverkan %s",
		"Föreningen %s %s", "%sforum %s"}
	orgForms = []string{"%s Energi AB", "%s Vatten AB", "%s universitet", "Energikontor %s",
		"%s Bostäder", "Högskolan i %s", "%s hamn AB", "Länsstyrelsen i %s", "%s Science Park"}
	funderForms  = []string{"%sfonden", "Stiftelsen %s", "%s forskningsråd", "%s innovationsfond"}
	projForms    = []string{"%s %s %d", "%sprojektet %s", "%s i %s", "%slyftet %s"}
	eventForms   = []string{"%sdagen %s %d", "%skonferensen %s %d", "%sveckan %s %d"}
	firstNames   = []string{"Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin", "Sofia", "Jenny", "Helena", "Linda", "Elin", "Hanna", "Johanna", "Ida", "Camilla", "Åsa", "Ulrika", "Britt", "Märta", "Birgitta", "Lars", "Mikael", "Johan", "Anders", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas", "Daniel", "Fredrik", "Hans", "Bengt", "Magnus", "Mattias", "Stefan", "Björn", "Jonas", "Niklas", "Göran", "Örjan", "Roland", "Bo"}
	lastNames    = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Axelsson", "Berg", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nordström", "Björklund", "Öberg", "Nyström", "Gustbée", "Holmberg"}
	titles       = []string{"kommunalråd", "kommunstyrelsens ordförande", "oppositionsråd", "miljöstrateg", "klimatstrateg", "energirådgivare", "enhetschef", "projektledare", "handläggare", "utvecklingsledare", "regionråd", "kommundirektör"}
	partnerRoles = []string{"", "", "", "lead", "partner", "partner", "associerad partner", "Stakeholders group"}
	seatRoles    = []string{"ledamot", "ledamot", "ledamot", "ersättare", "ersättare", "ordförande", "vice ordförande", ""}
)

func (g *generator) placeName() string {
	return g.str.join(g.pick(placePre), g.pick(placeMid), g.pick(placeSuf))
}

// ---- sources and evidence -------------------------------------------------------------

const nSources = 24

// sourcesAndEvidence makes the synthetic documents and the pools of evidence facts cite. A
// pool entry is one shared []kg.Evidence: many facts quote the same sentence.
func (g *generator) sourcesAndEvidence() {
	texts := make([]strings.Builder, nSources)
	srcs := make([]*kg.Source, nSources)
	for i := range srcs {
		year := 2015 + i%9
		upd := kg.PartialDate{}
		if i%5 != 4 { // some documents carry no date, like the real ones
			upd = kg.PartialDate{Year: year, Month: 1 + i%12, Day: 1 + (i*7)%28}
		}
		title := []string{"Verksamhetsberättelse", "Protokoll från årsmötet", "Medlemsförteckning", "Projektkatalog"}[i%4]
		srcs[i] = &kg.Source{
			ID: fmt.Sprintf("syn-dokument-%02d", i+1), File: fmt.Sprintf("syn-dokument-%02d.txt", i+1),
			Original: fmt.Sprintf("%03d_syntetisk.txt", i), Title: fmt.Sprintf("%s %d", title, year),
			Publisher: "Syntetiska kommunförbundet", Language: "sv", Updated: upd,
			DateNote: "Synthetic document generated by internal/gen.",
		}
	}
	quote := func(i int, q string) []kg.Evidence {
		s := i % nSources
		texts[s].WriteString(q)
		texts[s].WriteString("\n")
		return []kg.Evidence{{SourceID: srcs[s].ID, Quote: q, SourceUpdated: srcs[s].Updated}}
	}
	const perPool = 32
	g.evNode = map[kg.NodeKind][][]kg.Evidence{}
	for ki, k := range kg.AllKinds {
		for i := range perPool {
			g.evNode[k] = append(g.evNode[k], quote(ki*perPool+i,
				fmt.Sprintf("Förteckning %d över %s, post %d.", ki+1, strings.ToLower(string(k)), i+1)))
		}
	}
	g.evEdge = map[kg.EdgeType][][]kg.Evidence{}
	for ti, t := range kg.AllEdgeTypes {
		if kg.EdgeRules[t].Derived {
			continue
		}
		verb := strings.ToLower(strings.ReplaceAll(string(t), "_", " "))
		for i := range perPool {
			g.evEdge[t] = append(g.evEdge[t], quote(ti*perPool+i+7,
				fmt.Sprintf("Uppgiften om %s (%d) är bekräftad av kansliet år %d.", verb, i+1, 2005+i%19)))
		}
	}
	for i := range perPool {
		g.evMand = append(g.evMand, quote(i+3,
			fmt.Sprintf("Följande politiska företrädare är valda för mandatperioden, lista %d.", i+1)))
	}
	for i, s := range srcs {
		s.Text = "Syntetiskt dokument. Innehållet är genererat för prestandatester.\n" + texts[i].String()
	}
	g.out.Sources = srcs
}

// ---- nodes and edges ------------------------------------------------------------------

// counts of every kind for n nodes; persons take the rest.
func kindCounts(n int) (nc, nparty, nr, nm, nn, nboards, ngroups, no, nf, nproj, ne int) {
	nc = min(max(n/20000, 3), len(countries))
	nparty = len(parties) * nc
	nr = max(2*nc, n/700)
	nm = max(3*nr, n*8/100)
	nn = max(16, n*15/1000)
	nboards = max(4, nn/5)
	ngroups = max(2, nn/50)
	no = n * 8 / 100
	nf = max(4, n/100)
	nproj = n * 12 / 100
	ne = n * 5 / 100
	return
}

// places: countries, regions, municipalities and parties, with their LOCATED_IN chain.
func (g *generator) places() {
	nc, nparty, nr, nm, _, _, _, _, _, _, _ := kindCounts(g.n)
	for i := range nc {
		g.countries = append(g.countries, g.node(kg.KindCountry, "land-", countries[i]))
		g.all[g.countries[i]].Category = "land"
	}
	for i := range nparty {
		p := parties[i%len(parties)]
		name := p.name
		if i >= len(parties) {
			name = p.name + " (" + countries[i/len(parties)] + ")"
		}
		id := g.node(kg.KindParty, "parti-", name)
		g.all[id].Abbreviation = p.abbr
		g.parties = append(g.parties, id)
	}
	for i := range nr {
		name := g.str.join("Region ", g.pick(placePre), g.pick(landSuf))
		id := g.node(kg.KindRegion, "region-", name)
		g.all[id].Category = "region"
		g.regions = append(g.regions, id)
		c := int32(i % nc)
		g.regionCountry = append(g.regionCountry, c)
		g.edge(kg.EdgeLocatedIn, id, g.countries[c], "")
	}
	g.regionMunis = make([][]int32, nr)
	for i := range nm {
		id := g.node(kg.KindMunicipality, "kommun-", g.str.join(g.placeName(), " kommun"))
		g.all[id].Category = "kommun"
		g.munis = append(g.munis, id)
		r := int32(i % nr)
		if i >= nr {
			r = int32(g.r.IntN(nr))
		}
		g.muniRegion = append(g.muniRegion, r)
		g.regionMunis[r] = append(g.regionMunis[r], int32(i))
		g.edge(kg.EdgeLocatedIn, id, g.regions[r], "")
	}
}

func (g *generator) muniCountry(m int32) int32 { return g.regionCountry[g.muniRegion[m]] }

// actors: networks (with boards and working groups), organisations and funders.
func (g *generator) actors() {
	_, _, _, nm, nn, nboards, ngroups, no, nf, _, _ := kindCounts(g.n)
	for i := range nn {
		name := fmt.Sprintf(g.pick(netForms), g.pick(themes), g.placeName())
		id := g.node(kg.KindNetwork, "natverk-", g.str.join(name))
		g.networks = append(g.networks, id)
		g.edge(kg.EdgeLocatedIn, id, g.munis[g.r.IntN(nm)], "")
		if i > 0 && g.r.IntN(10) == 0 { // networks of networks, towards the bigger ones
			g.edge(kg.EdgeMemberOf, id, g.networks[g.zipf(i)], "")
		}
	}
	g.all[g.networks[0]].Aliases = []string{"Stora nätverket"}
	for i := range nboards + ngroups {
		net := int32(i)
		cat, form := "styrelse", "Styrelsen för %s"
		if i >= nboards {
			net = int32(i - nboards)
			cat, form = "arbetsgrupp", "Arbetsgruppen för %s"
		}
		id := g.node(kg.KindOrganisation, "organ-", g.str.join(fmt.Sprintf(form, g.all[g.networks[net]].Name)))
		g.all[id].Category = cat
		g.bodies = append(g.bodies, id)
		g.bodyNetwork = append(g.bodyNetwork, net)
		g.edge(kg.EdgePartOf, id, g.networks[net], "")
	}
	for range no - nboards - ngroups {
		name := fmt.Sprintf(g.pick(orgForms), g.placeName())
		id := g.node(kg.KindOrganisation, "org-", g.str.join(name))
		g.orgs = append(g.orgs, id)
		g.edge(kg.EdgeLocatedIn, id, g.munis[g.r.IntN(nm)], "")
		if g.r.IntN(7) == 0 {
			g.edge(kg.EdgeOwns, g.munis[g.r.IntN(nm)], id, "")
		}
	}
	for range nf {
		name := fmt.Sprintf(g.pick(funderForms), g.pick(themes))
		id := g.node(kg.KindFunder, "finansiar-", g.str.join(name))
		g.funders = append(g.funders, id)
		g.edge(kg.EdgeLocatedIn, id, g.regions[g.r.IntN(len(g.regions))], "")
	}
	// Memberships: heavy-tailed towards the first networks.
	g.members = make([][]int32, nn)
	join := func(member int32, k int) {
		for _, net := range distinct(k, func() int32 { return int32(g.zipf(nn)) }) {
			g.edge(kg.EdgeMemberOf, member, g.networks[net], "")
			g.members[net] = append(g.members[net], member)
		}
	}
	for _, m := range g.munis {
		join(m, g.count(1, 6))
	}
	for _, r := range g.regions {
		join(r, g.count(1, 4))
	}
	for _, o := range g.orgs {
		if g.r.IntN(2) == 0 {
			join(o, g.count(1, 2))
		}
	}
	for i := range nn {
		if g.r.IntN(3) == 0 {
			g.edge(kg.EdgeHosts, g.orgs[g.r.IntN(len(g.orgs))], g.networks[i], "")
		}
		if g.r.IntN(4) == 0 {
			g.edge(kg.EdgeFunds, g.funders[g.zipf(len(g.funders))], g.networks[i], "")
		}
		if g.r.IntN(8) == 0 {
			g.edge(kg.EdgeCoordinates, g.orgs[g.r.IntN(len(g.orgs))], g.networks[i], "")
		}
	}
	for _, m := range g.munis {
		if g.r.IntN(2) == 0 {
			g.edge(kg.EdgePartnerOf, m, g.munis[g.r.IntN(len(g.munis))], "vänort")
		}
	}
	for _, o := range g.orgs {
		if g.r.IntN(4) == 0 {
			g.edge(kg.EdgePartnerOf, o, g.orgs[g.r.IntN(len(g.orgs))], "")
		}
	}
	for i, f := range g.funders {
		if i > 0 && g.r.IntN(3) == 0 { // funding chains
			g.edge(kg.EdgeFunds, g.funders[g.zipf(i)], f, "")
		}
	}
	// drop self-partnerships the random draw may have made
	kept := g.out.Edges[:0]
	for _, e := range g.out.Edges {
		if e.From != e.To {
			kept = append(kept, e)
		}
	}
	g.out.Edges = kept
}

// people: persons with a home municipality, an employer, often a party and contact data.
func (g *generator) people() {
	nc, nparty, nr, nm, nn, nboards, ngroups, no, nf, nproj, ne := kindCounts(g.n)
	others := nc + nparty + nr + nm + nn + no + nf + nproj + ne
	_ = nboards + ngroups // included in no
	np := g.n - others
	g.muniPersons = make([][]int32, nm)
	for i := range np {
		name := g.str.join(g.pick(firstNames), " ", g.pick(lastNames))
		id := g.node(kg.KindPerson, "person-", name)
		g.persons = append(g.persons, id)
		home := int32(g.r.IntN(nm))
		if i < nm {
			home = int32(i) // every municipality has someone
		} else if g.r.IntN(2) == 0 {
			home = int32(g.zipf(nm)) // big towns have more people
		}
		g.muniPersons[home] = append(g.muniPersons[home], int32(i))
		g.personHome = append(g.personHome, home)
		switch x := g.r.IntN(10); {
		case x < 6:
			g.edge(kg.EdgeAffiliatedWith, id, g.munis[home], g.pick(titles))
		case x < 9:
			g.edge(kg.EdgeAffiliatedWith, id, g.orgs[g.r.IntN(len(g.orgs))], g.pick(titles))
		default:
			g.edge(kg.EdgeAffiliatedWith, id, g.regions[g.muniRegion[home]], g.pick(titles))
		}
		if g.r.IntN(10) < 7 {
			c := int(g.muniCountry(home))
			g.edge(kg.EdgeMemberOf, id, g.parties[c*len(parties)+g.zipf(len(parties))], "")
		}
		if g.r.IntN(10) == 0 {
			n := g.all[id]
			n.Contact = &kg.Contact{
				Email:    g.str.join(strings.ToLower(asciiFold(n.Name[:strings.IndexByte(n.Name, ' ')])), ".", n.ID, "@kommun.example"),
				Phone:    fmt.Sprintf("0%d-%d %02d %02d", 10+g.r.IntN(90), 100+g.r.IntN(900), g.r.IntN(100), g.r.IntN(100)),
				Evidence: n.Evidence,
			}
		}
	}
}

// work: projects and events, with partners, coordinators, funders, contacts and
// participants.
func (g *generator) work() {
	_, _, _, nm, _, _, _, _, _, nproj, ne := kindCounts(g.n)
	partner := func() int32 {
		switch x := g.r.IntN(10); {
		case x < 5:
			return g.munis[g.r.IntN(nm)]
		case x < 8:
			return g.orgs[g.r.IntN(len(g.orgs))]
		case x < 9:
			return g.regions[g.r.IntN(len(g.regions))]
		default:
			return g.networks[g.zipf(len(g.networks))]
		}
	}
	for i := range nproj {
		year := 2008 + g.r.IntN(16)
		name := projName(g, year)
		id := g.node(kg.KindProject, "projekt-", name)
		n := g.all[id]
		n.Since = kg.PartialDate{Year: year}
		if g.r.IntN(3) > 0 {
			n.Until = kg.PartialDate{Year: year + 1 + g.r.IntN(4)}
		}
		g.projects = append(g.projects, id)
		if g.r.IntN(10) < 7 {
			g.edge(kg.EdgeLocatedIn, id, g.munis[g.r.IntN(nm)], "")
		} else {
			g.edge(kg.EdgeLocatedIn, id, g.regions[g.r.IntN(len(g.regions))], "")
		}
		for _, p := range distinct(g.count(1, 7), partner) {
			g.edge(kg.EdgeParticipatesIn, p, id, g.pick(partnerRoles))
		}
		g.edge(kg.EdgeCoordinates, partner(), id, "")
		for _, f := range distinct(g.count(1, 1.6), func() int32 { return g.funders[g.zipf(len(g.funders))] }) {
			g.edge(kg.EdgeFunds, f, id, "")
		}
		if g.r.IntN(10) < 8 {
			g.edge(kg.EdgeContactFor, g.persons[g.r.IntN(len(g.persons))], id, "")
		}
		if g.r.IntN(4) == 0 {
			g.edge(kg.EdgeCoordinates, g.persons[g.r.IntN(len(g.persons))], id, "projektledare")
		}
		if i > 10 && g.r.IntN(10) == 0 {
			g.edge(kg.EdgePartOf, id, g.projects[g.r.IntN(i)], "")
		}
		if g.r.IntN(20) == 0 {
			g.edge(kg.EdgeInitiated, g.funders[g.r.IntN(len(g.funders))], id, "")
		}
	}
	// The last event lies in the last country (a landmark far from the first country).
	farMuni := g.munis[len(g.munis)-1]
	for i := len(g.munis) - 1; i >= 0; i-- {
		if g.muniCountry(int32(i)) == int32(len(g.countries)-1) {
			farMuni = g.munis[i]
			break
		}
	}
	for i := range ne {
		year := 2010 + g.r.IntN(15)
		place := g.placeName()
		id := g.node(kg.KindEvent, "evenemang-", g.str.join(fmt.Sprintf(g.pick(eventForms), g.pick(themes), place, year)))
		n := g.all[id]
		n.Since = kg.PartialDate{Year: year, Month: 1 + g.r.IntN(12), Day: 1 + g.r.IntN(28)}
		g.events = append(g.events, id)
		loc := g.munis[g.r.IntN(nm)]
		if i == ne-1 {
			loc = farMuni
		}
		g.edge(kg.EdgeLocatedIn, id, loc, "")
		org := g.orgs[g.r.IntN(len(g.orgs))]
		if g.r.IntN(2) == 0 {
			org = g.networks[g.zipf(len(g.networks))]
		}
		g.edge(kg.EdgeOrganises, org, id, "arrangör")
		for _, p := range distinct(g.count(0, 2), partner) {
			g.edge(kg.EdgeParticipatesIn, p, id, "")
		}
	}
	// People go to events (popular events draw most) and are contacts for organisations.
	for _, p := range g.persons {
		for _, ev := range distinct(g.count(0, 2.1), func() int32 { return g.events[g.zipf(len(g.events))] }) {
			g.edge(kg.EdgeParticipatesIn, p, ev, "")
		}
		if g.r.IntN(25) == 0 {
			g.edge(kg.EdgeContactFor, p, g.orgs[g.r.IntN(len(g.orgs))], "")
		}
	}
}

func projName(g *generator, year int) string {
	f := g.pick(projForms)
	if strings.Count(f, "%") == 3 {
		return g.str.join(fmt.Sprintf(f, g.pick(themes), g.placeName(), year))
	}
	return g.str.join(fmt.Sprintf(f, g.pick(themes), g.placeName()))
}

// mandates: people on behalf of member municipalities and regions in network bodies and in
// the networks themselves; the landmarks.
func (g *generator) mandates() Landmarks {
	nextM := 0
	add := func(person, principal, body int32, role string) {
		m := g.mslab.new()
		m.ID = g.str.join("mandat-", strconv.Itoa(nextM))
		nextM++
		m.Person = g.all[g.persons[person]].ID
		if principal >= 0 {
			m.OnBehalfOf = g.all[principal].ID
		}
		m.Body = g.all[body].ID
		m.Role = role
		if g.r.IntN(3) > 0 {
			m.Since = g.year(2014, 2023)
			if g.r.IntN(4) == 0 {
				m.Until = kg.PartialDate{Year: m.Since.Year + 4}
			}
		}
		m.Evidence = g.evMand[g.r.IntN(len(g.evMand))]
		g.out.Mandates = append(g.out.Mandates, m)
	}
	// politician returns a person from principal's municipality (or one in its region).
	politician := func(principal int32) int32 {
		n := g.all[principal]
		var muni int32
		if n.Kind == kg.KindMunicipality {
			muni = principal - g.munis[0]
		} else {
			ms := g.regionMunis[principal-g.regions[0]]
			if len(ms) == 0 {
				return int32(g.r.IntN(len(g.persons)))
			}
			muni = ms[g.r.IntN(len(ms))]
		}
		ps := g.muniPersons[muni]
		return ps[g.r.IntN(len(ps))]
	}
	principals := func(net int32) []int32 {
		var out []int32
		for _, m := range g.members[net] {
			if k := g.all[m].Kind; k == kg.KindMunicipality || k == kg.KindRegion {
				out = append(out, m)
			}
		}
		return out
	}
	// The busy body: the biggest network's board, BusySeats mandates, a member and a deputy
	// per principal.
	busy := principals(0)
	if len(busy) == 0 {
		busy = []int32{g.munis[0]}
	}
	for seat := range BusySeats {
		p := busy[(seat/2)%len(busy)]
		role := "ledamot"
		if seat%2 == 1 {
			role = "ersättare"
		}
		if seat == 0 {
			role = "ordförande"
		}
		add(politician(p), p, g.bodies[0], role)
	}
	// Other bodies: seats grow with the network's size.
	for b := 1; b < len(g.bodies); b++ {
		ps := principals(g.bodyNetwork[b])
		if len(ps) == 0 {
			continue
		}
		seats := min(max(len(ps)/6, 3), 40)
		for range seats {
			p := ps[g.r.IntN(len(ps))]
			add(politician(p), p, g.bodies[b], g.pick(seatRoles))
		}
	}
	// Representatives at the networks' own meetings.
	for net := range g.networks {
		ps := principals(int32(net))
		for range min(len(ps), 1+g.r.IntN(6)) {
			p := ps[g.r.IntN(len(ps))]
			principal := p
			if g.r.IntN(15) == 0 {
				principal = -1 // the text names no principal
			}
			add(politician(p), principal, g.networks[net], g.pick(seatRoles))
		}
	}
	// The landmark person: a politician of municipality 0 in three networks.
	person := g.muniPersons[0][0]
	for _, rank := range []int{3, 7, 15} {
		net := g.networks[rank%len(g.networks)]
		add(person, g.munis[0], net, "ledamot")
	}
	// Far apart: a person in the first country, an event in the last.
	from := g.persons[len(g.persons)-1]
	for i := len(g.persons) - 1; i >= 0; i-- {
		if g.muniCountry(g.personHome[i]) == 0 {
			from = g.persons[i]
			break
		}
	}
	to := g.events[len(g.events)-1]
	center := g.all[g.munis[len(g.munis)/2]]
	return Landmarks{
		BusyNetwork: g.all[g.networks[0]].ID,
		BusyBody:    g.all[g.bodies[0]].ID,
		Person:      g.all[g.persons[person]].ID,
		PathFrom:    g.all[from].ID,
		PathTo:      g.all[to].ID,
		Center:      center.ID,
		SearchText:  center.Name,
	}
}

// asciiFold lower-cases and strips Swedish diacritics (for e-mail addresses).
func asciiFold(s string) string { return asciiFolder.Replace(s) }

var asciiFolder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "a", "Ä", "a", "Ö", "o", "é", "e")
