package cost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zoneInputs: us-east-1, 5 endpoints and zones over 2 AZs, three spokes of which the given
// numbers per workload account are in other accounts than the hub's.
func zoneInputs(vpcs []int, profiles bool) Inputs {
	return Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 5, HostedZones: 5, KMSKeys: 3,
		Spokes:           []Spoke{{Name: "a", AZs: 2}, {Name: "b", AZs: 2}, {Name: "c", AZs: 2}},
		CrossAccountVPCs: vpcs, ZoneProfiles: profiles}
}

func findItem(items []Item, prefix string) (Item, bool) {
	for _, it := range items {
		if strings.HasPrefix(it.Resource, prefix) {
			return it, true
		}
	}
	return Item{}, false
}

// The Profile's cost by hand: 2 workload accounts × 730 h × $0.75 = $1,095.00 a month; the
// authorizations (3 spokes × 5 zones = 15) cost nothing; whichever is chosen, the other is the
// alternative, and the two differ by exactly the Profile's lines.
func TestZoneSharingCostByHand(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		profiles bool
		alt      string
		delta    float64
	}{
		{"authorizations chosen", false, AltRoute53Profiles, 1095.00},
		{"profile chosen", true, AltZoneAuthorizations, -1095.00},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			est, err := Compute(zoneInputs([]int{2, 1}, tc.profiles))
			require.NoError(t, err)
			withProfile, withAuth := est.Items, est.Alternatives[tc.alt].Items
			if !tc.profiles {
				withProfile, withAuth = withAuth, withProfile
			}
			prof, ok := findItem(withProfile, "Route 53 Profiles")
			require.True(t, ok)
			assert.Equal(t, ServiceRoute53, prof.Service)
			assert.Equal(t, 2*730.0, prof.Quantity)
			assert.Equal(t, 0.75, prof.UnitUSD)
			assert.Equal(t, 1095.00, prof.MonthlyUSD)
			_, beyond := findItem(withProfile, "Route 53 Profile associations beyond")
			assert.False(t, beyond, "no account has more than 100 VPCs")
			_, ok = findItem(withProfile, "Route 53 zone association authorizations")
			assert.False(t, ok, "a Profile replaces the authorizations")

			auth, ok := findItem(withAuth, "Route 53 zone association authorizations")
			require.True(t, ok)
			assert.Equal(t, ServiceRoute53, auth.Service)
			assert.Equal(t, 15.0, auth.Quantity, "3 spoke VPCs × 5 zones")
			assert.Zero(t, auth.MonthlyUSD)
			_, ok = findItem(withAuth, "Route 53 Profiles")
			assert.False(t, ok)

			alt := est.Alternatives[tc.alt]
			assert.InDelta(t, tc.delta, alt.DeltaUSD, 0.005)
			assert.Nil(t, alt.BreakEvenGBPerMonth, "same traffic price: the two never meet")
			assert.Contains(t, alt.Description, "a VPC takes only one Profile, a Profile up to 1000 VPCs")
			other := map[bool]string{false: AltZoneAuthorizations, true: AltRoute53Profiles}[tc.profiles]
			assert.NotContains(t, est.Alternatives, other, "the chosen sharing is the hub design itself")
			assert.Contains(t, est.PriceSource, "https://aws.amazon.com/route53/pricing/")
			assert.Contains(t, strings.Join(est.Assumptions, "\n"), "Route 53 Profiles: $0.75 per hour per workload account")
		})
	}
}

// Beyond 100 VPC associations in one account: 103 VPCs are $0.75 × 730 = $547.50 plus
// 3 × $0.0014 × 730 = $3.066, rounded $3.07.
func TestZoneSharingCostBeyondTheIncludedAssociations(t *testing.T) {
	t.Parallel()
	est, err := Compute(zoneInputs([]int{103}, true))
	require.NoError(t, err)
	acct, ok := findItem(est.Items, "Route 53 Profiles")
	require.True(t, ok)
	assert.Equal(t, 547.50, acct.MonthlyUSD)
	beyond, ok := findItem(est.Items, "Route 53 Profile associations beyond 100")
	require.True(t, ok)
	assert.Equal(t, 3*730.0, beyond.Quantity)
	assert.Equal(t, 3.07, beyond.MonthlyUSD)
}

// One account: no zone-sharing line, no zone-sharing alternative, no zone-sharing source.
func TestZoneSharingCostNoneInOneAccount(t *testing.T) {
	t.Parallel()
	est, err := Compute(zoneInputs(nil, false))
	require.NoError(t, err)
	for _, p := range []string{"Route 53 Profiles", "Route 53 zone association authorizations"} {
		_, ok := findItem(est.Items, p)
		assert.False(t, ok, p)
	}
	assert.NotContains(t, est.Alternatives, AltRoute53Profiles)
	assert.NotContains(t, est.Alternatives, AltZoneAuthorizations)
	assert.NotContains(t, est.PriceSource, "route53/pricing")
}

func TestZoneSharingInputsInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   Inputs
		want string
	}{
		{"account without VPC", zoneInputs([]int{1, 0}, false), "CrossAccountVPCs[1] is 0"},
		{"profile in one account", zoneInputs(nil, true), "ZoneProfiles is set without CrossAccountVPCs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compute(tc.in)
			assert.ErrorContains(t, err, tc.want)
		})
	}
	_, err := Compute(zoneInputs([]int{1}, true))
	assert.NoError(t, err)
}
