package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
)

// TestStacksReachabilityHasNoFailingPath runs the offline reachability proof (internal/reach, the
// plan's access section) on every invariant stack, the multi-account fixture included: every
// required path is open (each Studio group reaches every hub endpoint with DNS, itself and S3;
// each job group itself; the corporate paths where configured) and no forbidden one exists (no
// subnet reaches 0.0.0.0/0 or ::/0, no spoke another spoke, the corporate network nothing else).
// Across accounts, the spoke's half of each pair (attachment, zone association) and the hub's
// (accepter, route table association, zone authorization) together make the path. The per-path
// counts of dev and prod are pinned in internal/reach.
func TestStacksReachabilityHasNoFailingPath(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			r, err := reach.Analyze(rec, reach.OptionsFromConfig(cfg))
			require.NoError(t, err)
			count := map[string]int{}
			for _, p := range r.Paths {
				count[p.Check]++
			}
			for _, p := range r.Failures() {
				t.Errorf("%s", p.Describe())
			}
			groups := 0
			for _, d := range cfg.Domains {
				groups += 1 + map[bool]int{true: len(d.Users)}[d.UsesPerUserSecurityGroups()]
			}
			assert.GreaterOrEqual(t, count[reach.CheckStudioEndpoint], groups*len(cfg.Hub.Endpoints), "every Studio group to every hub endpoint")
			assert.Equal(t, groups, count[reach.CheckStudioS3], "every Studio group to S3")
			assert.Equal(t, len(cfg.Spokes)*(len(cfg.Spokes)-1), count[reach.CheckSpokeToSpoke], "every ordered spoke pair is checked")
			assert.NotZero(t, count[reach.CheckInternet])
		})
	}
}
