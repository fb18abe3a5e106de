package kg

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that do not decompose into base + combining mark.
var special = map[rune]string{
	'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
}

// Fold normalises text for matching: lower case, diacritics removed ("Växjö" → "vaxjo",
// "Niš" → "nis"), every run of non-letters/digits turned into one space, ends trimmed.
// Search, name filters and the Neo4j search keys all use this one function, so both stores
// agree on what matches.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(rep)
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// Within1 reports whether a and b are at most one edit (insert, delete, substitute or swap of
// two adjacent characters) apart: the "one typo" that search tolerates.
func Within1(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	la, lb := len(ra), len(rb)
	if la > lb {
		ra, rb, la, lb = rb, ra, lb, la
	}
	if lb-la > 1 {
		return false
	}
	i := 0
	for i < la && ra[i] == rb[i] {
		i++
	}
	if la == lb {
		if i == la {
			return true
		}
		// substitution
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true
		}
		// adjacent transposition
		return i+1 < la && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	// insertion into the shorter one
	return string(ra[i:]) == string(rb[i+1:])
}
