package seed_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// readTree reads every regular file under dir into m, keyed by its slash path relative to dir.
// Files already in m are replaced, so reading a second tree lays it over the first.
func readTree(t testing.TB, m fstest.MapFS, dir string) {
	t.Helper()
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatalf("reading fixture %s: %v", dir, err)
	}
}

// overlayFS merges the given directories into one in-memory file system; a file in a later
// directory replaces the file at the same path in an earlier one. A bad fixture is laid over
// testdata/base this way, so it holds only the files that make it bad.
func overlayFS(t testing.TB, dirs ...string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, d := range dirs {
		readTree(t, m, d)
	}
	return m
}

const baseDir = "testdata/base"

// badFS is testdata/base with testdata/bad/<class> laid over it.
func badFS(t testing.TB, class string) fstest.MapFS {
	t.Helper()
	dir := filepath.Join("testdata", "bad", class)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("missing fixture directory: %v", err)
	}
	return overlayFS(t, baseDir, dir)
}
