package reach

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// TestNarrowInternetRoutesAreCaught (issue 22's surviving mutant): an internet route need not be
// a default route. A route to a narrow prefix (pypi.org's 151.101.0.0/16, or an IPv6 /32)
// through an internet gateway, a NAT gateway or an egress-only gateway opens the internet path
// of the subnets using that route table, and Network.SubnetToAddress follows a packet out of it.
func TestNarrowInternetRoutesAreCaught(t *testing.T) {
	t.Parallel()
	base, _ := runStack(t, "dev")
	const rt, subnet = "spoke-research-rt-us-east-1a", "spoke-research-subnet-us-east-1a"
	clean := mustAnalyze(t, base, Options{})
	for _, p := range clean.Paths {
		if p.Check == CheckInternet {
			assert.Equal(t, Absent, p.Verdict, p.Describe())
		}
	}
	cases := []struct {
		name   string
		inputs map[string]any
	}{
		{"internet gateway", map[string]any{"destinationCidrBlock": "151.101.0.0/16", "gatewayId": "igw-0123456789abcdef0"}},
		{"NAT gateway", map[string]any{"destinationCidrBlock": "151.101.0.0/16", "natGatewayId": "nat-0123456789abcdef0"}},
		{"egress-only gateway", map[string]any{"destinationIpv6CidrBlock": "2a04:4e42::/32", "egressOnlyGatewayId": "eigw-0123456789abcdef0"}},
		{"internet gateway, a single host", map[string]any{"destinationCidrBlock": "151.101.0.223/32", "gatewayId": "igw-0123456789abcdef0"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := clone(base)
			in := map[string]any{"routeTableId": idOf(t, rec, typeRouteTable, rt)}
			for k, v := range tc.inputs {
				in[k] = v
			}
			add(rec, typeRoute, "narrow-leak", "narrow-leak-id", "", in)
			r := mustAnalyze(t, rec, Options{})
			found := false
			for _, p := range r.Failures() {
				if p.Check == CheckInternet && p.From == subnet {
					found = true
					if assert.NotNil(t, p.Hop) {
						assert.Equal(t, "narrow-leak", p.Hop.Resource)
					}
				}
			}
			assert.True(t, found, "the narrow route opens %s to the internet: %v", subnet, failures(r))
			// The other AZ's subnet keeps its own route table: still closed.
			for _, p := range r.Paths {
				if p.Check == CheckInternet && p.From == "spoke-research-subnet-us-east-1b" {
					assert.Equal(t, Absent, p.Verdict, p.Describe())
				}
			}
		})
	}
}

// TestSubnetToAddressFollowsTheLongestPrefix: a packet to pypi.org's address leaves through a
// narrow internet route, and not through a route that does not contain it.
func TestSubnetToAddressFollowsTheLongestPrefix(t *testing.T) {
	t.Parallel()
	base, _ := runStack(t, "dev")
	subnetID := func(rec *recorder.Recording) string {
		return idOf(t, rec, "aws:ec2/subnet:Subnet", "spoke-research-subnet-us-east-1a")
	}
	n, err := NewNetwork(base, Options{})
	if !assert.NoError(t, err) {
		return
	}
	assert.Nil(t, n.SubnetToAddress(subnetID(base), mustAddr("151.101.0.223")), "no route out today")
	for _, tc := range []struct {
		dest string
		out  bool
	}{{"151.101.0.0/16", true}, {"151.100.0.0/16", false}, {"151.101.0.223/32", true}} {
		rec := clone(base)
		add(rec, typeRoute, "leak", "leak-id", "", map[string]any{"routeTableId": idOf(t, rec, typeRouteTable, "spoke-research-rt-us-east-1a"),
			"destinationCidrBlock": tc.dest, "gatewayId": "igw-0123456789abcdef0"})
		n, err := NewNetwork(rec, Options{})
		if !assert.NoError(t, err) {
			return
		}
		h := n.SubnetToAddress(subnetID(rec), mustAddr("151.101.0.223"))
		assert.Equal(t, tc.out, h != nil, "%s: %v", tc.dest, h)
	}
	_, err = NewNetwork(base, Options{CorporateCidrs: []string{"not-a-cidr"}})
	assert.ErrorContains(t, err, "CorporateCidrs[0]")
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }
