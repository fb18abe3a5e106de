//go:build !amd64

package main

// dumpStats needs valgrind's client-request sequence, written here for amd64 only.
func dumpStats(string) {}
