package graph

import (
	"github.com/kommunkg/kg/internal/kg"
)

// fieldName names a field of the schema: its object type and the field.
type fieldName struct{ object, field string }

// relField is what a typed relationship field lists: the edges of one of types in direction
// dir, seen from the node the field belongs to.
type relField struct {
	dir   kg.Direction
	types []kg.EdgeType
}

func rel(dir kg.Direction, types ...kg.EdgeType) relField { return relField{dir: dir, types: types} }

// relFields is the one statement of what every typed relationship field of the schema
// (a `[Relationship!]!` field without arguments: Municipality.memberships, Organisation.hosts
// …) means. Its resolver is typedRels, which looks the field up here. A test checks that every
// such field of the schema has an entry, that each entry is possible under kg.EdgeRules for
// the field's kind, and runs each field on the shipped seeds against the seed graph itself.
var relFields = map[fieldName]relField{
	{"Municipality", "memberships"}:  rel(kg.DirOut, kg.EdgeMemberOf),
	{"Municipality", "partnerships"}: rel(kg.DirBoth, kg.EdgePartnerOf),
	{"Municipality", "projects"}:     rel(kg.DirOut, kg.EdgeParticipatesIn, kg.EdgeCoordinates, kg.EdgeOrganises),
	{"Municipality", "funders"}:      rel(kg.DirIn, kg.EdgeFunds),
	{"Municipality", "people"}:       rel(kg.DirIn, kg.EdgeAffiliatedWith, kg.EdgeContactFor),

	{"Region", "memberships"}:  rel(kg.DirOut, kg.EdgeMemberOf),
	{"Region", "partnerships"}: rel(kg.DirBoth, kg.EdgePartnerOf),
	{"Region", "projects"}:     rel(kg.DirOut, kg.EdgeParticipatesIn, kg.EdgeCoordinates, kg.EdgeOrganises),
	{"Region", "funders"}:      rel(kg.DirIn, kg.EdgeFunds),
	{"Region", "people"}:       rel(kg.DirIn, kg.EdgeAffiliatedWith, kg.EdgeContactFor),

	{"Network", "members"}:      rel(kg.DirIn, kg.EdgeMemberOf),
	{"Network", "coordinators"}: rel(kg.DirIn, kg.EdgeCoordinates),
	{"Network", "funders"}:      rel(kg.DirIn, kg.EdgeFunds),
	{"Network", "hosts"}:        rel(kg.DirIn, kg.EdgeHosts),
	{"Network", "parts"}:        rel(kg.DirIn, kg.EdgePartOf),
	{"Network", "partOf"}:       rel(kg.DirOut, kg.EdgePartOf),
	{"Network", "locations"}:    rel(kg.DirOut, kg.EdgeLocatedIn),
	{"Network", "memberships"}:  rel(kg.DirOut, kg.EdgeMemberOf),
	{"Network", "projects"}:     rel(kg.DirOut, kg.EdgeParticipatesIn, kg.EdgeCoordinates, kg.EdgeOrganises, kg.EdgeInitiated),
	{"Network", "people"}:       rel(kg.DirIn, kg.EdgeAffiliatedWith, kg.EdgeContactFor),

	{"Organisation", "members"}:      rel(kg.DirIn, kg.EdgeMemberOf),
	{"Organisation", "coordinators"}: rel(kg.DirIn, kg.EdgeCoordinates),
	{"Organisation", "funders"}:      rel(kg.DirIn, kg.EdgeFunds),
	{"Organisation", "hosts"}:        rel(kg.DirIn, kg.EdgeHosts),
	{"Organisation", "parts"}:        rel(kg.DirIn, kg.EdgePartOf),
	{"Organisation", "partOf"}:       rel(kg.DirOut, kg.EdgePartOf),
	{"Organisation", "ownership"}:    rel(kg.DirBoth, kg.EdgeOwns),
	{"Organisation", "locations"}:    rel(kg.DirOut, kg.EdgeLocatedIn),
	{"Organisation", "memberships"}:  rel(kg.DirOut, kg.EdgeMemberOf),
	{"Organisation", "projects"}:     rel(kg.DirOut, kg.EdgeParticipatesIn, kg.EdgeCoordinates, kg.EdgeOrganises, kg.EdgeInitiated, kg.EdgeHosts),
	{"Organisation", "people"}:       rel(kg.DirIn, kg.EdgeAffiliatedWith, kg.EdgeContactFor),

	{"Funder", "funds"}:    rel(kg.DirOut, kg.EdgeFunds),
	{"Funder", "fundedBy"}: rel(kg.DirIn, kg.EdgeFunds),
	{"Funder", "people"}:   rel(kg.DirIn, kg.EdgeAffiliatedWith, kg.EdgeContactFor),

	{"Person", "affiliations"}: rel(kg.DirOut, kg.EdgeAffiliatedWith),
	{"Person", "contactFor"}:   rel(kg.DirOut, kg.EdgeContactFor),
	{"Person", "coordinates"}:  rel(kg.DirOut, kg.EdgeCoordinates),

	{"Party", "members"}: rel(kg.DirIn, kg.EdgeMemberOf),

	{"Project", "participants"}: rel(kg.DirIn, kg.EdgeParticipatesIn),
	{"Project", "funders"}:      rel(kg.DirIn, kg.EdgeFunds),
	{"Project", "coordinators"}: rel(kg.DirIn, kg.EdgeCoordinates),
	{"Project", "organisers"}:   rel(kg.DirIn, kg.EdgeOrganises, kg.EdgeInitiated),
	{"Project", "contacts"}:     rel(kg.DirIn, kg.EdgeContactFor),
	{"Project", "partOf"}:       rel(kg.DirOut, kg.EdgePartOf),
	{"Project", "parts"}:        rel(kg.DirIn, kg.EdgePartOf),

	{"Event", "organisers"}:   rel(kg.DirIn, kg.EdgeOrganises),
	{"Event", "participants"}: rel(kg.DirIn, kg.EdgeParticipatesIn),
	{"Event", "locations"}:    rel(kg.DirOut, kg.EdgeLocatedIn),
}
