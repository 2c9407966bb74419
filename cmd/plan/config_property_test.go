package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/configgen"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestPlanExitsWith2NamingTheKeyOfEveryRejectedConfig is the plan's side of the configuration
// property (tests/config_property_test.go): for generated configurations that config.Validate
// rejects, written as stack files, `plan --config` exits 2, prints nothing on stdout and names
// every offending key on stderr; for those it accepts, it does not exit 2.
func TestPlanExitsWith2NamingTheKeyOfEveryRejectedConfig(t *testing.T) {
	t.Parallel()
	r := configgen.NewRand(4242)
	rejected, accepted := 0, 0
	for i := 0; i < 200 && (rejected < 40 || accepted < 5); i++ {
		values := configgen.Generate(r)
		if i%2 == 1 {
			values = configgen.Mutate(r, values)
		}
		_, verr := landingzone.LoadConfig("prop", func(k string) (string, bool) { v, ok := values[k]; return v, ok })
		if verr == nil && accepted >= 5 {
			continue
		}
		file := filepath.Join(t.TempDir(), "Pulumi.prop.yaml")
		require.NoError(t, os.WriteFile(file, configgen.StackYAML(values), 0o600))
		code, out, errs := plan(t, landingzone.Run, "--config", file, "--format", "json")
		if verr == nil {
			accepted++
			assert.NotEqual(t, exitConfig, code, "an accepted configuration plans: %s\n%s", errs, configgen.StackYAML(values))
			continue
		}
		rejected++
		require.Equal(t, exitConfig, code, "%s\n%s", errs, configgen.StackYAML(values))
		assert.Empty(t, out, "nothing on stdout")
		if strings.Contains(errs, "invalid configuration for stack") {
			for _, key := range config.Keys(verr) {
				assert.Contains(t, errs, key, "the plan names every key config.Validate names")
			}
			continue
		}
		// The stack file loader refused a value's type before the program's own validation (null
		// for an object, say, which JSON decoding would take as unset): it names that key.
		assert.Regexp(t, `(`+config.Project+`|aws):[A-Za-z]+ must be of type`, errs, "the loader names the key")
	}
	assert.GreaterOrEqual(t, rejected, 40)
	assert.GreaterOrEqual(t, accepted, 5)
}
