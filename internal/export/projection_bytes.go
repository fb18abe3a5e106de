package export

// CacheBytes is roughly what a cached projection holds (analysis.Sizer): the projection's
// ties and shared neighbours, the ids and kinds of the neighbourhood it was formed from, and
// the names of its nodes. The analysis caches bound themselves by it.
func (g *OneModeGraph) CacheBytes() int64 {
	n := g.om.CacheBytes()
	for _, id := range g.ids {
		n += int64(len(id)) + 16
	}
	n += 16 * int64(len(g.kinds))
	for _, name := range g.names {
		n += int64(len(name)) + 48
	}
	return n
}
