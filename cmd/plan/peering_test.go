package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestPlanShowsThePeeringAlternative: `plan --stack dev` prints the hub-to-spoke peering design
// beside the hub (issue 15, connectivity choice): its total, delta, price per GB and break-even,
// where it wins and what it cannot do. The cost package's tests check the figures.
func TestPlanShowsThePeeringAlternative(t *testing.T) {
	t.Parallel()
	code, out, errs := plan(t, landingzone.Run, "--stack", "dev")
	assert.Equal(t, exitOK, code, errs)
	for _, want := range []string{
		"Alternative peering: $", "vs hub); per GB $0.020; break-even with the hub: none",
		"VPC peering connections (hub to each spoke; no hourly charge)",
		"Wins: cheaper than the hub at any traffic", "not transitive", "no spoke-to-spoke path",
		"hub.connectivity: peering builds it",
	} {
		assert.Contains(t, out, want)
	}
}
