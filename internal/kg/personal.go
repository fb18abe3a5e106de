package kg

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Personal contact data (e-mail addresses, phone numbers) lives only in Node.Contact, which
// the edges withhold from unauthorised callers. Every other text of the graph — names,
// aliases, notes, roles, attributes, evidence quotes, source metadata — is public. This file
// holds the one rule that keeps the two apart, as pure functions both loaders and every edge
// use:
//
//   - FindPersonal finds anything shaped like an e-mail address or a phone number in a text;
//   - (*Graph).PersonalLeaks finds, in every public text of a graph, every contact value of
//     every person and everything FindPersonal finds — the seed loader (kg validate, kg serve,
//     kg load) refuses a graph that has any;
//   - RedactPersonal, RedactNode, RedactEdge and RedactMandate replace such text for callers
//     that may not see personal data — the second line of defence, used by the GraphQL edge
//     and the exports, for a graph that reached a store without passing the loader.

// PersonalKind says what a piece of personal data looks like.
type PersonalKind string

// The kinds FindPersonal recognises.
const (
	PersonalEmail PersonalKind = "e-mail address"
	PersonalPhone PersonalKind = "phone number"
)

// PersonalSpan is one piece of text shaped like personal contact data: s[Start:End].
type PersonalSpan struct {
	Start, End int
	Kind       PersonalKind
}

// FindPersonal returns, in order and without overlaps, the spans of s shaped like an e-mail
// address or a phone number. It runs in time linear in len(s).
//
// E-mail: local@domain.tld, also written with "[at]", "(at)" or a full-width "＠".
// Phone: "+" or "00" and 8–15 digits (international), or "0", a non-zero digit and 7–10
// digits in all (Swedish national: "0470-439 44", "072-965 00 03", "08-123 456 78"), in
// groups separated by single spaces, no-break spaces, hyphens or slashes, with "(0)" or a
// parenthesised area code allowed. Dots are not separators (times "09.15", decimals), and a
// number must stand alone: no letter or digit directly before or after it.
func FindPersonal(s string) []PersonalSpan {
	emails := findEmails(s)
	phones := findPhones(s)
	if len(phones) == 0 {
		return emails
	}
	if len(emails) == 0 {
		return phones
	}
	// merge, e-mail addresses first where they overlap (digits in a local part are no phone)
	out := make([]PersonalSpan, 0, len(emails)+len(phones))
	i, j := 0, 0
	for i < len(emails) || j < len(phones) {
		var next PersonalSpan
		if j >= len(phones) || (i < len(emails) && emails[i].Start <= phones[j].Start) {
			next = emails[i]
			i++
		} else {
			next = phones[j]
			j++
		}
		if n := len(out); n > 0 && next.Start < out[n-1].End {
			if next.Kind == PersonalEmail && out[n-1].Kind == PersonalPhone {
				out[n-1] = next
			}
			continue
		}
		out = append(out, next)
	}
	return out
}

// mayBePersonal is a cheap pre-check, one pass over the bytes: FindPersonal can only find
// something in a text with an at sign ('@', '＠', "[at]", "(at)"), a '+' before a digit, or
// a '0' that starts a word (every phone number FindPersonal accepts starts with "+" or "0").
func mayBePersonal(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '@':
			return true
		case '+':
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				return true
			}
		case '0':
			if i == 0 || !isASCIIAlnum(s[i-1]) {
				return true
			}
		case '[', '(':
			if i+3 < len(s) && (s[i+1]|0x20) == 'a' && (s[i+2]|0x20) == 't' {
				return true
			}
		case 0xEF:
			if strings.HasPrefix(s[i:], "＠") {
				return true
			}
		}
	}
	return false
}

// ContainsPersonal reports whether s holds anything shaped like an e-mail address or a phone
// number.
func ContainsPersonal(s string) bool {
	return mayBePersonal(s) && len(FindPersonal(s)) > 0
}

// redaction texts, in place of what was withheld
const (
	withheldEmail = "[e-mail address withheld]"
	withheldPhone = "[phone number withheld]"
)

// RedactPersonal returns s with every span FindPersonal finds replaced by
// "[e-mail address withheld]" or "[phone number withheld]". It returns s itself when there is
// nothing to replace, so the common case allocates nothing.
func RedactPersonal(s string) string {
	if !mayBePersonal(s) {
		return s
	}
	spans := FindPersonal(s)
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.Start])
		if sp.Kind == PersonalEmail {
			b.WriteString(withheldEmail)
		} else {
			b.WriteString(withheldPhone)
		}
		last = sp.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// --- e-mail addresses ---------------------------------------------------------------------

func isLocalRune(r rune) bool {
	return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || strings.IndexByte("._%+-'", byte(r)) >= 0) ||
		r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isDomainRune(r rune) bool {
	return r < utf8.RuneSelf && (isASCIIAlnum(byte(r)) || r == '-' || r == '.') ||
		r >= utf8.RuneSelf && unicode.IsLetter(r)
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// atSign reports whether an "at" sign starts at s[i], and its length with the spaces an
// obfuscated one may have around it ("x [at] y").
func atSign(s string, i int) (start, end int, ok bool) {
	switch {
	case s[i] == '@':
		return i, i + 1, true
	case strings.HasPrefix(s[i:], "＠"):
		return i, i + len("＠"), true
	case s[i] == '[' || s[i] == '(':
		w := strings.ToLower(s[i:min(len(s), i+4)])
		if w != "[at]" && w != "(at)" {
			return 0, 0, false
		}
		start, end = i, i+4
		for start > 0 && s[start-1] == ' ' {
			start--
		}
		for end < len(s) && s[end] == ' ' {
			end++
		}
		return start, end, true
	}
	return 0, 0, false
}

func findEmails(s string) []PersonalSpan {
	var out []PersonalSpan
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '@' && c != '[' && c != '(' && c != 0xEF {
			continue
		}
		atStart, atEnd, ok := atSign(s, i)
		if !ok {
			continue
		}
		// local part: back from the at sign
		l := atStart
		for l > 0 {
			r, w := utf8.DecodeLastRuneInString(s[:l])
			if !isLocalRune(r) {
				break
			}
			l -= w
		}
		for l < atStart && (s[l] == '.' || s[l] == '\'') {
			l++
		}
		if l == atStart {
			continue
		}
		// domain: forward from the at sign; it needs a dot and a top-level label of ≥ 2 letters
		d := atEnd
		for d < len(s) {
			r, w := utf8.DecodeRuneInString(s[d:])
			if !isDomainRune(r) {
				break
			}
			d += w
		}
		for d > atEnd && (s[d-1] == '.' || s[d-1] == '-') {
			d--
		}
		dom := s[atEnd:d]
		dot := strings.LastIndexByte(dom, '.')
		if dot <= 0 || !allLetters(dom[dot+1:]) || utf8.RuneCountInString(dom[dot+1:]) < 2 {
			continue
		}
		if len(out) > 0 && l < out[len(out)-1].End {
			continue
		}
		out = append(out, PersonalSpan{Start: l, End: d, Kind: PersonalEmail})
		i = d - 1
	}
	return out
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// --- phone numbers ------------------------------------------------------------------------

// phoneSep returns the width of a group separator at s[i] (0 if none): space, no-break
// spaces, hyphen, slash, or a parenthesis.
func phoneSep(s string, i int) (w int, paren bool) {
	switch s[i] {
	case ' ', '-', '/':
		return 1, false
	case '(', ')':
		return 1, true
	}
	if strings.HasPrefix(s[i:], "\u00a0") || strings.HasPrefix(s[i:], "\u202f") || strings.HasPrefix(s[i:], "\u2009") || strings.HasPrefix(s[i:], "\u2011") {
		return len("\u00a0"), false
	}
	return 0, false
}

// alnumBefore reports whether a letter or digit ends s[:i].
func alnumBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func alnumAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// maxPhoneBytes bounds how far one candidate is read, which keeps the scan linear.
const maxPhoneBytes = 48

func findPhones(s string) []PersonalSpan {
	var out []PersonalSpan
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '+' && (c < '0' || c > '9') {
			continue
		}
		if alnumBefore(s, i) || (i > 0 && s[i-1] == '+') {
			continue
		}
		if end, ok := phoneAt(s, i); ok {
			out = append(out, PersonalSpan{Start: i, End: end, Kind: PersonalPhone})
			i = end - 1
		}
	}
	return out
}

// phoneAt reads a phone number starting at s[i] and returns where the longest valid one ends.
func phoneAt(s string, i int) (int, bool) {
	j := i
	intl := false
	if s[j] == '+' {
		intl = true
		j++
		if j >= len(s) || s[j] < '1' || s[j] > '9' {
			return 0, false
		}
	}
	var buf [16]byte
	digits := buf[:0] // the first 16 digits
	n := 0            // digits read
	firstGroup := 0   // digits in the first group
	inFirst := true
	seps, parens := 0, 0 // separators in the current run
	best := -1
	lo, hi := 7, 10
	for j < len(s) && j-i < maxPhoneBytes {
		c := s[j]
		if c >= '0' && c <= '9' {
			if len(digits) < 16 {
				digits = append(digits, c)
			}
			n++
			if inFirst {
				firstGroup++
			}
			seps, parens = 0, 0
			j++
			if n == 2 && !intl {
				switch {
				case digits[0] == '0' && digits[1] == '0':
					intl = true // 00 prefix: the digits after it count
				case digits[0] != '0' || digits[1] == '0':
					return 0, false
				}
			}
			if n > 17 {
				break
			}
			continue
		}
		w, paren := phoneSep(s, j)
		if w == 0 {
			break
		}
		// a group ends here: a candidate end if the count fits
		if seps == 0 {
			if ok := phoneCount(intl, digits, n, firstGroup, lo, hi); ok {
				best = j
			}
		}
		inFirst = false
		if paren {
			parens++
		} else {
			seps++
		}
		if seps > 1 || parens > 1 || seps+parens > 2 {
			break
		}
		j += w
	}
	if seps == 0 && parens == 0 && !alnumAt(s, j) && j-i <= maxPhoneBytes {
		if phoneCount(intl, digits, n, firstGroup, lo, hi) {
			best = j
		}
	}
	if best < 0 {
		return 0, false
	}
	for best > i && s[best-1] == ')' {
		best--
	}
	return best, true
}

// phoneCount decides whether n digits so far make a whole phone number.
func phoneCount(intl bool, digits []byte, n, firstGroup, lo, hi int) bool {
	if intl {
		k := n
		if len(digits) >= 2 && digits[0] == '0' && digits[1] == '0' {
			k -= 2
		}
		return k >= 8 && k <= 15
	}
	return n >= 2 && digits[0] == '0' && digits[1] != '0' && firstGroup >= 2 && n >= lo && n <= hi
}

// phoneDigits normalises a phone number for comparison: digits only, an international
// Swedish prefix (+46, 0046, with or without "(0)") turned into the national 0.
func phoneDigits(s string) string {
	var b strings.Builder
	plus := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else if c == '+' && b.Len() == 0 {
			plus = true
		}
	}
	d := b.String()
	if !plus && strings.HasPrefix(d, "00") {
		d, plus = d[2:], true
	}
	if plus && strings.HasPrefix(d, "46") {
		d = "0" + strings.TrimPrefix(d[2:], "0")
	}
	return d
}

// eachDigitRun calls fn for every run of digits and separators in s (s[start:end]) with
// its digits normalised as phoneDigits does, in a buffer fn must not keep.
func eachDigitRun(s string, fn func(digits []byte, start, end int)) {
	var buf [64]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c != '+' && (c < '0' || c > '9') {
			i++
			continue
		}
		j := i + 1
		for j < len(s) {
			if s[j] >= '0' && s[j] <= '9' {
				j++
				continue
			}
			if w, _ := phoneSep(s, j); w > 0 && j+w < len(s) && (s[j+w] >= '0' && s[j+w] <= '9' || s[j+w] == '(') {
				j += w
				continue
			}
			break
		}
		d := buf[:0]
		for k := i; k < j; k++ {
			if s[k] >= '0' && s[k] <= '9' {
				d = append(d, s[k])
			}
		}
		plus := c == '+'
		if !plus && len(d) >= 2 && d[0] == '0' && d[1] == '0' {
			d, plus = d[2:], true
		}
		if plus && len(d) >= 2 && d[0] == '4' && d[1] == '6' {
			d = d[1:] // "46…" → "6…"; the leading 0 goes in its place
			d[0] = '0'
			if len(d) > 1 && d[1] == '0' { // "+46 (0)70" → "070"
				d = d[1:]
			}
		}
		fn(d, i, j)
		i = j
	}
}

// --- the public texts of a graph ----------------------------------------------------------

// PublicText is one text of a graph that any caller may read. Owner is the *Node, *Edge,
// *Mandate or *Source it belongs to; Field names it ("note", "aliases[1]",
// "evidence[0].quote", "attributes[2].value" …); Evidence points at the evidence for a quote.
type PublicText struct {
	Owner    any
	Field    string
	Text     string
	Evidence *Evidence
}

// PublicTexts lists every public text of g: source titles, publishers and date notes; node
// names, aliases, categories, abbreviations, notes, evidence quotes and attributes (keys,
// values, quotes); edge and mandate roles, notes and quotes. Contact data and its evidence
// are not public and are not listed; neither are ids (slugs) and the source documents (not
// served).
func (g *Graph) PublicTexts() []PublicText {
	var out []PublicText
	g.eachPublicText(func(t PublicText) { out = append(out, t) })
	return out
}

// eachPublicText calls fn for every text PublicTexts lists, in the same order.
func (g *Graph) eachPublicText(fn func(PublicText)) {
	add := func(owner any, field, text string) {
		if text != "" {
			fn(PublicText{Owner: owner, Field: field, Text: text})
		}
	}
	quotes := func(owner any, prefix string, ev []Evidence) {
		for i := range ev {
			if ev[i].Quote != "" {
				fn(PublicText{Owner: owner, Field: prefix + "evidence[" + strconv.Itoa(i) + "].quote", Text: ev[i].Quote, Evidence: &ev[i]})
			}
		}
	}
	for _, s := range g.Sources {
		add(s, "title", s.Title)
		add(s, "publisher", s.Publisher)
		add(s, "dateNote", s.DateNote)
	}
	for _, n := range g.Nodes {
		add(n, "name", n.Name)
		for i, a := range n.Aliases {
			add(n, "aliases["+strconv.Itoa(i)+"]", a)
		}
		add(n, "category", n.Category)
		add(n, "abbreviation", n.Abbreviation)
		add(n, "note", n.Note)
		quotes(n, "", n.Evidence)
		for i := range n.Attributes {
			a := &n.Attributes[i]
			p := "attributes[" + strconv.Itoa(i) + "]."
			add(n, p+"key", a.Key)
			add(n, p+"value", a.Value)
			quotes(n, p, a.Evidence)
		}
	}
	for _, e := range g.Edges {
		add(e, "role", e.Role)
		add(e, "note", e.Note)
		quotes(e, "", e.Evidence)
	}
	for _, m := range g.Mandates {
		add(m, "role", m.Role)
		add(m, "note", m.Note)
		quotes(m, "", m.Evidence)
	}
}

// PersonalLeak is personal contact data found in a public text.
type PersonalLeak struct {
	PublicText
	// What says what was found, without repeating it: `the e-mail address of person "x"`,
	// `something shaped like a phone number`.
	What string
	// Start and End locate it in Text (byte offsets).
	Start, End int
}

// Message is a one-line explanation for a curator, without the personal data itself.
func (l PersonalLeak) Message() string {
	return fmt.Sprintf("%s holds %s (bytes %d–%d): contact data is personal and goes only in a person's contact: block, which only authorised callers can read; quote or write only the part without it",
		l.Field, l.What, l.Start, l.End)
}

// PersonalLeaks finds personal contact data in the public texts of g: every person's e-mail
// address (any case) and phone number (any spacing, +46 or 0), and anything FindPersonal
// finds. A valid graph has none. The contact values are indexed, so the time is linear in the
// size of the texts, not texts × people.
func (g *Graph) PersonalLeaks() []PersonalLeak {
	ix := newContactIndex(g.Nodes)
	var out []PersonalLeak
	g.eachPublicText(func(t PublicText) {
		if !mayBePersonal(t.Text) && len(ix.odd) == 0 {
			return
		}
		found := ix.find(t.Text)
		for _, f := range found {
			out = append(out, PersonalLeak{PublicText: t, What: fmt.Sprintf("the %s of person %q", f.kind, f.person), Start: f.start, End: f.end})
		}
		if len(found) > 0 {
			return // the contact value is the finding; its shape would say it twice
		}
		if !mayBePersonal(t.Text) {
			return
		}
		for _, sp := range FindPersonal(t.Text) {
			out = append(out, PersonalLeak{PublicText: t, What: "something shaped like " + article(sp.Kind), Start: sp.Start, End: sp.End})
		}
	})
	return out
}

// contactIndex holds every contact value of a graph for lookups by substring of a text.
type contactIndex struct {
	emails map[string]string // lower-cased address → person id
	odd    map[string]string // addresses the e-mail scanner would not read whole: searched as substrings
	phones map[string]string // national digits → person id
	lens   []int             // the distinct lengths of the phones' keys
}

type contactHit struct {
	kind       PersonalKind
	person     string
	start, end int
}

func newContactIndex(nodes []*Node) *contactIndex {
	ix := &contactIndex{emails: map[string]string{}, odd: map[string]string{}, phones: map[string]string{}}
	seenLen := map[int]bool{}
	for _, n := range nodes {
		if n.Contact == nil {
			continue
		}
		if e := strings.ToLower(strings.TrimSpace(n.Contact.Email)); e != "" {
			if sp := findEmails(e); len(sp) == 1 && sp[0].Start == 0 && sp[0].End == len(e) && strings.Count(e, "@") == 1 {
				ix.emails[e] = n.ID
			} else {
				ix.odd[e] = n.ID
			}
		}
		if p := phoneDigits(n.Contact.Phone); len(p) >= 5 {
			ix.phones[p] = n.ID
			if !seenLen[len(p)] {
				seenLen[len(p)] = true
				ix.lens = append(ix.lens, len(p))
			}
		}
	}
	return ix
}

// find returns the contact values in text, each once, e-mail addresses first.
func (ix *contactIndex) find(text string) []contactHit {
	var out []contactHit
	var seen []string // values already reported (few)
	hit := func(k PersonalKind, value, person string, start, end int) {
		for _, v := range seen {
			if v == value {
				return
			}
		}
		seen = append(seen, value)
		out = append(out, contactHit{k, person, start, end})
	}
	if len(ix.emails)+len(ix.odd) > 0 && (strings.IndexByte(text, '@') >= 0 || len(ix.odd) > 0) {
		lower := strings.ToLower(text)
		pos := func(a, b int) (int, int) {
			if len(lower) != len(text) { // lower-casing changed byte lengths: point at the whole text
				return 0, len(text)
			}
			return a, b
		}
		for at := strings.IndexByte(lower, '@'); at >= 0 && len(ix.emails) > 0; {
			for _, a := range localStarts(lower, at) {
				for _, b := range domainEnds(lower, at+1) {
					if p, ok := ix.emails[lower[a:b]]; ok {
						s, e := pos(a, b)
						hit(PersonalEmail, lower[a:b], p, s, e)
					}
				}
			}
			next := strings.IndexByte(lower[at+1:], '@')
			if next < 0 {
				break
			}
			at += 1 + next
		}
		for e, p := range ix.odd {
			if i := strings.Index(lower, e); i >= 0 {
				s, end := pos(i, i+len(e))
				hit(PersonalEmail, e, p, s, end)
			}
		}
	}
	if len(ix.phones) > 0 && hasDigit(text) {
		eachDigitRun(text, func(d []byte, start, end int) {
			for i := 0; i < len(d); i++ {
				for _, n := range ix.lens {
					if i+n > len(d) {
						continue
					}
					if p, ok := ix.phones[string(d[i:i+n])]; ok {
						hit(PersonalPhone, string(d[i:i+n]), p, start, end)
					}
				}
			}
		})
	}
	return out
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// localStarts lists where an e-mail address ending at s[at] ('@') may start: the start of the
// run of local-part characters before it, and each position after a '.', '-', '_' or '+' in
// that run.
func localStarts(s string, at int) []int {
	l := at
	var out []int
	for l > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:l])
		if !isLocalRune(r) {
			break
		}
		if r == '.' || r == '-' || r == '_' || r == '+' {
			if l < at {
				out = append(out, l)
			}
		}
		l -= w
	}
	if l < at {
		out = append(out, l)
	}
	return out
}

// domainEnds lists where an e-mail address whose domain starts at s[from] may end: the end of
// the run of domain characters, and before each '.' in it.
func domainEnds(s string, from int) []int {
	d := from
	var out []int
	for d < len(s) {
		r, w := utf8.DecodeRuneInString(s[d:])
		if !isDomainRune(r) {
			break
		}
		if r == '.' && d > from {
			out = append(out, d)
		}
		d += w
	}
	if d > from {
		out = append(out, d)
	}
	return out
}

func article(k PersonalKind) string {
	if k == PersonalEmail {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// --- redaction ----------------------------------------------------------------------------

// RedactNode returns n with every public text redacted by RedactPersonal: n itself when
// nothing needs it (no copy), else a shallow copy with new slices, so a store's shared,
// immutable node is never changed. Contact is kept: the edges gate it on their own.
func RedactNode(n *Node) *Node {
	if n == nil || !nodeNeedsRedaction(n) {
		return n
	}
	c := *n
	c.Name = RedactPersonal(n.Name)
	c.Category = RedactPersonal(n.Category)
	c.Abbreviation = RedactPersonal(n.Abbreviation)
	c.Note = RedactPersonal(n.Note)
	if n.Aliases != nil {
		c.Aliases = make([]string, len(n.Aliases))
		for i, a := range n.Aliases {
			c.Aliases[i] = RedactPersonal(a)
		}
	}
	c.Evidence = redactEvidence(n.Evidence)
	if n.Attributes != nil {
		c.Attributes = make([]Attribute, len(n.Attributes))
		for i, a := range n.Attributes {
			a.Key, a.Value = RedactPersonal(a.Key), RedactPersonal(a.Value)
			a.Evidence = redactEvidence(a.Evidence)
			c.Attributes[i] = a
		}
	}
	return &c
}

// RedactEdge is RedactNode for an edge (role, note, quotes).
func RedactEdge(e *Edge) *Edge {
	if e == nil || !(ContainsPersonal(e.Role) || ContainsPersonal(e.Note) || evidenceNeedsRedaction(e.Evidence)) {
		return e
	}
	c := *e
	c.Role, c.Note = RedactPersonal(e.Role), RedactPersonal(e.Note)
	c.Evidence = redactEvidence(e.Evidence)
	return &c
}

// RedactMandate is RedactNode for a mandate (role, note, quotes).
func RedactMandate(m *Mandate) *Mandate {
	if m == nil || !(ContainsPersonal(m.Role) || ContainsPersonal(m.Note) || evidenceNeedsRedaction(m.Evidence)) {
		return m
	}
	c := *m
	c.Role, c.Note = RedactPersonal(m.Role), RedactPersonal(m.Note)
	c.Evidence = redactEvidence(m.Evidence)
	return &c
}

func nodeNeedsRedaction(n *Node) bool {
	if ContainsPersonal(n.Name) || ContainsPersonal(n.Category) || ContainsPersonal(n.Abbreviation) ||
		ContainsPersonal(n.Note) || evidenceNeedsRedaction(n.Evidence) {
		return true
	}
	for _, a := range n.Aliases {
		if ContainsPersonal(a) {
			return true
		}
	}
	for _, a := range n.Attributes {
		if ContainsPersonal(a.Key) || ContainsPersonal(a.Value) || evidenceNeedsRedaction(a.Evidence) {
			return true
		}
	}
	return false
}

func evidenceNeedsRedaction(ev []Evidence) bool {
	for _, e := range ev {
		if ContainsPersonal(e.Quote) {
			return true
		}
	}
	return false
}

func redactEvidence(ev []Evidence) []Evidence {
	if !evidenceNeedsRedaction(ev) {
		return ev
	}
	out := make([]Evidence, len(ev))
	for i, e := range ev {
		e.Quote = RedactPersonal(e.Quote)
		out[i] = e
	}
	return out
}
