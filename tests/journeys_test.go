package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/journey"
)

// TestAllRequiredJourneysPass runs the journeys (internal/journey) on every invariant stack (dev,
// prod, the multi-account and the peering fixtures): every required journey passes and every
// forbidden one is blocked, except the known defects of today's components
// (journey.KnownDefectsUntilFixes, which internal/journey's TestKnownDefectsStillFail empties as
// the fixes land). Each stack gets at least the training-job journeys of each domain and the
// internet journeys of each spoke.
func TestAllRequiredJourneysPass(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			r, err := journey.Run(rec, journey.OptionsFromConfig(cfg))
			if !assert.NoError(t, err) {
				return
			}
			count := map[string]int{}
			for _, j := range r.Journeys {
				count[j.Name]++
				if j.Failed() {
					assert.True(t, journey.IsKnownDefect(j), "%s: %s", stack, j.Describe())
				}
			}
			assert.Equal(t, len(cfg.Domains), count[journey.JourneyTrainingJob], stack)
			assert.Equal(t, len(cfg.Spokes), count[journey.JourneyInternetByIP], stack)
			if cfg.Corporate != nil {
				assert.Equal(t, len(cfg.Domains), count[journey.JourneyStudioLogin], stack)
			} else {
				assert.Zero(t, count[journey.JourneyStudioLogin], "%s has no corporate network", stack)
			}
		})
	}
}
