package kg_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kommunkg/kg/internal/kg"
)

// refFold is Fold's definition written the plain way (decompose the whole string, then
// filter): the oracle for the rune-by-rune implementation.
func refFold(s string) string {
	special := map[rune]string{
		'ø': "o", 'æ': "ae", 'œ': "oe", 'ß': "ss", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i",
	}
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		piece, ok := special[r]
		if !ok && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			piece, ok = string(r), true
		}
		if !ok {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(piece)
	}
	return b.String()
}

// refWithin1 is Within1 over rune slices.
func refWithin1(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		if i == len(ra) || string(ra[i+1:]) == string(rb[i+1:]) {
			return true
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}

// Every rune, alone and between letters, folds as the definition says.
func TestFoldEveryRune(t *testing.T) {
	// The planes that hold characters (0-3), and the tags and variation selectors of plane 14.
	for r := rune(0); r < 0xE01F0; r++ {
		if (r >= 0xD800 && r <= 0xDFFF) || (r >= 0x40000 && r < 0xE0000) {
			continue
		}
		for _, s := range []string{string(r), "a" + string(r) + "b"} {
			if got, want := kg.Fold(s), refFold(s); got != want {
				t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func TestFoldRandom(t *testing.T) {
	alphabet := []rune("aAzZ09 -_.,:;()/'\"&åäöÅÄÖéÉüÜøØæÆßłŁđðþıİœçñÑ\u0301\u0308\u0323\u00a0\u2013½²ǄǅŉšŠžŽčćĐőŰ漢字ΩЖ한글\u1100\u1161\t\n\xff")
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 50000 {
		var b strings.Builder
		for range rnd.IntN(12) {
			b.WriteRune(alphabet[rnd.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := kg.Fold(s), refFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"\xff", "a\xffb", "\xe4\x80", "ok", "ok go", " ok", "ok  go", "ok "} {
		if got, want := kg.Fold(s), refFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestWithin1Random(t *testing.T) {
	alphabet := []rune("abcxyåäöé漢")
	rnd := rand.New(rand.NewPCG(3, 4))
	word := func() string {
		var b strings.Builder
		for range rnd.IntN(7) {
			b.WriteRune(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	for range 200000 {
		a := word()
		b := a
		rs := []rune(b)
		switch k := rnd.IntN(5); {
		case k == 0 || len(rs) < 2:
			b = word()
		case k == 1:
			j := rnd.IntN(len(rs))
			b = string(append(rs[:j:j], rs[j+1:]...))
		case k == 2:
			j := rnd.IntN(len(rs))
			rs[j] = alphabet[rnd.IntN(len(alphabet))]
			b = string(rs)
		case k == 3:
			j := rnd.IntN(len(rs) - 1)
			rs[j], rs[j+1] = rs[j+1], rs[j]
			b = string(rs)
		default:
			j := rnd.IntN(len(rs) + 1)
			b = string(rs[:j]) + string(alphabet[rnd.IntN(len(alphabet))]) + string(rs[j:])
		}
		if !utf8.ValidString(b) {
			t.Fatal("bad test word")
		}
		if got, want := kg.Within1(a, b), refWithin1(a, b); got != want {
			t.Fatalf("Within1(%q, %q) = %v, want %v", a, b, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	names := []string{"Växjö kommun", "Region Kronoberg", "Energy-Cities", "UBC:s styrelse", "kommun",
		"Ångpanneföreningens Forskningsstiftelse (ÅForsk)", "Malmö\u00a0stad", "Covenant of Mayors"}
	for b.Loop() {
		for _, n := range names {
			kg.Fold(n)
		}
	}
}

func BenchmarkWithin1(b *testing.B) {
	pairs := [][2]string{{"kommun", "komun"}, {"kronoberg", "kronobreg"}, {"vaxjo", "vaxjoo"}, {"region", "regoin"}, {"växjö", "vaxjö"}}
	for b.Loop() {
		for _, p := range pairs {
			kg.Within1(p[0], p[1])
		}
	}
}
