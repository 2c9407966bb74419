package tests

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/deploy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

// Repository stack files only: the multi-account fixture has no Pulumi.multi.deploy.yaml (no deploy
// role to exempt) and no guards.scpExemptPrincipalArns; its SCP attachment is
// TestMultiAccountScpAttachedToWorkloadAccounts.

// TestServiceControlPoliciesSpareTheDeployer: the SCP documents each stack outputs do not deny
// the deploy role (Pulumi.<stack>.deploy.yaml's OIDC role) the UpdateDomain the AWS provider
// sends without subnets, and do deny it to a workload principal of the same account; each is
// under the SCP size limit.
func TestServiceControlPoliciesSpareTheDeployer(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, _ := buildStack(t, stack)
			var docs []string
			switch raw := b.outputs["serviceControlPolicyDocuments"].(type) {
			case []string:
				docs = raw
			case []any:
				for _, d := range raw {
					s, _ := d.(string)
					docs = append(docs, s)
				}
			}
			require.NotEmpty(t, docs, "serviceControlPolicyDocuments output: %T", b.outputs["serviceControlPolicyDocuments"])
			for _, d := range docs {
				assert.LessOrEqual(t, iampolicy.CountNonSpace(d), iampolicy.SCPLimit)
			}
			settings, err := deploy.Load(filepath.Join(repoRoot(), deploy.FileName(stack)))
			require.NoError(t, err)
			deployer := settings.Operation.OIDC.AWS.RoleARN
			updateDomain := func(principal string) iamsim.Request {
				return iamsim.Request{Action: "sagemaker:UpdateDomain", Keys: map[string][]string{
					iampolicy.KeyPrincipalArn:         {principal},
					iampolicy.KeyAppNetworkAccessType: {iampolicy.AppNetworkAccessVpcOnly}}}
			}
			assert.Empty(t, denied(t, docs, updateDomain(deployer)), "the deploy role %s is exempt", deployer)
			assert.NotEmpty(t, denied(t, docs, updateDomain("arn:aws:iam::111111111111:role/data-scientist")),
				"a workload principal is denied UpdateDomain without subnets")
		})
	}
}
