package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestPlanShowsBothWaysToShareZones: a multi-account plan prices the zone sharing it builds
// and shows the other as an alternative — Pulumi.multi.yaml (authorizations, the default) the
// Route 53 Profile, Pulumi.multi-profile.yaml (profile) the authorizations; both spokes are in
// other accounts than the hub, so the Profile is 2 accounts × $547.50 = $1,095.00 a month. A
// single-account plan shows neither (TestPlanShowsThePeeringAlternative's dev stack).
func TestPlanShowsBothWaysToShareZones(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, line, alt string
	}{
		{"Pulumi.multi.yaml", "Route 53 zone association authorizations (spokes in other accounts; no charge)",
			"Alternative route53Profiles: $"},
		{"Pulumi.multi-profile.yaml", "Route 53 Profiles (each workload account, up to 100 VPC associations)",
			"Alternative zoneAuthorizations: $"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, landingzone.Run, "--config", filepath.Join(root, "tests", "testdata", tc.file))
			require.Equal(t, exitOK, code, errs)
			for _, want := range []string{tc.line, tc.alt, "1095.00", "a VPC takes only one Profile"} {
				assert.Contains(t, out, want)
			}
		})
	}
	code, out, errs := plan(t, landingzone.Run, "--stack", "dev")
	require.Equal(t, exitOK, code, errs)
	assert.NotContains(t, out, "route53Profiles")
	assert.NotContains(t, out, "zone association authorizations")
}
