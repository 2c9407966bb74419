package security_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

// TestGuardrailsScpAttachments: one aws:organizations/policyAttachment per (SCP document,
// target), named "<name>-scp-<key>-<target>", taking its policy's id (so it depends on that
// policy and nothing else) and the target as given; none without targets.
func TestGuardrailsScpAttachments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		targets []string
	}{
		{"no targets", nil},
		{"root, OU and account", []string{"r-ab12", "ou-ab12-abcdefgh", "111122223333"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := security.GrArgs()
			args.CreateServiceControlPolicy = true
			args.ScpTargetIds = tc.targets
			rec, comp, _, err := security.GrRun(t, args)
			require.NoError(t, err)
			atts := rec.ByType(componenttest.TypeOrgAttachment)
			require.Len(t, atts, len(comp.ServiceControlKeys)*len(tc.targets))
			for _, key := range comp.ServiceControlKeys {
				policy, ok := rec.Find(componenttest.TypeOrgPolicy, "gr-scp-"+key)
				require.True(t, ok, key)
				for _, target := range tc.targets {
					a, ok := rec.Find(componenttest.TypeOrgAttachment, "gr-scp-"+key+"-"+target)
					require.True(t, ok, "attachment of %s to %s", key, target)
					assert.Equal(t, policy.ID, componenttest.InputString(a, "policyId"))
					assert.Equal(t, target, componenttest.InputString(a, "targetId"))
					assert.Equal(t, []string{policy.URN}, a.Dependencies, "depends on its policy only")
				}
			}
		})
	}
}

// TestGuardrailsScpLists: ScpSubnetIds/ScpSecurityGroupIds widen the SCP form only (an SCP set
// attached to several workload accounts admits every account's subnets); the managed guard keeps
// the guard's own lists. Proven with the offline evaluator.
func TestGuardrailsScpLists(t *testing.T) {
	t.Parallel()
	const otherSubnet, otherSG = "subnet-0ccccccccccccccc3", "sg-0e0e0e0e0e0e0e0e1"
	args := security.GrArgs()
	args.CreateServiceControlPolicy = true
	args.ScpSubnetIds = pulumi.StringArray{pulumi.String(security.GrSubnetA), pulumi.String(security.GrSubnetB), pulumi.String(otherSubnet)}
	args.ScpSecurityGroupIds = pulumi.StringArray{pulumi.String(security.GrSGDomain), pulumi.String(security.GrSGAlice), pulumi.String(otherSG)}
	rec, _, got, err := security.GrRun(t, args)
	require.NoError(t, err)
	stmts := func(prefix, input string) []iamsim.Statement {
		var out []iamsim.Statement
		for _, typ := range []string{componenttest.TypeIamPolicy, componenttest.TypeOrgPolicy} {
			for _, p := range rec.ByType(typ) {
				if strings.HasPrefix(p.Name, prefix) {
					parsed, err := iamsim.Parse([]byte(componenttest.InputString(p, input)))
					require.NoError(t, err, p.Name)
					out = append(out, parsed.Statements...)
				}
			}
		}
		require.NotEmpty(t, out, prefix)
		return out
	}
	train := func(subnet, sg string) iamsim.Request {
		return iamsim.Request{Action: "sagemaker:CreateTrainingJob", Keys: map[string][]string{
			iampolicy.KeyVpcSubnets: {subnet}, iampolicy.KeyVpcSecurityGroupIds: {sg}}}
	}
	for _, c := range []struct {
		name  string
		stmts []iamsim.Statement
		r     iamsim.Request
		want  iamsim.Decision
	}{
		{"SCP: own account", stmts("gr-scp-", "content"), train(security.GrSubnetA, security.GrSGAlice), iamsim.NotApplicable},
		{"SCP: other account", stmts("gr-scp-", "content"), train(otherSubnet, otherSG), iamsim.NotApplicable},
		{"SCP: foreign subnet", stmts("gr-scp-", "content"), train("subnet-0ffffffffffffff99", otherSG), iamsim.Deny},
		{"managed: other account's subnet", stmts("gr-deny-", "policy"), train(otherSubnet, security.GrSGAlice), iamsim.Deny},
		{"managed: other account's group", stmts("gr-deny-", "policy"), train(security.GrSubnetA, otherSG), iamsim.Deny},
		{"managed: own account", stmts("gr-deny-", "policy"), train(security.GrSubnetA, security.GrSGAlice), iamsim.NotApplicable},
	} {
		res, err := iamsim.Evaluate(c.stmts, c.r)
		require.NoError(t, err)
		assert.Equal(t, c.want, res.Decision, "%s: %v", c.name, res.Matched)
	}
	got.Mu.Lock()
	defer got.Mu.Unlock()
	assert.Contains(t, strings.Join(got.ScpDocs, ""), otherSubnet)
}

// TestGuardrailsScpTargetValidation: targets are roots, OUs or account ids, each once, and
// only with CreateServiceControlPolicy; the SCP lists and capacities are checked like the
// guard's own. Nothing is registered on failure.
func TestGuardrailsScpTargetValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *security.GuardrailsArgs)
		want   []string
	}{
		{"bad and duplicate targets", func(a *security.GuardrailsArgs) {
			a.CreateServiceControlPolicy = true
			a.ScpTargetIds = []string{"ou-ab12", "12345", "r-ab12", "r-ab12"}
		}, []string{`ScpTargetIds[0] = "ou-ab12": want an organization root`, `ScpTargetIds[1] = "12345"`, `ScpTargetIds[3] = "r-ab12": want each target once`}},
		{"targets without the SCP", func(a *security.GuardrailsArgs) { a.ScpTargetIds = []string{"111122223333"} },
			[]string{"ScpTargetIds", "no targets unless CreateServiceControlPolicy is true"}},
		{"SCP lists", func(a *security.GuardrailsArgs) {
			a.CreateServiceControlPolicy = true
			a.ScpSubnetIds = pulumi.StringArray{pulumi.String("net-1")}
			a.ScpSecurityGroupIds = pulumi.StringArray{}
			a.MaxScpSubnetIds = -1
		}, []string{`ScpSubnetIds[0] = "net-1"`, `ScpSecurityGroupIds = "[]"`, `MaxScpSubnetIds = -1`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := security.GrArgs()
			tc.mutate(args)
			rec, _, _, err := security.GrRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

// TestCheckScpTargetIds: the exported rule config calls, passing and failing, with the fields
// GuardrailsArgs.Validate names.
func TestCheckScpTargetIds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		ids    []string
		create bool
		want   []string
	}{
		{"none", nil, false, nil},
		{"root, OU and account", []string{"r-ab12", "ou-ab12-abcdefgh", "111122223333"}, true, nil},
		{"an organization id", []string{"o-abcdefghij"}, true, []string{"ScpTargetIds[0]"}},
		{"twice", []string{"r-ab12", "r-ab12"}, true, []string{"ScpTargetIds[1]"}},
		{"without create", []string{"r-ab12"}, false, []string{"ScpTargetIds"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			errs, other := arg.Errors(security.CheckScpTargetIds(tc.ids, tc.create))
			require.Empty(t, other)
			var got []string
			for _, e := range errs {
				assert.Empty(t, e.Component)
				got = append(got, e.Field)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestGuardrailsScpCapacity: wired SCP lists take their own capacity; more IDs than that fail
// naming the SCP fields, and within it the SCP layout follows MaxScpSubnetIds.
func TestGuardrailsScpCapacity(t *testing.T) {
	t.Parallel()
	wired := func(ids ...string) pulumi.StringArrayOutput {
		arr := pulumi.StringArray{}
		for _, id := range ids {
			arr = append(arr, pulumi.String(id))
		}
		return arr.ToStringArrayOutput()
	}
	for _, tc := range []struct {
		name    string
		max     int
		wantErr string
	}{
		{"within capacity", 3, ""},
		{"over capacity", 2, "ScpSubnetIds resolved to 3 subnets: want at most MaxScpSubnetIds (2); raise MaxScpSubnetIds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := security.GrArgs()
			args.CreateServiceControlPolicy = true
			args.ScpSubnetIds = wired(security.GrSubnetA, security.GrSubnetB, "subnet-0ccccccccccccccc3")
			args.MaxScpSubnetIds = tc.max
			_, comp, _, err := security.GrRun(t, args)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			capacity := iampolicy.WorstCaseSpec(3, 2, 1, false, true)
			capacity.DenyPresignedUrlOutsideApi = true
			want, _, err := iampolicy.ServiceControlLayout(capacity, nil, iampolicy.SCPLimit)
			require.NoError(t, err)
			assert.Equal(t, want, comp.ServiceControlLayout)
		})
	}
}
