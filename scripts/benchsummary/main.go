// Command benchsummary reads `go test -bench BenchmarkWorkload` output (several -count runs)
// and prints, per size and case, the median ns/op of each level with its range, the ratios
// GraphQL/store and cached/store of the medians, median B/op and allocs/op, and how the
// traversals scale from the smallest size to the largest. Used by scripts/bench.sh.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var line = regexp.MustCompile(`^BenchmarkWorkload/size=(\w+)/case=(\w+)/level=(\w+)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(.*)$`)
var metric = regexp.MustCompile(`([\d.]+) (B/op|allocs/op)`)

type key struct{ size, cas, level string }

type samples struct{ ns, bytes, allocs []float64 }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func dur(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func main() {
	data := map[key]*samples{}
	var sizes, cases []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		k := key{m[1], m[2], m[3]}
		if data[k] == nil {
			data[k] = &samples{}
		}
		if !slices.Contains(sizes, k.size) {
			sizes = append(sizes, k.size)
		}
		if !slices.Contains(cases, k.cas) {
			cases = append(cases, k.cas)
		}
		ns, _ := strconv.ParseFloat(m[4], 64)
		data[k].ns = append(data[k].ns, ns)
		for _, mm := range metric.FindAllStringSubmatch(m[5], -1) {
			v, _ := strconv.ParseFloat(mm[1], 64)
			if mm[2] == "B/op" {
				data[k].bytes = append(data[k].bytes, v)
			} else {
				data[k].allocs = append(data[k].allocs, v)
			}
		}
	}
	if len(data) == 0 {
		fmt.Fprintln(os.Stderr, "benchsummary: no BenchmarkWorkload lines on stdin")
		os.Exit(1)
	}
	fmt.Println("| size | case | store median (range) | GraphQL median (range) | cached median | GraphQL/store | cached/store | GraphQL B/op, allocs/op | runs |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	cell := func(s *samples) string {
		if s == nil {
			return "–"
		}
		return fmt.Sprintf("%s (%s–%s)", dur(median(s.ns)), dur(slices.Min(s.ns)), dur(slices.Max(s.ns)))
	}
	ratio := func(a, b *samples) string {
		if a == nil || b == nil {
			return "–"
		}
		return fmt.Sprintf("%.1f×", median(a.ns)/median(b.ns))
	}
	for _, size := range sizes {
		for _, c := range cases {
			st, gq, ca := data[key{size, c, "store"}], data[key{size, c, "graphql"}], data[key{size, c, "cached"}]
			mem, runs := "–", 0
			if gq != nil {
				mem = fmt.Sprintf("%.0f kB, %.0f", median(gq.bytes)/1e3, median(gq.allocs))
				runs = len(gq.ns)
			}
			cached := "–"
			if ca != nil {
				cached = dur(median(ca.ns))
			}
			fmt.Printf("| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", size, c, cell(st), cell(gq), cached, ratio(gq, st), ratio(ca, st), mem, runs)
		}
	}
	if len(sizes) > 1 {
		small, large := sizes[0], sizes[len(sizes)-1]
		fmt.Printf("\nScaling %s → %s (median ratio):\n", small, large)
		for _, c := range cases {
			for _, level := range []string{"store", "graphql"} {
				a, b := data[key{large, c, level}], data[key{small, c, level}]
				if a != nil && b != nil {
					fmt.Printf("  %-18s %-8s %s\n", c, level, strings.TrimSpace(ratio(a, b)))
				}
			}
		}
	}
}
