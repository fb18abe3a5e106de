package memstore

import (
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
)

// fold is kg.Fold, several times faster on the text this graph holds: ASCII and Latin
// letters (å, ä, ö, é, ø, ß …) are folded from a table that is computed from kg.Fold itself,
// so the two always agree; any other rune hands the whole string to kg.Fold.
func fold(s string) string {
	var b []byte
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				space = true
				continue
			}
			b, space = append(sep(b, space, len(s)), c), false
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < latinLo || r >= latinHi {
			return kg.Fold(s)
		}
		e := &latin[r-latinLo]
		if !e.ok {
			return kg.Fold(s)
		}
		i += size
		rep := e.s
		if rep == "" {
			space = true
			continue
		}
		b, space = append(sep(b, space, len(s)), rep...), false
	}
	return string(b)
}

// sep prepares b for the next folded piece: allocated on first use (capacity n), and one
// space first when a separator run came before the piece and something precedes it.
func sep(b []byte, space bool, n int) []byte {
	if b == nil {
		b = make([]byte, 0, n)
	}
	if space && len(b) > 0 {
		b = append(b, ' ')
	}
	return b
}

const latinLo, latinHi = 0x80, 0x250

// latin holds, for every rune in [latinLo, latinHi), what kg.Fold makes of it: letters
// ("ä" → "a", "ß" → "ss"), or "" for a separator. ok is false where a rune cannot be folded on
// its own (it does not occur in this range today; the check keeps fold honest if kg.Fold
// changes).
var latin = func() (t [latinHi - latinLo]struct {
	s  string
	ok bool
}) {
	for r := rune(latinLo); r < latinHi; r++ {
		e := &t[r-latinLo]
		f := kg.Fold(string(r))
		if strings.ContainsRune(f, ' ') {
			continue
		}
		// A separator folds to "" alone and splits its neighbours; a letter joins them.
		if f == "" && kg.Fold("a"+string(r)+"b") != "a b" {
			continue
		}
		if f != "" && kg.Fold("a"+string(r)+"b") != "a"+f+"b" {
			continue
		}
		e.s, e.ok = f, true
	}
	return t
}()

// within1 is kg.Within1 without allocating when both words are ASCII (the common case
// when scanning the vocabulary); otherwise it defers to kg.Within1.
func within1(a, b string) bool {
	if a == b {
		return true
	}
	if !isASCII(a) || !isASCII(b) {
		return kg.Within1(a, b)
	}
	la, lb := len(a), len(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && a[i] == b[i] {
		i++
	}
	if la == lb {
		if i == la {
			return true
		}
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < la && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
