package cost_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// TestAccessPricedByHand: a VPN-connected stack with inbound and outbound Resolver endpoints over
// two hub AZs (4 ENIs), priced by hand: 4 × 730 × 0.125 = 365.00; 730 × 0.05 = 36.50 for the VPN
// and again for its TGW attachment. Every design carries the same lines, so the deltas and the
// break-even traffic do not move — except that the peering design then keeps the hub's TGW
// attachment too.
func TestAccessPricedByHand(t *testing.T) {
	t.Parallel()
	base := cost.Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 5, HostedZones: 5, KMSKeys: 2,
		Spokes: []cost.Spoke{{Name: "research", AZs: 2}}}
	without, err := cost.Compute(base)
	require.NoError(t, err)
	with := base
	with.Access = cost.Access{ResolverEndpointIPs: 4, VPNConnections: 1, CorporateAttachments: 1}
	est, err := cost.Compute(with)
	require.NoError(t, err)
	for _, tc := range []struct {
		prefix      string
		qty, amount float64
	}{
		{"Route 53 Resolver endpoint IP addresses", 4 * 730, 365.00},
		{"Site-to-Site VPN connections", 730, 36.50},
		{"Transit Gateway attachments (corporate network)", 730, 36.50},
	} {
		it := itemByResource(t, est.Items, tc.prefix)
		assert.InDelta(t, tc.qty, it.Quantity, 1e-9, tc.prefix)
		assert.InDelta(t, tc.amount, it.MonthlyUSD, cent, tc.prefix)
	}
	assert.InDelta(t, without.MonthlyUSD+438.00, est.MonthlyUSD, cent)
	for key, alt := range est.Alternatives {
		// The peering design also keeps the hub's own TGW attachment (730 × 0.05 = 36.50) once the
		// corporate network connects to the TGW: that is its only path to the hub.
		extra := 0.0
		if key == cost.AltPeering {
			extra = 36.50
			assert.InDelta(t, 36.50, itemByResource(t, alt.Items, "Transit Gateway attachment (hub only").MonthlyUSD, cent)
		}
		assert.InDelta(t, without.Alternatives[key].MonthlyUSD+438.00+extra, alt.MonthlyUSD, cent, key)
		assert.InDelta(t, without.Alternatives[key].DeltaUSD+extra, alt.DeltaUSD, cent, key)
		assert.Equal(t, without.Alternatives[key].BreakEvenGBPerMonth, alt.BreakEvenGBPerMonth, key)
	}
	assert.Empty(t, est.Assumptions[len(without.Assumptions):], "us-east-1 prices are not assumed")

	// Direct Connect: the attachment only; elsewhere the prices are assumed.
	dx := base
	dx.Region = "eu-central-1"
	dx.Access = cost.Access{ResolverEndpointIPs: 3, CorporateAttachments: 1}
	est, err = cost.Compute(dx)
	require.NoError(t, err)
	assert.InDelta(t, 273.75, itemByResource(t, est.Items, "Route 53 Resolver").MonthlyUSD, cent)
	assert.Contains(t, assumedPrices(est.Assumptions, "eu-central-1"), "resolverEndpointIpHour")
	assert.NotContains(t, assumedPrices(est.Assumptions, "eu-central-1"), "vpnConnectionHour", "no VPN: its price is not used")
	for _, it := range est.Items {
		assert.NotEqual(t, "Site-to-Site VPN connections", it.Resource)
	}
}

func TestAccessRejectsNegativeCounts(t *testing.T) {
	t.Parallel()
	_, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 2, Spokes: []cost.Spoke{{Name: "a", AZs: 2}},
		Access: cost.Access{ResolverEndpointIPs: -1, VPNConnections: -2, CorporateAttachments: -3}})
	require.Error(t, err)
	for _, f := range []string{"Access.ResolverEndpointIPs is -1", "Access.VPNConnections is -2", "Access.CorporateAttachments is -3"} {
		assert.Contains(t, err.Error(), f)
	}
}
