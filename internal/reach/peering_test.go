package reach

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeRouteRes = "aws:ec2/route:Route"
)

// TestPeeringStackOpensEveryRequiredPath: the peering fixture (tests/testdata/Pulumi.peering.yaml:
// two spokes peered with the hub, one across accounts, the corporate network on the hub's
// Transit Gateway) opens every required path and no forbidden one; its spokes stay apart.
func TestPeeringStackOpensEveryRequiredPath(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "peering")
	r := mustAnalyze(t, rec, OptionsFromConfig(cfg))
	assert.Empty(t, failures(r))
	counts := map[string]int{}
	for _, p := range r.Paths {
		counts[p.Check]++
	}
	assert.Positive(t, counts[CheckStudioEndpoint])
	assert.Equal(t, 2, counts[CheckSpokeToSpoke], "both directions between the two spokes are checked")
	assert.Positive(t, counts[CheckCorporateEndpoint])
}

// TestPeeringMutationsBreakExactlyTheirPath: one mutation per peering hop.
func TestPeeringMutationsBreakExactlyTheirPath(t *testing.T) {
	t.Parallel()
	base, cfg := runStack(t, "peering")
	opts := OptionsFromConfig(cfg)
	research := func(p Path) bool {
		return p.Check == CheckStudioEndpoint && (p.From == "studio-research-peering-domain" || p.From == "studio-research-peering-user-alice")
	}
	cases := []mutation{
		{name: "unchanged", opts: opts},
		{"the research peering is never accepted", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typePeeringAccepter, "spoke-research-peering-accepter")
		}, opts, research, "peering", nil},
		{"a hub route table loses the research return route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRouteRes, "spoke-research-from-hub-us-east-1a")
		}, opts, research, "return-route", nil},
		{"a research route table loses its hub route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRouteRes, "spoke-research-to-hub-us-east-1b")
		}, opts, research, "route", nil},
		{"the research route names the analytics peering", func(t *testing.T, r *recorder.Recording) {
			set(t, r, typeRouteRes, "spoke-research-to-hub-us-east-1a", "vpcPeeringConnectionId",
				resource.NewStringProperty(idOf(t, r, typePeering, "spoke-analytics-peering")))
		}, opts, research, "peering", nil},
		{"a research route to the analytics CIDR over the hub peering is flagged (the pack and the proof judge the route, though a peering is not transitive)", func(t *testing.T, r *recorder.Recording) {
			add(r, typeRouteRes, "wide", "wide-id", "", map[string]any{
				"routeTableId":           idOf(t, r, typeRouteTable, "spoke-research-rt-us-east-1a"),
				"destinationCidrBlock":   "10.2.0.0/20",
				"vpcPeeringConnectionId": idOf(t, r, typePeering, "spoke-research-peering")})
		}, opts, func(p Path) bool { return p.Check == CheckSpokeToSpoke && p.From == "spoke-research" }, "route", nil},
	}
	runMutations(t, base, cases)
}

func TestPeeringIsNotTransitive(t *testing.T) {
	t.Parallel()
	rec, _ := runStack(t, "peering")
	m := newModel(rec)
	research := m.subnets[idOf(t, rec, typeSubnet, "spoke-research-subnet-us-east-1a")]
	analytics := m.subnets[idOf(t, rec, typeSubnet, "spoke-analytics-subnet-us-east-1a")]
	hub := m.subnets[idOf(t, rec, typeSubnet, "hub-subnet-us-east-1a")]
	require.NotNil(t, research)
	require.NotNil(t, analytics)
	require.NotNil(t, hub)
	assert.Nil(t, m.flow(research, hub, ""))
	pcx := vpcRoute{target: "pcx", targetID: idOf(t, rec, typePeering, "spoke-research-peering"), name: "probe"}
	h := m.viaPeering(pcx, research, analytics, "")
	require.NotNil(t, h)
	assert.Contains(t, h.Detail, "not transitive")
	h = m.viaPeering(pcx, analytics, hub, "")
	require.NotNil(t, h)
	assert.Contains(t, h.Detail, "does not join")
}
