package deploy

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
)

// repoRoot is the repository's root directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok)
	return filepath.Dir(filepath.Dir(file))
}

// stacks lists the stacks that have a Pulumi.<stack>.yaml in the repository root.
func stacks(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(repoRoot(t), "Pulumi.*.yaml"))
	require.NoError(t, err)
	var out []string
	for _, m := range matches {
		if s := stackconfig.StackName(m); s != "custom" { // skips Pulumi.<stack>.deploy.yaml
			out = append(out, s)
		}
	}
	require.GreaterOrEqual(t, len(out), 2, "expected at least the dev and prod stack files")
	return out
}

const project = "sagemaker-landing-zone"

// want holds the stack-specific settings each deploy file must carry. A new stack file without an
// entry here fails TestEveryStackHasItsDeploySettings: decide its role before it can deploy.
var want = map[string]struct {
	account, roleArn, sessionName string
	policyConfig                  string // --policy-pack-config the pre-run preview passes, "" for none
}{
	"dev": {"111111111111", "arn:aws:iam::111111111111:role/pulumi-deploy-sagemaker-landing-zone-dev",
		"pulumi-deploy-sagemaker-landing-zone-dev", ""},
	"prod": {"222222222222", "arn:aws:iam::222222222222:role/pulumi-deploy-sagemaker-landing-zone-prod",
		"pulumi-deploy-sagemaker-landing-zone-prod", "policypack/config/prod.json"},
	// The three-account stack (Pulumi.org.yaml): deployed from the network account.
	"org": {"123456789012", "arn:aws:iam::123456789012:role/pulumi-deploy-sagemaker-landing-zone-org",
		"pulumi-deploy-sagemaker-landing-zone-org", ""},
}

var roleArnRe = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/[\w+=,.@/-]{1,64}$`)

func TestDecodeIsStrict(t *testing.T) {
	t.Parallel()
	const good = `
settings:
  sourceContext:
    git:
      branch: refs/heads/main
      repoDir: .
  operationContext:
    oidc:
      aws:
        roleArn: arn:aws:iam::111111111111:role/r
        sessionName: s
        duration: 30m
    environmentVariables:
      A: b
`
	tests := []struct {
		name string
		yaml string
		want string // error substring; "" for success
	}{
		{"valid", good, ""},
		{"unknown top-level key", good + "extra: 1\n", `unknown field "extra"`},
		{"misspelt nested key", strings.Replace(good, "roleArn:", "roleName:", 1), `unknown field "roleName" at settings.operationContext.oidc.aws`},
		{"wrong case", strings.Replace(good, "roleArn:", "roleARN:", 1), `unknown field "roleARN" at settings.operationContext.oidc.aws`},
		{"wrong case top level", strings.Replace(good, "settings:", "Settings:", 1), `no settings key (found ["Settings"])`},
		{"yaml-only spelling", strings.Replace(good, "sourceContext:", "source_context:", 1), `unknown field "source_context"`},
		{"no settings key", "setting:\n  tag: x\n", `no settings key (found ["setting"])`},
		{"not a mapping", "- a\n- b\n", "top level is []interface {}"},
		{"wrong type", strings.Replace(good, "branch: refs/heads/main", "branch: [main]", 1), "cannot unmarshal array"},
		{"bad duration", strings.Replace(good, "duration: 30m", "duration: soon", 1), "invalid duration"},
		{"broken yaml", "settings: [\n", "invalid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Decode([]byte(tt.yaml))
			if tt.want != "" {
				assert.ErrorContains(t, err, tt.want)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "refs/heads/main", s.SourceContext.Git.Branch)
			assert.Equal(t, apitype.DeploymentDuration(30*time.Minute), s.Operation.OIDC.AWS.Duration)
			assert.Equal(t, "b", s.Operation.EnvironmentVariables["A"].Value)
		})
	}
}

func TestEveryStackHasItsDeploySettings(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	roles := map[string]string{}
	accounts := map[string]string{}
	for _, stack := range stacks(t) {
		s, err := Load(filepath.Join(root, FileName(stack)))
		require.NoError(t, err, "stack %s needs a valid %s", stack, FileName(stack))
		w, ok := want[stack]
		require.True(t, ok, "stack %s has no expected deploy settings in this test", stack)

		// Source: this repository's main branch, from the project root.
		require.NotNil(t, s.SourceContext, stack)
		require.NotNil(t, s.SourceContext.Git, stack)
		assert.Equal(t, "refs/heads/main", s.SourceContext.Git.Branch, stack)
		assert.Equal(t, ".", s.SourceContext.Git.RepoDir, stack)
		assert.Empty(t, s.SourceContext.Git.Commit, "%s: branch, not a pinned commit", stack)
		assert.Nil(t, s.SourceContext.Git.GitAuth, "%s: no credentials in the file (GitHub app)", stack)
		require.NotNil(t, s.GitHub, stack)
		assert.Equal(t, "vpconly/sagemaker-landing-zone", s.GitHub.Repository, stack)
		assert.False(t, s.GitHub.DeployCommits, "%s: GitHub Actions deploys on merge; Deployments must not too", stack)
		assert.False(t, s.GitHub.PreviewPullRequests, "%s: GitHub Actions previews PRs", stack)
		_, err = os.Stat(filepath.Join(root, s.SourceContext.Git.RepoDir, "Pulumi.yaml"))
		assert.NoError(t, err, "%s: repoDir holds Pulumi.yaml", stack)

		// OIDC to the stack's own AWS role.
		require.NotNil(t, s.Operation, stack)
		require.NotNil(t, s.Operation.OIDC, stack)
		require.NotNil(t, s.Operation.OIDC.AWS, stack)
		aws := s.Operation.OIDC.AWS
		assert.Equal(t, w.roleArn, aws.RoleARN, stack)
		m := roleArnRe.FindStringSubmatch(aws.RoleARN)
		if assert.NotNil(t, m, "%s: role ARN %q", stack, aws.RoleARN) {
			assert.Equal(t, w.account, m[1], stack)
			accounts[stack] = m[1]
		}
		assert.Contains(t, aws.RoleARN, stack, "%s: the role is the stack's own", stack)
		assert.Equal(t, w.sessionName, aws.SessionName, stack)
		d := time.Duration(aws.Duration)
		assert.True(t, d >= 15*time.Minute && d <= time.Hour, "%s: session %v within STS's 15 min and the role's 1 h default", stack, d)
		roles[stack] = aws.RoleARN
		assert.Empty(t, s.Operation.Operation, "%s: the operation is chosen per deployment", stack)

		// The stack's region, as the stack file sets it.
		cfg, err := stackconfig.LoadFile(root, filepath.Join(root, "Pulumi."+stack+".yaml"))
		require.NoError(t, err, stack)
		assert.Equal(t, cfg["aws:region"], s.Operation.EnvironmentVariables["AWS_REGION"].Value, "%s: AWS_REGION", stack)
		for k, v := range s.Operation.EnvironmentVariables {
			assert.False(t, v.Secret && v.Ciphertext == "", "%s: %s is a plaintext secret in the file", stack, k)
		}

		// The policy pack gates every deployment: a pre-run preview of this very stack with it.
		var gate string
		for _, c := range s.Operation.PreRunCommands {
			if strings.HasPrefix(c, "pulumi preview ") {
				gate = c
			}
		}
		if assert.NotEmpty(t, gate, "%s: a pre-run `pulumi preview` with the policy pack", stack) {
			assert.Contains(t, gate, "--policy-pack ./policypack", stack)
			assert.Contains(t, gate, `--stack "${PULUMI_CI_ORGANIZATION}/`+project+`/`+stack+`"`, stack)
			assert.Contains(t, gate, "--non-interactive", stack)
			if w.policyConfig != "" {
				assert.Contains(t, gate, "--policy-pack-config "+w.policyConfig, stack)
				_, err := os.Stat(filepath.Join(root, w.policyConfig))
				assert.NoError(t, err, "%s: policy config exists", stack)
			} else {
				assert.NotContains(t, gate, "--policy-pack-config", stack)
			}
		}
		_, err = os.Stat(filepath.Join(root, "policypack", "PulumiPolicy.yaml"))
		assert.NoError(t, err, "the pack the gate runs exists")

		require.NotNil(t, s.Operation.Options, stack)
		assert.False(t, s.Operation.Options.RemediateIfDriftDetected, "%s: drift is reported, not overwritten", stack)
		assert.False(t, s.Operation.Options.DeleteAfterDestroy, "%s: a destroy keeps the stack and its history", stack)
	}
	// Each stack deploys with its own role, prod in its own account.
	assert.NotEqual(t, roles["dev"], roles["prod"])
	assert.NotEqual(t, accounts["dev"], accounts["prod"])
}

// Every deploy file belongs to a stack file: a stale Pulumi.<x>.deploy.yaml would configure a
// deployment of a stack that no longer exists.
func TestNoOrphanDeployFiles(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	files, err := filepath.Glob(filepath.Join(root, "Pulumi.*.deploy.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	known := map[string]bool{}
	for _, s := range stacks(t) {
		known[s] = true
	}
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".deploy.yaml")
		assert.True(t, known[stack], "%s has no Pulumi.%s.yaml", filepath.Base(f), stack)
	}
}
