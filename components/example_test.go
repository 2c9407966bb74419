package components_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
)

// These examples are compiled by `go test` (they have no Output comment, so they are not run:
// running them needs a Pulumi engine). They import the package through its module path, as a
// consumer's program does.

func ExampleNewEndpointHub() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		hub, err := components.NewEndpointHub(ctx, "hub", &components.EndpointHubArgs{
			Region:            "us-east-1",
			CidrBlock:         "10.0.0.0/24",
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			Endpoints:         []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"},
			SpokeCidrs:        map[string]string{"research": "10.1.0.0/20"},
		})
		if err != nil {
			return err
		}
		ctx.Export("transitGatewayId", hub.TransitGatewayId)
		return nil
	})
}

func ExampleNewSpokeVpc() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		hub, err := components.NewEndpointHub(ctx, "hub", &components.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			SpokeCidrs: map[string]string{"research": "10.1.0.0/20"},
		})
		if err != nil {
			return err
		}
		zones := map[string]pulumi.StringInput{}
		for key, id := range hub.Zones {
			zones[key] = id
		}
		spoke, err := components.NewSpokeVpc(ctx, "spoke-research", &components.SpokeVpcArgs{
			Region:                     "us-east-1",
			CidrBlock:                  "10.1.0.0/20",
			AvailabilityZones:          []string{"us-east-1a", "us-east-1b"},
			HubCidr:                    "10.0.0.0/24",
			TransitGatewayId:           hub.TransitGatewayId,
			TransitGatewayRouteTableId: hub.TransitGatewayRouteTableId,
			HubZoneIds:                 zones,
			S3BucketNames:              []string{"example-research-data"},
		})
		if err != nil {
			return err
		}
		ctx.Export("subnetIds", spoke.SubnetIds)
		return nil
	})
}

func ExampleNewStudioSecurityGroups() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		sgs, err := components.NewStudioSecurityGroups(ctx, "studio-research", &components.StudioSecurityGroupsArgs{
			VpcId:          pulumi.String("vpc-0123456789abcdef0"),
			HubCidr:        "10.0.0.0/24",
			S3PrefixListId: pulumi.String("pl-63a5400a"),
			UserNames:      []string{"alice", "bob"}, // a group of their own each
		})
		if err != nil {
			return err
		}
		ctx.Export("aliceGroup", sgs.UserGroups["alice"])
		return nil
	})
}

func ExampleNewGuardrails() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		guards, err := components.NewGuardrails(ctx, "guardrails", &components.GuardrailsArgs{
			Region:                 "us-east-1",
			SpokeSubnetIds:         pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			SecurityGroupIds:       pulumi.StringArray{pulumi.String("sg-0studio")},
			SageMakerApiEndpointId: pulumi.String("vpce-0api"),
			DataSensitivity:        "regulated",
			DenyNotebookRootAccess: true,
			BucketNames:            []string{"example-research-data"},
		})
		if err != nil {
			return err
		}
		// Attach the deny guard to roles the landing zone does not create, too.
		ctx.Export("denyGuardPolicyArns", guards.DenyGuardPolicyArns)
		return nil
	})
}

func ExampleNewStudioDomain() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		domain, err := components.NewStudioDomain(ctx, "research", &components.StudioDomainArgs{
			DomainName:       "research",
			VpcId:            pulumi.String("vpc-0123456789abcdef0"),
			SubnetIds:        pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			SecurityGroupId:  pulumi.String("sg-0studio"),
			ExecutionRoleArn: pulumi.String("arn:aws:iam::123456789012:role/studio-execution"),
			Users:            []components.StudioUser{{Name: "alice", Owner: "alice@example.com"}},
			Protect:          true, // prod: the domain, its KMS key and profiles cannot be deleted by an update
		})
		if err != nil {
			return err
		}
		ctx.Export("jobNetworkConfig", domain.JobNetworkConfig)
		return nil
	})
}

func ExampleNewNetworkBudget() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		budget, err := components.NewNetworkBudget(ctx, "network-budget", &components.NetworkBudgetArgs{
			MonthlyLimitUsd: 400,
			Emails:          []string{"ml-platform@example.com"},
			CostCenter:      "CC-ML-1001",
		})
		if err != nil {
			return err
		}
		ctx.Export("budgetName", budget.BudgetName)
		return nil
	})
}
