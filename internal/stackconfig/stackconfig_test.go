package stackconfig

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

const project = `name: demo
runtime: go
config:
  env:
    type: string
    default: dev
  count:
    type: integer
    default: 2
  hub:
    type: object
  zones:
    type: array
    items:
      type: string
  guards:
    type: object
    default: {}
`

func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadRendersValuesAsTheEngineDoes(t *testing.T) {
	t.Parallel()
	dir := write(t, map[string]string{"Pulumi.yaml": project, "Pulumi.s1.yaml": `config:
  aws:region: us-east-1
  demo:hub: {cidr: 10.0.0.0/16, azCount: 2}
  demo:zones: [a, b]
  demo:count: 3
`})
	got, err := Load(dir, "s1")
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, map[string]string{
		"aws:region":  "us-east-1",
		"demo:hub":    `{"azCount":2,"cidr":"10.0.0.0/16"}`,
		"demo:zones":  `["a","b"]`,
		"demo:count":  "3",
		"demo:env":    "dev", // project default
		"demo:guards": "{}",  // project default
	}, got)
}

func TestLoadRejectsWhatTheEngineWould(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, stack, want string }{
		{"undeclared key", "config:\n  demo:nat: true\n", "demo:nat is not declared"},
		{"wrong type", "config:\n  demo:zones: nope\n", "demo:zones must be of type array<string>"},
		{"object expected", "config:\n  demo:hub: [1]\n", "demo:hub must be of type object"},
		{"secret", "config:\n  demo:env:\n    secure: AAAB\n", "demo:env is a secret"},
		{"bad yaml", "config: [\n", "Pulumi.s1.yaml"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := write(t, map[string]string{"Pulumi.yaml": project, "Pulumi.s1.yaml": tc.stack})
			_, err := Load(dir, "s1")
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tc.want)
			}
		})
	}
	_, err := Load(t.TempDir(), "s1")
	assert.Error(t, err, "no Pulumi.yaml")
}

func TestStackName(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"Pulumi.dev.yaml": "dev", "/x/Pulumi.prod.yaml": "prod", "Pulumi.dev.deploy.yaml": "custom",
		"stack.yaml": "custom", "Pulumi.yaml": "custom",
	} {
		assert.Equal(t, want, StackName(path), path)
	}
}
