package cost_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

func resolverInputs(azs, in, out int) cost.Inputs {
	return cost.Inputs{Region: "us-east-1", HubAZs: azs, Endpoints: 5, HostedZones: 5, KMSKeys: 2,
		Spokes: []cost.Spoke{{Name: "research", AZs: 2}},
		Access: cost.Access{ResolverEndpointIPs: in + out, VPNConnections: 1, CorporateAttachments: 1,
			Resolver: &cost.ResolverDesign{HubAZs: azs, InboundIPs: in, OutboundIPs: out}}}
}

// The Resolver alternatives, priced by hand: each address is 730 × 0.125 = 91.25 USD a month.
// Three hub AZs with both endpoints per AZ (prod's design): two addresses each saves one address
// per endpoint, no inbound saves three, no forwarding saves three.
func TestResolverAlternativesPricedByHand(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(resolverInputs(3, 3, 3))
	require.NoError(t, err)
	for key, delta := range map[string]float64{
		cost.AltResolverInboundTwo:   -91.25,
		cost.AltResolverInboundNone:  -273.75,
		cost.AltResolverOutboundTwo:  -91.25,
		cost.AltResolverNoForwarding: -273.75,
	} {
		alt, ok := est.Alternatives[key]
		require.True(t, ok, key)
		assert.InDelta(t, delta, alt.DeltaUSD, cent, key)
		assert.Nil(t, alt.BreakEvenGBPerMonth, "%s: the same per-GB price, no break-even", key)
		assert.NotEmpty(t, alt.Description, key)
	}
	for _, key := range []string{cost.AltResolverInboundPerAz, cost.AltResolverOutboundPerAz} {
		assert.NotContains(t, est.Alternatives, key, "the stack's own design is no alternative")
	}
	// What each cheaper design cannot do is said.
	assert.Contains(t, est.Alternatives[cost.AltResolverInboundTwo].Description, "cannot answer from the other hub AZs")
	assert.Contains(t, est.Alternatives[cost.AltResolverInboundNone].Description, "corporateDns.records")
	assert.Contains(t, est.Alternatives[cost.AltResolverNoForwarding].Description, "cannot resolve the corporate domains")
}

// In two hub AZs, "two" is "per AZ": no alternative of the same cost is offered. Without an
// outbound endpoint there are no outbound alternatives. Dropping the inbound endpoint of a
// two-AZ stack with forwarding (dev) saves two addresses.
func TestResolverAlternativesOnlyWhenTheyDiffer(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(resolverInputs(2, 2, 2))
	require.NoError(t, err)
	assert.NotContains(t, est.Alternatives, cost.AltResolverInboundTwo)
	assert.NotContains(t, est.Alternatives, cost.AltResolverOutboundTwo)
	assert.InDelta(t, -182.50, est.Alternatives[cost.AltResolverInboundNone].DeltaUSD, cent)

	none, err := cost.Compute(resolverInputs(2, 0, 2))
	require.NoError(t, err)
	assert.InDelta(t, est.MonthlyUSD-182.50, none.MonthlyUSD, cent, "no inbound endpoint: two addresses less")
	assert.InDelta(t, 182.50, none.Alternatives[cost.AltResolverInboundPerAz].DeltaUSD, cent, "adding it back")
	assert.NotContains(t, none.Alternatives, cost.AltResolverInboundNone)

	inOnly, err := cost.Compute(resolverInputs(3, 3, 0))
	require.NoError(t, err)
	for key := range inOnly.Alternatives {
		assert.False(t, strings.HasPrefix(key, "resolverOutbound") || key == cost.AltResolverNoForwarding, key)
	}
	// The alternative's lines are the stack's with the Resolver line changed, nothing else.
	alt := inOnly.Alternatives[cost.AltResolverInboundNone]
	assert.Len(t, alt.Items, len(inOnly.Items)-1, "the Resolver line is dropped at zero addresses")
}

func TestResolverDesignValidated(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   cost.Inputs
		want string
	}{
		{"one address", resolverInputs(3, 1, 0), "Access.Resolver.InboundIPs is 1"},
		{"more than the AZs", resolverInputs(2, 2, 3), "Access.Resolver.OutboundIPs is 3"},
		{"one AZ", resolverInputs(1, 0, 0), "Access.Resolver.HubAZs is 1"},
		{"total differs", func() cost.Inputs { in := resolverInputs(3, 3, 3); in.Access.ResolverEndpointIPs = 5; return in }(),
			"ResolverEndpointIPs must be"},
	} {
		_, err := cost.Compute(tc.in)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
	}
	_, err := cost.Compute(resolverInputs(3, 2, 0))
	assert.NoError(t, err)
}
