package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The examples of other languages, checked offline: their landing zone's properties are the
// schema's (no misspelled or unknown key, recursively), and constructing them through the
// provider under the recording mock succeeds, with every spoke, the extra one included.

func readYAML(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, into))
}

// unknownKeys lists the keys of value (a YAML/JSON object tree) that the schema type spec (a
// resource's inputProperties or an object type) does not declare, by path.
func unknownKeys(s map[string]any, props map[string]any, value any, path string) []string {
	obj, ok := value.(map[string]any)
	if !ok {
		return nil
	}
	var bad []string
	for k, v := range obj {
		p, ok := props[k].(map[string]any)
		if !ok {
			bad = append(bad, path+k)
			continue
		}
		bad = append(bad, unknownInType(s, p, v, path+k)...)
	}
	return bad
}

func unknownInType(s map[string]any, p map[string]any, v any, path string) []string {
	if ref, ok := p["$ref"].(string); ok {
		ty := s["types"].(map[string]any)[strings.TrimPrefix(ref, "#/types/")].(map[string]any)
		props, _ := ty["properties"].(map[string]any)
		return unknownKeys(s, props, v, path+".")
	}
	var bad []string
	if items, ok := p["items"].(map[string]any); ok {
		list, _ := v.([]any)
		for i, e := range list {
			bad = append(bad, unknownInType(s, items, e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return bad
}

// checkLandingZoneExample asserts props are the schema's LandingZone inputs and construct, with
// the consumer's config, into a landing zone with the spokes wantSpokes.
func checkLandingZoneExample(t *testing.T, props map[string]any, consumer map[string]string, wantSpokes []string) {
	t.Helper()
	s := schemaMap(t)
	lz := s["resources"].(map[string]any)[LandingZoneType].(map[string]any)
	assert.Empty(t, unknownKeys(s, lz["inputProperties"].(map[string]any), props, ""), "keys the schema does not declare")
	rec, _, err := construct(t, LandingZoneType, "landing-zone", props, consumer)
	require.NoError(t, err)
	var spokes []string
	for _, r := range rec.ByType("vpconly:network:SpokeVpc") {
		spokes = append(spokes, strings.TrimPrefix(r.Name, "spoke-"))
	}
	sort.Strings(spokes)
	assert.Equal(t, wantSpokes, spokes)
}

func TestUnknownKeysSeesAMisspelledKey(t *testing.T) {
	t.Parallel()
	s := schemaMap(t)
	in := s["resources"].(map[string]any)[LandingZoneType].(map[string]any)["inputProperties"].(map[string]any)
	assert.Empty(t, unknownKeys(s, in, map[string]any{"spokes": []any{map[string]any{"name": "a"}}}, ""))
	assert.Equal(t, []string{"spokes[0].nam"}, unknownKeys(s, in, map[string]any{"spokes": []any{map[string]any{"nam": "a"}}}, ""))
	assert.Equal(t, []string{"hubb"}, unknownKeys(s, in, map[string]any{"hubb": map[string]any{}}, ""))
}

// TestYAMLExampleConstructs: examples/yaml-landing-zone/Main.yaml's LandingZone, with its stack's
// aws:region.
func TestYAMLExampleConstructs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "examples", "yaml-landing-zone")
	var program struct {
		Resources map[string]struct {
			Type       string         `yaml:"type"`
			Properties map[string]any `yaml:"properties"`
		} `yaml:"resources"`
	}
	readYAML(t, filepath.Join(dir, "Main.yaml"), &program)
	var stack struct {
		Config map[string]string `yaml:"config"`
	}
	readYAML(t, filepath.Join(dir, "Pulumi.example.yaml"), &stack)
	r := program.Resources["landingZone"]
	require.Equal(t, LandingZoneType, r.Type)
	checkLandingZoneExample(t, r.Properties, stack.Config, []string{"research", "vision"})
}

// TestTypeScriptExampleConstructs: examples/typescript-landing-zone's stack configuration with the
// spoke its index.ts adds (the same literal), as the program passes them.
func TestTypeScriptExampleConstructs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "examples", "typescript-landing-zone")
	var stack struct {
		Config map[string]any `yaml:"config"`
	}
	readYAML(t, filepath.Join(dir, "Pulumi.example.yaml"), &stack)
	zone := stack.Config["typescript-landing-zone:landingZone"].(map[string]any)
	program, err := os.ReadFile(filepath.Join(dir, "index.ts"))
	require.NoError(t, err)
	extra := `{ name: "vision", cidr: "10.2.0.0/20", s3Buckets: ["example-ml-vision-data"] }`
	require.Contains(t, string(program), extra, "index.ts adds the vision spoke")
	zone["spokes"] = append(zone["spokes"].([]any),
		map[string]any{"name": "vision", "cidr": "10.2.0.0/20", "s3Buckets": []any{"example-ml-vision-data"}})
	checkLandingZoneExample(t, zone, map[string]string{"aws:region": stack.Config["aws:region"].(string)}, []string{"research", "vision"})
}
