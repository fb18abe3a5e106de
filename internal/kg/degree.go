package kg

// DegreeQuery selects which relationships of a node Store.Degrees counts: those of Types
// (empty: every type) in Direction (OUT, IN or BOTH; "" = BOTH). Unknown types or directions
// are INVALID, as in EdgesOf.
type DegreeQuery struct {
	Types     []EdgeType
	Direction Direction
}

// RelationshipCount is how many relationships of one type a node has in one direction.
type RelationshipCount struct {
	Type      EdgeType
	Direction Direction // OUT or IN
	Count     int
}

// SumCounts is the degree a node's RelationshipCounts give for q: the counts of q's types
// (all when empty) in q's direction (both when BOTH or ""). Types and direction must be
// valid. A store that answers Degrees from its counts uses it, so both stores sum the same.
func SumCounts(counts []RelationshipCount, q DegreeQuery) int {
	n := 0
	for _, c := range counts {
		if len(q.Types) > 0 && !containsType(q.Types, c.Type) {
			continue
		}
		if q.Direction != "" && q.Direction != DirBoth && q.Direction != c.Direction {
			continue
		}
		n += c.Count
	}
	return n
}

func containsType(ts []EdgeType, t EdgeType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// CheckDegreeQuery rejects unknown edge types and directions, naming them.
func CheckDegreeQuery(q DegreeQuery) error {
	for _, t := range q.Types {
		if !t.Valid() {
			return Errorf(EINVALID, "unknown edge type %q", t)
		}
	}
	if q.Direction != "" && !q.Direction.Valid() {
		return Errorf(EINVALID, "unknown direction %q", q.Direction)
	}
	return nil
}

// EdgePageQuery asks Store.EdgePages for one page of each node's edges: those of Types (empty:
// every type) in Direction ("" = BOTH) whose period passes Time, in EdgesOf's order (type,
// the other end's id, edge id), starting after the keyset cursor After ("" = from the start),
// at most First of them (0 ≤ First ≤ MaxFirst; 0 asks only for the count).
type EdgePageQuery struct {
	Types     []EdgeType
	Direction Direction
	Time      TimeFilter
	First     int
	After     string
}

// EdgePage is one node's page of edges: Cursors[i] is Edges[i]'s cursor (EdgeCursor);
// TotalCount counts every edge matching the query (types, direction, time), not only the
// page; HasNext says that more follow the page.
type EdgePage struct {
	Edges      []*Edge
	Cursors    []string
	TotalCount int
	HasNext    bool
}

// EdgeCursorKind is the kind of relationship-list cursors (EncodeKeyCursor).
const EdgeCursorKind = "rel"

// EdgeCursor is the keyset cursor of edge e in the list of node self: its type, the other
// end's id and its id — the list's sort keys — so both stores resume at the same place.
func EdgeCursor(self string, e *Edge) string {
	other := e.To
	if e.To == self {
		other = e.From
	}
	return EncodeKeyCursor(EdgeCursorKind, string(e.Type), other, e.ID)
}

// EdgeAfter is a decoded relationship cursor: resume after (Rank, Other, ID), where Rank is the
// type's position in AllEdgeTypes.
type EdgeAfter struct {
	Rank      int
	Other, ID string
}

// DecodeEdgeCursor decodes an EdgeCursor; anything else (another list's cursor, an unknown
// type) is INVALID.
func DecodeEdgeCursor(c string) (EdgeAfter, error) {
	keys, err := DecodeKeyCursor(c, EdgeCursorKind, 3)
	if err != nil {
		return EdgeAfter{}, err
	}
	for i, t := range AllEdgeTypes {
		if string(t) == keys[0] {
			return EdgeAfter{Rank: i, Other: keys[1], ID: keys[2]}, nil
		}
	}
	return EdgeAfter{}, Errorf(EINVALID, "after: invalid cursor")
}

// CheckEdgePageQuery validates q's types, direction, time window and first (0..MaxFirst).
func CheckEdgePageQuery(q EdgePageQuery) error {
	if err := CheckDegreeQuery(DegreeQuery{Types: q.Types, Direction: q.Direction}); err != nil {
		return err
	}
	if err := q.Time.Check(); err != nil {
		return err
	}
	if q.First < 0 || q.First > MaxFirst {
		return Errorf(EINVALID, "first must be between 0 and %d, got %d", MaxFirst, q.First)
	}
	return nil
}

// MandateCursorKind is the kind of mandate-list cursors (EncodeKeyCursor).
const MandateCursorKind = "mandate"

// MandateCursor is the keyset cursor of m in a mandate list: the list's sort keys (body,
// principal, person, id), so both stores resume at the same place.
func MandateCursor(m *Mandate) string {
	return EncodeKeyCursor(MandateCursorKind, m.Body, m.OnBehalfOf, m.Person, m.ID)
}

// DecodeMandateCursor returns the mandate keys of a MandateCursor (a Mandate with Body,
// OnBehalfOf, Person and ID set); anything else is INVALID.
func DecodeMandateCursor(c string) (*Mandate, error) {
	keys, err := DecodeKeyCursor(c, MandateCursorKind, 4)
	if err != nil {
		return nil, err
	}
	return &Mandate{Body: keys[0], OnBehalfOf: keys[1], Person: keys[2], ID: keys[3]}, nil
}

// MandatePage is one page of Store.MandatePage: the mandates after the cursor, in the port's
// order (CompareMandates), their cursors, the count of every mandate matching the filter and
// whether more follow.
type MandatePage struct {
	Mandates   []*Mandate
	Cursors    []string
	TotalCount int
	HasNext    bool
}
