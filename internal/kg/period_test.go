package kg

import "testing"

func TestTimeFilterMatch(t *testing.T) {
	d := MustDate
	var zero PartialDate
	tests := []struct {
		name         string
		f            TimeFilter
		since, until PartialDate
		want         bool
	}{
		{"no filter keeps undated", TimeFilter{}, zero, zero, true},
		{"no filter keeps dated", TimeFilter{}, d("2014"), d("2016"), true},
		{"at inside", TimeFilter{At: d("2015")}, d("2014"), d("2016"), true},
		{"at before since", TimeFilter{At: d("2013")}, d("2014"), zero, false},
		{"at after until", TimeFilter{At: d("2017-01")}, zero, d("2016-12"), false},
		{"at same year coarser", TimeFilter{At: d("2014")}, d("2014-05"), zero, true},
		{"open since kept later", TimeFilter{At: d("2020")}, d("2008"), zero, true},
		{"undated kept by default", TimeFilter{At: d("2016")}, zero, zero, true},
		{"undated dropped when asked", TimeFilter{At: d("2016"), ExcludeUndated: true}, zero, zero, false},
		{"excludeUndated alone keeps dated", TimeFilter{ExcludeUndated: true}, d("2010"), zero, true},
		{"during overlaps", TimeFilter{During: true, From: d("2015"), To: d("2018")}, d("2010"), d("2016"), true},
		{"during ends before", TimeFilter{During: true, From: d("2017")}, d("2010"), d("2016"), false},
		{"during starts after", TimeFilter{During: true, To: d("2009")}, d("2010"), zero, false},
		{"during open window", TimeFilter{During: true}, d("2010"), d("2011"), true},
		{"at and during both hold", TimeFilter{At: d("2011"), During: true, From: d("2015")}, d("2010"), d("2012"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Match(tt.since, tt.until); got != tt.want {
				t.Errorf("Match(%s, %s) = %v, want %v", tt.since, tt.until, got, tt.want)
			}
		})
	}
}

func TestTimeFilterCheck(t *testing.T) {
	d := MustDate
	if err := (TimeFilter{During: true, From: d("2018"), To: d("2017")}).Check(); ErrorCode(err) != EINVALID {
		t.Errorf("reversed window: got %v, want INVALID", err)
	}
	if err := (TimeFilter{During: true, From: d("2017"), To: d("2017-06")}).Check(); err != nil {
		t.Errorf("window within one year: %v", err)
	}
	if !(TimeFilter{}).IsZero() || (TimeFilter{ExcludeUndated: true}).IsZero() {
		t.Error("IsZero wrong")
	}
}
