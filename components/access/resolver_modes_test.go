package access

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func resArgsAZs(outbound bool, azs int) *ResolverEndpointsArgs {
	a := resArgs(outbound)
	a.AvailabilityZones, a.SubnetIds = nil, nil
	var subnets []string
	for i := range azs {
		a.AvailabilityZones = append(a.AvailabilityZones, fmt.Sprintf("us-east-1%c", 'a'+i))
		subnets = append(subnets, fmt.Sprintf("subnet-0%c", 'a'+i))
	}
	a.SubnetIds = pulumi.ToStringArray(subnets)
	return a
}

// corporate.dns.inbound and .outbound: every mode in a hub of two and of three AZs gets the
// address count ResolverAddressCount gives, in the first hub subnets; inbound none creates no
// inbound endpoint, group or rule.
func TestResolverAddressModes(t *testing.T) {
	t.Parallel()
	for _, azs := range []int{2, 3} {
		for _, in := range []string{"", ResolverAddressesPerAz, ResolverAddressesTwo, ResolverInboundNone} {
			for _, out := range []string{"", ResolverAddressesTwo} {
				t.Run(fmt.Sprintf("%d AZs, inbound %q, outbound %q", azs, in, out), func(t *testing.T) {
					t.Parallel()
					args := resArgsAZs(true, azs)
					args.Inbound, args.OutboundAddresses = in, out
					rec, err := resRun(t, args)
					require.NoError(t, err)
					want := map[string]int{"": azs, ResolverAddressesPerAz: azs, ResolverAddressesTwo: 2, ResolverInboundNone: 0}
					inbound, ok := rec.Find(typeResolverEndpoint, "dns-inbound")
					require.Equal(t, want[in] > 0, ok)
					_, sg := rec.Find(componenttest.TypeSecurityGroup, "dns-inbound")
					assert.Equal(t, ok, sg, "the inbound group comes with the endpoint")
					if ok {
						assertAddresses(t, inbound, want[in])
					} else {
						for _, r := range rec.ByType(componenttest.TypeIngressRule) {
							t.Errorf("%s: no inbound endpoint, no ingress rule", r.Name)
						}
					}
					assertAddresses(t, componenttest.FindOne(t, rec, typeResolverEndpoint, "dns-outbound"), want[out])
					assert.Len(t, rec.ByType(typeResolverEndpoint), map[bool]int{false: 1, true: 2}[want[in] > 0])
				})
			}
		}
	}
}

func assertAddresses(t *testing.T, ep recorder.Resource, n int) {
	t.Helper()
	ips := ep.Input("ipAddresses").ArrayValue()
	require.Len(t, ips, n, ep.Name)
	for i := range n {
		assert.Equal(t, fmt.Sprintf("subnet-0%c", 'a'+i), componenttest.InputString(ep, fmt.Sprintf("ipAddresses.%d.subnetId", i)), ep.Name)
	}
}

func TestResolverAddressCount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode      string
		azs, want int
	}{
		{"", 3, 3}, {ResolverAddressesPerAz, 4, 4}, {ResolverAddressesTwo, 3, MinResolverAddresses}, {ResolverAddressesTwo, 2, 2},
		{ResolverInboundNone, 3, 0},
	} {
		assert.Equal(t, tc.want, ResolverAddressCount(tc.mode, tc.azs), "%q in %d AZs", tc.mode, tc.azs)
	}
	assert.Equal(t, 2, MinResolverAddresses, "AWS: two or more addresses per endpoint")
}

func TestResolverModesRejected(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		outbound bool
		mutate   func(a *ResolverEndpointsArgs)
		want     []string
	}{
		{"unknown inbound", true, func(a *ResolverEndpointsArgs) { a.Inbound = "one" }, []string{`Inbound = "one"`, "perAz, two, none"}},
		{"unknown outbound", true, func(a *ResolverEndpointsArgs) { a.OutboundAddresses = "none" }, []string{`OutboundAddresses = "none"`, "perAz, two"}},
		{"outbound addresses without outbound", false, func(a *ResolverEndpointsArgs) { a.OutboundAddresses = ResolverAddressesTwo },
			[]string{`OutboundAddresses = "two"`, "without Outbound"}},
		{"nothing to create", false, func(a *ResolverEndpointsArgs) { a.Inbound = ResolverInboundNone }, []string{`Inbound = "none"`, "nothing to create"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := resArgs(tc.outbound)
			tc.mutate(args)
			rec, err := resRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

// The records the corporate DNS holds without an inbound endpoint: one per endpoint people use,
// named as the hub's own alias records (a wildcard service keeps its "*."), sorted; no record for
// an unknown key.
func TestCorporateDnsRecords(t *testing.T) {
	t.Parallel()
	got := CorporateDnsRecords("us-east-1", []string{"studio", "sagemaker.api", "no-such-endpoint"})
	assert.Equal(t, []CorporateDnsRecord{
		{Name: "*.studio.us-east-1.sagemaker.aws", Type: "CNAME", Endpoint: "studio"},
		{Name: "api.sagemaker.us-east-1.amazonaws.com", Type: "CNAME", Endpoint: "sagemaker.api"},
	}, got)
	for _, k := range network.CatalogKeys() {
		e, _ := network.LookupEndpoint(k)
		r := CorporateDnsRecords("eu-central-1", []string{k})
		require.Len(t, r, 1, k)
		assert.Equal(t, e.RecordName("eu-central-1"), r[0].Name, "the hub's own record name: %s", k)
	}
	assert.Empty(t, CorporateDnsRecords("us-east-1", nil))
}
