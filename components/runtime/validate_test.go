package runtime

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

// validator is any of the runtime components' arguments.
type validator interface{ Validate(name string) error }

// TestValidateMethods: each runtime component's Validate accepts valid arguments and names
// every bad field as an *arg.Error of that component, without registering anything.
func TestValidateMethods(t *testing.T) {
	t.Parallel()
	const ou = "ou-ab12-cdefgh34"
	vpc := map[string]pulumi.StringInput{"hub": pulumi.String("vpc-1234abcd")}
	for _, tc := range []struct {
		name      string
		args      validator
		component string
		fields    []string // nil: valid
	}{
		{"block public access: none", &BlockPublicAccessArgs{}, "BlockPublicAccess", nil},
		{"block public access: nil", (*BlockPublicAccessArgs)(nil), "BlockPublicAccess", nil},
		{"block public access: exclusion", &BlockPublicAccessArgs{Exclusions: []BlockPublicAccessExclusion{
			{VpcId: "vpc-1234abcd", Mode: "allow-egress", Reason: "mirror"}}}, "BlockPublicAccess", nil},
		{"block public access: bad and twice", &BlockPublicAccessArgs{Exclusions: []BlockPublicAccessExclusion{
			{VpcId: "vpc-1234abcd", Mode: "allow-egress", Reason: "mirror"},
			{VpcId: "vpc-1234abcd", Mode: "off", Reason: "mirror"}}}, "BlockPublicAccess",
			[]string{"Exclusions[1].Mode", "Exclusions[1]"}},

		{"dns firewall", &DnsFirewallArgs{Region: "us-east-1", VpcIds: vpc, ExtraAllowedDomains: []string{"corp.example.com"}}, "DnsFirewall", nil},
		{"dns firewall: nil", (*DnsFirewallArgs)(nil), "DnsFirewall", []string{"args"}},
		{"dns firewall: bad", &DnsFirewallArgs{Region: "mars", VpcIds: vpc, ExtraAllowedDomains: []string{"*", "a.example.com", "a.example.com"},
			QueryLogRetentionDays: 2}, "DnsFirewall",
			[]string{"Region", "ExtraAllowedDomains[0]", "ExtraAllowedDomains[2]", "QueryLogRetentionDays"}},
		{"dns firewall: no VPCs", &DnsFirewallArgs{Region: "us-east-1"}, "DnsFirewall", []string{"VpcIds"}},

		{"detective", &DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: "vpconly-dev", Region: "us-east-1"}, "DetectiveControls", nil},
		{"detective: bad", &DetectiveControlsArgs{RuleNamePrefix: "a b", Region: "mars"}, "DetectiveControls",
			[]string{"RecorderExists", "RuleNamePrefix", "Region"}},

		{"organization guardrails: rendered", (*OrganizationGuardrailsArgs)(nil), "OrganizationGuardrails", nil},
		{"organization guardrails: attached", &OrganizationGuardrailsArgs{Create: true, TargetIds: []string{ou, "r-ab12"}}, "OrganizationGuardrails", nil},
		{"organization guardrails: bad", &OrganizationGuardrailsArgs{TargetIds: []string{ou, ou, "o-abcdefghij"},
			ExemptPrincipalArns: []string{"arn:aws:iam::111111111111:role/*"}}, "OrganizationGuardrails",
			[]string{"ExemptPrincipalArns[0]", "TargetIds[1]", "TargetIds[2]", "TargetIds"}},

		{"kpi", &KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}}, "KpiDashboard", nil},
		{"kpi: bad", &KpiDashboardArgs{Region: "us-east-1", DashboardName: "a b", AlarmEmails: []string{"nobody"}}, "KpiDashboard",
			[]string{"LandingZoneCidrs", "DashboardName", "AlarmEmails[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.args.Validate("c")
			if tc.fields == nil {
				assert.NoError(t, err)
				return
			}
			errs, other := arg.Errors(err)
			assert.Empty(t, other)
			var fields []string
			for _, e := range errs {
				assert.Equal(t, tc.component, e.Component)
				assert.Equal(t, "c", e.Name)
				fields = append(fields, e.Field)
			}
			assert.Equal(t, tc.fields, fields)
		})
	}
}

// TestBlockPublicAccessExclusionValidate: an exclusion on its own names its Go fields, with no
// component; BlockPublicAccessArgs.Validate puts them under Exclusions[i].
func TestBlockPublicAccessExclusionValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		e    BlockPublicAccessExclusion
		want []string
	}{
		{"vpc", BlockPublicAccessExclusion{VpcId: "vpc-1234abcd", Mode: "allow-egress", Reason: "mirror"}, nil},
		{"subnet", BlockPublicAccessExclusion{SubnetId: "subnet-1234abcd", Mode: "allow-bidirectional", Reason: "CHG-1"}, nil},
		{"neither", BlockPublicAccessExclusion{Mode: "allow-egress", Reason: "x"}, []string{"VpcId"}},
		{"both", BlockPublicAccessExclusion{VpcId: "vpc-1234abcd", SubnetId: "subnet-1234abcd", Mode: "allow-egress", Reason: "x"}, []string{"SubnetId"}},
		{"bad subnet, mode and reason", BlockPublicAccessExclusion{SubnetId: "sn-1", Mode: "off", Reason: "a;b"}, []string{"SubnetId", "Mode", "Reason"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.e.Validate()
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			errs, other := arg.Errors(err)
			require.Empty(t, other)
			var fields []string
			for _, e := range errs {
				assert.Empty(t, e.Component)
				fields = append(fields, e.Field)
			}
			assert.Equal(t, tc.want, fields)
		})
	}
}

// TestKpiDashboardChecksItsDefaultName: an empty DashboardName stands for
// "<project>-<stack>-<name>", which Validate cannot know; the constructor checks it, and an
// explicit DashboardName avoids it.
func TestKpiDashboardChecksItsDefaultName(t *testing.T) {
	t.Parallel()
	args := &KpiDashboardArgs{Region: "us-east-1", LandingZoneCidrs: []string{"10.0.0.0/16"}}
	require.NoError(t, args.Validate("kpi.x"), "Validate alone cannot see the default")
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewKpiDashboard(ctx, "kpi.x", args)
		return err
	})
	componenttest.AssertRejected(t, rec, err, `KpiDashboard "kpi.x": DashboardName = "`, `kpi.x": want 1-255 letters`, "set DashboardName")
	var ae *arg.Error
	require.True(t, errors.As(err, &ae))

	named := *args
	named.DashboardName = "kpi"
	_, err = componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewKpiDashboard(ctx, "kpi.x", &named)
		return err
	})
	assert.NoError(t, err)
}
