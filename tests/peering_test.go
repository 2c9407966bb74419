package tests

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// runPeering is the peering fixture's recording (tests/testdata/Pulumi.peering.yaml:
// Pulumi.multi.yaml's accounts with hub.connectivity peering and a Site-to-Site VPN; the hub keeps
// its Transit Gateway for the corporate network only). Every whole-program invariant runs on it
// too (invariantStacks), the policy pack and the reachability proof included.
func runPeering(t *testing.T) *recorder.Recording {
	t.Helper()
	rec, _ := runStack(t, "peering")
	return rec
}

// TestPeeringStackConnectsSpokesByPeering: every spoke has exactly one peering connection with
// the hub VPC, requested on the spoke account's provider and accepted on the network account's
// (research in the research account, analytics in the deploying account: both cross-account),
// the accepter after the request and every route over it after the accepter; each spoke routes
// only the hub CIDR to it, each hub route table routes the spoke CIDR back. No spoke touches the
// Transit Gateway and nothing shares it; the hub keeps it for the VPN only.
func TestPeeringStackConnectsSpokesByPeering(t *testing.T) {
	t.Parallel()
	rec := runPeering(t)
	provs := multiProviders(t, rec)
	on := onProviderOf(t, provs)
	hubVpc := mustFind(t, rec, "aws:ec2/vpc:Vpc", "hub-vpc")
	for spoke, acct := range map[string]string{"research": multiResearch, "analytics": multiDeploying} {
		vpc := mustFind(t, rec, "aws:ec2/vpc:Vpc", "spoke-"+spoke+"-vpc")
		pcx := mustFind(t, rec, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection", "spoke-"+spoke+"-peering")
		on(pcx, acct)
		assert.Equal(t, vpc.ID, str(pcx.Input("vpcId")))
		assert.Equal(t, hubVpc.ID, str(pcx.Input("peerVpcId")))
		assert.Equal(t, multiNetwork, str(pcx.Input("peerOwnerId")), "the hub's account is the peer owner")
		acc := mustFind(t, rec, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter", "spoke-"+spoke+"-peering-accepter")
		on(acc, multiNetwork)
		assert.Contains(t, acc.Dependencies, pcx.URN, "request before acceptance")
		cidr := str(vpc.Input("cidrBlock"))
		to, from := 0, 0
		for _, r := range rec.ByType("aws:ec2/route:Route") {
			if str(r.Input("vpcPeeringConnectionId")) != pcx.ID {
				continue
			}
			assert.Contains(t, r.Dependencies, acc.URN, "%s waits for the acceptance", r.Name)
			switch {
			case strings.HasPrefix(r.Name, "spoke-"+spoke+"-to-hub-"):
				to++
				on(r, acct)
				assert.Equal(t, "10.0.0.0/24", str(r.Input("destinationCidrBlock")))
			case strings.HasPrefix(r.Name, "spoke-"+spoke+"-from-hub-"):
				from++
				on(r, multiNetwork)
				assert.Equal(t, cidr, str(r.Input("destinationCidrBlock")))
			default:
				t.Errorf("unexpected route %s over %s", r.Name, pcx.Name)
			}
		}
		assert.Equal(t, 2, to, "one hub route per spoke AZ")
		assert.Equal(t, 2, from, "one return route per hub AZ")
	}
	for _, a := range rec.ByType("aws:ec2transitgateway/vpcAttachment:VpcAttachment") {
		assert.Equal(t, "hub-tgw-attachment", a.Name, "only the hub attaches to the Transit Gateway")
	}
	assert.Empty(t, rec.ByType("aws:ram/resourceShare:ResourceShare"), "no Transit Gateway share")
	mustFind(t, rec, "aws:ec2/vpnConnection:VpnConnection", "corporate-vpn")
	for _, r := range rec.ByType("aws:ec2/route:Route") {
		if strings.HasPrefix(r.Name, "spoke-") {
			assert.True(t, str(r.Input("transitGatewayId")) == "", "%s: a peering spoke routes nothing to the Transit Gateway", r.Name)
		}
	}
}

// TestPeeringStackCostsAsPeering: the stack output's estimate is the peering design (no spoke
// attachment, the hub's one for the VPN) with the Transit Gateway design as its alternative.
func TestPeeringStackCostsAsPeering(t *testing.T) {
	t.Parallel()
	values, err := stackconfig.LoadFile(repoRoot(), filepath.Join(repoRoot(), "tests", "testdata", "Pulumi.peering.yaml"))
	require.NoError(t, err)
	cfg, err := landingzone.LoadConfig("peering", getter(values))
	require.NoError(t, err)
	in := landingzone.CostInputs(cfg)
	assert.True(t, in.Peering)
	est, err := cost.Compute(in)
	require.NoError(t, err)
	tgw, ok := est.Alternatives["transitGateway"]
	require.True(t, ok)
	// The Transit Gateway design adds one attachment per spoke: 2 × 730 h × $0.05 = $73.00.
	assert.InDelta(t, 73.00, tgw.DeltaUSD, 0.005)
	var names []string
	for _, it := range est.Items {
		names = append(names, it.Resource)
	}
	assert.Contains(t, names, "Transit Gateway attachment (hub only, for the corporate network)")
	assert.Contains(t, names, "VPC peering connections (hub to each spoke; no hourly charge)")
}
