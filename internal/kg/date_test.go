package kg_test

import (
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

func TestParsePartialDateValid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want kg.PartialDate
	}{
		{"2014", kg.PartialDate{Year: 2014}},
		{"2016-04", kg.PartialDate{Year: 2016, Month: 4}},
		{"2014-08-28", kg.PartialDate{Year: 2014, Month: 8, Day: 28}},
		{"2016-02-29", kg.PartialDate{Year: 2016, Month: 2, Day: 29}}, // leap year
		{"2000-02-29", kg.PartialDate{Year: 2000, Month: 2, Day: 29}}, // divisible by 400
		{"2014-01-31", kg.PartialDate{Year: 2014, Month: 1, Day: 31}},
		{"2014-12-31", kg.PartialDate{Year: 2014, Month: 12, Day: 31}},
		{"1000", kg.PartialDate{Year: 1000}},
		{"9999-12", kg.PartialDate{Year: 9999, Month: 12}},
	} {
		got, err := kg.ParsePartialDate(tc.in)
		if err != nil {
			t.Errorf("ParsePartialDate(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParsePartialDate(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		if got.IsZero() {
			t.Errorf("ParsePartialDate(%q) is zero", tc.in)
		}
		if s := got.String(); s != tc.in {
			t.Errorf("ParsePartialDate(%q).String() = %q; want the input back", tc.in, s)
		}
		if kg.MustDate(tc.in) != got {
			t.Errorf("MustDate(%q) differs from ParsePartialDate", tc.in)
		}
	}
}

func TestParsePartialDateInvalid(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"2014-13", "month must be 01-12"},
		{"2014-00", "month must be 01-12"},
		{"2014-02-30", "day out of range for the month"},
		{"2014-02-29", "day out of range for the month"}, // not a leap year
		{"1900-02-29", "day out of range for the month"}, // century, not divisible by 400
		{"2014-04-31", "day out of range for the month"},
		{"2014-08-32", "day out of range"},
		{"2014-08-00", "day out of range"},
		{"14", "wrong length"},
		{"2014-1", "wrong length"},
		{"2014-8-28", "wrong length"},
		{"", "wrong length"},
		{"2014-08-28T00:00", "wrong length"},
		{" 2014", "wrong length"},
		{"２０１４", "wrong length"}, // full-width digits
		{"0999", "year out of range"},
		{"+201", "year is not four digits"},
		{"-201", "year is not four digits"},
		{"20x4", "year is not four digits"},
		{"2014/08", "expected '-' after the year"},
		{"2014-08/28", "expected '-' after the month"},
		{"2014-+8", "month must be 01-12"},
		{"2014--1", "month must be 01-12"},
		{"2014-08-+1", "day out of range"},
		{"2014-08--1", "day out of range"},
		{"2014-08-2x", "day out of range"},
	} {
		d, err := kg.ParsePartialDate(tc.in)
		if err == nil {
			t.Errorf("ParsePartialDate(%q) = %+v; want an error", tc.in, d)
			continue
		}
		if !d.IsZero() || d != (kg.PartialDate{}) {
			t.Errorf("ParsePartialDate(%q) returned %+v with its error; want the zero date", tc.in, d)
		}
		if msg := err.Error(); !strings.Contains(msg, tc.why) || !strings.Contains(msg, "want YYYY, YYYY-MM or YYYY-MM-DD") {
			t.Errorf("ParsePartialDate(%q) error %q; want it to say %q and the accepted forms", tc.in, msg, tc.why)
		}
	}
}

func TestMustDatePanicsOnInvalid(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustDate(\"2014-13\") did not panic")
		}
	}()
	kg.MustDate("2014-13")
}

func TestPartialDateZero(t *testing.T) {
	var d kg.PartialDate
	if !d.IsZero() || d.String() != "" {
		t.Errorf("zero date: IsZero %v, String %q; want true, \"\"", d.IsZero(), d.String())
	}
}

// TestPartialDateBefore: d is before e only when every day d may denote precedes every day e
// may denote, so dates of different precision that overlap are never before each other.
func TestPartialDateBefore(t *testing.T) {
	for _, tc := range []struct {
		d, e string
		want bool
	}{
		{"2014", "2015", true},
		{"2015", "2014", false},
		{"2014", "2014", false},
		{"2014", "2014-05", false}, // "2014" may be December
		{"2014-05", "2014", false}, // "2014" may be January
		{"2014-04", "2014-05", true},
		{"2014-05", "2014-04", false},
		{"2014-04", "2014-04-30", false},
		{"2014-04-30", "2014-05", true},
		{"2014-04-30", "2014-05-01", true},
		{"2014-05-01", "2014-05-01", false},
		{"2014-05-02", "2014-05-01", false},
		{"2013-12-31", "2014", true},
		{"2014-12", "2015-01-01", true},
		{"2014-12-31", "2015", true},
		{"2015-01-01", "2014-12", false},
		{"2019-12-31", "2020", true},
		{"2018-04", "2018-05", true},
		{"2018", "2018-05", false},
	} {
		d, e := kg.MustDate(tc.d), kg.MustDate(tc.e)
		if got := d.Before(e); got != tc.want {
			t.Errorf("%s.Before(%s) = %v, want %v", tc.d, tc.e, got, tc.want)
		}
		// Before is a strict order: never both ways
		if d.Before(e) && e.Before(d) {
			t.Errorf("%s and %s are each before the other", tc.d, tc.e)
		}
	}
}

func TestPeriodContains(t *testing.T) {
	var open kg.PartialDate
	date := func(s string) kg.PartialDate {
		if s == "" {
			return open
		}
		return kg.MustDate(s)
	}
	for _, tc := range []struct {
		since, until, at string
		want             bool
	}{
		{"", "", "2014", true},                // no period: not known to be inactive
		{"2014", "2016", "", true},            // no date asked: everything
		{"2014", "2016", "2015", true},        // inside
		{"2014", "2016", "2014", true},        // on the bounds
		{"2014", "2016", "2016-12-31", true},  // "2016" runs to its end
		{"2014", "2016", "2013-12-31", false}, // before
		{"2014", "2016", "2017-01", false},    // after
		{"2014-06", "", "2014", true},         // "2014" may include June
		{"2014-06", "", "2014-05-31", false},  // day before a month-precise since
		{"", "2014-06", "2014-06-30", true},   // open since
		{"", "2014-06", "2014-07-01", false},  // after a month-precise until
		{"2016-04", "2016-04", "2016-04-15", true},
	} {
		if got := kg.PeriodContains(date(tc.since), date(tc.until), date(tc.at)); got != tc.want {
			t.Errorf("PeriodContains(%q, %q, %q) = %v, want %v", tc.since, tc.until, tc.at, got, tc.want)
		}
	}
}

func TestPartialDateBounds(t *testing.T) {
	for _, c := range []struct{ date, first, last string }{
		{"2014", "2014-01-01", "2014-12-31"},
		{"2016-02", "2016-02-01", "2016-02-29"},
		{"2015-02", "2015-02-01", "2015-02-28"},
		{"1900-02", "1900-02-01", "1900-02-28"},
		{"2000-02", "2000-02-01", "2000-02-29"},
		{"2016-04", "2016-04-01", "2016-04-30"},
		{"2016-12", "2016-12-01", "2016-12-31"},
		{"2014-08-28", "2014-08-28", "2014-08-28"},
	} {
		d := kg.MustDate(c.date)
		if f, l := d.FirstDay().String(), d.LastDay().String(); f != c.first || l != c.last {
			t.Errorf("%s: %s..%s, want %s..%s", c.date, f, l, c.first, c.last)
		}
		if f, l := d.FirstDay().YMD(), d.LastDay().YMD(); f > l || f/10000 != d.Year {
			t.Errorf("%s: YMD %d..%d", c.date, f, l)
		}
	}
	var zero kg.PartialDate
	if !zero.FirstDay().IsZero() || !zero.LastDay().IsZero() {
		t.Error("the zero date has bounds")
	}
	// Every month's last day is a valid date and the next day is not.
	for y := 1999; y <= 2001; y++ {
		for m := 1; m <= 12; m++ {
			l := kg.PartialDate{Year: y, Month: m}.LastDay()
			if _, err := kg.ParsePartialDate(l.String()); err != nil {
				t.Errorf("%v", err)
			}
			if _, err := kg.ParsePartialDate(kg.PartialDate{Year: y, Month: m, Day: l.Day + 1}.String()); err == nil {
				t.Errorf("%d-%02d has more than %d days", y, m, l.Day)
			}
		}
	}
}
