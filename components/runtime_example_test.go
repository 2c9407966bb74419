package components_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
)

// Runtime controls for an existing hub and spoke (compiled, not run).
func ExampleNewDnsFirewall() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		if _, err := components.NewBlockPublicAccess(ctx, "block-public-access", &components.BlockPublicAccessArgs{
			Exclusions: []components.BlockPublicAccessExclusion{
				{SubnetId: "subnet-0123456789abcdef0", Mode: "allow-egress", Reason: "patch mirror CHG-1234"},
			},
		}); err != nil {
			return err
		}
		fw, err := components.NewDnsFirewall(ctx, "dns-firewall", &components.DnsFirewallArgs{
			Region:              "us-east-1",
			Endpoints:           []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"},
			VpcIds:              map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0aaaaaaaaaaaaaaa0"), "spoke-research": pulumi.String("vpc-0bbbbbbbbbbbbbbb0")},
			ExtraAllowedDomains: []string{"corp.example.com", "*.corp.example.com"},
		})
		if err != nil {
			return err
		}
		detective, err := components.NewDetectiveControls(ctx, "detective", &components.DetectiveControlsArgs{
			RecorderExists: true, RuleNamePrefix: "ml-dev", Region: "us-east-1",
		})
		if err != nil {
			return err
		}
		kpi, err := components.NewKpiDashboard(ctx, "kpi", &components.KpiDashboardArgs{
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
		og, err := components.NewOrganizationGuardrails(ctx, "organization-guardrails", &components.OrganizationGuardrailsArgs{
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
