// Package seeds embeds the shipped seed graph so that `kg serve` works from any directory.
package seeds

import "embed"

// FS holds sources/ and graph/ exactly as in the repository.
//
//go:embed sources graph
var FS embed.FS
