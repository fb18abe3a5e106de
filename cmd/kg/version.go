package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/kommunkg/kg/internal/obs"
)

// buildInfo describes this binary from what the Go toolchain embedded (debug.ReadBuildInfo):
// the module version ("(devel)" for a build from a work tree, a tag for `go install
// …@vX`), the VCS revision and its commit time (a build in a git checkout; "+dirty" when
// the tree had changes), and the Go version.
func buildInfo() obs.BuildInfo {
	b := obs.BuildInfo{Version: "(unknown)", GoVersion: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	b.GoVersion = bi.GoVersion
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.BuildDate = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if dirty && b.Commit != "" {
		b.Commit += "+dirty"
	}
	return b
}

// cmdVersion prints the version, commit, date and Go version, one per line.
func cmdVersion(stdout io.Writer) int {
	b := buildInfo()
	orUnknown := func(s string) string {
		if s == "" {
			return "unknown (no VCS stamp: built outside a git checkout or with -buildvcs=false)"
		}
		return s
	}
	fmt.Fprintf(stdout, "kg %s\ncommit: %s\nbuilt:  %s\ngo:     %s\n", b.Version, orUnknown(b.Commit), orUnknown(b.BuildDate), b.GoVersion)
	return 0
}
