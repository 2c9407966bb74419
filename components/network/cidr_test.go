package network

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSubnetCidrs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, vpc string
		prefix, n int
		want      []string
		errHas    string
	}{
		{"two halves", "10.0.0.0/16", 17, 2, []string{"10.0.0.0/17", "10.0.128.0/17"}, ""},
		{"three of four", "10.0.0.0/16", 18, 3, []string{"10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18"}, ""},
		{"small", "192.168.10.0/24", 28, 2, []string{"192.168.10.0/28", "192.168.10.16/28"}, ""},
		{"whole block", "10.1.0.0/24", 24, 1, []string{"10.1.0.0/24"}, ""},
		{"crosses octets", "10.0.0.0/22", 24, 4, []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"}, ""},
		{"too many", "10.0.0.0/24", 25, 3, nil, "3 subnets of /25 do not fit in 10.0.0.0/24"},
		{"prefix shorter than vpc", "10.0.0.0/24", 23, 1, nil, "/23 does not fit in 10.0.0.0/24"},
		{"prefix beyond 32", "10.0.0.0/24", 33, 1, nil, "/33"},
		{"zero subnets", "10.0.0.0/24", 25, 0, nil, "subnet count 0"},
		{"not a cidr", "10.0.0.0", 24, 1, nil, `"10.0.0.0" is not a CIDR block`},
		{"garbage", "ten/8", 24, 1, nil, `"ten/8"`},
		{"host bits", "10.0.0.1/16", 17, 2, nil, `"10.0.0.1/16" has host bits set; want the network address 10.0.0.0/16`},
		{"ipv6", "2001:db8::/56", 64, 2, nil, `"2001:db8::/56" is not IPv4`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := SubnetCidrs(tc.vpc, tc.prefix, tc.n)
			if tc.errHas != "" {
				assert.ErrorContains(t, err, tc.errHas)
				assert.Nil(t, got)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDefaultSubnetPrefix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ vpc, n, want int }{
		{16, 1, 16}, {16, 2, 17}, {16, 3, 18}, {16, 4, 18}, {16, 5, 19}, {24, 2, 25}, {20, 6, 23}, {16, 0, 16},
	} {
		assert.Equal(t, tc.want, DefaultSubnetPrefix(tc.vpc, tc.n), "/%d into %d", tc.vpc, tc.n)
	}
}

func TestUsableIPs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ prefix, want int }{
		{28, 11}, {27, 27}, {24, 251}, {16, 65531}, {30, 0}, {32, 0}, {33, 0}, {-1, 0},
	} {
		assert.Equal(t, tc.want, UsableIPs(tc.prefix), "/%d", tc.prefix)
	}
}

func TestOverlaps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"10.0.0.0/16", "10.0.128.0/17", true},
		{"10.0.128.0/17", "10.0.0.0/16", true},
		{"10.0.0.0/16", "10.1.0.0/16", false},
		{"10.0.0.0/24", "10.0.0.0/24", true},
		{"10.0.0.0/25", "10.0.0.128/25", false},
		{"10.0.0.0/8", "10.255.255.0/24", true},
		{"not-a-cidr", "10.0.0.0/16", false},
		{"2001:db8::/32", "2001:db8::/48", false}, // IPv4 only
	} {
		assert.Equal(t, tc.want, Overlaps(tc.a, tc.b), "%s vs %s", tc.a, tc.b)
	}
}
