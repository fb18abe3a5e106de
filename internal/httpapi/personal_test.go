package httpapi_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/export"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// Personal contact data reaches only authorised callers, anywhere. These tests hold the
// whole HTTP edge to that: every field of every type of the schema (found by introspection,
// not listed by hand) and every export format, over the shipped seeds and over a graph in
// which every public text has a contact value planted in it (as a graph that bypassed the
// seed loader could), for anonymous and authorised callers.

const personalToken = "personal-data-test-token-0123456789"

// contactValues are the e-mail addresses and phone numbers of the shipped seeds' people.
type contactValues struct {
	emails []string // lower case
	phones []string // digits, national form
	people int      // people with contact data
}

func seedContacts(t *testing.T, g *kg.Graph) contactValues {
	t.Helper()
	var cv contactValues
	for _, n := range g.Nodes {
		if n.Contact == nil {
			continue
		}
		cv.people++
		if n.Contact.Email != "" {
			cv.emails = append(cv.emails, strings.ToLower(n.Contact.Email))
		}
		if n.Contact.Phone != "" {
			cv.phones = append(cv.phones, nationalDigits(n.Contact.Phone))
		}
	}
	if len(cv.emails) == 0 || len(cv.phones) == 0 {
		t.Fatal("the seeds have no contact data: these tests would prove nothing")
	}
	return cv
}

// phoneLike finds runs of digits with the separators phone numbers are written with.
var phoneLike = regexp.MustCompile(`\+?\d(?:[\d\-/() \x{00a0}\x{202f}]*\d)?`)

// nationalDigits keeps the digits of a phone number, +46/0046 turned into a leading 0. It is
// written here again on purpose (not kg's), so that the test does not trust the code it tests.
func nationalDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	intl := strings.HasPrefix(strings.TrimSpace(s), "+")
	if !intl && strings.HasPrefix(d, "00") {
		d, intl = d[2:], true
	}
	if intl && strings.HasPrefix(d, "46") {
		d = "0" + strings.TrimPrefix(d[2:], "0")
	}
	return d
}

// found lists the contact values in text: e-mail addresses in any case, also written with
// " [at] ", and phone numbers with any spacing, national or +46.
func (cv contactValues) found(text string) []string {
	var out []string
	lower := strings.ToLower(text)
	for _, e := range cv.emails {
		at := strings.IndexByte(e, '@')
		if strings.Contains(lower, e) || strings.Contains(lower, e[:at]+" [at] "+e[at+1:]) {
			out = append(out, e)
		}
	}
	var runs []string
	for _, m := range phoneLike.FindAllString(text, -1) {
		runs = append(runs, nationalDigits(m))
	}
	for _, p := range cv.phones {
		for _, r := range runs {
			if strings.Contains(r, p) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// plantedGraph is the shipped graph with a contact value planted in every public text of
// every node, edge, mandate and source — names, aliases, categories, notes, roles, quotes,
// attributes, titles — and one more attribute on every node, in four spellings: as stored, an
// e-mail address upper-cased and written with " [at] ", a phone number as +46.
func plantedGraph(t *testing.T, cv contactValues) *memstore.Store {
	t.Helper()
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	next := func() string {
		i++
		e, p := cv.emails[i%len(cv.emails)], cv.phones[i%len(cv.phones)]
		at := strings.IndexByte(e, '@')
		switch i % 4 {
		case 0:
			return e
		case 1:
			return p[:4] + "-" + p[4:]
		case 2:
			return strings.ToUpper(e[:at]) + " [at] " + e[at+1:]
		default:
			return "+46 " + p[1:3] + " " + p[3:]
		}
	}
	plant := func(s *string) { *s = strings.TrimSpace(*s + " Kontakt: " + next()) }
	evidence := func(ev []kg.Evidence) {
		for k := range ev {
			plant(&ev[k].Quote)
		}
	}
	for _, s := range g.Sources {
		plant(&s.Title)
		plant(&s.Publisher)
		plant(&s.DateNote)
	}
	for _, n := range g.Nodes {
		plant(&n.Name)
		plant(&n.Category)
		plant(&n.Note)
		if n.Abbreviation != "" {
			plant(&n.Abbreviation)
		}
		n.Aliases = append(n.Aliases, next())
		evidence(n.Evidence)
		n.Attributes = append(n.Attributes, kg.Attribute{Key: "kontakt", Value: "x",
			Evidence: []kg.Evidence{{SourceID: g.Sources[0].ID, Quote: "x"}}})
		for k := range n.Attributes {
			plant(&n.Attributes[k].Key)
			plant(&n.Attributes[k].Value)
			evidence(n.Attributes[k].Evidence)
		}
	}
	for _, e := range g.Edges {
		plant(&e.Role)
		plant(&e.Note)
		evidence(e.Evidence)
	}
	for _, m := range g.Mandates {
		plant(&m.Role)
		plant(&m.Note)
		evidence(m.Evidence)
	}
	if len(g.PersonalLeaks()) == 0 {
		t.Fatal("planting left no leaks")
	}
	s, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// --- the schema, by introspection ----------------------------------------------------------

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   string   `json:"name"`
	OfType *typeRef `json:"ofType"`
}

func (r *typeRef) named() *typeRef {
	for r.OfType != nil {
		r = r.OfType
	}
	return r
}

func (r *typeRef) required() bool { return r.Kind == "NON_NULL" }

type schemaField struct {
	Name string `json:"name"`
	Args []struct {
		Name string  `json:"name"`
		Type typeRef `json:"type"`
	} `json:"args"`
	Type typeRef `json:"type"`
}

type schemaType struct {
	Kind          string        `json:"kind"`
	Name          string        `json:"name"`
	Fields        []schemaField `json:"fields"`
	PossibleTypes []struct {
		Name string `json:"name"`
	} `json:"possibleTypes"`
}

type schema struct {
	query string
	types map[string]*schemaType
}

const schemaQuery = `{ __schema { queryType { name } types { kind name possibleTypes { name }
  fields { name args { name type { ...T } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`

func introspect(t *testing.T, s *testServer) schema {
	t.Helper()
	var d struct {
		Schema struct {
			QueryType struct{ Name string } `json:"queryType"`
			Types     []*schemaType         `json:"types"`
		} `json:"__schema"`
	}
	s.post(t, schemaQuery, nil).mustData(t, &d)
	sc := schema{query: d.Schema.QueryType.Name, types: map[string]*schemaType{}}
	for _, ty := range d.Schema.Types {
		sc.types[ty.Name] = ty
	}
	return sc
}

func composite(kind string) bool { return kind == "OBJECT" || kind == "INTERFACE" || kind == "UNION" }

// step is one level of a query: a field with its arguments, or an inline fragment.
type step struct {
	field, args string
	on          string // inline fragment type condition when set
}

// argsFor fills the arguments of a field: the required ones from what the seeds hold, and
// first/limit at their maximum so lists come whole. A required argument it does not know
// fails the test, so a new one cannot be skipped silently.
func argsFor(t *testing.T, f schemaField, ids []string, edgeID string, from, to string) string {
	t.Helper()
	var parts []string
	for _, a := range f.Args {
		var v string
		switch a.Name {
		case "first":
			v = "100"
		case "limit":
			v = "1000"
		case "ids":
			b, _ := json.Marshal(ids)
			v = string(b)
		case "id":
			if f.Name == "edge" {
				v = fmt.Sprintf("%q", edgeID)
			} else {
				v = fmt.Sprintf("%q", from)
			}
		case "text":
			v = `"kommun"`
		case "from":
			v = fmt.Sprintf("%q", from)
		case "to":
			v = fmt.Sprintf("%q", to)
		case "a": // sharedTies
			v = fmt.Sprintf("%q", from)
		case "b":
			v = fmt.Sprintf("%q", to)
		case "measure": // centrality
			v = "DEGREE"
		case "groupBy":
			v = "CATEGORY"
		default:
			if a.Type.required() {
				t.Fatalf("argument %s(%s:) is required and the test has no value for it", f.Name, a.Name)
			}
			continue
		}
		parts = append(parts, a.Name+": "+v)
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// fieldQuery is one generated query: it reaches type Type along a shortest path from the
// root (lists and connections preferred, so that every item of a type comes back) and
// selects Field there, with every scalar field of what Field returns.
type fieldQuery struct {
	Type, Field string
	String      bool // Field is of type String or [String]
	query       string
}

func generateQueries(t *testing.T, sc schema, ids []string, edgeID, from, to string) []fieldQuery {
	t.Helper()
	// Breadth-first from the root; root fields returning lists or connections first, so a
	// type is reached through all its items rather than through node(id:) of one item.
	root := sc.types[sc.query]
	rootFields := append([]schemaField(nil), root.Fields...)
	rank := func(f schemaField) int {
		n := f.Type.named().Name
		switch {
		case strings.HasSuffix(n, "Connection"):
			return 0
		case strings.Contains(typeString(&f.Type), "["):
			return 1
		}
		return 2
	}
	sort.SliceStable(rootFields, func(i, j int) bool { return rank(rootFields[i]) < rank(rootFields[j]) })
	paths := map[string][]step{sc.query: nil}
	queue := []string{sc.query}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		ty := sc.types[name]
		fields := ty.Fields
		if name == sc.query {
			fields = rootFields
		}
		visit := func(next string, s step) {
			if _, seen := paths[next]; seen || strings.HasPrefix(next, "__") {
				return
			}
			p := append(append([]step(nil), paths[name]...), s)
			paths[next] = p
			queue = append(queue, next)
		}
		if ty.Kind == "INTERFACE" || ty.Kind == "UNION" {
			for _, pt := range ty.PossibleTypes {
				visit(pt.Name, step{on: pt.Name})
			}
		}
		for _, f := range fields {
			if n := f.Type.named(); composite(n.Kind) {
				visit(n.Name, step{field: f.Name, args: argsFor(t, f, ids, edgeID, from, to)})
			}
		}
	}
	var out []fieldQuery
	names := make([]string, 0, len(sc.types))
	for n := range sc.types {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		ty := sc.types[name]
		if ty.Kind != "OBJECT" || strings.HasPrefix(name, "__") {
			continue
		}
		p, ok := paths[name]
		if !ok {
			t.Errorf("type %s cannot be reached from %s", name, sc.query)
			continue
		}
		for _, f := range ty.Fields {
			n := f.Type.named()
			sel := f.Name + argsFor(t, f, ids, edgeID, from, to)
			if composite(n.Kind) {
				sel += " { " + leaves(sc, n.Name) + " }"
			}
			var b strings.Builder
			b.WriteString("{ ")
			for _, s := range p {
				if s.on != "" {
					b.WriteString("... on " + s.on + " { ")
				} else {
					b.WriteString(s.field + s.args + " { ")
				}
			}
			b.WriteString(sel)
			for range p {
				b.WriteString(" }")
			}
			b.WriteString(" }")
			out = append(out, fieldQuery{Type: name, Field: f.Name, String: n.Name == "String", query: b.String()})
		}
	}
	return out
}

// leaves selects every scalar field of a composite type (and of each possible type of an
// interface), plus __typename.
func leaves(sc schema, name string) string {
	ty := sc.types[name]
	parts := []string{"__typename"}
	add := func(fs []schemaField) {
		for _, f := range fs {
			if n := f.Type.named(); !composite(n.Kind) && !hasRequiredArg(f) {
				parts = append(parts, f.Name)
			}
		}
	}
	add(ty.Fields)
	for _, pt := range ty.PossibleTypes {
		var own []string
		for _, f := range sc.types[pt.Name].Fields {
			if n := f.Type.named(); !composite(n.Kind) && !hasRequiredArg(f) {
				own = append(own, f.Name)
			}
		}
		parts = append(parts, "... on "+pt.Name+" { "+strings.Join(own, " ")+" }")
	}
	return strings.Join(parts, " ")
}

func hasRequiredArg(f schemaField) bool {
	for _, a := range f.Args {
		if a.Type.required() {
			return true
		}
	}
	return false
}

func typeString(r *typeRef) string {
	switch r.Kind {
	case "NON_NULL":
		return typeString(r.OfType) + "!"
	case "LIST":
		return "[" + typeString(r.OfType) + "]"
	}
	return r.Name
}

// rawGraphQL posts a query and returns the status and the whole body.
func rawGraphQL(t *testing.T, s *testServer, query string, auth bool) (int, string) {
	t.Helper()
	return rawGraphQLVars(t, s, query, "null", auth)
}

// testConfig has limits wide enough for the generated queries, which select whole lists.
func testConfig(store kg.Store) httpapi.Config {
	return httpapi.Config{Store: store, ContactTokens: []string{personalToken},
		MaxComplexity: 1 << 30, MaxDepth: 50, MaxTokens: 1 << 20}
}

// queryArgs picks the ids the generated queries start from.
func queryArgs(t *testing.T, g *kg.Graph) (ids []string, edgeID, from, to string) {
	for _, n := range g.Nodes {
		if len(ids) < 100 {
			ids = append(ids, n.ID)
		}
	}
	withContact := map[string]bool{}
	for _, n := range g.Nodes {
		withContact[n.ID] = n.Contact != nil
	}
	for _, e := range g.Edges {
		if e.Type == kg.EdgeContactFor && withContact[e.From] {
			return ids, e.ID, e.From, e.To
		}
	}
	t.Fatal("no CONTACT_FOR edge from a person with contact data")
	return
}

// TestNoContactDataInAnyField queries every field of every object type of the schema,
// anonymously and authorised, on the planted graph and on the shipped seeds. Anonymous
// answers hold no contact value anywhere; authorised answers hold the planted values in
// every public String field (which proves each query reached data) and in email/phone.
func TestNoContactDataInAnyField(t *testing.T) {
	shipped, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	cv := seedContacts(t, shipped)
	planted := newServer(t, testConfig(plantedGraph(t, cv)))
	clean := newServer(t, testConfig(shippedStore(t)))
	sc := introspect(t, planted)
	ids, edgeID, from, to := queryArgs(t, shipped)
	queries := generateQueries(t, sc, ids, edgeID, from, to)
	if len(queries) < 100 {
		t.Fatalf("only %d field queries generated", len(queries))
	}
	// Text fields that carry no graph text: cursors, the graph version, and the source's
	// language and file name, none of which the planting touches.
	noText := map[string]bool{"cursor": true, "startCursor": true, "endCursor": true, "version": true,
		"Source.language": true, "Source.originalFile": true}
	var dry []string
	for _, q := range queries {
		status, body := rawGraphQL(t, planted, q.query, false)
		if status != http.StatusOK {
			t.Errorf("%s.%s: status %d: %s\n%s", q.Type, q.Field, status, body, q.query)
			continue
		}
		if got := cv.found(body); len(got) > 0 {
			t.Errorf("%s.%s: anonymous answer holds contact data %v\n%s", q.Type, q.Field, got, q.query)
		}
		if strings.Contains(body, `"INTERNAL"`) {
			t.Errorf("%s.%s: internal error: %s", q.Type, q.Field, body)
		}
		_, authBody := rawGraphQL(t, planted, q.query, true)
		if q.String && !noText[q.Field] && !noText[q.Type+"."+q.Field] && len(cv.found(authBody)) == 0 {
			dry = append(dry, q.Type+"."+q.Field)
		}
		if _, body := rawGraphQL(t, clean, q.query, false); len(cv.found(body)) > 0 {
			t.Errorf("%s.%s: anonymous answer on the shipped seeds holds contact data %v", q.Type, q.Field, cv.found(body))
		}
	}
	if len(dry) > 0 {
		t.Errorf("these String fields returned no planted text even to an authorised caller, so the test did not reach their data: %v", dry)
	}
	t.Logf("%d generated field queries, each anonymous and authorised on the planted graph and anonymous on the shipped seeds", len(queries))
}

// TestContactFieldsForbiddenForEveryone (issue 13): an anonymous caller gets FORBIDDEN for
// email and phone of every person, with contact data or without, so the errors do not tell
// who has some; an authorised caller gets the values, and null without an error for people
// without.
func TestContactFieldsForbiddenForEveryone(t *testing.T) {
	s := newServer(t, testConfig(nil))
	shipped, _ := seed.Load(seeds.FS)
	cv := seedContacts(t, shipped)
	persons := 0
	for _, n := range shipped.Nodes {
		if n.Kind == kg.KindPerson {
			persons++
		}
	}
	if persons == cv.people {
		t.Fatal("every person has contact data: the test needs one without")
	}
	const q = `{ people(first: 100) { nodes { id email phone } } }`
	anon := s.post(t, q, nil)
	forbidden := map[string]int{}
	for _, e := range anon.Errors {
		if e.Code() != "FORBIDDEN" || len(e.Path) != 4 {
			t.Errorf("unexpected error %+v", e)
			continue
		}
		forbidden[fmt.Sprint(e.Path[3])]++
	}
	if forbidden["email"] != persons || forbidden["phone"] != persons {
		t.Errorf("FORBIDDEN for %d emails and %d phones of %d people (%d with contact data); want every person",
			forbidden["email"], forbidden["phone"], persons, cv.people)
	}
	if got := cv.found(string(anon.Data)); len(got) > 0 {
		t.Errorf("anonymous data holds %v", got)
	}
	auth := s.post(t, q, nil, "Authorization", "Bearer "+personalToken)
	var d struct {
		People struct {
			Nodes []struct {
				ID           string
				Email, Phone *string
			}
		}
	}
	auth.mustData(t, &d)
	with := 0
	for _, p := range d.People.Nodes {
		if p.Email != nil || p.Phone != nil {
			with++
		}
	}
	if with != cv.people {
		t.Errorf("authorised: %d people with contact data, want %d", with, cv.people)
	}
}

// TestNoContactDataInAnyExport downloads every export format, of the whole graph and of a
// neighbourhood, with and without contact=true, anonymously and authorised, from the
// planted graph and the shipped seeds.
func TestNoContactDataInAnyExport(t *testing.T) {
	shipped, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	cv := seedContacts(t, shipped)
	_, _, center, _ := queryArgs(t, shipped)
	servers := map[string]*testServer{
		"planted": newServer(t, testConfig(plantedGraph(t, cv))),
		"shipped": newServer(t, testConfig(shippedStore(t))),
	}
	for name, s := range servers {
		for _, f := range export.Formats {
			for _, sel := range []string{"", "center=" + center + "&hops=2"} {
				for _, contact := range []bool{false, true} {
					for _, auth := range []bool{false, true} {
						q := sel
						if contact {
							q = strings.TrimPrefix(q+"&contact=true", "&")
						}
						label := fmt.Sprintf("%s %s?%s auth=%v", name, f.File, q, auth)
						status, body := download(t, s, "/export/"+f.File+"?"+q, auth)
						got := cv.found(body)
						switch {
						case contact && !auth:
							if status != http.StatusForbidden {
								t.Errorf("%s: status %d, want 403", label, status)
							}
							if len(got) > 0 {
								t.Errorf("%s: refusal holds contact data %v", label, got)
							}
						case contact && auth:
							// edges.csv has no node columns: only the planted graph's edges
							// hold contact values there
							if status != http.StatusOK || (len(got) == 0 && (name == "planted" || f.Name != "edges.csv")) {
								t.Errorf("%s: status %d, %d contact values; want 200 with contact data", label, status, len(got))
							}
						default:
							if status != http.StatusOK {
								t.Errorf("%s: status %d", label, status)
							}
							if len(got) > 0 {
								t.Errorf("%s: export without contact data holds %v", label, got)
							}
						}
					}
				}
			}
		}
	}
}

// download GETs an export and returns its status and text (a zip's entries concatenated).
func download(t *testing.T, s *testServer, path string, auth bool) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if auth {
		req.Header.Set("Authorization", "Bearer "+personalToken)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode == http.StatusOK && strings.HasSuffix(strings.SplitN(path, "?", 2)[0], ".zip") {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatalf("%s: not a zip: %v", path, err)
		}
		var all strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			e, _ := io.ReadAll(rc)
			rc.Close()
			all.Write(e)
			all.WriteByte('\n')
		}
		return res.StatusCode, all.String()
	}
	return res.StatusCode, string(b)
}
