package tests

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/packinput"
	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// tests/testdata/Pulumi.multi-profile.yaml: Pulumi.multi.yaml with hub.zoneSharing: profile.
var multiProfileRun = sync.OnceValues(func() (*recorder.Recording, error) {
	values, err := stackconfig.LoadFile(repoRoot(), filepath.Join(repoRoot(), "tests", "testdata", "Pulumi.multi-profile.yaml"))
	if err != nil {
		return nil, err
	}
	if _, err := landingzone.LoadConfig("multi-profile", getter(values)); err != nil {
		return nil, err
	}
	return recorder.Run(recorder.Options{Project: config.Project, Stack: "multi-profile", Config: values}, landingzone.Run)
})

// TestMultiAccountZonesThroughARoute53Profile: with hub.zoneSharing: profile, the Profile and
// one resource association per hub zone are the network account's, shared through RAM with each
// workload account (accepted there); each spoke in another account than the hub has exactly one
// Profile association, on its own account's provider, after the share reached its account, and
// neither zone authorizations nor zone associations; the hub VPC keeps its zones directly.
func TestMultiAccountZonesThroughARoute53Profile(t *testing.T) {
	t.Parallel()
	rec, err := multiProfileRun()
	require.NoError(t, err)
	provs := multiProviders(t, rec)
	on := onProviderOf(t, provs)
	after := func(r, before recorder.Resource) { t.Helper(); assertAfter(t, r, before) }

	profile := mustFind(t, rec, "aws:route53/profilesProfile:ProfilesProfile", "dns-profile-profile")
	on(profile, multiNetwork)
	zones := rec.ByType("aws:route53/profilesResourceAssociation:ProfilesResourceAssociation")
	require.Len(t, zones, 5, "one per hub endpoint zone")
	hubZoneIDs := map[string]bool{}
	for _, z := range rec.ByType("aws:route53/zone:Zone") {
		hubZoneIDs[str(z.Outputs["zoneId"])] = true
	}
	for _, z := range zones {
		on(z, multiNetwork)
		assert.Equal(t, profile.ID, str(z.Input("profileId")))
		arn := str(z.Input("resourceArn"))
		assert.True(t, hubZoneIDs[strings.TrimPrefix(arn, "arn:aws:route53:::hostedzone/")], "%s adds a hub zone: %s", z.Name, arn)
	}
	share := mustFind(t, rec, "aws:ram/resourceShare:ResourceShare", "dns-profile-share")
	on(share, multiNetwork)
	shareAssoc := mustFind(t, rec, "aws:ram/resourceAssociation:ResourceAssociation", "dns-profile-profile-share")
	on(shareAssoc, multiNetwork)
	assert.Equal(t, str(profile.Outputs["arn"]), str(shareAssoc.Input("resourceArn")))

	assert.Empty(t, rec.ByType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization"),
		"no per-zone authorization: both spokes are in other accounts than the hub")
	for _, za := range rec.ByType("aws:route53/zoneAssociation:ZoneAssociation") {
		assert.False(t, strings.HasPrefix(za.Name, "spoke-"), "%s: a spoke in another account takes the Profile", za.Name)
	}
	for _, z := range rec.ByType("aws:route53/zone:Zone") {
		assert.Equal(t, mustFind(t, rec, "aws:ec2/vpc:Vpc", "hub-vpc").ID, str(z.Input("vpcs.0.vpcId")), "%s: the hub VPC stays associated", z.Name)
	}

	assocs := rec.ByType("aws:route53/profilesAssociation:ProfilesAssociation")
	assert.Len(t, assocs, 2, "one Profile association per spoke in another account")
	for _, c := range []struct{ spoke, account string }{{"research", multiResearch}, {"analytics", multiDeploying}} {
		t.Run(c.spoke, func(t *testing.T) {
			name := "spoke-" + c.spoke
			assoc := mustFind(t, rec, "aws:route53/profilesAssociation:ProfilesAssociation", name+"-dns-profile")
			on(assoc, c.account)
			assert.Equal(t, profile.ID, str(assoc.Input("profileId")))
			assert.Equal(t, mustFind(t, rec, "aws:ec2/vpc:Vpc", name+"-vpc").ID, str(assoc.Input("resourceId")))
			pa := mustFind(t, rec, "aws:ram/principalAssociation:PrincipalAssociation", "dns-profile-"+c.account)
			on(pa, multiNetwork)
			assert.Equal(t, c.account, str(pa.Input("principal")))
			accept := mustFind(t, rec, "aws:ram/resourceShareAccepter:ResourceShareAccepter", "dns-profile-"+c.account+"-accept")
			on(accept, c.account)
			after(accept, pa)
			for _, r := range append([]recorder.Resource{shareAssoc, pa, accept}, zones...) {
				after(assoc, r)
			}
		})
	}
}

// TestMultiAccountProfileStackKeepsEveryResourceOnItsOwnersProvider: as
// TestMultiAccountEveryResourceIsOnItsOwnersProvider, for the Profile stack: the Profile and its
// share are the network account's, the acceptances and Profile associations the workload
// accounts'.
func TestMultiAccountProfileStackKeepsEveryResourceOnItsOwnersProvider(t *testing.T) {
	t.Parallel()
	rec, err := multiProfileRun()
	require.NoError(t, err)
	provs := multiProviders(t, rec)
	for _, r := range rec.Resources {
		if !r.Custom || !strings.HasPrefix(r.Type, "aws:") {
			continue
		}
		want := ""
		switch top := topComponent(rec, r); {
		case top == landingzone.DnsProfileName && strings.HasSuffix(r.Name, "-accept"):
			want = strings.TrimSuffix(strings.TrimPrefix(r.Name, landingzone.DnsProfileName+"-"), "-accept")
		case top == landingzone.DnsProfileName:
			want = multiNetwork
		case strings.HasSuffix(r.Name, "-dns-profile"):
			want = map[string]string{"spoke-research": multiResearch, "spoke-analytics": multiDeploying}[top]
		default:
			continue
		}
		assert.True(t, strings.HasPrefix(r.Provider, provs[want]+"::"), "%s %s uses %q, want account %s's provider", r.Type, r.Name, r.Provider, want)
	}
}

// TestMultiAccountProfileStackPassesThePolicies: the Profile stack has no policy violation
// (evaluated in process, as the last check of TestMultiAccountStackPassesThePolicyPack).
func TestMultiAccountProfileStackPassesThePolicies(t *testing.T) {
	t.Parallel()
	rec, err := multiProfileRun()
	require.NoError(t, err)
	rs := packinput.FromRecording(rec)
	require.NotEmpty(t, rs)
	assert.Empty(t, policies.Evaluate(rs, policies.DefaultConfig()))
}

// TestMultiAccountProfileStackReachesTheEndpoints: the offline reachability proof follows the
// Profile (its zones reach every VPC associated with it): every required path of the Profile
// stack is open; without the Profile associations, the Studio paths of both spokes are blocked
// at the zone association.
func TestMultiAccountProfileStackReachesTheEndpoints(t *testing.T) {
	t.Parallel()
	rec, err := multiProfileRun()
	require.NoError(t, err)
	rep, err := reach.Analyze(rec, reach.Options{})
	require.NoError(t, err)
	assert.Empty(t, rep.Failures())

	without := &recorder.Recording{}
	for _, r := range rec.Resources {
		if r.Type != "aws:route53/profilesAssociation:ProfilesAssociation" {
			without.Resources = append(without.Resources, r)
		}
	}
	rep, err = reach.Analyze(without, reach.Options{})
	require.NoError(t, err)
	blocked := map[string]bool{}
	for _, p := range rep.Failures() {
		if p.Hop != nil && p.Hop.Step == "dns-zone-association" {
			blocked[strings.SplitN(p.Hop.Detail, "associated with ", 2)[1]] = true
		}
	}
	assert.Equal(t, map[string]bool{"spoke-research-vpc": true, "spoke-analytics-vpc": true}, blocked)
}
