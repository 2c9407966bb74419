package tests

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// The Pulumi CLI checks a project and its stacks before the program runs: `pulumi preview -s dev`
// stops with "Stack 'dev' is missing configuration values ..." when Pulumi.yaml declares a key
// without a default that the stack does not set, however good the program is. These tests run
// the CLI's own code for those checks (tools/pulumicheck, built from the SDK the CLI is built
// with) over every project and stack file the repository ships — never a re-implementation.

// cliCheck is one file's verdict from tools/pulumicheck.
type cliCheck struct {
	File  string `json:"file"`
	Stack string `json:"stack"`
	Kind  string `json:"kind"`
	Error string `json:"error"`
}

// buildPulumiCheck builds tools/pulumicheck (its own module, pinned to the CLI's SDK) once for the
// calling test. The first build downloads that SDK through the Go module proxy.
func buildPulumiCheck(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pulumicheck")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if p, err := exec.LookPath("go"); err == nil {
		gobin = p
	}
	cmd := exec.CommandContext(ctx, gobin, "-C", filepath.Join(repoRoot(), "tools"), "build", "-o", bin, "./pulumicheck")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building tools/pulumicheck: %s", out)
	return bin
}

// runPulumiCheck runs the CLI's checks on a project folder (and extra stack files of it).
func runPulumiCheck(t *testing.T, bin, dir string, extraStacks ...string) []cliCheck {
	t.Helper()
	var args []string
	for _, s := range extraStacks {
		args = append(args, "-stack", s)
	}
	cmd := exec.Command(bin, append(args, dir)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "pulumicheck %s: %s", dir, stderr.String())
	var res []cliCheck
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r cliCheck
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r), "%s", sc.Text())
		res = append(res, r)
	}
	return res
}

// shippedProjects lists every folder with a Pulumi.yaml (the program and the examples).
func shippedProjects(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(repoRoot(), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "Pulumi.yaml" {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	require.NoError(t, err)
	return dirs
}

func TestPulumiCLIAcceptsEveryShippedProjectAndStack(t *testing.T) {
	t.Parallel()
	bin := buildPulumiCheck(t)

	// The root project's stacks are the Pulumi.<stack>.yaml beside it and the fixtures the tests
	// and `cmd/plan --config` run (tests/testdata), except the one fixture that exists to be
	// refused.
	fixtures, err := filepath.Glob(filepath.Join(repoRoot(), "tests", "testdata", "Pulumi.*.yaml"))
	require.NoError(t, err)
	refusedOnPurpose := map[string]bool{"undeclared": true}

	stacks := 0
	for _, dir := range shippedProjects(t) {
		var extra []string
		if dir == repoRoot() {
			extra = fixtures
		}
		res := runPulumiCheck(t, bin, dir, extra...)
		require.NotEmpty(t, res)
		for _, r := range res {
			rel, _ := filepath.Rel(repoRoot(), r.File)
			if refusedOnPurpose[r.Stack] && strings.Contains(rel, "testdata") {
				assert.NotEmpty(t, r.Error, "%s is a fixture of an invalid stack: the CLI must refuse it too", rel)
				continue
			}
			assert.Empty(t, r.Error, "the Pulumi CLI refuses %s (%s)", rel, r.Kind)
			if r.Kind == "stack" {
				stacks++
			}
		}
	}
	// dev, prod, 4 fixtures and at least one stack per example: a walk that found nothing
	// would pass vacuously.
	assert.GreaterOrEqual(t, stacks, 10, "stacks checked")
}

// TestPulumiCLIRefusesWhatItShould proves the check can fail: variants of the real Pulumi.yaml and
// dev stack that the CLI must refuse, each for its own reason, and for every key declared with a
// default that the dev stack leaves unset: without the default, the CLI refuses dev naming it.
func TestPulumiCLIRefusesWhatItShould(t *testing.T) {
	t.Parallel()
	bin := buildPulumiCheck(t)
	projectYAML, err := os.ReadFile(filepath.Join(repoRoot(), "Pulumi.yaml"))
	require.NoError(t, err)
	devYAML, err := os.ReadFile(filepath.Join(repoRoot(), "Pulumi.dev.yaml"))
	require.NoError(t, err)

	var project yaml.Node
	require.NoError(t, yaml.Unmarshal(projectYAML, &project))
	var dev struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(devYAML, &dev))

	check := func(t *testing.T, proj, stack []byte) cliCheck {
		t.Helper()
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), proj, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), stack, 0o644))
		for _, r := range runPulumiCheck(t, bin, dir) {
			if r.Kind == "project" && r.Error != "" {
				return r
			}
			if r.Kind == "stack" {
				return r
			}
		}
		t.Fatal("no verdict for the dev stack")
		return cliCheck{}
	}

	t.Run("the real files pass", func(t *testing.T) {
		t.Parallel()
		assert.Empty(t, check(t, projectYAML, devYAML).Error)
	})

	cases := []struct {
		name       string
		proj       func() []byte
		stack      func() []byte
		wantSubstr string
	}{
		{"the project renamed: the stack's namespaced keys no longer count", func() []byte {
			return bytes.Replace(projectYAML, []byte("name: sagemaker-landing-zone"), []byte("name: landing-zone"), 1)
		}, nil, "missing configuration values"},
		{"a value of the wrong type", nil, func() []byte {
			return bytes.Replace(devYAML, []byte("  sagemaker-landing-zone:availabilityZones:\n    - us-east-1a\n    - us-east-1b\n"),
				[]byte("  sagemaker-landing-zone:availabilityZones: us-east-1a\n"), 1)
		}, "availabilityZones"},
		{"a required key left unset", nil, func() []byte {
			return bytes.Replace(devYAML, []byte("  sagemaker-landing-zone:tags:\n"), []byte("  unrelated:tags:\n"), 1)
		}, "'tags'"},
		{"a secure value that is not a string", nil, func() []byte {
			return bytes.Replace(devYAML, []byte("  sagemaker-landing-zone:environment: dev\n"),
				[]byte("  sagemaker-landing-zone:environment:\n    secure: [1]\n"), 1)
		}, "'environment'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			proj, stack := projectYAML, devYAML
			if c.proj != nil {
				proj = c.proj()
				require.NotEqual(t, projectYAML, proj, "the mutation must change Pulumi.yaml")
			}
			if c.stack != nil {
				stack = c.stack()
				require.NotEqual(t, devYAML, stack, "the mutation must change the stack file")
			}
			r := check(t, proj, stack)
			if assert.NotEmpty(t, r.Error, "the CLI must refuse this") {
				assert.Contains(t, r.Error, c.wantSubstr)
			}
		})
	}

	// Property: each default that dev relies on is load-bearing for the CLI.
	cfg := mappingValue(&project, "config")
	require.NotNil(t, cfg, "Pulumi.yaml has a config block")
	relied := 0
	for i := 0; i+1 < len(cfg.Content); i += 2 {
		key, decl := cfg.Content[i].Value, cfg.Content[i+1]
		if mappingValue(decl, "default") == nil {
			continue
		}
		if _, set := dev.Config["sagemaker-landing-zone:"+key]; set {
			continue
		}
		relied++
		t.Run("without the default of "+key, func(t *testing.T) {
			t.Parallel()
			var p yaml.Node
			require.NoError(t, yaml.Unmarshal(projectYAML, &p))
			d := mappingValue(mappingValue(&p, "config"), key)
			for j := 0; j+1 < len(d.Content); j += 2 {
				if d.Content[j].Value == "default" {
					d.Content = append(d.Content[:j], d.Content[j+2:]...)
					break
				}
			}
			out, err := yaml.Marshal(&p)
			require.NoError(t, err)
			r := check(t, out, devYAML)
			if assert.NotEmpty(t, r.Error, "without its default, %s is required and dev does not set it", key) {
				assert.Contains(t, r.Error, "'"+key+"'")
			}
		})
	}
	assert.GreaterOrEqual(t, relied, 4, "dev leaves organizationId, accounts, humanAccess and runtime to their defaults")
}

// mappingValue returns the value node of key in a YAML mapping (or document) node, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// TestPulumiCLIReadsThePackageAndThePack: the component package (provider/PulumiPlugin.yaml, what
// `pulumi package add` and `get-schema` read) and the policy pack (policypack/PulumiPolicy.yaml,
// what `--policy-pack` reads) pass the CLI's own loaders, and the same loaders refuse a file
// without a runtime or with a runtime of the wrong shape, so the check can fail.
func TestPulumiCLIReadsThePackageAndThePack(t *testing.T) {
	t.Parallel()
	bin := buildPulumiCheck(t)
	for _, tc := range []struct{ dir, kind string }{
		{"provider", "plugin"},
		{"policypack", "policy"},
	} {
		res := runPulumiCheck(t, bin, filepath.Join(repoRoot(), tc.dir))
		require.Len(t, res, 1, tc.dir)
		assert.Equal(t, tc.kind, res[0].Kind, tc.dir)
		assert.Empty(t, res[0].Error, "the Pulumi CLI refuses %s", res[0].File)
	}
	for _, tc := range []struct{ file, body, want string }{
		{"PulumiPlugin.yaml", "description: no runtime\n", "missing a 'runtime'"},
		{"PulumiPlugin.yaml", "runtime: [go]\n", "runtime section must be"},
		{"PulumiPolicy.yaml", "description: no runtime\n", "missing a 'runtime'"},
	} {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.body), 0o644))
		res := runPulumiCheck(t, bin, dir)
		require.Len(t, res, 1, tc.file)
		assert.Contains(t, res[0].Error, tc.want, "%s %q", tc.file, tc.body)
	}
}
