package kg

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold normalises text for matching: lower case, diacritics removed ("Växjö" → "vaxjo",
// "Niš" → "nis"), every run of non-letters/digits turned into one space, ends trimmed.
// Search, name filters and the Neo4j search keys all use this one function, so both stores
// agree on what matches.
//
// It means: decompose (Unicode NFD), drop the non-spacing marks (Mn), lower-case, spell the
// few letters that do not decompose ("ø" → "o", "ß" → "ss", "æ" → "ae" …), keep letters and
// digits, and turn everything else into separators. It is computed rune by rune (a rune's
// canonical decomposition does not depend on its neighbours, and the canonical reordering
// NFD adds only moves marks, which never reach the output), with ASCII handled inline and
// no allocation when s is already folded — it runs over every name of a million-node graph
// when a store is built.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b []byte
	space := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
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
		p := norm.NFD.PropertiesString(s[i:])
		if d := p.Decomposition(); d != nil {
			for _, r := range string(d) {
				b, space = foldRune(b, space, r, len(s))
			}
			i += p.Size()
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if hangulFirst <= r && r <= hangulLast {
			h := r - hangulFirst
			b, space = foldRune(b, space, 0x1100+h/588, len(s))
			b, space = foldRune(b, space, 0x1161+(h%588)/28, len(s))
			if t := h % 28; t != 0 {
				b, space = foldRune(b, space, 0x11A7+t, len(s))
			}
			continue
		}
		b, space = foldRune(b, space, r, len(s))
	}
	return string(b)
}

// foldRune appends the fold of one rune of a decomposition to b (of capacity n once
// allocated); space says whether a separator run precedes it.
func foldRune(b []byte, space bool, r rune, n int) ([]byte, bool) {
	switch {
	case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
		return append(sep(b, space, n), byte(r)), false
	case 'A' <= r && r <= 'Z':
		return append(sep(b, space, n), byte(r+'a'-'A')), false
	case r < utf8.RuneSelf:
		return b, true
	case 0x300 <= r && r < 0x370: // the combining diacritical marks, all Mn
		return b, space
	case unicode.Is(unicode.Mn, r):
		return b, space
	}
	r = unicode.ToLower(r)
	if rep := special(r); rep != "" {
		return append(sep(b, space, n), rep...), false
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return utf8.AppendRune(sep(b, space, n), r), false
	}
	return b, true
}

// isFolded reports whether s is its own fold: lower-case ASCII letters and digits, single
// spaces between words, none at the ends.
func isFolded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
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

// special spells the lower-case letters that do not decompose into base + combining mark.
func special(r rune) string {
	switch r {
	case 'ø':
		return "o"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ß':
		return "ss"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	}
	return ""
}

// Hangul syllables decompose algorithmically (Unicode §3.12), not through the tables.
const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

// Within1 reports whether a and b are at most one edit (insert, delete, substitute or swap of
// two adjacent characters) apart: the "one typo" that search tolerates. Characters are runes
// (of valid UTF-8, as Fold returns); it does not allocate.
func Within1(a, b string) bool {
	if a == b {
		return true
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la > lb {
		a, b, la, lb = b, a, lb, la
	}
	if lb-la > 1 {
		return false
	}
	// The common prefix, backed up to the start of the rune where they differ.
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	rb, nb := utf8.DecodeRuneInString(b[i:])
	if la < lb { // insertion into the shorter one
		return a[i:] == b[i+nb:]
	}
	ra, na := utf8.DecodeRuneInString(a[i:])
	if a[i+na:] == b[i+nb:] { // substitution
		return true
	}
	if i+na >= len(a) {
		return false
	}
	// adjacent transposition
	ra2, na2 := utf8.DecodeRuneInString(a[i+na:])
	rb2, nb2 := utf8.DecodeRuneInString(b[i+nb:])
	return ra == rb2 && ra2 == rb && a[i+na+na2:] == b[i+nb+nb2:]
}
