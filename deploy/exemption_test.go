package deploy

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// exempts reports whether the ArnLike patterns match role, as IAM evaluates aws:PrincipalArn.
func exempts(t *testing.T, patterns []string, role string) bool {
	t.Helper()
	if len(patterns) == 0 {
		return false
	}
	ok, err := iamsim.EvaluateCondition("ArnLike", "aws:PrincipalArn", patterns,
		iamsim.Request{Keys: map[string][]string{"aws:PrincipalArn": {role}}})
	require.NoError(t, err)
	return ok
}

// TestStackExemptsItsDeployRole: every stack's guards.scpExemptPrincipalArns covers the role its
// deploy file assumes through OIDC (the role that runs `pulumi up`), so an SCP built from the
// stack never denies the deployer's UpdateDomain; and another role of the same account is not
// exempt.
func TestStackExemptsItsDeployRole(t *testing.T) {
	t.Parallel()
	for _, stack := range stacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			s, err := Load(filepath.Join(repoRoot(t), FileName(stack)))
			require.NoError(t, err)
			require.NotNil(t, s.Operation, stack)
			require.NotNil(t, s.Operation.OIDC, stack)
			require.NotNil(t, s.Operation.OIDC.AWS, stack)
			role := s.Operation.OIDC.AWS.RoleARN

			values, err := stackconfig.Load(repoRoot(t), stack)
			require.NoError(t, err)
			cfg, err := landingzone.LoadConfig(stack, func(k string) (string, bool) { v, ok := values[k]; return v, ok })
			require.NoError(t, err)
			patterns := cfg.Guards.ScpExemptPrincipalArns
			assert.True(t, exempts(t, patterns, role), "%s: guards.scpExemptPrincipalArns %q must cover the deploy role %s", stack, patterns, role)

			m := roleArnRe.FindStringSubmatch(role)
			require.NotNil(t, m, role)
			other := "arn:aws:iam::" + m[1] + ":role/data-scientist"
			assert.False(t, exempts(t, patterns, other), "%s: %s is not exempt", stack, other)
		})
	}
}

// TestExemptsCanFail: the check itself tells a covered role from an uncovered one.
func TestExemptsCanFail(t *testing.T) {
	t.Parallel()
	role := "arn:aws:iam::111111111111:role/pulumi-deploy-sagemaker-landing-zone-dev"
	assert.True(t, exempts(t, []string{"arn:aws:iam::*:role/pulumi-deploy-*"}, role))
	assert.False(t, exempts(t, []string{"arn:aws:iam::222222222222:role/pulumi-deploy-sagemaker-landing-zone-dev"}, role))
	assert.False(t, exempts(t, nil, role))
}
