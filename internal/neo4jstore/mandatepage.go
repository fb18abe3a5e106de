package neo4jstore

import (
	"context"
	"fmt"

	"github.com/kommunkg/kg/internal/kg"
)

// MandatePage: the Mandates entry points and filter, then the page computed in the database —
// every match ordered as the port orders them, counted, and only the slice after the keyset
// cursor ($aBody, $aBehalf, $aPerson, $aId; null: from the start) sent back, at most $limit
// (first + 1: the extra one only says that more follow).
const (
	mandatePageTail = `
WITH m ORDER BY m.body, coalesce(m.onBehalfOf, ''), m.person, m.id
WITH collect(m) AS matches
RETURN size(matches) AS total, [x IN matches WHERE $aId IS NULL
    OR x.body > $aBody
    OR (x.body = $aBody AND (coalesce(x.onBehalfOf, '') > $aBehalf
      OR (coalesce(x.onBehalfOf, '') = $aBehalf AND (x.person > $aPerson
        OR (x.person = $aPerson AND x.id > $aId)))))][..$limit] AS page`
	cypherMandatePageByPerson = mandatesHeadPerson + mandateWhere + mandatePageTail
	cypherMandatePageByBody   = mandatesHeadBody + mandateWhere + mandatePageTail
	cypherMandatePageByBehalf = mandatesHeadBehalf + mandateWhere + mandatePageTail
	cypherMandatePageAll      = mandatesHeadAll + mandateWhere + mandatePageTail
)

func buildMandatePage(f kg.MandateFilter, first int, after string) (query, error) {
	if first < 0 || first > kg.MaxFirst {
		return query{}, kg.Errorf(kg.EINVALID, "first must be between 0 and %d, got %d", kg.MaxFirst, first)
	}
	if err := f.Time.Check(); err != nil {
		return query{}, err
	}
	q := buildMandates(f)
	switch q.cypher {
	case cypherMandatesByPerson:
		q.cypher = cypherMandatePageByPerson
	case cypherMandatesByBody:
		q.cypher = cypherMandatePageByBody
	case cypherMandatesByBehalf:
		q.cypher = cypherMandatePageByBehalf
	default:
		q.cypher = cypherMandatePageAll
	}
	q.name = "MandatePage"
	q.params["limit"] = int64(first + 1)
	q.params["aBody"], q.params["aBehalf"], q.params["aPerson"], q.params["aId"] = nil, nil, nil, nil
	if after != "" {
		k, err := kg.DecodeMandateCursor(after)
		if err != nil {
			return query{}, err
		}
		q.params["aBody"], q.params["aBehalf"], q.params["aPerson"], q.params["aId"] = k.Body, k.OnBehalfOf, k.Person, k.ID
	}
	return q, nil
}

// MandatePage implements kg.Store.
func (s *Store) MandatePage(ctx context.Context, f kg.MandateFilter, first int, after string) (kg.MandatePage, error) {
	if err := ctxErr(ctx); err != nil {
		return kg.MandatePage{}, err
	}
	q, err := buildMandatePage(f, first, after)
	if err != nil {
		return kg.MandatePage{}, err
	}
	recs, err := s.read(ctx, q)
	if err != nil {
		return kg.MandatePage{}, err
	}
	p := kg.MandatePage{Mandates: []*kg.Mandate{}, Cursors: []string{}}
	if len(recs) != 1 {
		return kg.MandatePage{}, classify(fmt.Errorf("mandate page: %d records, want 1", len(recs)))
	}
	tv, err := value(recs[0], "total")
	if err != nil {
		return kg.MandatePage{}, classify(err)
	}
	total, ok := tv.(int64)
	if !ok || total < 0 {
		return kg.MandatePage{}, classify(fmt.Errorf("mandate page: total is %T %v", tv, tv))
	}
	xs, err := listValue(recs[0], "page")
	if err != nil {
		return kg.MandatePage{}, classify(err)
	}
	for _, x := range xs {
		m, err := mandateFromValue(x)
		if err != nil {
			return kg.MandatePage{}, classify(err)
		}
		p.Mandates = append(p.Mandates, m)
	}
	p.TotalCount = int(total)
	if len(p.Mandates) > first {
		p.Mandates, p.HasNext = p.Mandates[:first], true
	}
	for _, m := range p.Mandates {
		p.Cursors = append(p.Cursors, kg.MandateCursor(m))
	}
	return p, nil
}
