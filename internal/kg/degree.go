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
