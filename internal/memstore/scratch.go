package memstore

import (
	"math/bits"
	"sync"
)

// visitTable is a small open-addressing map from node index to a uint32, for the visited
// sets of traversals. Unlike a Go map it is reset in time proportional to what was put in,
// so one pooled table serves queries of any size without reallocating or clearing megabytes.
type visitTable struct {
	keys    []int32 // node+1; 0 = empty
	vals    []uint32
	touched []uint32 // slots in use, for reset
	shift   uint8    // 32 - log2(len(keys))
}

func (t *visitTable) reset() {
	if len(t.touched)*4 > len(t.keys) {
		clear(t.keys)
	} else {
		for _, i := range t.touched {
			t.keys[i] = 0
		}
	}
	t.touched = t.touched[:0]
}

func (t *visitTable) slot(k int32) uint32 {
	return (uint32(k) * 0x9E3779B1) >> t.shift
}

// get returns the value stored for k.
func (t *visitTable) get(k int32) (uint32, bool) {
	if len(t.keys) == 0 {
		return 0, false
	}
	mask := uint32(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k + 1:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// has reports whether k is in the table.
func (t *visitTable) has(k int32) bool {
	_, ok := t.get(k)
	return ok
}

// add stores v for k unless k is present; it reports whether it added.
func (t *visitTable) add(k int32, v uint32) bool {
	if (len(t.touched)+1)*3 > len(t.keys)*2 {
		t.grow()
	}
	mask := uint32(len(t.keys) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k + 1:
			return false
		case 0:
			t.keys[i], t.vals[i] = k+1, v
			t.touched = append(t.touched, i)
			return true
		}
	}
}

func (t *visitTable) grow() {
	oldK, oldV, oldT := t.keys, t.vals, t.touched
	size := max(256, 2*len(oldK))
	t.keys, t.vals = make([]int32, size), make([]uint32, size)
	t.shift = uint8(32 - bits.TrailingZeros(uint(size)))
	t.touched = make([]uint32, 0, cap(oldT))
	for _, i := range oldT {
		t.add(oldK[i]-1, oldV[i])
	}
}

// scratch is the per-query working memory of Path and Neighbourhood, pooled.
type scratch struct {
	a, b   visitTable
	q1, q2 []int32
	keys   []uint64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(x *scratch) {
	// Do not keep the memory of an exceptional query (a hub's whole neighbourhood) forever.
	if len(x.a.keys) > 1<<20 || len(x.b.keys) > 1<<20 {
		return
	}
	x.a.reset()
	x.b.reset()
	x.q1, x.q2, x.keys = x.q1[:0], x.q2[:0], x.keys[:0]
	scratchPool.Put(x)
}
