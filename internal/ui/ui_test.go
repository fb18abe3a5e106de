package ui_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/ui"
)

// TestVendorMatchesManifest: every third-party file is byte for byte what scripts/ui.sh wrote
// (its sha256 in vendor/VERSIONS.txt), and nothing else is in vendor/. scripts/ui.sh --check
// proves VERSIONS.txt and the files match the npm lock; this catches a hand edit without npm.
func TestVendorMatchesManifest(t *testing.T) {
	files, err := ui.Files()
	if err != nil {
		t.Fatal(err)
	}
	manifest, ok := files["vendor/VERSIONS.txt"]
	if !ok {
		t.Fatal("vendor/VERSIONS.txt missing: run scripts/ui.sh")
	}
	listed := map[string]bool{"vendor/VERSIONS.txt": true}
	for i, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 || !strings.HasPrefix(f[1], "./") {
			continue // the header and the package@version lines
		}
		name := "vendor/" + strings.TrimPrefix(f[1], "./")
		listed[name] = true
		body, ok := files[name]
		if !ok {
			t.Errorf("VERSIONS.txt:%d: %s is not embedded", i+1, name)
			continue
		}
		if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != f[0] {
			t.Errorf("VERSIONS.txt:%d: %s was changed after scripts/ui.sh wrote it", i+1, name)
		}
	}
	for name := range files {
		if strings.HasPrefix(name, "vendor/") && !listed[name] {
			t.Errorf("%s is not in vendor/VERSIONS.txt", name)
		}
	}
	for _, pkg := range []string{"graphiql@3.8.3", "react@18.3.1", "react-dom@18.3.1", "cytoscape@"} {
		if !strings.Contains(string(manifest), pkg) {
			t.Errorf("VERSIONS.txt names no %s", pkg)
		}
	}
}

// TestPagesEmbedded: both pages and the one file of GraphQL texts are embedded.
func TestPagesEmbedded(t *testing.T) {
	files, err := ui.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{ui.GraphiQLPage, ui.ExplorerPage, "queries.js", "explore.js", "graphiql-page.js"} {
		if len(files[name]) == 0 {
			t.Errorf("%s not embedded", name)
		}
	}
}
