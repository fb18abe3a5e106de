package kg

import "testing"

func TestCompareListOrder(t *testing.T) {
	tests := []struct {
		fa, ia, fb, ib string
		want           int
	}{
		{"a", "2", "b", "1", -1},
		{"b", "1", "a", "2", 1},
		{"a", "1", "a", "2", -1},
		{"a", "2", "a", "1", 1},
		{"a", "1", "a", "1", 0},
		// bytes, not UTF-16 code units: U+1F600 (F0 9F 98 80) sorts after U+FF5E (EF BD 9E),
		// although its UTF-16 surrogate D83D sorts before FF5E.
		{"\uff5e", "1", "\U0001F600", "2", -1},
		{"ab", "1", "a", "2", 1},
	}
	for _, tt := range tests {
		if got := CompareListOrder(tt.fa, tt.ia, tt.fb, tt.ib); got != tt.want {
			t.Errorf("CompareListOrder(%q,%q,%q,%q) = %d, want %d", tt.fa, tt.ia, tt.fb, tt.ib, got, tt.want)
		}
	}
}
