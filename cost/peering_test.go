package cost_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// fiveSpokes is issue 15's shape: 5 spokes over 3 AZs each.
func fiveSpokes() []cost.Spoke {
	var s []cost.Spoke
	for i := 0; i < 5; i++ {
		s = append(s, cost.Spoke{Name: fmt.Sprintf("spoke%d", i), AZs: 3})
	}
	return s
}

// TestPeeringFixedCostAtMostAQuarterOfPerSpokeEndpoints proves issue 15's claim: at 5 spokes, 13
// interface endpoints and 3 AZs (hub and spokes), the peering design's fixed monthly cost is at
// most 0.25× that of per-spoke endpoints. Hand arithmetic, no traffic, default flow logs (5 GB
// per spoke a month, kept 365 days), one private hosted zone per endpoint, no KMS keys, no
// corporate access:
//
//	shared:      flow-log ingestion 5 spokes × 5 GB × 0.50 = 12.50;
//	             storage 5 × 5 GB × 365 × 12/365 = 300 GB-month × 0.03 = 9.00
//	us-east-1 (0.01 $/endpoint-AZ-hour):
//	  peering:   hub endpoints 13 × 3 AZs × 730 h = 28,470 h × 0.01 = 284.70; zones 13 × 0.50 = 6.50;
//	             5 peerings × $0; no TGW attachment  → 284.70 + 6.50 + 21.50 = 312.70
//	  per-spoke: 13 × (5 × 3) AZs × 730 h = 142,350 h × 0.01 = 1,423.50 → + 21.50 = 1,445.00
//	  hub:       284.70 + (1 + 5) × 730 × 0.05 = 219.00 + 6.50 + 21.50 = 531.70
//	  ratio 312.70 / 1,445.00 = 0.216
//	eu-central-1: its table has no AWS price for these lines yet, so us-east-1's are assumed and
//	  the figures are the same (cmd/prices fills the table; the ratio holds at any one endpoint price,
//	  since the endpoint hours dominate both designs).
func TestPeeringFixedCostAtMostAQuarterOfPerSpokeEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region                               string
		peering, perSpoke, hub, hubEndpoints float64
	}{
		{"us-east-1", 312.70, 1445.00, 531.70, 284.70},
		{"eu-central-1", 312.70, 1445.00, 531.70, 284.70},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(cost.Inputs{Region: tt.region, HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes()})
			require.NoError(t, err)
			peer := est.Alternatives[cost.AltPeering]
			ps := est.Alternatives[cost.AltPerSpokeEndpoints]
			assert.InDelta(t, tt.peering, peer.MonthlyUSD, cent)
			assert.InDelta(t, tt.perSpoke, ps.MonthlyUSD, cent)
			assert.InDelta(t, tt.hub, est.MonthlyUSD, cent)
			assert.LessOrEqual(t, peer.MonthlyUSD, 0.25*ps.MonthlyUSD, "issue 15: peering ≤ 0.25× per-spoke endpoints")
			assert.InDelta(t, -219.00, peer.DeltaUSD, cent, "peering drops the 6 attachments: (1 + 5) × 730 × 0.05")

			assert.InDelta(t, tt.hubEndpoints, itemByResource(t, peer.Items, "Interface endpoints (hub, per AZ)").MonthlyUSD, cent)
			pc := itemByResource(t, peer.Items, "VPC peering connections")
			assert.InDelta(t, 5, pc.Quantity, 1e-9, "one peering per spoke")
			assert.Zero(t, pc.MonthlyUSD, "a peering has no hourly charge")
			for _, it := range peer.Items {
				assert.NotContains(t, it.Resource, "Transit Gateway", "no corporate access: no attachment at all")
			}
		})
	}
}

// TestPeeringPerGBAndBreakEven: a peering adds no processing charge; traffic pays the endpoint's
// $0.01/GB and, for the share crossing an AZ, $0.01/GB out and $0.01/GB in. With traffic spread
// over the hub's N AZs, (N−1)/N of it crosses. By hand (us-east-1):
//
//	3 AZs: 0.01 + 2/3 × 2 × 0.01 = 0.02333 $/GB;  2 AZs: 0.01 + 1/2 × 0.02 = 0.02;  1 AZ: 0.01
//
// Always below the hub's 0.01 + 0.02 (TGW) = 0.03, and the fixed cost is lower too: the two never
// meet (no break-even; peering is cheaper at any traffic). With 100 GB per spoke × 5 spokes =
// 500 GB over 3 AZs: endpoint processing 500 × 0.01 = 5.00; cross-AZ 500 × 2/3 × 2 = 666.67 GB ×
// 0.01 = 6.67; the monthly total grows by 11.67 and the fixed cost does not move.
func TestPeeringPerGBAndBreakEven(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		hubAZs int
		perGB  float64
	}{{3, 0.01 + 2.0/3*0.02}, {2, 0.02}, {1, 0.01}} {
		t.Run(fmt.Sprint(tt.hubAZs), func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: tt.hubAZs, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes()})
			require.NoError(t, err)
			peer := est.Alternatives[cost.AltPeering]
			assert.InDelta(t, tt.perGB, peer.PerGBUSD, 1e-12)
			assert.Less(t, peer.PerGBUSD, est.PerGBUSD)
			assert.Nil(t, peer.BreakEvenGBPerMonth, "cheaper in fixed cost and per GB: never meets the hub")
			assert.Contains(t, peer.Description, "cheaper than the hub at any traffic")
		})
	}

	quiet, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes()})
	require.NoError(t, err)
	busy, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes(),
		TrafficGBPerMonth: 100})
	require.NoError(t, err)
	peer := busy.Alternatives[cost.AltPeering]
	assert.InDelta(t, 5.00, itemByResource(t, peer.Items, "Interface endpoint data processing").MonthlyUSD, cent)
	x := itemByResource(t, peer.Items, "VPC peering cross-AZ data transfer")
	assert.InDelta(t, 500*2.0/3*2, x.Quantity, 1e-9)
	assert.InDelta(t, 6.67, x.MonthlyUSD, cent)
	assert.Equal(t, cost.ServiceEC2Other, x.Service)
	assert.InDelta(t, quiet.Alternatives[cost.AltPeering].MonthlyUSD+11.67, peer.MonthlyUSD, cent)
	assert.Contains(t, busy.Assumptions, "peering: spoke traffic spread evenly over the hub's 3 AZs, so 67% of it crosses an AZ")
	assert.NotContains(t, quiet.Assumptions, "peering: spoke traffic spread evenly over the hub's 3 AZs, so 67% of it crosses an AZ",
		"no traffic modelled: the spread moves no total")
}

// TestPeeringDescriptionSaysWhatItCannotDo: the alternative states, in plain words, the limits
// that decide against it (no transitive corporate path, no spoke-to-spoke, the peering quota) and
// how to build it; the table prints it.
func TestPeeringDescriptionSaysWhatItCannotDo(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes()})
	require.NoError(t, err)
	d := est.Alternatives[cost.AltPeering].Description
	for _, want := range []string{
		"not transitive", "corporate network", "no spoke resource", "no spoke-to-spoke path",
		"50 active peerings per VPC by default (adjustable to 125)", "(5 here)",
		"hub.connectivity: peering builds it", "22% of the per-spoke endpoints' fixed cost",
	} {
		assert.Contains(t, d, want)
	}
	assert.Equal(t, 50, cost.PeeringsPerVPCDefault)
	assert.Equal(t, 125, cost.PeeringsPerVPCMax)

	// One spoke over 2 AZs (dev's shape): the hub's endpoints cost what the spoke's own would, and
	// the zones come on top, so peering does not beat per-spoke endpoints and says so.
	one, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 7, HostedZones: 7,
		Spokes: []cost.Spoke{{Name: "research", AZs: 2}}})
	require.NoError(t, err)
	assert.Greater(t, one.Alternatives[cost.AltPeering].MonthlyUSD, one.Alternatives[cost.AltPerSpokeEndpoints].MonthlyUSD)
	assert.Contains(t, one.Alternatives[cost.AltPeering].Description, "not cheaper than per-spoke endpoints here")

	var buf bytes.Buffer
	require.NoError(t, est.WriteTable(&buf))
	assert.Contains(t, buf.String(), "Alternative peering: $312.70/month (-219.00 vs hub); per GB $0.023; break-even with the hub: none")
}

// TestPeeringKeepsTheHubAttachmentForTheCorporateNetwork: with a corporate attachment on the TGW
// the hub keeps its own attachment (730 × 0.05 = 36.50) and the spokes still have none.
func TestPeeringKeepsTheHubAttachmentForTheCorporateNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		access   cost.Access
		attached bool
	}{
		{"no corporate access", cost.Access{}, false},
		{"VPN on the TGW", cost.Access{VPNConnections: 1, CorporateAttachments: 1}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, Spokes: fiveSpokes(), Access: tt.access})
			require.NoError(t, err)
			found := false
			for _, it := range est.Alternatives[cost.AltPeering].Items {
				if it.Resource == "Transit Gateway attachment (hub only, for the corporate network)" {
					found = true
					assert.InDelta(t, 730, it.Quantity, 1e-9)
					assert.InDelta(t, 36.50, it.MonthlyUSD, cent)
				}
			}
			assert.Equal(t, tt.attached, found)
		})
	}
}

// TestPeeringStackIsPricedAsPeering: a stack that peers (Inputs.Peering) is estimated as the
// peering design, with the Transit Gateway design as the alternative, the same totals swapped —
// and, with the corporate network connected, the hub's one Transit Gateway attachment stays.
// Hand arithmetic (us-east-1, 5 spokes, 13 endpoints, 3 AZs, as above): peering 312.70, hub
// 531.70 → the TGW alternative's delta is +219.00 (6 attachments × 730 h × 0.05). With a VPN
// (1 VPN connection, 1 corporate attachment, 3 Resolver IPs): both designs add the VPN
// 730 × 0.05 = 36.50, the corporate attachment 36.50 and 3 × 730 × 0.125 = 273.75; peering also
// keeps the hub's own attachment, 36.50 → peering 312.70 + 36.50 + 36.50 + 273.75 + 36.50 = 695.95.
func TestPeeringStackIsPricedAsPeering(t *testing.T) {
	t.Parallel()
	in := cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes()}
	tgw, err := cost.Compute(in)
	require.NoError(t, err)
	in.Peering = true
	peer, err := cost.Compute(in)
	require.NoError(t, err)
	assert.InDelta(t, 312.70, peer.MonthlyUSD, cent)
	assert.Equal(t, tgw.Alternatives[cost.AltPeering].MonthlyUSD, peer.MonthlyUSD)
	alt, ok := peer.Alternatives[cost.AltTransitGateway]
	require.True(t, ok)
	assert.NotContains(t, peer.Alternatives, cost.AltPeering)
	assert.InDelta(t, 531.70, alt.MonthlyUSD, cent)
	assert.InDelta(t, 219.00, alt.DeltaUSD, cent)
	assert.Contains(t, alt.Description, "transitive")
	assert.Contains(t, alt.Description, "costs more than peering")
	assert.InDelta(t, tgw.Alternatives[cost.AltPerSpokeEndpoints].MonthlyUSD, peer.Alternatives[cost.AltPerSpokeEndpoints].MonthlyUSD, cent)

	in.Access = cost.Access{VPNConnections: 1, CorporateAttachments: 1, ResolverEndpointIPs: 3}
	withVPN, err := cost.Compute(in)
	require.NoError(t, err)
	assert.InDelta(t, 695.95, withVPN.MonthlyUSD, cent)
}

// The table names the design the estimate is of: a peering stack compares its alternatives with
// peering, not with "the hub".
func TestPeeringTableNamesTheDesign(t *testing.T) {
	t.Parallel()
	in := cost.Inputs{Region: "us-east-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, Spokes: fiveSpokes(), Peering: true}
	est, err := cost.Compute(in)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, est.WriteTable(&buf))
	assert.Contains(t, buf.String(), "$312.70/month (hub and spoke over VPC peering)")
	assert.Contains(t, buf.String(), "Alternative transitGateway: $531.70/month (+219.00 vs peering); per GB $0.030; break-even with peering: none")
}
