package kg

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PartialDate is an ISO 8601 date of reduced precision: a year ("2014"), a month
// ("2016-04") or a day ("2014-08-28"). The documents state dates at all three precisions and
// rounding them to a full date would invent precision, so the precision is kept.
// The zero value means "no date".
type PartialDate struct {
	Year  int // 0 = no date
	Month int // 0 = unknown
	Day   int // 0 = unknown
}

// ParsePartialDate parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" and checks the calendar.
func ParsePartialDate(s string) (PartialDate, error) {
	var d PartialDate
	bad := func(why string) (PartialDate, error) {
		shown := s // a valid date has 10 bytes at most: never echo a long value in full
		if len(shown) > 16 {
			shown = strings.ToValidUTF8(shown[:16], "") + "…"
		}
		return PartialDate{}, fmt.Errorf("invalid partial date %q: %s (want YYYY, YYYY-MM or YYYY-MM-DD)", shown, why)
	}
	switch len(s) {
	case 4, 7, 10:
	default:
		return bad("wrong length")
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || s[0] == '+' || s[0] == '-' {
		return bad("year is not four digits")
	}
	if y < 1000 {
		return bad("year out of range")
	}
	d.Year = y
	if len(s) >= 7 {
		if s[4] != '-' {
			return bad("expected '-' after the year")
		}
		m, err := strconv.Atoi(s[5:7])
		if err != nil || m < 1 || m > 12 || s[5] == '+' {
			return bad("month must be 01-12")
		}
		d.Month = m
	}
	if len(s) == 10 {
		if s[7] != '-' {
			return bad("expected '-' after the month")
		}
		day, err := strconv.Atoi(s[8:10])
		if err != nil || day < 1 || s[8] == '+' {
			return bad("day out of range")
		}
		last := time.Date(y, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if day > last {
			return bad("day out of range for the month")
		}
		d.Day = day
	}
	return d, nil
}

// MustDate parses s or panics; for tests and literals only.
func MustDate(s string) PartialDate {
	d, err := ParsePartialDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d PartialDate) IsZero() bool { return d.Year == 0 }

// String renders the date at its own precision; "" when unset.
func (d PartialDate) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
}

// FirstDay is the first day the partial date may denote: "2014" → 2014-01-01,
// "2016-04" → 2016-04-01, a full date itself. Zero for the zero date.
func (d PartialDate) FirstDay() PartialDate {
	if d.IsZero() {
		return d
	}
	return PartialDate{Year: d.Year, Month: max(d.Month, 1), Day: max(d.Day, 1)}
}

// LastDay is the last day the partial date may denote: "2014" → 2014-12-31,
// "2016-02" → 2016-02-29, a full date itself. Zero for the zero date.
func (d PartialDate) LastDay() PartialDate {
	if d.IsZero() || d.Day != 0 {
		return d
	}
	m := d.Month
	if m == 0 {
		m = 12
	}
	return PartialDate{Year: d.Year, Month: m, Day: daysIn(d.Year, m)}
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// YMD is the date as the number yyyymmdd (missing parts count as 0); on FirstDay and LastDay
// bounds it orders like the calendar. The Neo4j store keeps period bounds in this form.
func (d PartialDate) YMD() int { return d.Year*10000 + d.Month*100 + d.Day }

func (d PartialDate) first() int { return d.FirstDay().YMD() }
func (d PartialDate) last() int  { return d.LastDay().YMD() }

// Before reports whether d certainly ends before e begins ("2014" is not before "2014-05").
func (d PartialDate) Before(e PartialDate) bool { return d.last() < e.first() }

// PeriodContains reports whether a period [since, until] (either bound may be unset = open)
// may include the date at. Open or unknown bounds do not exclude: a mandate with no stated
// period is not known to be inactive, so it is kept.
func PeriodContains(since, until, at PartialDate) bool {
	if at.IsZero() {
		return true
	}
	if !since.IsZero() && at.last() < since.first() {
		return false
	}
	if !until.IsZero() && at.first() > until.last() {
		return false
	}
	return true
}
