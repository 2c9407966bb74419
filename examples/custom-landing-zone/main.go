// Command custom-landing-zone builds a landing zone from the components with its own choices,
// without the sagemaker-landing-zone program or its config model: a consumer's Go program.
//
//	cd examples/custom-landing-zone && pulumi up -s example
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
)

// Choices this consumer makes.
var (
	region    = "eu-west-1"
	azs       = []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	hubCidr   = "10.50.0.0/23"
	spokeCidr = "10.51.0.0/20"
	endpoints = []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs", "ecr.api", "ecr.dkr"}
	tags      = map[string]string{"owner": "fraud-ml@example.com", "cost-center": "CC-FR-7", "data-sensitivity": "confidential"}
)

// program is the whole Pulumi program; main_test.go runs it under mocks.
func program(ctx *pulumi.Context) error {
	prov, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{
		Region:      pulumi.String(region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(tags)},
	})
	if err != nil {
		return err
	}
	opt := pulumi.Provider(prov)
	hub, err := network.NewEndpointHub(ctx, "fraud-hub", &network.EndpointHubArgs{
		Region: region, CidrBlock: hubCidr, AvailabilityZones: azs, Endpoints: endpoints,
		SpokeCidrs: map[string]string{"fraud": spokeCidr},
	}, opt)
	if err != nil {
		return err
	}
	// The hub as one value (network.HubRef) for the spoke and the guards.
	spoke, err := network.NewSpokeVpc(ctx, "fraud-spoke", &network.SpokeVpcArgs{
		Region: region, CidrBlock: spokeCidr, AvailabilityZones: azs, Hub: hub.Ref(),
		S3BucketNames: []string{"example-fraud-features"}, FlowLogRetentionDays: 90,
	}, opt)
	if err != nil {
		return err
	}
	// One shared Studio group: this team accepts that its users can reach each other's apps.
	sgs, err := security.NewStudioSecurityGroups(ctx, "fraud-studio", &security.StudioSecurityGroupsArgs{
		VpcId: spoke.VpcId, Hub: hub.Ref(), S3PrefixListId: spoke.S3PrefixListId,
	}, opt)
	if err != nil {
		return err
	}
	guards, err := security.NewGuardrails(ctx, "fraud-guards", &security.GuardrailsArgs{
		Region: region, SpokeSubnetIds: spoke.SubnetIds, MaxSubnetIds: len(azs),
		SecurityGroupIds: pulumi.StringArray{sgs.DomainSecurityGroupId},
		Hub:              hub.Ref(),
		DataSensitivity:  tags["data-sensitivity"], DenyNotebookRootAccess: true,
		BucketNames: []string{"example-fraud-features"},
	}, opt)
	if err != nil {
		return err
	}
	domain, err := studio.NewStudioDomain(ctx, "fraud-studio", &studio.StudioDomainArgs{
		DomainName: "fraud-ml", VpcId: spoke.VpcId, SubnetIds: spoke.SubnetIds,
		SecurityGroupId: sgs.DomainSecurityGroupId, ExecutionRoleArn: guards.ExecutionRoleArn,
		Users: []studio.StudioUser{{Name: "kim", Owner: "kim@example.com"}, {Name: "lee", Owner: "lee@example.com"}},
	}, opt)
	if err != nil {
		return err
	}
	ctx.Export("studioUrl", domain.Url)
	ctx.Export("jobNetworkConfig", domain.JobNetworkConfig)
	ctx.Export("denyGuardPolicyArns", guards.DenyGuardPolicyArns)
	return nil
}

func main() { pulumi.Run(program) }
