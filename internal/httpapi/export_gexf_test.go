package httpapi_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/export"
)

// ?gexf=1.2 on the GEXF export answers GEXF 1.2 (what networkx before 3.6 reads), exactly
// as package export writes it, without personal data for an anonymous caller; on any other
// export it is refused.
func TestExportGEXF12(t *testing.T) {
	const email = "ryfete.mustafa@vaxjo.se" // in the shipped seeds
	store := shippedStore(t)
	h := exportAPI(store)
	f, _ := export.FormatByName("gexf")
	for _, q := range []string{"gexf=1.2", "gexf=1.2&center=region-kronoberg&hops=2"} {
		w := getExport(t, h, "/export/graph.gexf?"+q, false)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d %s", q, w.Code, w.Body)
		}
		b := w.Body.Bytes()
		if !bytes.Contains(b, []byte(`xmlns="`+export.GEXF12Namespace+`"`)) || !bytes.Contains(b, []byte(`version="1.2"`)) {
			t.Errorf("%s: not GEXF 1.2: %.300s", q, b)
		}
		if !bytes.Equal(b, want(t, store, f, q)) {
			t.Errorf("%s: body differs from export's own output", q)
		}
		if bytes.Contains(b, []byte(email)) || bytes.Contains(b, []byte(`"email"`)) {
			t.Errorf("%s: personal data in an anonymous export", q)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "gexf12.gexf") {
			t.Errorf("%s: Content-Disposition %q", q, cd)
		}
	}
	for _, target := range []string{"/export/graph.graphml?gexf=1.2", "/export/graph.gexf?gexf=2", "/export/graph.csv.zip?gexf=1.3"} {
		w := getExport(t, h, target, false)
		if code, msg := decodeError(t, w); w.Code != http.StatusBadRequest || code != "INVALID" || !strings.Contains(msg, "gexf") {
			t.Errorf("%s: %d %s %q", target, w.Code, code, msg)
		}
	}
}
