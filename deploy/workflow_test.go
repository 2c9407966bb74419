package deploy

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
)

const workflowPath = ".github/workflows/landing-zone.yml"

// goBinary is the go command that runs this test (PATH first, then this toolchain's GOROOT).
func goBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no go command on PATH or in %s", runtime.GOROOT())
	}
	return p
}

// TestWorkflowPassesActionlint lints the workflow with actionlint, pinned in the separate tools
// module (tools/go.mod; the root module does not require it). The first run downloads it through
// the Go module proxy. actionlint also runs shellcheck on the `run:` scripts when shellcheck is
// installed (as on GitHub's ubuntu runners). A deliberately broken workflow is linted in the same
// run, so the test fails if actionlint did not actually run.
func TestWorkflowPassesActionlint(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	wf := filepath.Join(root, workflowPath)
	broken := filepath.Join(t.TempDir(), "broken.yml")
	require.NoError(t, os.WriteFile(broken, []byte(`on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ github.evnt_name }}"
`), 0o600))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBinary(t), "-C", filepath.Join(root, "tools"), "run",
		"github.com/rhysd/actionlint/cmd/actionlint", "-oneline", "-no-color", wf, broken)
	cmd.Env = append(os.Environ(), "GOWORK=off") // tools/ is its own module; -mod=readonly is the default
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "actionlint must run and flag the broken workflow; err=%v output:\n%s", err, out)
	assert.Equal(t, 1, exit.ExitCode(), "exit 1 = lint errors found; output:\n%s", out)

	// -oneline lines are "<path>:<line>:<col>: <message>", the path relative to the tools dir.
	var ours, control []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, _, ok := strings.Cut(line, ".yml:")
		if !ok {
			continue
		}
		path += ".yml"
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, "tools", path)
		}
		switch filepath.Clean(path) {
		case filepath.Clean(wf):
			ours = append(ours, line)
		case filepath.Clean(broken):
			control = append(control, line)
		default:
			t.Errorf("unexpected actionlint output: %s", line)
		}
	}
	assert.NotEmpty(t, control, "the control workflow's typo must be reported; output:\n%s", out)
	assert.Empty(t, ours, "actionlint findings in %s", workflowPath)
}

type workflow struct {
	On          map[string]*trigger `yaml:"on"`
	Permissions map[string]string   `yaml:"permissions"`
	Jobs        map[string]job      `yaml:"jobs"`
}

type trigger struct {
	Branches []string `yaml:"branches"`
}

type job struct {
	If          string            `yaml:"if"`
	Needs       any               `yaml:"needs"`
	Environment any               `yaml:"environment"`
	Permissions map[string]string `yaml:"permissions"`
	Strategy    struct {
		Matrix struct {
			Stack   []string            `yaml:"stack"`
			Include []map[string]string `yaml:"include"`
		} `yaml:"matrix"`
	} `yaml:"strategy"`
	Steps []step `yaml:"steps"`
}

type step struct {
	Name string            `yaml:"name"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

func (j job) needs() []string {
	switch n := j.Needs.(type) {
	case string:
		return []string{n}
	case []any:
		var out []string
		for _, e := range n {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func (j job) environment() string {
	switch e := j.Environment.(type) {
	case string:
		return e
	case map[string]any:
		s, _ := e["name"].(string)
		return s
	}
	return ""
}

// runs returns the step that runs a command containing all of parts, and its index.
func (j job) runs(parts ...string) (step, int) {
	for i, s := range j.Steps {
		ok := s.Run != ""
		for _, p := range parts {
			ok = ok && strings.Contains(s.Run, p)
		}
		if ok {
			return s, i
		}
	}
	return step{}, -1
}

// uses returns the first step using the action (owner/name, any version) and its index.
func (j job) uses(action string) (step, int) {
	for i, s := range j.Steps {
		if strings.HasPrefix(s.Uses, action+"@") {
			return s, i
		}
	}
	return step{}, -1
}

func loadWorkflow(t *testing.T) workflow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), workflowPath))
	require.NoError(t, err)
	var wf workflow
	require.NoError(t, encoding.YAML.Unmarshal(data, &wf))
	return wf
}

func stackRegions(t *testing.T) map[string]string {
	t.Helper()
	root := repoRoot(t)
	out := map[string]string{}
	for _, s := range stacks(t) {
		cfg, err := stackconfig.LoadFile(root, filepath.Join(root, "Pulumi."+s+".yaml"))
		require.NoError(t, err, s)
		out[s] = cfg["aws:region"]
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// assertOIDC checks a deploying job: id-token: write and an OIDC role assumption before the
// Pulumi CLI is installed and run.
func assertOIDC(t *testing.T, name string, j job, role, region string) int {
	t.Helper()
	assert.Equal(t, "write", j.Permissions["id-token"], "%s: OIDC needs id-token: write", name)
	creds, i := j.uses("aws-actions/configure-aws-credentials")
	if assert.GreaterOrEqual(t, i, 0, "%s: configure-aws-credentials", name) {
		assert.Equal(t, role, creds.With["role-to-assume"], name)
		assert.Equal(t, region, creds.With["aws-region"], name)
		assert.NotContains(t, creds.With, "aws-access-key-id", "%s: OIDC, no keys", name)
	}
	_, cli := j.uses("pulumi/actions")
	assert.GreaterOrEqual(t, cli, 0, "%s: installs the Pulumi CLI", name)
	return cli
}

func TestWorkflowStructure(t *testing.T) {
	t.Parallel()
	wf := loadWorkflow(t)
	regions := stackRegions(t)
	stackNames := sortedKeys(regions)

	// Triggers: pull requests and pushes to main. Nothing may write by default.
	require.Contains(t, wf.On, "pull_request")
	require.Contains(t, wf.On, "push")
	require.NotNil(t, wf.On["push"])
	assert.Equal(t, []string{"main"}, wf.On["push"].Branches)
	assert.Equal(t, map[string]string{"contents": "read"}, wf.Permissions)

	prOnly := func(j job) bool { return strings.Contains(j.If, "github.event_name == 'pull_request'") }
	mainOnly := func(j job) bool {
		return strings.Contains(j.If, "github.event_name == 'push'") && strings.Contains(j.If, "github.ref == 'refs/heads/main'")
	}

	// Every job that sets up Go restores the module and build caches, keyed on go.sum: a cold
	// build compiles the AWS SDK packages (minutes on a 2-core runner).
	setups := 0
	for name, j := range wf.Jobs {
		for _, st := range j.Steps {
			if strings.HasPrefix(st.Uses, "actions/setup-go@") {
				setups++
				assert.Equal(t, "true", st.With["cache"], "%s: setup-go caches the Go build", name)
				assert.Equal(t, "go.sum", st.With["cache-dependency-path"], "%s: the cache is keyed on go.sum", name)
			}
		}
	}
	assert.Equal(t, len(wf.Jobs), setups, "every job sets up Go once")

	// go test ./... runs on pull requests (and on main before anything deploys).
	test := wf.Jobs["test"]
	_, i := test.runs("go test ./...")
	assert.GreaterOrEqual(t, i, 0, "test job runs go test ./...")
	assert.Empty(t, test.If, "go test runs on every event")

	// The offline plan of every stack, attached as the job summary.
	plan := wf.Jobs["plan"]
	assert.True(t, prOnly(plan), "plan runs on pull requests: if=%q", plan.If)
	got := append([]string(nil), plan.Strategy.Matrix.Stack...)
	sort.Strings(got)
	assert.Equal(t, stackNames, got, "plan matrix covers every Pulumi.<stack>.yaml")
	ps, i := plan.runs(`go run ./cmd/plan --stack "$STACK"`, `"$GITHUB_STEP_SUMMARY"`)
	if assert.GreaterOrEqual(t, i, 0, "plan step writes the plan to the job summary") {
		assert.Equal(t, "${{ matrix.stack }}", ps.Env["STACK"])
		assert.Contains(t, ps.Run, `exit "$status"`, "a failing plan fails the job after the summary is written")
	}

	// pulumi preview with the policy pack, per stack, with the stack's region and role.
	preview := wf.Jobs["preview"]
	assert.True(t, prOnly(preview), "preview runs on pull requests: if=%q", preview.If)
	inc := map[string]string{}
	for _, e := range preview.Strategy.Matrix.Include {
		inc[e["stack"]] = e["region"]
	}
	assert.Equal(t, regions, inc, "preview matrix: every stack with its aws:region")
	cli := assertOIDC(t, "preview", preview,
		"${{ matrix.stack == 'prod' && vars.AWS_ROLE_ARN_PROD || vars.AWS_ROLE_ARN_DEV }}", "${{ matrix.region }}")
	pv, i := preview.runs("pulumi preview", `--stack "$STACK"`, "--policy-pack ./policypack")
	if assert.GreaterOrEqual(t, i, 0, "preview step with --policy-pack ./policypack") {
		assert.Greater(t, i, cli, "the CLI is installed before the preview")
		assert.Equal(t, "${{ matrix.stack }}", pv.Env["STACK"])
		assert.Equal(t, "${{ secrets.PULUMI_ACCESS_TOKEN }}", pv.Env["PULUMI_ACCESS_TOKEN"])
		assert.Contains(t, pv.Run, `policypack/config/$STACK.json`, "a stack's pack config is passed when it exists")
	}

	// On main: up dev, then prod behind the prod environment's approval.
	dev := wf.Jobs["up-dev"]
	assert.True(t, mainOnly(dev), "up-dev only on pushes to main: if=%q", dev.If)
	assert.Contains(t, dev.needs(), "test")
	cli = assertOIDC(t, "up-dev", dev, "${{ vars.AWS_ROLE_ARN_DEV }}", regions["dev"])
	_, i = dev.runs("pulumi up --yes --stack dev", "--policy-pack ./policypack")
	assert.Greater(t, i, cli, "up-dev runs pulumi up on dev with the policy pack, after installing the CLI")

	prod := wf.Jobs["up-prod"]
	assert.True(t, mainOnly(prod), "up-prod only on pushes to main: if=%q", prod.If)
	assert.Equal(t, "prod", prod.environment(), "prod waits for the prod environment's reviewers")
	assert.Contains(t, prod.needs(), "up-dev", "prod only after dev")
	cli = assertOIDC(t, "up-prod", prod, "${{ vars.AWS_ROLE_ARN_PROD }}", regions["prod"])
	_, i = prod.runs("pulumi up --yes --stack prod", "--policy-pack ./policypack",
		"--policy-pack-config policypack/config/prod.json")
	assert.Greater(t, i, cli, "up-prod runs pulumi up on prod with the pack and its prod config")
	_, err := os.Stat(filepath.Join(repoRoot(t), "policypack", "config", "prod.json"))
	assert.NoError(t, err)

	// Nothing else deploys, and nothing deploys from a pull request.
	for name, j := range wf.Jobs {
		for _, s := range j.Steps {
			if strings.Contains(s.Run, "pulumi up") || strings.Contains(s.Run, "pulumi destroy") {
				assert.Contains(t, []string{"up-dev", "up-prod"}, name, "job %s changes a stack", name)
				assert.False(t, prOnly(j), "job %s deploys from a pull request", name)
			}
		}
	}
}
