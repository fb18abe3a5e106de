package kg

import (
	"cmp"
	"slices"
	"strings"
)

// TimelinePoint says which end of a period a timeline entry marks.
type TimelinePoint string

// The points of a timeline entry.
const (
	PointSince TimelinePoint = "SINCE"
	PointUntil TimelinePoint = "UNTIL"
)

// TimelineEntry is one dated point of a node's history: the since or until of one of its
// written relationships (Edge) or of a mandate it takes part in as person, body or principal
// (Mandate). Exactly one of Edge and Mandate is set. Mandate-derived edges (REPRESENTS,
// SERVES_ON) are not entries of their own: their mandate is.
type TimelineEntry struct {
	Date    PartialDate
	Point   TimelinePoint
	Edge    *Edge
	Mandate *Mandate
}

// ID is the id of the entry's edge or mandate.
func (e TimelineEntry) ID() string {
	if e.Edge != nil {
		return e.Edge.ID
	}
	return e.Mandate.ID
}

// Evidence is the entry's edge's or mandate's evidence.
func (e TimelineEntry) Evidence() []Evidence {
	if e.Edge != nil {
		return e.Edge.Evidence
	}
	return e.Mandate.Evidence
}

func (e TimelineEntry) source() string {
	if e.Edge != nil {
		return "E"
	}
	return "M"
}

// TimelineQuery pages a timeline.
type TimelineQuery struct {
	First int
	After string // opaque cursor (kind "timeline") from a previous page
}

// TimelinePage is one page of a node's timeline. TotalCount counts every entry.
type TimelinePage struct {
	Entries    []TimelineEntry
	Cursors    []string
	TotalCount int
	HasNext    bool
	HasPrev    bool
}

// CompareDates is kg's date order: by the first day a date may denote, then the less
// precise first ("2014" before "2014-01" before "2014-01-01"); the zero date first.
func CompareDates(a, b PartialDate) int {
	if c := cmp.Compare(a.first(), b.first()); c != 0 {
		return c
	}
	return cmp.Compare(b.last(), a.last())
}

// CompareTimeline is the order of a timeline: date (CompareDates), then edge or mandate id,
// then SINCE before UNTIL, then edges before mandates (an edge and a mandate may share an id).
func CompareTimeline(a, b TimelineEntry) int {
	if c := CompareDates(a.Date, b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.ID(), b.ID()); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Point), string(b.Point)); c != 0 {
		return c
	}
	return strings.Compare(a.source(), b.source())
}

const timelineCursorKind = "timeline"

// TimelineCursor is the cursor of an entry: every key of CompareTimeline.
func TimelineCursor(e TimelineEntry) string {
	return EncodeKeyCursor(timelineCursorKind, e.Date.String(), e.ID(), string(e.Point), e.source())
}

// decodeTimelineCursor reverses TimelineCursor into a position to compare with.
func decodeTimelineCursor(c string) (TimelineEntry, error) {
	bad := Errorf(EINVALID, "after: invalid cursor")
	keys, err := DecodeKeyCursor(c, timelineCursorKind, 4)
	if err != nil {
		return TimelineEntry{}, err
	}
	d, err := ParsePartialDate(keys[0])
	if err != nil {
		return TimelineEntry{}, bad
	}
	e := TimelineEntry{Date: d, Point: TimelinePoint(keys[2])}
	if e.Point != PointSince && e.Point != PointUntil {
		return TimelineEntry{}, bad
	}
	switch keys[3] {
	case "E":
		e.Edge = &Edge{ID: keys[1]}
	case "M":
		e.Mandate = &Mandate{ID: keys[1]}
	default:
		return TimelineEntry{}, bad
	}
	return e, nil
}

// CheckTimelineCursor reports whether after is empty or a valid timeline cursor.
func CheckTimelineCursor(after string) error {
	if after == "" {
		return nil
	}
	_, err := decodeTimelineCursor(after)
	return err
}

// TimelineEntries returns the entries of a node given its edges and the mandates it takes
// part in (any order; repeats and mandate-derived edges are skipped), unsorted.
func TimelineEntries(edges []*Edge, mandates []*Mandate) []TimelineEntry {
	var out []TimelineEntry
	seenE := make(map[string]bool, len(edges))
	for _, e := range edges {
		if e == nil || e.MandateID != "" || seenE[e.ID] {
			continue
		}
		seenE[e.ID] = true
		if !e.Since.IsZero() {
			out = append(out, TimelineEntry{Date: e.Since, Point: PointSince, Edge: e})
		}
		if !e.Until.IsZero() {
			out = append(out, TimelineEntry{Date: e.Until, Point: PointUntil, Edge: e})
		}
	}
	seenM := make(map[string]bool, len(mandates))
	for _, m := range mandates {
		if m == nil || seenM[m.ID] {
			continue
		}
		seenM[m.ID] = true
		if !m.Since.IsZero() {
			out = append(out, TimelineEntry{Date: m.Since, Point: PointSince, Mandate: m})
		}
		if !m.Until.IsZero() {
			out = append(out, TimelineEntry{Date: m.Until, Point: PointUntil, Mandate: m})
		}
	}
	return out
}

// PageTimeline sorts entries (it reorders them) and returns the page of q: the First after
// q.After. It is the one paging rule both stores apply; a bad cursor is INVALID.
func PageTimeline(q TimelineQuery, entries []TimelineEntry) (*TimelinePage, error) {
	page := &TimelinePage{Entries: []TimelineEntry{}, Cursors: []string{}, TotalCount: len(entries)}
	slices.SortFunc(entries, CompareTimeline)
	rest := entries
	if q.After != "" {
		pos, err := decodeTimelineCursor(q.After)
		if err != nil {
			return nil, err
		}
		page.HasPrev = true
		i, _ := slices.BinarySearchFunc(entries, pos, func(e, p TimelineEntry) int {
			if CompareTimeline(e, p) <= 0 {
				return -1
			}
			return 1
		})
		rest = entries[i:]
	}
	first := max(q.First, 0)
	if len(rest) > first {
		page.HasNext = true
		rest = rest[:first]
	}
	for _, e := range rest {
		page.Entries = append(page.Entries, e)
		page.Cursors = append(page.Cursors, TimelineCursor(e))
	}
	return page, nil
}
