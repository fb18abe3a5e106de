package kg

// Source is one seed document. Updated is the page's own date ("Senast uppdaterad"), zero
// when the document has none; DateNote explains which.
type Source struct {
	ID        string
	File      string
	Original  string
	Title     string
	Publisher string
	Language  string
	Updated   PartialDate
	DateNote  string
	// Text is the document itself (not served by the API; used to check quotes).
	Text string
}

// Evidence ties a fact to the exact words of a document. SourceUpdated is the source's date,
// copied at load so every fact says "as of when" without another lookup. Basis says how the
// quote backs the fact: the words state it, or it is derived or inferred from them.
type Evidence struct {
	SourceID      string
	Quote         string
	SourceUpdated PartialDate
	Basis         Basis
}

// Basis is how a piece of evidence backs its fact. The set is closed.
type Basis string

const (
	// BasisStated: the quote states the fact (the default).
	BasisStated Basis = "STATED"
	// BasisDerived: the fact is computed from stated ones, e.g. an end date from a start
	// and a duration ("ett tvåårigt projekt … som startade juli 2015" → until 2017-07).
	BasisDerived Basis = "DERIVED"
	// BasisInferred: the fact follows from the quote and common knowledge only, e.g. that a
	// Swedish region lies in Sweden.
	BasisInferred Basis = "INFERRED"
)

// AllBases lists every basis in a fixed order.
var AllBases = []Basis{BasisStated, BasisDerived, BasisInferred}

// Valid reports whether b is one of AllBases.
func (b Basis) Valid() bool {
	for _, x := range AllBases {
		if x == b {
			return true
		}
	}
	return false
}

// BasisOrStated is the evidence's basis, STATED when none was given.
func (e Evidence) BasisOrStated() Basis { return e.Basis.OrStated() }

// OrStated is b, or BasisStated when b is empty (evidence written before bases existed).
func (b Basis) OrStated() Basis {
	if b == "" {
		return BasisStated
	}
	return b
}

// Attribute is a stated figure or fact about an entity ("mer än 1000 städer").
type Attribute struct {
	Key      string
	Value    string // as written
	Number   *float64
	Evidence []Evidence
}

// Contact is personal contact data. It is kept apart from the public node fields so that the
// API can withhold it from unauthorised callers and nothing logs it by accident.
type Contact struct {
	Email    string
	Phone    string
	Evidence []Evidence
}

// Node is an entity of the graph.
type Node struct {
	ID           string
	Kind         NodeKind
	Name         string
	Aliases      []string
	Category     string
	Abbreviation string
	Since        PartialDate
	Until        PartialDate
	Note         string
	Evidence     []Evidence
	Attributes   []Attribute
	Contact      *Contact // PERSON only; personal data
}

// Edge is a typed, directed relationship with its evidence. For the derived REPRESENTS and
// SERVES_ON edges MandateID names the mandate they come from and Context the other end of
// the mandate (the body for REPRESENTS, the principal for SERVES_ON).
type Edge struct {
	ID        string
	Type      EdgeType
	From      string
	To        string
	Role      string
	Since     PartialDate
	Until     PartialDate
	Note      string
	Evidence  []Evidence
	MandateID string
	Context   string
}

// Mandate is representation: Person sits in Body on behalf of OnBehalfOf ("" when the text
// names no principal) with Role exactly as written.
type Mandate struct {
	ID         string
	Person     string
	OnBehalfOf string
	Body       string
	Role       string
	Since      PartialDate
	Until      PartialDate
	Note       string
	Evidence   []Evidence
}

// Graph is a whole, validated knowledge graph: what the loader produces and stores are built
// from. Edges holds only the written edges; mandate edges are derived by MandateEdges.
type Graph struct {
	Sources  []*Source
	Nodes    []*Node
	Edges    []*Edge
	Mandates []*Mandate
}

// MandateEdges derives the REPRESENTS and SERVES_ON edges of one mandate.
func MandateEdges(m *Mandate) []*Edge {
	var out []*Edge
	if m.OnBehalfOf != "" {
		out = append(out, &Edge{
			ID: m.ID + representsSuffix, Type: EdgeRepresents, From: m.Person, To: m.OnBehalfOf,
			Role: m.Role, Since: m.Since, Until: m.Until, Note: m.Note, Evidence: m.Evidence,
			MandateID: m.ID, Context: m.Body,
		})
	}
	out = append(out, &Edge{
		ID: m.ID + servesOnSuffix, Type: EdgeServesOn, From: m.Person, To: m.Body,
		Role: m.Role, Since: m.Since, Until: m.Until, Note: m.Note, Evidence: m.Evidence,
		MandateID: m.ID, Context: m.OnBehalfOf,
	})
	return out
}

// AllEdges returns the written edges followed by the mandate-derived ones.
func (g *Graph) AllEdges() []*Edge {
	out := make([]*Edge, 0, len(g.Edges)+2*len(g.Mandates))
	out = append(out, g.Edges...)
	for _, m := range g.Mandates {
		out = append(out, MandateEdges(m)...)
	}
	return out
}
