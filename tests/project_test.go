package tests

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestPulumiYamlIsValidAndDeclaresEveryKey checks Pulumi.yaml against the SDK's own project
// schema and that its config block declares every key the config model reads, each with a type
// and a description.
func TestPulumiYamlIsValidAndDeclaresEveryKey(t *testing.T) {
	t.Parallel()
	proj, err := workspace.LoadProject(filepath.Join(repoRoot(), "Pulumi.yaml"))
	if !assert.NoError(t, err, "Pulumi.yaml must pass the SDK's project schema") {
		return
	}
	assert.Equal(t, config.Project, string(proj.Name))
	assert.Equal(t, "go", proj.Runtime.Name())
	rt := reflect.TypeOf(config.Config{})
	for i := 0; i < rt.NumField(); i++ {
		key := strings.Split(rt.Field(i).Tag.Get("json"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		decl, ok := proj.Config[key]
		if assert.True(t, ok, "Pulumi.yaml must declare %s", key) {
			assert.NotNil(t, decl.Type, "%s needs a type", key)
			assert.NotEmpty(t, decl.Description, "%s needs a description", key)
		}
	}
	for key := range proj.Config {
		_, ok := rt.FieldByNameFunc(func(n string) bool {
			f, _ := rt.FieldByName(n)
			return strings.Split(f.Tag.Get("json"), ",")[0] == key
		})
		assert.True(t, ok, "Pulumi.yaml declares %s, which the config model does not read", key)
	}
}

// TestPulumiYamlDefaultsMatchTheGoDefaults loads a stack that sets only the required keys and
// checks that the defaults Pulumi.yaml declares resolve to what Config.Resolve documents.
func TestPulumiYamlDefaultsMatchTheGoDefaults(t *testing.T) {
	t.Parallel()
	withDefaults, err := stackconfig.LoadFile(repoRoot(), filepath.Join("testdata", "Pulumi.minimal.yaml"))
	if !assert.NoError(t, err) {
		return
	}
	fromYaml, err := landingzone.LoadConfig("minimal", getter(withDefaults))
	if !assert.NoError(t, err) {
		return
	}
	// The same stack with the Pulumi.yaml defaults removed: only Go's own defaults apply.
	bare := map[string]string{}
	proj, _ := stackconfig.LoadProject(repoRoot())
	for k, v := range withDefaults {
		name := strings.TrimPrefix(k, config.Project+":")
		if d, declared := proj.Config[name]; declared && d.Default != nil {
			if _, inStack := stackKeys(t)[k]; !inStack {
				continue
			}
		}
		bare[k] = v
	}
	fromGo, err := landingzone.LoadConfig("minimal", getter(bare))
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, fromGo, fromYaml)
}

func stackKeys(t *testing.T) map[string]bool {
	t.Helper()
	// The minimal stack file sets exactly the required keys.
	return map[string]bool{"aws:region": true, config.Project + ":tags": true,
		config.Project + ":availabilityZones": true, config.Project + ":hub": true, config.Project + ":spokes": true,
		config.Project + ":domains": true}
}

func TestStackFilesRejectUndeclaredKeys(t *testing.T) {
	t.Parallel()
	_, err := stackconfig.LoadFile(repoRoot(), filepath.Join("testdata", "Pulumi.undeclared.yaml"))
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "sagemaker-landing-zone:natGateways is not declared")
	}
}
