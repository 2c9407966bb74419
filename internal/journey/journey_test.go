package journey

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// stacks are the stacks every journey test runs on: the repository's dev and prod, the
// multi-account fixture and the peering fixture.
var stacks = []string{"dev", "prod", "multi", "peering"}

// TestJourneysOfTheStacks: every stack gets its journeys for every domain and spoke, a journey
// whose feature the stack lacks is listed as not generated, and the only failing journeys are
// the known defects of today's components (KnownDefectsUntilFixes).
func TestJourneysOfTheStacks(t *testing.T) {
	t.Parallel()
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			r := mustRun(t, rec, cfg)
			for _, d := range cfg.Domains {
				subject := d.Name + "/" + d.Users[0].Name
				for _, name := range []string{JourneyTrainingJob, JourneyJobWithoutVpc, JourneyJobForeignNet} {
					find(t, r, name, subject)
				}
				find(t, r, JourneyDomainSettings, d.Name)
				if cfg.Corporate != nil {
					assert.Equal(t, Required, find(t, r, JourneyStudioLogin, subject).Kind)
				}
				if cfg.Supply != nil && cfg.Supply.Packages != nil {
					find(t, r, JourneyPipInstall, subject)
				}
			}
			for _, s := range cfg.Spokes {
				find(t, r, JourneyInternetByName, "spoke-"+s.Name)
				find(t, r, JourneyInternetByIP, "spoke-"+s.Name)
				if cfg.Corporate != nil {
					want := Forbidden
					if cfg.Corporate.ReachesOnPremises(s.Name) {
						want = Required
					}
					assert.Equal(t, want, find(t, r, JourneyOnPremisesData, "spoke-"+s.Name).Kind, s.Name)
					assert.Equal(t, want, find(t, r, JourneyOnPremisesRoute, "spoke-"+s.Name).Kind, s.Name)
				}
			}
			var skipped []string
			for _, s := range r.NotGenerated {
				skipped = append(skipped, s.Name)
			}
			if cfg.Corporate == nil {
				assert.Contains(t, skipped, JourneyStudioLogin)
				_, ok := r.Find(JourneyStudioLogin, cfg.Domains[0].Name+"/"+cfg.Domains[0].Users[0].Name)
				assert.False(t, ok, "no login journey without a corporate network")
			} else {
				assert.NotContains(t, skipped, JourneyStudioLogin)
			}
			if cfg.Supply == nil || cfg.Supply.Packages == nil {
				assert.Contains(t, skipped, JourneyPipInstall)
			}
			for _, j := range r.Failures() {
				assert.True(t, IsKnownDefect(j), "unexpected failing journey: %s\n%s", j.Describe(), table(t, r))
			}
			assert.Contains(t, table(t, r), "Journeys: ")
		})
	}
}

// TestKnownDefectsStillFail: every entry of KnownDefectsUntilFixes fails on some stack (dev,
// prod, the fixtures, or dev with a second spoke that is not on-premises). When the fixes are
// merged this test names the entries to delete.
func TestKnownDefectsStillFail(t *testing.T) {
	t.Parallel()
	var reports []Report
	for _, stack := range stacks {
		rec, cfg := runStack(t, stack)
		reports = append(reports, mustRun(t, rec, cfg))
	}
	rec, cfg := devWithCloudSpoke(t)
	reports = append(reports, mustRun(t, rec, cfg))
	for _, d := range KnownDefectsUntilFixes() {
		failing := false
		for _, r := range reports {
			for _, j := range r.Failures() {
				failing = failing || j.Name == d.Name
			}
		}
		assert.True(t, failing, "journey %s no longer fails on any stack: the defect is fixed, delete it from KnownDefectsUntilFixes", d.Name)
	}
}

// devWithCloudSpoke is dev with a second spoke, "cloud" (10.2.0.0/20), that is not in
// corporate.onPremisesSpokes: it must not be reachable from, or advertised to, on-premises.
func devWithCloudSpoke(t *testing.T) (*recorder.Recording, *config.Config) {
	t.Helper()
	return runValues(t, "dev-cloud-spoke", func() map[string]string {
		values := stackValues(t, "dev")
		key := config.Project + ":spokes"
		var spokes []map[string]any
		require.NoError(t, json.Unmarshal([]byte(values[key]), &spokes))
		spokes = append(spokes, map[string]any{"name": "cloud", "cidr": "10.2.0.0/20"})
		b, _ := json.Marshal(spokes)
		out := withJSON(t, values, config.Project+":corporate", func(map[string]any) {})
		out[key] = string(b)
		return out
	})
}
