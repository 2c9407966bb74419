package main

import (
	"fmt"

	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
)

// blockCase is one building block: its token, arguments a consumer passes, and the Go API call
// with the same arguments.
type blockCase struct {
	token string
	args  any
	goAPI func(ctx *pulumi.Context, name string) error
}

func hubRef() network.HubRef {
	return network.HubRef{
		Region: testRegion, Cidr: "10.0.0.0/24", VpcId: pulumi.String("vpc-0hub"),
		TransitGatewayId: pulumi.String("tgw-0hub"), TransitGatewayRouteTableId: pulumi.String("tgw-rtb-0hub"),
		ZoneIds:      map[string]pulumi.StringInput{"sagemaker.api": pulumi.String("Z0API"), "studio": pulumi.String("Z0STUDIO")},
		EndpointIds:  map[string]pulumi.StringInput{"sagemaker.api": pulumi.String("vpce-0api"), "studio": pulumi.String("vpce-0studio")},
		EndpointKeys: []string{"sagemaker.api", "studio"},
	}
}

func blockCases() []blockCase {
	hub := &network.EndpointHubArgs{
		Region: testRegion, CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		Endpoints: []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"}, SpokeCidrs: map[string]string{"research": "10.1.0.0/20"},
		AccountId: pulumi.String("123456789012"),
	}
	spoke := &network.SpokeVpcArgs{
		Region: testRegion, CidrBlock: "10.1.0.0/20", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		Hub: hubRef(), S3BucketNames: []string{"example-research-data"},
	}
	studioSGs := &security.StudioSecurityGroupsArgs{
		VpcId: pulumi.String("vpc-0spoke"), Hub: hubRef(), S3PrefixListId: pulumi.String("pl-63a5400a"), UserNames: []string{"alice", "bob"},
	}
	jobs := &security.JobSecurityGroupArgs{VpcId: pulumi.String("vpc-0spoke"), Hub: hubRef(), S3PrefixListId: pulumi.String("pl-63a5400a")}
	guards := &security.GuardrailsArgs{
		Region: testRegion, SpokeSubnetIds: pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
		SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-0studio")}, Hub: hubRef(), DataSensitivity: "regulated",
		DenyNotebookRootAccess: true, BucketNames: []string{"example-research-data"},
	}
	domain := &studio.StudioDomainArgs{
		DomainName: "research", VpcId: pulumi.String("vpc-0spoke"),
		SubnetIds: pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")}, SecurityGroupId: pulumi.String("sg-0studio"),
		ExecutionRoleArn: pulumi.String("arn:aws:iam::123456789012:role/studio-execution"),
		Users:            []studio.StudioUser{{Name: "alice", Owner: "alice@example.com", SecurityGroupId: pulumi.String("sg-0alice")}},
		Protect:          true, Tags: map[string]string{"owner": "ml-platform@example.com"},
	}
	budget := &finops.NetworkBudgetArgs{MonthlyLimitUsd: 400, Emails: []string{"ml-platform@example.com"}, CostCenter: "CC-1"}
	bpa := &runtime.BlockPublicAccessArgs{Exclusions: []runtime.BlockPublicAccessExclusion{
		{VpcId: "vpc-0abc", Mode: "allow-egress", Reason: "a test"}}, Protect: true}
	dnsfw := &runtime.DnsFirewallArgs{Region: testRegion, VpcIds: map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0hub")},
		AccountId: pulumi.String("123456789012")}
	supplyHub := hubRef()
	for i, k := range []string{"codeartifact.api", "codeartifact.repositories"} {
		supplyHub.EndpointIds[k] = pulumi.String(fmt.Sprintf("vpce-0c%d", i))
		supplyHub.EndpointKeys = append(supplyHub.EndpointKeys, k)
	}
	corporate := &access.CorporateAccessArgs{CorporateCidrs: []string{"192.168.0.0/16"}, Hub: hubRef(),
		HubAttachmentId: pulumi.String("tgw-attach-0hub"), SpokeCidrs: map[string]string{"research": "10.1.0.0/20"},
		OnPremisesSpokes: map[string]pulumi.StringInput{"research": pulumi.String("tgw-attach-0research")},
		Vpn:              &access.CorporateVpn{CustomerGatewayIp: "198.51.100.10", BgpAsn: 65010}}
	resolver := &access.ResolverEndpointsArgs{VpcId: pulumi.String("vpc-0hub"),
		SubnetIds:         pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, CorporateCidrs: []string{"192.168.0.0/16"},
		Outbound: &access.ResolverOutbound{DomainNames: []string{"corp.example.com"}, TargetIps: []string{"192.168.0.2"},
			VpcIds: map[string]pulumi.StringInput{"research": pulumi.String("vpc-0spoke")}}}
	human := &access.HumanAccessPolicyArgs{Region: testRegion, DomainIds: pulumi.ToStringArray([]string{"d-abc123"}), Hub: hubRef()}
	packages := &supply.PackageSupplyArgs{Region: testRegion, Hub: supplyHub, AccountId: pulumi.String("123456789012"),
		Settings: supply.PackageSettings{AllowedPackages: []string{"numpy"}}}
	images := &supply.ImageSupplyArgs{Region: testRegion, AccountId: pulumi.String("123456789012"),
		Settings: supply.ImageSettings{Repositories: []string{"ml/base"}, PullThroughCachePrefix: "ecr-public"}}
	detective := &runtime.DetectiveControlsArgs{RecorderExists: true, RuleNamePrefix: "vpconly-dev", Region: testRegion,
		AccountId: pulumi.String("123456789012")}
	kpi := &runtime.KpiDashboardArgs{Region: testRegion, LandingZoneCidrs: []string{"10.0.0.0/24", "10.1.0.0/20"},
		FlowLogGroupNames:      map[string]pulumi.StringInput{"research": pulumi.String("/vpconly/flow-logs/spoke-research")},
		QueryLogGroupName:      pulumi.String("/vpconly/resolver-query-logs/dns"),
		ComplianceLogGroupName: pulumi.String("/vpconly/config-compliance/detective"),
		DomainRuleName:         "vpconly-dev-sm-domain-vpc-only", NetworkCostEstimateUsd: 153.2, BudgetLimitUsd: 400,
		AlarmEmails: []string{"ml-platform@example.com"}, AccountId: pulumi.String("123456789012")}
	org := &runtime.OrganizationGuardrailsArgs{ExemptPrincipalArns: []string{"arn:aws:iam::111122223333:role/landing-zone-deployer"},
		Create: true, TargetIds: []string{"ou-ab12-cdefgh34"}}
	return []blockCase{
		{access.CorporateAccessType, corporate, func(ctx *pulumi.Context, n string) error {
			_, err := access.NewCorporateAccess(ctx, n, corporate)
			return err
		}},
		{access.ResolverEndpointsType, resolver, func(ctx *pulumi.Context, n string) error {
			_, err := access.NewResolverEndpoints(ctx, n, resolver)
			return err
		}},
		{access.HumanAccessPolicyType, human, func(ctx *pulumi.Context, n string) error {
			_, err := access.NewHumanAccessPolicy(ctx, n, human)
			return err
		}},
		{supply.PackageSupplyType, packages, func(ctx *pulumi.Context, n string) error {
			_, err := supply.NewPackageSupply(ctx, n, packages)
			return err
		}},
		{supply.ImageSupplyType, images, func(ctx *pulumi.Context, n string) error {
			_, err := supply.NewImageSupply(ctx, n, images)
			return err
		}},
		{runtime.DetectiveControlsType, detective, func(ctx *pulumi.Context, n string) error {
			_, err := runtime.NewDetectiveControls(ctx, n, detective)
			return err
		}},
		{runtime.KpiDashboardType, kpi, func(ctx *pulumi.Context, n string) error {
			_, err := runtime.NewKpiDashboard(ctx, n, kpi)
			return err
		}},
		{runtime.OrganizationGuardrailsType, org, func(ctx *pulumi.Context, n string) error {
			_, err := runtime.NewOrganizationGuardrails(ctx, n, org)
			return err
		}},
		{network.EndpointHubType, hub, func(ctx *pulumi.Context, n string) error {
			_, err := network.NewEndpointHub(ctx, n, hub)
			return err
		}},
		{network.SpokeVpcType, spoke, func(ctx *pulumi.Context, n string) error {
			_, err := network.NewSpokeVpc(ctx, n, spoke)
			return err
		}},
		{security.StudioSecurityGroupsType, studioSGs, func(ctx *pulumi.Context, n string) error {
			_, err := security.NewStudioSecurityGroups(ctx, n, studioSGs)
			return err
		}},
		{security.JobSecurityGroupType, jobs, func(ctx *pulumi.Context, n string) error {
			_, err := security.NewJobSecurityGroup(ctx, n, jobs)
			return err
		}},
		{security.GuardrailsType, guards, func(ctx *pulumi.Context, n string) error {
			_, err := security.NewGuardrails(ctx, n, guards)
			return err
		}},
		{studio.StudioDomainType, domain, func(ctx *pulumi.Context, n string) error {
			_, err := studio.NewStudioDomain(ctx, n, domain)
			return err
		}},
		{finops.NetworkBudgetType, budget, func(ctx *pulumi.Context, n string) error {
			_, err := finops.NewNetworkBudget(ctx, n, budget)
			return err
		}},
		{runtime.BlockPublicAccessType, bpa, func(ctx *pulumi.Context, n string) error {
			_, err := runtime.NewBlockPublicAccess(ctx, n, bpa)
			return err
		}},
		{runtime.DnsFirewallType, dnsfw, func(ctx *pulumi.Context, n string) error {
			_, err := runtime.NewDnsFirewall(ctx, n, dnsfw)
			return err
		}},
	}
}

// TestBlocksConstructAsTheGoAPI: each building block constructed through the provider registers
// the Go API's children: same URNs, types and inputs.
func TestBlocksConstructAsTheGoAPI(t *testing.T) {
	t.Parallel()
	region := map[string]string{"aws:region": testRegion}
	for _, c := range blockCases() {
		t.Run(c.token, func(t *testing.T) {
			t.Parallel()
			goRec, err := goRun(t, region, func(ctx *pulumi.Context) error { return c.goAPI(ctx, "blk") })
			require.NoError(t, err)
			provRec, _, err := construct(t, c.token, "blk", inputsOf(c.args), region)
			require.NoError(t, err)
			assert.Greater(t, len(goRec.Resources), 1, "the component has children")
			sameChildren(t, goRec, provRec, "")
		})
	}
}

// TestSameChildrenSeesADifference: the comparison fails when the provider got other arguments
// than the Go API (one more user, a changed CIDR) and passes on the same ones.
func TestSameChildrenSeesADifference(t *testing.T) {
	t.Parallel()
	region := map[string]string{"aws:region": testRegion}
	args := func(users []string) *security.StudioSecurityGroupsArgs {
		return &security.StudioSecurityGroupsArgs{VpcId: pulumi.String("vpc-0spoke"), Hub: hubRef(),
			S3PrefixListId: pulumi.String("pl-63a5400a"), UserNames: users}
	}
	goRec, err := goRun(t, region, func(ctx *pulumi.Context) error {
		_, err := security.NewStudioSecurityGroups(ctx, "blk", args([]string{"alice"}))
		return err
	})
	require.NoError(t, err)
	for _, c := range []struct {
		name string
		args *security.StudioSecurityGroupsArgs
		fail bool
	}{
		{"same", args([]string{"alice"}), false},
		{"one more user", args([]string{"alice", "bob"}), true},
		{"another hub CIDR", func() *security.StudioSecurityGroupsArgs {
			a := args([]string{"alice"})
			a.Hub.Cidr = "10.9.0.0/24"
			return a
		}(), true},
	} {
		provRec, _, err := construct(t, security.StudioSecurityGroupsType, "blk", inputsOf(c.args), region)
		require.NoError(t, err)
		assert.Equal(t, c.fail, fails(func(ft testingT) { sameChildren(ft, goRec, provRec, "") }), c.name)
	}
}

// TestEveryBlockIsConstructed: every building block of the package has a Construct case above.
func TestEveryBlockIsConstructed(t *testing.T) {
	t.Parallel()
	cased := map[string]bool{LandingZoneType: true} // landing_zone_test.go
	for _, c := range blockCases() {
		cased[c.token] = true
	}
	for _, b := range blocks() {
		assert.True(t, cased[b.token], "no Construct case for %s", b.token)
	}
}
