package exchange

import "testing"

func TestProductID(t *testing.T) {
	tests := []struct{ build, want string }{
		{"8.0.685.24", "Exchange2007"},
		{"8.3.83.6", "Exchange2007_SP3"},
		{"14.1.218.15", "Exchange2010_SP1"},
		{"14.3.123.4", "Exchange2010_SP3"},
		{"15.0.1497.2", "Exchange2013"},
		{"15.1.2507.6", "Exchange2016"},
		{"15.2.1544.4", "Exchange2019"},
		{"15.2.2562.17", "ExchangeSE"},
		{"15.20.8769.22", "ExchangeOnline"},
		{"", ""},
		{"garbage", ""},
		{"99.1.2.3", ""},
	}
	for _, tt := range tests {
		if got := ProductID(tt.build); got != tt.want {
			t.Errorf("ProductID(%q) = %q, want %q", tt.build, got, tt.want)
		}
	}
}
