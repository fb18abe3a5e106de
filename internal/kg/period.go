package kg

// TimeFilter selects relationships and mandates by their stated period: the API's
// activeAt / activeDuring / includeUndated arguments. It is the one rule both stores and
// every list follow, so "Växjö's network as it stood in 2016" means the same everywhere.
//
// Periods are read as the documents state them, at their own precision, and open or unknown
// bounds never exclude (a membership "sedan 2008" with no end is kept for 2016; "2014"
// overlaps "2014-05"). An item with neither since nor until is *undated*: the documents
// state it as of their page date without a period. Undated items are kept unless the
// caller says otherwise (IncludeUndated false), because nothing says they were inactive.
type TimeFilter struct {
	// At keeps items whose period may contain the date (activeAt). Zero: no such bound.
	At PartialDate
	// During, when set, keeps items whose period may overlap [From, To] (activeDuring);
	// either end of the window may be zero (open).
	During   bool
	From, To PartialDate
	// ExcludeUndated drops items with neither since nor until (includeUndated: false).
	// It applies with or without a date bound: alone it keeps dated items only.
	ExcludeUndated bool
}

// IsZero reports whether the filter keeps everything.
func (f TimeFilter) IsZero() bool {
	return f.At.IsZero() && !f.During && !f.ExcludeUndated
}

// Check rejects a window that ends before it begins, naming the argument.
func (f TimeFilter) Check() error {
	if f.During && !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return Errorf(EINVALID, "activeDuring: to (%s) is before from (%s)", f.To, f.From)
	}
	return nil
}

// Match reports whether an item with the stated period [since, until] passes the filter.
func (f TimeFilter) Match(since, until PartialDate) bool {
	if since.IsZero() && until.IsZero() {
		return !f.ExcludeUndated
	}
	if !PeriodContains(since, until, f.At) {
		return false
	}
	if f.During {
		return PeriodOverlaps(since, until, f.From, f.To)
	}
	return true
}

// PeriodOverlaps reports whether the period [since, until] may overlap the window
// [from, to]; any zero bound is open.
func PeriodOverlaps(since, until, from, to PartialDate) bool {
	if !until.IsZero() && !from.IsZero() && until.last() < from.first() {
		return false
	}
	if !since.IsZero() && !to.IsZero() && to.last() < since.first() {
		return false
	}
	return true
}
