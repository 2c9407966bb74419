package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	lzconfig "github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
)

// checkAccounts checks a stack's accounts against the role its deployment signs in with
// (settings.operationContext.oidc.aws.roleArn, the deployment role): that role is in the
// deploying account, so the accounts entry without roleArn (the deploying account) must have
// the deployment role's account id; every other entry's roleArn must be a role in the account
// that entry names (the provider would otherwise deploy "into" one account with another's role)
// and must not be the deployment role itself (the per-account roles trust the deployment role,
// docs/deployments.md).
func checkAccounts(stack, deployRoleArn string, accounts []lzconfig.Account) error {
	if !network.ValidRoleArn(deployRoleArn) {
		return fmt.Errorf("%s: the deploy file's oidc.aws.roleArn is %q: want an IAM role ARN matching %s", stack, deployRoleArn, network.RoleArnPattern)
	}
	deploying := network.RoleArnAccount(deployRoleArn)
	var errs []error
	for i, a := range accounts {
		key := fmt.Sprintf("%s: sagemaker-landing-zone:accounts[%d] (%s)", stack, i, a.Name)
		switch {
		case a.Deploying() && a.ID != deploying:
			errs = append(errs, fmt.Errorf("%s.id is %q: the entry without roleArn is the deploying account, but the deploy file's OIDC role %s is in %s",
				key, a.ID, deployRoleArn, deploying))
		case a.Deploying():
		case !network.ValidRoleArn(a.RoleArn):
			errs = append(errs, fmt.Errorf("%s.roleArn is %q: want an IAM role ARN matching %s", key, a.RoleArn, network.RoleArnPattern))
		case network.RoleArnAccount(a.RoleArn) != a.ID:
			errs = append(errs, fmt.Errorf("%s.roleArn is %q: want a role in the entry's account %s (the ARN names %s)",
				key, a.RoleArn, a.ID, network.RoleArnAccount(a.RoleArn)))
		case a.RoleArn == deployRoleArn:
			errs = append(errs, fmt.Errorf("%s.roleArn is %q: the deployment role itself; want the account's own role that trusts it", key, a.RoleArn))
		}
	}
	return errors.Join(errs...)
}

// stackAccounts reads sagemaker-landing-zone:accounts from a stack file (nil when unset).
func stackAccounts(t *testing.T, file string) []lzconfig.Account {
	t.Helper()
	cfg, err := stackconfig.LoadFile(repoRoot(t), file)
	require.NoError(t, err, file)
	raw, ok := cfg[lzconfig.Project+":accounts"]
	if !ok || raw == "" {
		return nil
	}
	var accounts []lzconfig.Account
	require.NoError(t, json.Unmarshal([]byte(raw), &accounts), file)
	return accounts
}

// Every stack's accounts agree with the role its deploy file signs in with.
func TestStackAccountsMatchTheDeploymentRole(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	for _, stack := range stacks(t) {
		s, err := Load(filepath.Join(root, FileName(stack)))
		require.NoError(t, err, stack)
		require.NotNil(t, s.Operation, stack)
		require.NotNil(t, s.Operation.OIDC, stack)
		require.NotNil(t, s.Operation.OIDC.AWS, stack)
		accounts := stackAccounts(t, filepath.Join(root, "Pulumi."+stack+".yaml"))
		assert.NoError(t, checkAccounts(stack, s.Operation.OIDC.AWS.RoleARN, accounts))
	}
}

func TestCheckAccounts(t *testing.T) {
	t.Parallel()
	// The multi-account fixture: platform (123456789012, deploying), network and research.
	multi := stackAccounts(t, filepath.Join(repoRoot(t), "tests", "testdata", "Pulumi.multi.yaml"))
	require.Len(t, multi, 3)
	const deployRole = "arn:aws:iam::123456789012:role/pulumi-deploy-sagemaker-landing-zone-multi"
	with := func(i int, edit func(a *lzconfig.Account)) []lzconfig.Account {
		out := append([]lzconfig.Account(nil), multi...)
		edit(&out[i])
		return out
	}
	tests := []struct {
		name       string
		deployRole string
		accounts   []lzconfig.Account
		want       string // error substring, "" for none
	}{
		{"single account", deployRole, nil, ""},
		{"multi-account fixture", deployRole, multi, ""},
		{"deploy role in another account than the deploying entry", "arn:aws:iam::444444444444:role/deploy", multi,
			`accounts[0] (platform).id is "123456789012": the entry without roleArn is the deploying account, but the deploy file's OIDC role arn:aws:iam::444444444444:role/deploy is in 444444444444`},
		{"entry role in another account", deployRole, with(2, func(a *lzconfig.Account) { a.RoleArn = "arn:aws:iam::333333333333:role/landing-zone-deploy" }),
			`accounts[2] (research).roleArn is "arn:aws:iam::333333333333:role/landing-zone-deploy": want a role in the entry's account 222222222222 (the ARN names 333333333333)`},
		{"entry role malformed", deployRole, with(1, func(a *lzconfig.Account) { a.RoleArn = "landing-zone-deploy" }),
			`accounts[1] (network).roleArn is "landing-zone-deploy": want an IAM role ARN`},
		{"entry role is the deployment role", deployRole, with(1, func(a *lzconfig.Account) { a.ID, a.RoleArn = "123456789012", deployRole }),
			"the deployment role itself"},
		{"malformed deploy role", "pulumi-deploy", multi, `oidc.aws.roleArn is "pulumi-deploy"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkAccounts("multi", tt.deployRole, tt.accounts)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// The trust policy each deploy file documents for the per-account roles names that file's OIDC
// role and the session name the program's per-account providers use (landingzone/accounts.go:
// config.Project), so the comment cannot drift from the settings or the program.
func TestDeployFilesDocumentThePerAccountTrust(t *testing.T) {
	t.Parallel()
	root := repoRoot(t)
	for _, stack := range stacks(t) {
		b, err := os.ReadFile(filepath.Join(root, FileName(stack)))
		require.NoError(t, err, stack)
		s, err := Decode(b)
		require.NoError(t, err, stack)
		var trust []string
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "#   ") || strings.HasPrefix(line, "#     ") {
				trust = append(trust, strings.TrimPrefix(line, "#"))
			}
		}
		doc := strings.Join(trust, "\n")
		var parsed map[string]any
		require.NoError(t, json.Unmarshal([]byte(doc), &parsed), "%s: the documented trust policy is JSON:\n%s", stack, doc)
		assert.Contains(t, doc, `"Principal": {"AWS": "`+s.Operation.OIDC.AWS.RoleARN+`"}`, stack)
		assert.Contains(t, doc, `"Action": "sts:AssumeRole"`, stack)
		assert.Contains(t, doc, `"sts:RoleSessionName": "`+lzconfig.Project+`"`, stack)
	}
}
