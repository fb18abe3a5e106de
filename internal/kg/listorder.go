package kg

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
)

// NodeOrderField is what a node list is ordered by.
type NodeOrderField string

// The orders of a node list.
const (
	OrderByName   NodeOrderField = "NAME"
	OrderByDegree NodeOrderField = "DEGREE"
)

// NodeOrder orders a node list (ListQuery.OrderBy). The zero value is by name, ascending:
// folded name, then id (CompareListOrder). DEGREE orders by the number of relationships of
// Types (any when empty) in Direction ("" = BOTH), ascending or Descending; ties always by
// folded name, then id, ascending. NAME Descending reverses the name order (name, then id,
// both descending).
type NodeOrder struct {
	Field      NodeOrderField
	Types      []EdgeType
	Direction  Direction
	Descending bool
}

// DegreeFilter keeps the nodes with at least Count relationships of Types (any when empty)
// in Direction ("" = BOTH): ListQuery.MinDegree.
type DegreeFilter struct {
	Count     int
	Types     []EdgeType
	Direction Direction
}

// IsNameAsc reports whether o is the default order (by name, ascending, with no degree
// arguments: an order naming types is checked, and refused, as any other).
func (o NodeOrder) IsNameAsc() bool {
	return (o.Field == "" || o.Field == OrderByName) && !o.Descending && len(o.Types) == 0 &&
		(o.Direction == "" || o.Direction == DirBoth)
}

// Check rejects an unknown field, type or direction.
func (o NodeOrder) Check() error {
	if o.Field != "" && o.Field != OrderByName && o.Field != OrderByDegree {
		return Errorf(EINVALID, "orderBy.field: unknown field %q", o.Field)
	}
	if o.Field != OrderByDegree && (len(o.Types) > 0 || (o.Direction != "" && o.Direction != DirBoth)) {
		return Errorf(EINVALID, "orderBy: types and direction need field DEGREE")
	}
	return CheckDegreeQuery(DegreeQuery{Types: o.Types, Direction: o.Direction})
}

// Check rejects a negative count or an unknown type or direction.
func (f DegreeFilter) Check() error {
	if f.Count < 0 {
		return Errorf(EINVALID, "filter.minDegree.count must be at least 0, got %d", f.Count)
	}
	return CheckDegreeQuery(DegreeQuery{Types: f.Types, Direction: f.Direction})
}

// signature names an order, so that a cursor of one order is refused by another.
func (o NodeOrder) signature() string {
	dir := o.Direction
	if dir == "" {
		dir = DirBoth
	}
	var ts []string
	for _, t := range AllEdgeTypes {
		for _, x := range o.Types {
			if x == t {
				ts = append(ts, string(t))
				break
			}
		}
	}
	field := o.Field
	if field == "" {
		field = OrderByName
	}
	return fmt.Sprintf("%s/%s/%s/%t", field, strings.Join(ts, ","), dir, o.Descending)
}

// ListPos is a node's position in an ordered list: its degree under the order (0 for NAME),
// folded name and id.
type ListPos struct {
	Degree int
	Folded string
	ID     string
}

// CompareListPos compares two positions in order o.
func CompareListPos(o NodeOrder, a, b ListPos) int {
	if o.Field == OrderByDegree {
		if c := cmp.Compare(a.Degree, b.Degree); c != 0 {
			if o.Descending {
				return -c
			}
			return c
		}
		return CompareListOrder(a.Folded, a.ID, b.Folded, b.ID)
	}
	c := CompareListOrder(a.Folded, a.ID, b.Folded, b.ID)
	if o.Descending {
		return -c
	}
	return c
}

const listCursorKind = "list"

// ListCursor is the cursor of position p in a list ordered by o (any order but the default,
// whose cursors are EncodeCursor's).
func ListCursor(o NodeOrder, p ListPos) string {
	return EncodeKeyCursor(listCursorKind, o.signature(), strconv.Itoa(p.Degree), p.Folded, p.ID)
}

// DecodeListCursor reverses ListCursor for a list ordered by o; a cursor of another order or
// list is INVALID.
func DecodeListCursor(o NodeOrder, c string) (ListPos, error) {
	keys, err := DecodeKeyCursor(c, listCursorKind, 4)
	if err != nil {
		return ListPos{}, err
	}
	d, err := strconv.Atoi(keys[1])
	if err != nil || d < 0 {
		return ListPos{}, Errorf(EINVALID, "after: invalid cursor")
	}
	if keys[0] != o.signature() {
		return ListPos{}, Errorf(EINVALID, "after: cursor does not belong to this list (another order)")
	}
	return ListPos{Degree: d, Folded: keys[2], ID: keys[3]}, nil
}
