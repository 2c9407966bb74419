package security_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Guardrails attach the supply document to every execution role, and make nothing of it without.
func TestGuardrailsSupplyPolicy(t *testing.T) {
	t.Parallel()
	args := security.GrArgs()
	args.SupplyPolicy = supply.SupplyAccessPolicy("us-east-1", pulumi.String(recorder.FakeAccountID),
		&supply.PackageSettings{}, &supply.ImageSettings{Repositories: []string{"team/base"}})
	rec, _, _, err := security.GrRun(t, args)
	require.NoError(t, err)
	p := componenttest.FindOne(t, rec, componenttest.TypeIamPolicy, "gr-access-supply")
	doc, err := iamsim.Parse([]byte(componenttest.InputString(p, "policy")))
	require.NoError(t, err)
	res, err := doc.Evaluate(iamsim.Request{Action: "codeartifact:ReadFromRepository",
		Resource: "arn:aws:codeartifact:us-east-1:123456789012:repository/ml-packages/pypi"})
	require.NoError(t, err)
	assert.Equal(t, iamsim.Allow, res.Decision)
	res, err = doc.Evaluate(iamsim.Request{Action: "codeartifact:PublishPackageVersion",
		Resource: "arn:aws:codeartifact:us-east-1:123456789012:package/ml-packages/pypi/pypi//x"})
	require.NoError(t, err)
	assert.Equal(t, iamsim.NotApplicable, res.Decision, "no write unless configured")

	roles := rec.ByType(componenttest.TypeIamRole)
	require.Len(t, roles, 2)
	for _, role := range roles {
		attached := false
		for _, a := range rec.ByType(componenttest.TypeIamRolePolicyAttachment) {
			if componenttest.InputString(a, "role") == role.ID && componenttest.InputString(a, "policyArn") == componenttest.OutputString(p, "arn") {
				attached = true
				assert.Equal(t, role.Name+"-access-supply", a.Name)
			}
		}
		assert.True(t, attached, "%s has the supply policy", role.Name)
	}

	rec, _, _, err = security.GrRun(t, security.GrArgs())
	require.NoError(t, err)
	_, ok := rec.Find(componenttest.TypeIamPolicy, "gr-access-supply")
	assert.False(t, ok)

	args = security.GrArgs()
	args.SupplyPolicy = pulumi.StringOutput{}
	rec, _, _, err = security.GrRun(t, args)
	componenttest.AssertRejected(t, rec, err, "SupplyPolicy", "zero-value Output")
}
