package runtime_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
)

// Runtime controls for an existing hub and spoke (compiled, not run).
func ExampleNewDnsFirewall() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		if _, err := runtime.NewBlockPublicAccess(ctx, "block-public-access", &runtime.BlockPublicAccessArgs{
			Exclusions: []runtime.BlockPublicAccessExclusion{
				{SubnetId: "subnet-0123456789abcdef0", Mode: "allow-egress", Reason: "patch mirror CHG-1234"},
			},
		}); err != nil {
			return err
		}
		fw, err := runtime.NewDnsFirewall(ctx, "dns-firewall", &runtime.DnsFirewallArgs{
			Region:              "us-east-1",
			Endpoints:           []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"},
			VpcIds:              map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0aaaaaaaaaaaaaaa0"), "spoke-research": pulumi.String("vpc-0bbbbbbbbbbbbbbb0")},
			ExtraAllowedDomains: []string{"corp.example.com", "*.corp.example.com"},
		})
		if err != nil {
			return err
		}
		detective, err := runtime.NewDetectiveControls(ctx, "detective", &runtime.DetectiveControlsArgs{
			RecorderExists: true, RuleNamePrefix: "ml-dev", Region: "us-east-1",
		})
		if err != nil {
			return err
		}
		kpi, err := runtime.NewKpiDashboard(ctx, "kpi", &runtime.KpiDashboardArgs{
			Region:                 "us-east-1",
			LandingZoneCidrs:       []string{"10.0.0.0/24", "10.1.0.0/20"},
			FlowLogGroupNames:      map[string]pulumi.StringInput{"research": pulumi.String("/vpconly/flow-logs/spoke-research")},
			QueryLogGroupName:      fw.QueryLogGroupName,
			ComplianceLogGroupName: detective.ComplianceLogGroupName,
			DomainRuleName:         detective.DomainRuleName,
			AlarmEmails:            []string{"security@example.com"},
		})
		if err != nil {
			return err
		}
		ctx.Export("alertTopicArn", kpi.AlertTopicArn)
		return nil
	})
}

func ExampleNewOrganizationGuardrails() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		og, err := runtime.NewOrganizationGuardrails(ctx, "organization-guardrails", &runtime.OrganizationGuardrailsArgs{
			ExemptPrincipalArns: []string{"arn:aws:iam::111122223333:role/landing-zone-deployer"},
			Create:              true,
			TargetIds:           []string{"ou-ab12-cdefgh34"},
		})
		if err != nil {
			return err
		}
		ctx.Export("guardrailPolicyIds", og.PolicyIds)
		return nil
	})
}
