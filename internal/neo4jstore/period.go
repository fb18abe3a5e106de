package neo4jstore

import "github.com/kommunkg/kg/internal/kg"

// relPeriodOK is kg.TimeFilter.Match on the relationship r, over the parameters timeParams
// sets: an undated relationship (neither sinceFirst nor untilLast) passes when $tfUndated;
// a dated one when its period may contain $tfAt (first/last day; null = no bound) and, with
// $tfDuring, may overlap [$tfFrom, $tfTo] (either end null = open). Bounds are the yyyymmdd
// first/last days Load writes, so partial dates compare as in kg.
const relPeriodOK = `
(CASE WHEN r.sinceFirst IS NULL AND r.untilLast IS NULL THEN $tfUndated
 ELSE ($tfAtFirst IS NULL OR ((r.sinceFirst IS NULL OR r.sinceFirst <= $tfAtLast)
                              AND (r.untilLast IS NULL OR r.untilLast >= $tfAtFirst)))
  AND (NOT $tfDuring OR ((r.untilLast IS NULL OR $tfFrom IS NULL OR r.untilLast >= $tfFrom)
                         AND (r.sinceFirst IS NULL OR $tfTo IS NULL OR r.sinceFirst <= $tfTo)))
 END)`

// timeParams adds the parameters of relPeriodOK for f to params.
func timeParams(params map[string]any, f kg.TimeFilter) map[string]any {
	params["tfUndated"] = !f.ExcludeUndated
	params["tfAtFirst"] = dateFirst(f.At)
	params["tfAtLast"] = dateLast(f.At)
	params["tfDuring"] = f.During
	params["tfFrom"] = dateFirst(f.From)
	params["tfTo"] = dateLast(f.To)
	return params
}
