package iampolicy_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

const (
	deployerArn = "arn:aws:iam::111122223333:role/landing-zone-deployer"
	workloadArn = "arn:aws:iam::111122223333:role/data-scientist"
)

// orgGuardPolicy renders the organization guardrails as SCP documents and parses all their
// statements back with the offline evaluator.
func orgGuardPolicy(t *testing.T, exempt ...string) iamsim.Policy {
	t.Helper()
	docs, _, err := iampolicy.OrgGuardDocuments(iampolicy.OrgGuardSpec{ExemptPrincipalArns: exempt})
	require.NoError(t, err)
	var all iamsim.Policy
	for _, d := range docs {
		size, err := d.Size()
		require.NoError(t, err)
		assert.LessOrEqual(t, size, iampolicy.SCPLimit)
		js, err := d.JSON()
		require.NoError(t, err)
		p, err := iamsim.Parse([]byte(js))
		require.NoError(t, err)
		all.Statements = append(all.Statements, p.Statements...)
	}
	return all
}

// Every forbidden action is denied for a workload principal and not denied for the exempt
// deployer; a VpcOnly CreateDomain is allowed for everyone.
func TestOrgGuardDeniesForbiddenActionsExceptForTheDeployer(t *testing.T) {
	t.Parallel()
	policy := orgGuardPolicy(t, deployerArn, "arn:aws:iam::*:role/break-glass-*")
	type tc struct {
		name, action string
		keys         map[string][]string
	}
	var cases []tc
	for sid, actions := range iampolicy.OrgGuardActions() {
		for _, a := range actions {
			cases = append(cases, tc{name: sid + "/" + a, action: a})
		}
	}
	for _, a := range iampolicy.ActionsSupporting(iampolicy.KeyAppNetworkAccessType) {
		cases = append(cases,
			tc{name: "PublicInternetOnly/" + a, action: a, keys: map[string][]string{iampolicy.KeyAppNetworkAccessType: {"PublicInternetOnly"}}},
			tc{name: "type omitted/" + a, action: a})
	}
	require.GreaterOrEqual(t, len(cases), 12)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for principal, want := range map[string]iamsim.Decision{
				workloadArn: iamsim.Deny,
				deployerArn: iamsim.NotApplicable,
				"arn:aws:iam::444455556666:role/break-glass-oncall": iamsim.NotApplicable,
			} {
				keys := map[string][]string{iampolicy.KeyPrincipalArn: {principal}}
				for k, v := range c.keys {
					keys[k] = v
				}
				got, err := policy.Evaluate(iamsim.Request{Action: c.action, Keys: keys})
				require.NoError(t, err)
				assert.Equal(t, want, got.Decision, "%s by %s (matched %v)", c.action, principal, got.Matched)
			}
		})
	}
}

func TestOrgGuardAllowsWhatTheLandingZoneDoes(t *testing.T) {
	t.Parallel()
	policy := orgGuardPolicy(t, deployerArn)
	for _, r := range []iamsim.Request{
		{Action: "sagemaker:CreateDomain", Keys: map[string][]string{iampolicy.KeyPrincipalArn: {workloadArn}, iampolicy.KeyAppNetworkAccessType: {"VpcOnly"}}},
		{Action: "ec2:CreateVpc", Keys: map[string][]string{iampolicy.KeyPrincipalArn: {workloadArn}}},
		{Action: "ec2:CreateTransitGatewayVpcAttachment", Keys: map[string][]string{iampolicy.KeyPrincipalArn: {workloadArn}}},
		{Action: "ec2:CreateVpcEndpoint", Keys: map[string][]string{iampolicy.KeyPrincipalArn: {workloadArn}}},
	} {
		got, err := policy.Evaluate(r)
		require.NoError(t, err)
		assert.Equal(t, iamsim.NotApplicable, got.Decision, "%s (matched %v)", r.Action, got.Matched)
	}
}

// Without exemptions every principal is bound, including a request with no principal ARN.
func TestOrgGuardWithoutExemptionBindsEveryone(t *testing.T) {
	t.Parallel()
	policy := orgGuardPolicy(t)
	for _, keys := range []map[string][]string{{iampolicy.KeyPrincipalArn: {deployerArn}}, nil} {
		got, err := policy.Evaluate(iamsim.Request{Action: "ec2:CreateInternetGateway", Keys: keys})
		require.NoError(t, err)
		assert.Equal(t, iamsim.Deny, got.Decision)
	}
	// With an exemption, a request without aws:PrincipalArn is still denied (ArnNotLike on an
	// absent key is true).
	got, err := orgGuardPolicy(t, deployerArn).Evaluate(iamsim.Request{Action: "ec2:CreateNatGateway"})
	require.NoError(t, err)
	assert.Equal(t, iamsim.Deny, got.Decision)
}

func TestOrgGuardSizeLimit(t *testing.T) {
	t.Parallel()
	docs, keys, err := iampolicy.OrgGuardDocuments(iampolicy.OrgGuardSpec{})
	require.NoError(t, err)
	assert.Equal(t, []string{"network", "sagemaker"}, keys, "one document per stable group")
	assert.Len(t, docs, 2)

	// As many exempt principals as the shared exemption rule admits (MaxExemptPatternChars in
	// all): every document stays within the SCP limit, under the same keys.
	var many []string
	for total := 0; ; {
		arn := fmt.Sprintf("arn:aws:iam::111122223333:role/deployers/landing-zone-deployer-%03d", len(many))
		if total+len(arn) > iampolicy.MaxExemptPatternChars {
			break
		}
		total += len(arn)
		many = append(many, arn)
	}
	docs, keys, err = iampolicy.OrgGuardDocuments(iampolicy.OrgGuardSpec{ExemptPrincipalArns: many})
	require.NoError(t, err)
	assert.Equal(t, []string{"network", "sagemaker"}, keys, "the longest admitted exemption list renames nothing")
	for _, d := range docs {
		size, err := d.Size()
		require.NoError(t, err)
		assert.LessOrEqual(t, size, iampolicy.SCPLimit)
	}
	// One more is refused with the rule's own error, before anything is rendered.
	many = append(many, "arn:aws:iam::111122223333:role/deployers/landing-zone-deployer-overflow")
	_, _, err = iampolicy.OrgGuardDocuments(iampolicy.OrgGuardSpec{ExemptPrincipalArns: many})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "characters in all")
}

func TestOrgGuardSpecValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		arns []string
		want string
	}{
		{"valid role", []string{deployerArn}, ""},
		{"wildcard account", []string{"arn:aws:iam::*:role/deployer"}, ""},
		// aws:PrincipalArn of a session is its role's ARN: a session ARN would exempt no one.
		{"assumed role", []string{"arn:aws:sts::111122223333:assumed-role/deployer/session"}, "want an IAM role ARN"},
		{"not an ARN", []string{"deployer"}, `ExemptPrincipalArns[0] = "deployer"`},
		{"s3 ARN", []string{"arn:aws:s3:::bucket"}, "want an IAM role ARN"},
		{"duplicate", []string{deployerArn, deployerArn}, "want each pattern once"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := iampolicy.OrgGuardStatements(iampolicy.OrgGuardSpec{ExemptPrincipalArns: tc.arns})
			if tc.want == "" {
				assert.NoError(t, err)
			} else if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tc.want)
			}
		})
	}
}
