package journey

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// TestForbiddenJourneysAreBlockedAndCaughtWhenOpened: on the fixed dev model every forbidden
// journey is blocked at the hop that should stop it; opening that hop makes the journey pass,
// which the report counts as a failure.
func TestForbiddenJourneysAreBlockedAndCaughtWhenOpened(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "dev")
	base := fixed(t, rec)
	r := mustRun(t, base, cfg)
	allowAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	cases := []struct {
		journey, subject, kind string
		open                   func(t *testing.T, rec *recorder.Recording)
	}{
		{JourneyOtherProfile, devLogin + "->bob", HopIdentity, func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, edit(t, rec, typeIamPolicy, func(r recorder.Resource) bool { return strings.HasPrefix(r.Name, "data-scientists") },
				"policy", func(string) string { return allowAll }))
		}},
		{JourneyJobWithoutVpc, devLogin, HopIdentity, func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, drop(rec, typeRoleAttachment, nameContains("-deny-")))
		}},
		{JourneyJobForeignNet, devLogin, HopIdentity, func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, drop(rec, typeRoleAttachment, nameContains("-deny-")))
		}},
		{JourneyInternetByIP, "spoke-research", HopNetwork, func(t *testing.T, rec *recorder.Recording) {
			// A narrow route, not a default route, to an internet gateway.
			for _, rt := range rec.ByType("aws:ec2/routeTable:RouteTable") {
				if strings.Contains(rt.Name, "research") {
					add(rec, "aws:ec2/route:Route", rt.Name+"-to-pypi", rt.Name+"-to-pypi", rt.Account, map[string]any{
						"routeTableId": rt.ID, "destinationCidrBlock": "151.101.0.0/16", "gatewayId": "igw-0123456789abcdef0"})
				}
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.journey, func(t *testing.T) {
			t.Parallel()
			j := find(t, r, tc.journey, tc.subject)
			assert.False(t, j.Failed(), j.Describe())
			blockedAt(t, j, tc.kind, "")
			open := clone(base)
			tc.open(t, open)
			j = find(t, mustRun(t, open, cfg), tc.journey, tc.subject)
			assert.Equal(t, Passes, j.Verdict, j.Describe())
			assert.True(t, j.Failed(), "a forbidden journey that passes fails the report")
		})
	}
	// pypi.org by name: stopped by the DNS Firewall where there is one, else by routing.
	j := find(t, r, JourneyInternetByName, "spoke-research")
	assert.False(t, j.Failed(), j.Describe())
	assert.Contains(t, []string{HopDNSFirewall, HopNetwork}, j.Blocking.Kind)
}

// TestOnPremisesJourneysFollowOnPremisesSpokes: with a second dev spoke that is not in
// corporate.onPremisesSpokes, the declared spoke reaches the corporate network and is advertised
// to it; the other reaches nothing on-premises, and must not be advertised (today it is: a known
// defect, KnownDefectsUntilFixes).
func TestOnPremisesJourneysFollowOnPremisesSpokes(t *testing.T) {
	t.Parallel()
	rec, cfg := devWithCloudSpoke(t)
	r := mustRun(t, rec, cfg)
	route := find(t, r, JourneyOnPremisesRoute, "spoke-research")
	assert.Equal(t, Required, route.Kind)
	assert.Equal(t, Passes, route.Verdict, route.Describe())
	// The declared spoke's packets are routed to the corporate attachment; the groups' egress is
	// the known defect that stops them today.
	data := find(t, r, JourneyOnPremisesData, "spoke-research")
	assert.Equal(t, Required, data.Kind)
	if data.Failed() {
		assert.True(t, IsKnownDefect(data), data.Describe())
		assert.Contains(t, data.Blocking.Detail, "sg-egress", "routed, then stopped by the group: %s", data.Describe())
	}
	// The other spoke has no route to the corporate network at all.
	data = find(t, r, JourneyOnPremisesData, "spoke-cloud")
	assert.Equal(t, Forbidden, data.Kind)
	blockedAt(t, data, HopNetwork, "")
	assert.Contains(t, data.Blocking.Detail, "no route for corporate", data.Describe())
	route = find(t, r, JourneyOnPremisesRoute, "spoke-cloud")
	assert.Equal(t, Forbidden, route.Kind)
	if route.Failed() {
		assert.True(t, IsKnownDefect(route), route.Describe())
		assert.Contains(t, table(t, r), "on-premises-route")
	} else {
		blockedAt(t, route, HopNetwork, "")
	}
}
