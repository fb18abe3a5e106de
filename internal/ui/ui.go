// Package ui holds the web pages kg serves — GraphiQL at / and the network explorer at
// /explore — and every file they load: the hand-written pages and scripts in src/, and the
// third-party files in assets/vendor/, which scripts/ui.sh copies from the npm packages that
// package-lock.json pins (versions and integrity hashes). Nothing is fetched from another
// origin: the pages work on a machine without internet access.
//
// All GraphQL text the pages send is in src/queries.js.
package ui

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed src assets/vendor
var files embed.FS

// Files returns every served file by its path under /ui/: src/NAME as NAME, and
// assets/vendor/NAME as vendor/NAME.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	add := func(root, prefix string) error {
		return fs.WalkDir(files, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := files.ReadFile(p)
			if err != nil {
				return err
			}
			out[path.Join(prefix, strings.TrimPrefix(p, root+"/"))] = b
			return nil
		})
	}
	if err := add("src", ""); err != nil {
		return nil, err
	}
	if err := add("assets/vendor", "vendor"); err != nil {
		return nil, err
	}
	return out, nil
}

// The two pages, by their names in Files.
const (
	GraphiQLPage = "index.html"
	ExplorerPage = "explore.html"
)
