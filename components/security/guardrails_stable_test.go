package security

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	grDeployer = "arn:aws:iam::111111111111:role/pulumi-deploy-sagemaker-landing-zone-dev"
	grWorkload = "arn:aws:iam::111111111111:role/data-scientist"
)

func grIDs(prefix string, n int) pulumi.StringArray {
	out := pulumi.StringArray{}
	for i := 0; i < n; i++ {
		out = append(out, pulumi.String(fmt.Sprintf("%s%017x", prefix, i+1)))
	}
	return out
}

// TestGuardrailsNamesDoNotFollowCounts: as the number of security groups (users) and subnets
// (spokes) grows one at a time, every child of the previous run still exists under the same
// name: policies are keyed by group, not by the statement that happens to open a document or by
// their position. Under the previous naming (first statement of each document, capacities from
// the current counts) one more group renamed a policy and its attachments at some counts.
func TestGuardrailsNamesDoNotFollowCounts(t *testing.T) {
	t.Parallel()
	for _, regulated := range []bool{false, true} {
		for _, grow := range []string{"security groups", "subnets"} {
			t.Run(fmt.Sprintf("regulated=%v/%s", regulated, grow), func(t *testing.T) {
				t.Parallel()
				var prev []string
				for n := 1; n <= 64; n += 3 {
					args := GrArgs()
					args.ScpExemptPrincipalArns = []string{grDeployer}
					args.CreateServiceControlPolicy = true
					if regulated {
						args.DataSensitivity = "regulated"
					}
					if grow == "subnets" {
						args.SpokeSubnetIds = grIDs("subnet-", n)
					} else {
						args.SecurityGroupIds = grIDs("sg-", n)
					}
					rec, comp, _, err := GrRun(t, args)
					require.NoError(t, err, "n=%d", n)
					var names []string
					for _, r := range rec.Resources {
						names = append(names, r.Type+"::"+r.Name)
					}
					for _, p := range prev {
						assert.Contains(t, names, p, "n=%d: %s disappeared", n, p)
					}
					prev = names
					assert.Equal(t, []string{"subnets", "security-groups", "settings"}, comp.ManagedKeys, "n=%d", n)
				}
			})
		}
	}
}

// TestGuardrailsServiceControlPolicyExemption: the SCP documents exempt the configured
// principals on every statement, so the deploying role's UpdateDomain without subnets (how the
// AWS provider sends it) passes, while a workload principal is denied the same call. The
// managed-policy documents exempt no one.
func TestGuardrailsServiceControlPolicyExemption(t *testing.T) {
	t.Parallel()
	updateDomain := func(principal string) iamsim.Request {
		return iamsim.Request{Action: "sagemaker:UpdateDomain", Keys: map[string][]string{
			iampolicy.KeyPrincipalArn: {principal}}}
	}
	cases := []struct {
		name    string
		exempt  []string
		caller  string
		wantSCP iamsim.Decision
	}{
		{"deployer exempt", []string{grDeployer}, grDeployer, iamsim.NotApplicable},
		{"workload principal denied", []string{grDeployer}, grWorkload, iamsim.Deny},
		{"wildcard account pattern exempts the deployer", []string{"arn:aws:iam::*:role/pulumi-deploy-*"}, grDeployer, iamsim.NotApplicable},
		{"no exemption configured: deployer denied", nil, grDeployer, iamsim.Deny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			args.DataSensitivity = "regulated"
			args.CreateServiceControlPolicy = true
			args.ScpExemptPrincipalArns = tc.exempt
			rec, _, got, err := GrRun(t, args)
			require.NoError(t, err)
			got.Mu.Lock()
			scpDocs := append([]string{}, got.ScpDocs...)
			got.Mu.Unlock()
			require.NotEmpty(t, scpDocs)
			var scp []iamsim.Statement
			for _, d := range scpDocs {
				assert.LessOrEqual(t, iampolicy.CountNonSpace(d), iampolicy.SCPLimit)
				p, err := iamsim.Parse([]byte(d))
				require.NoError(t, err)
				for _, st := range p.Statements {
					assert.Equal(t, len(tc.exempt) > 0, strings.Contains(fmt.Sprint(st.Condition), "ArnNotLike"), st.Sid)
				}
				scp = append(scp, p.Statements...)
			}
			res, err := iamsim.Evaluate(scp, updateDomain(tc.caller))
			require.NoError(t, err)
			assert.Equal(t, tc.wantSCP, res.Decision, "SCP: %v", res.Matched)

			// The managed policies bind whoever they are attached to, exempt or not.
			var managed []iamsim.Statement
			for _, p := range rec.ByType(componenttest.TypeIamPolicy) {
				if strings.HasPrefix(p.Name, "gr-deny-") {
					doc := componenttest.InputString(p, "policy")
					assert.NotContains(t, doc, "ArnNotLike", p.Name)
					parsed, err := iamsim.Parse([]byte(doc))
					require.NoError(t, err)
					managed = append(managed, parsed.Statements...)
				}
			}
			res, err = iamsim.Evaluate(managed, updateDomain(tc.caller))
			require.NoError(t, err)
			assert.Equal(t, iamsim.Deny, res.Decision, "managed policy")
		})
	}
}

// TestGuardrailsRefusesBadExemptions: each bad pattern yields exactly its own error, naming the
// field and echoing the value, and nothing is registered.
func TestGuardrailsRefusesBadExemptions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		pattern, want string
	}{
		{"arn:aws:iam::111111111111:user/alice", "an IAM role ARN"},
		{"arn:aws:iam::111111111111:role/*", "not only wildcards"},
		{"arn:aws:sts::111111111111:assumed-role/deploy/session", "an IAM role ARN"},
		{"*", "an IAM role ARN"},
	}
	for _, tc := range cases {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			args := GrArgs()
			args.ScpExemptPrincipalArns = []string{grDeployer, tc.pattern}
			rec, _, _, err := GrRun(t, args)
			require.Error(t, err)
			msg := err.Error()
			assert.Contains(t, msg, fmt.Sprintf("ScpExemptPrincipalArns[1] = %q", tc.pattern))
			assert.Contains(t, msg, tc.want)
			assert.Equal(t, 1, strings.Count(msg, "ScpExemptPrincipalArns["), msg)
			assert.False(t, slices.ContainsFunc(rec.Resources, func(r recorder.Resource) bool { return r.Custom }), "nothing registered")
		})
	}
}
