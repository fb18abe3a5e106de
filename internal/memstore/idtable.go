package memstore

import "hash/maphash"

// idTable maps string ids to int32 positions (of nodes, of edges) with open addressing.
// Each slot holds the position+1 in its low 32 bits and 32 bits of the id's hash above them,
// so a probe rarely has to read an id to reject a slot. At ≤ 2/3 load it costs 12–24 bytes an
// id — a third of a Go map[string]int32 at 5M edges — and is built without rehashing.
type idTable struct {
	seed  maphash.Seed
	slots []uint64 // len is a power of two
}

func newIDTable(n int) idTable {
	size := 8
	for size*2 < n*3 {
		size <<= 1
	}
	return idTable{seed: maphash.MakeSeed(), slots: make([]uint64, size)}
}

// slot returns where id's probe sequence starts (low bits of its hash) and its tag (the
// high 32 bits).
func (t *idTable) slot(id string) (uint64, uint64) {
	h := maphash.String(t.seed, id)
	return h & uint64(len(t.slots)-1), h >> 32
}

// find returns the position of id, using key to read the id stored at a position.
func (t *idTable) find(id string, key func(int32) string) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	i, tag := t.slot(id)
	for {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if s>>32 == tag {
			if p := int32(uint32(s) - 1); key(p) == id {
				return p, true
			}
		}
		i = (i + 1) & mask
	}
}

// insert adds id at position p; it returns the position already holding id, if any, and
// then adds nothing.
func (t *idTable) insert(id string, p int32, key func(int32) string) (int32, bool) {
	mask := uint64(len(t.slots) - 1)
	i, tag := t.slot(id)
	for {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = tag<<32 | uint64(uint32(p)+1)
			return 0, false
		}
		if s>>32 == tag {
			if q := int32(uint32(s) - 1); key(q) == id {
				return q, true
			}
		}
		i = (i + 1) & mask
	}
}
