package kg

import "fmt"

// NodeKind classifies an entity. The set is closed: the seed validator rejects anything else,
// and both stores and the GraphQL enum use exactly these names.
type NodeKind string

const (
	KindMunicipality NodeKind = "MUNICIPALITY"
	KindRegion       NodeKind = "REGION"
	KindCountry      NodeKind = "COUNTRY"
	KindNetwork      NodeKind = "NETWORK"
	KindOrganisation NodeKind = "ORGANISATION"
	KindFunder       NodeKind = "FUNDER"
	KindPerson       NodeKind = "PERSON"
	KindProject      NodeKind = "PROJECT"
	KindParty        NodeKind = "PARTY"
	KindEvent        NodeKind = "EVENT"
)

// AllKinds lists every kind in a fixed order (used for stable output and validation).
var AllKinds = []NodeKind{
	KindMunicipality, KindRegion, KindCountry, KindNetwork, KindOrganisation,
	KindFunder, KindPerson, KindProject, KindParty, KindEvent,
}

// Valid reports whether k is one of AllKinds.
func (k NodeKind) Valid() bool {
	for _, x := range AllKinds {
		if x == k {
			return true
		}
	}
	return false
}

// EdgeType names a relationship. Direction conventions are fixed (see EdgeRules) so that
// "members of X" is always "MEMBER_OF edges pointing in to X".
type EdgeType string

const (
	EdgeMemberOf       EdgeType = "MEMBER_OF"
	EdgeParticipatesIn EdgeType = "PARTICIPATES_IN"
	EdgeFunds          EdgeType = "FUNDS"
	EdgeCoordinates    EdgeType = "COORDINATES"
	EdgePartnerOf      EdgeType = "PARTNER_OF"
	EdgeLocatedIn      EdgeType = "LOCATED_IN"
	EdgeContactFor     EdgeType = "CONTACT_FOR"
	EdgeAffiliatedWith EdgeType = "AFFILIATED_WITH"
	EdgePartOf         EdgeType = "PART_OF"
	EdgeHosts          EdgeType = "HOSTS"
	EdgeOwns           EdgeType = "OWNS"
	EdgeOrganises      EdgeType = "ORGANISES"
	EdgeInitiated      EdgeType = "INITIATED"
	// EdgeRepresents and EdgeServesOn are derived from mandates, never written in seeds:
	// person → on-behalf-of, and person → body. They make representation traversable by
	// path and neighbourhood queries while the Mandate keeps the ternary fact whole.
	EdgeRepresents EdgeType = "REPRESENTS"
	EdgeServesOn   EdgeType = "SERVES_ON"
)

// AllEdgeTypes lists every edge type in a fixed order.
var AllEdgeTypes = allEdgeTypes[:]

var allEdgeTypes = [...]EdgeType{
	EdgeMemberOf, EdgeParticipatesIn, EdgeFunds, EdgeCoordinates, EdgePartnerOf,
	EdgeLocatedIn, EdgeContactFor, EdgeAffiliatedWith, EdgePartOf, EdgeHosts, EdgeOwns,
	EdgeOrganises, EdgeInitiated, EdgeRepresents, EdgeServesOn,
}

// NumEdgeTypes is len(AllEdgeTypes) as a constant, so that an adapter keeping one bit per
// type can check at compile time that every type has its bit.
const NumEdgeTypes = len(allEdgeTypes)

// Valid reports whether t is a known edge type.
func (t EdgeType) Valid() bool {
	_, ok := EdgeRules[t]
	return ok
}

// Direction selects edges relative to a node.
type Direction string

const (
	DirOut  Direction = "OUT"
	DirIn   Direction = "IN"
	DirBoth Direction = "BOTH"
)

// Valid reports whether d is OUT, IN or BOTH.
func (d Direction) Valid() bool { return d == DirOut || d == DirIn || d == DirBoth }

// EdgeRule says which kinds an edge type may connect. It is the schema of the graph: the
// validator enforces it on seeds, and documentation (seeds/README.md) mirrors it.
type EdgeRule struct {
	From, To []NodeKind
	// Derived edges come from mandates and may not be written as plain edges.
	Derived bool
}

func kinds(ks ...NodeKind) []NodeKind { return ks }

var (
	actors    = kinds(KindMunicipality, KindRegion, KindOrganisation, KindNetwork, KindFunder)
	locations = kinds(KindMunicipality, KindRegion, KindCountry)
)

// EdgeRules is the allowed (from kind, to kind) table per edge type.
var EdgeRules = map[EdgeType]EdgeRule{
	EdgeMemberOf: {
		From: kinds(KindMunicipality, KindRegion, KindCountry, KindNetwork, KindOrganisation, KindFunder, KindPerson),
		To:   kinds(KindNetwork, KindOrganisation, KindParty),
	},
	EdgeParticipatesIn: {
		From: kinds(KindMunicipality, KindRegion, KindNetwork, KindOrganisation, KindFunder, KindPerson, KindProject),
		To:   kinds(KindProject, KindEvent),
	},
	EdgeFunds: {
		From: kinds(KindFunder, KindOrganisation, KindMunicipality, KindRegion, KindNetwork, KindCountry),
		To:   kinds(KindProject, KindNetwork, KindOrganisation, KindFunder, KindMunicipality, KindRegion),
	},
	EdgeCoordinates: {
		From: kinds(KindOrganisation, KindNetwork, KindMunicipality, KindRegion, KindPerson, KindFunder),
		To:   kinds(KindProject, KindNetwork, KindOrganisation, KindEvent),
	},
	EdgePartnerOf: {From: actors, To: actors},
	EdgeLocatedIn: {
		From: kinds(KindMunicipality, KindRegion, KindOrganisation, KindNetwork, KindFunder, KindProject, KindEvent),
		To:   locations,
	},
	EdgeContactFor: {
		From: kinds(KindPerson),
		To:   kinds(KindProject, KindOrganisation, KindNetwork, KindMunicipality, KindRegion, KindFunder, KindEvent),
	},
	EdgeAffiliatedWith: {
		From: kinds(KindPerson),
		To:   kinds(KindMunicipality, KindRegion, KindOrganisation, KindNetwork, KindFunder, KindProject),
	},
	EdgePartOf: {
		From: kinds(KindNetwork, KindOrganisation, KindProject, KindFunder, KindEvent),
		To:   kinds(KindNetwork, KindOrganisation, KindProject, KindFunder, KindMunicipality, KindRegion),
	},
	EdgeHosts: {
		From: kinds(KindOrganisation, KindNetwork, KindMunicipality, KindRegion, KindFunder),
		To:   kinds(KindNetwork, KindOrganisation, KindProject, KindEvent),
	},
	EdgeOwns: {
		From: kinds(KindOrganisation, KindNetwork, KindMunicipality, KindRegion),
		To:   kinds(KindOrganisation),
	},
	EdgeOrganises: {
		From: kinds(KindOrganisation, KindNetwork, KindMunicipality, KindRegion, KindFunder, KindPerson),
		To:   kinds(KindEvent, KindProject),
	},
	EdgeInitiated: {
		From: kinds(KindOrganisation, KindFunder, KindMunicipality, KindRegion, KindCountry, KindNetwork, KindPerson),
		To:   kinds(KindNetwork, KindProject, KindOrganisation),
	},
	EdgeRepresents: {From: kinds(KindPerson), To: MandatePrincipalKinds, Derived: true},
	EdgeServesOn:   {From: kinds(KindPerson), To: MandateBodyKinds, Derived: true},
}

// MandatePrincipalKinds may be represented ("on behalf of") in a mandate.
var MandatePrincipalKinds = kinds(KindMunicipality, KindRegion, KindOrganisation, KindNetwork, KindCountry)

// MandateBodyKinds may be the body a mandate sits in.
var MandateBodyKinds = kinds(KindNetwork, KindOrganisation)

// KindIn reports whether k is in ks.
func KindIn(k NodeKind, ks []NodeKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// CheckEdgeKinds returns an error describing why an edge of type t may not connect from → to.
func CheckEdgeKinds(t EdgeType, from, to NodeKind) error {
	r, ok := EdgeRules[t]
	if !ok {
		return fmt.Errorf("unknown edge type %q", t)
	}
	if !KindIn(from, r.From) {
		return fmt.Errorf("%s may not start at a %s (allowed: %v)", t, from, r.From)
	}
	if !KindIn(to, r.To) {
		return fmt.Errorf("%s may not point to a %s (allowed: %v)", t, to, r.To)
	}
	return nil
}
