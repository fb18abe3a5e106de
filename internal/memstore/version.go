package memstore

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"sync"

	"github.com/kommunkg/kg/internal/kg"
)

// version fingerprints the whole graph: every field of every node, edge, mandate and source
// (so a corrected quote or date changes it too, not only ids and names). Each item is
// serialised unambiguously and hashed on its own, and the hashes are summed, so the result
// does not depend on input order — and the items can be hashed in parallel. The hash is a
// fixed, seedless function, so the same graph has the same version in every process.
// When a field is added to a kg type, add it here.
func (s *Store) version() string {
	total := len(s.nodes) + len(s.edges) + len(s.mandates) + len(s.sources)
	workers := 2
	var wg sync.WaitGroup
	sums := make([]uint64, workers)
	for w := range workers {
		wg.Go(func() {
			fp := &fingerprint{}
			lo, hi := total*w/workers, total*(w+1)/workers
			for i := lo; i < hi; i++ {
				sums[w] += s.hashItem(fp, i)
			}
		})
	}
	wg.Wait()
	var sum uint64
	for _, x := range sums {
		sum += x
	}
	return fmt.Sprintf("mem-%d-%d-%016x", len(s.nodes), len(s.edges), sum)
}

// hashItem hashes item i of the concatenation nodes, edges, mandates, sources.
func (s *Store) hashItem(w *fingerprint, i int) uint64 {
	w.buf = w.buf[:0]
	switch {
	case i < len(s.nodes):
		n := s.nodes[i]
		w.str("N", n.ID, string(n.Kind), n.Name, n.Category, n.Abbreviation, n.Note)
		w.strs(n.Aliases)
		w.date(n.Since, n.Until)
		w.evidence(n.Evidence)
		w.num(len(n.Attributes))
		for _, a := range n.Attributes {
			w.str(a.Key, a.Value)
			if a.Number == nil {
				w.str("-")
			} else {
				w.buf = strconv.AppendFloat(w.buf, *a.Number, 'g', -1, 64)
				w.str("")
			}
			w.evidence(a.Evidence)
		}
		if n.Contact == nil {
			w.str("-")
		} else {
			w.str("C", n.Contact.Email, n.Contact.Phone)
			w.evidence(n.Contact.Evidence)
		}
		return hash64(w.buf)
	case i < len(s.nodes)+len(s.edges):
		e := s.edges[i-len(s.nodes)]
		w.str("E", e.ID, string(e.Type), e.From, e.To, e.Role, e.Note, e.MandateID, e.Context)
		w.date(e.Since, e.Until)
		w.evidence(e.Evidence)
		return hash64(w.buf)
	case i < len(s.nodes)+len(s.edges)+len(s.mandates):
		m := s.mandates[i-len(s.nodes)-len(s.edges)]
		w.str("M", m.ID, m.Person, m.OnBehalfOf, m.Body, m.Role, m.Note)
		w.date(m.Since, m.Until)
		w.evidence(m.Evidence)
		return hash64(w.buf)
	default:
		src := s.sources[i-len(s.nodes)-len(s.edges)-len(s.mandates)]
		w.str("S", src.ID, src.File, src.Original, src.Title, src.Publisher, src.Language, src.DateNote, src.Text)
		w.date(src.Updated)
		return hash64(w.buf)
	}
}

// fingerprint serialises fields unambiguously (each string NUL-terminated, lists counted).
type fingerprint struct {
	buf []byte
}

func (w *fingerprint) str(ss ...string) {
	for _, x := range ss {
		w.buf = append(w.buf, x...)
		w.buf = append(w.buf, 0)
	}
}

func (w *fingerprint) num(n int) {
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, 0)
}

func (w *fingerprint) strs(ss []string) {
	w.num(len(ss))
	w.str(ss...)
}

func (w *fingerprint) date(ds ...kg.PartialDate) {
	for _, d := range ds {
		w.buf = strconv.AppendInt(w.buf, int64(d.Year), 10)
		w.buf = append(w.buf, '-')
		w.buf = strconv.AppendInt(w.buf, int64(d.Month), 10)
		w.buf = append(w.buf, '-')
		w.buf = strconv.AppendInt(w.buf, int64(d.Day), 10)
		w.buf = append(w.buf, 0)
	}
}

func (w *fingerprint) evidence(ev []kg.Evidence) {
	w.num(len(ev))
	for _, e := range ev {
		w.str(e.SourceID, e.Quote, string(e.Basis))
		w.date(e.SourceUpdated)
	}
}

// hash64 is a fast, fixed 64-bit hash (eight bytes a step, folded with 128-bit products in
// the manner of wyhash). Its only job is to make equal serialisations equal and different
// ones almost surely different; it is not cryptographic.
func hash64(b []byte) uint64 {
	const (
		p0 = 0xa0761d6478bd642f
		p1 = 0xe7037ed1a0b428db
		p2 = 0x8ebc6af09c88c6e3
	)
	h := uint64(len(b)) ^ p0
	for len(b) >= 8 {
		h = mix(h^binary.LittleEndian.Uint64(b), p1)
		b = b[8:]
	}
	var tail [8]byte
	copy(tail[:], b)
	h = mix(h^binary.LittleEndian.Uint64(tail[:])^uint64(len(b))<<56, p2)
	return mix(h, p1)
}

func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}
