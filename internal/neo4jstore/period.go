package neo4jstore

import "github.com/kommunkg/kg/internal/kg"

// relPeriodOK is kg.TimeFilter.Match on the relationship r, over the parameters relWindowParams
// sets. Both date bounds of the filter (activeAt: the period may contain the date;
// activeDuring: it may overlap the window) come down to one window [$tfLo, $tfHi] of
// yyyymmdd days that a dated period must reach into: since's first day ≤ $tfHi and until's
// last day ≥ $tfLo, an open end never excluding. Undated relationships (neither bound)
// pass when $tfUndated. Kept short: the neighbourhood statement repeats it once per hop.
const relPeriodOK = `
(coalesce(r.sinceFirst, 0) <= $tfHi AND coalesce(r.untilLast, 99999999) >= $tfLo
 AND ($tfUndated OR r.sinceFirst IS NOT NULL OR r.untilLast IS NOT NULL))`

// Open ends of the window relPeriodOK tests.
const (
	periodLo = 0
	periodHi = 99999999
)

// relWindowParams adds the parameters of relPeriodOK for f to params: the window is the
// intersection of the activeAt day range and the activeDuring window.
func relWindowParams(params map[string]any, f kg.TimeFilter) map[string]any {
	lo, hi := periodLo, periodHi
	if !f.At.IsZero() {
		lo, hi = max(lo, f.At.FirstDay().YMD()), min(hi, f.At.LastDay().YMD())
	}
	if f.During {
		if !f.From.IsZero() {
			lo = max(lo, f.From.FirstDay().YMD())
		}
		if !f.To.IsZero() {
			hi = min(hi, f.To.LastDay().YMD())
		}
	}
	params["tfUndated"] = !f.ExcludeUndated
	params["tfLo"] = int64(lo)
	params["tfHi"] = int64(hi)
	return params
}
