package components_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

// run runs program under the recording mock in us-east-1, as pulumi.Run would under an engine.
func run(program pulumi.RunFunc) *recorder.Recording {
	rec, err := recorder.Run(recorder.Options{Stack: "example", Config: map[string]string{"aws:region": "us-east-1"}}, program)
	if err != nil {
		fmt.Println("error:", err)
	}
	return rec
}

// count prints how many resources of each type token were registered, for the given types.
func count(rec *recorder.Recording, types ...string) {
	for _, t := range types {
		fmt.Printf("%s: %d\n", t, len(rec.ByType(t)))
	}
}

func ExampleNewEndpointHub() {
	rec := run(func(ctx *pulumi.Context) error {
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
	count(rec, "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:route53/zone:Zone", "aws:ec2transitgateway/transitGateway:TransitGateway",
		"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway")
	// Output:
	// aws:ec2/vpcEndpoint:VpcEndpoint: 5
	// aws:route53/zone:Zone: 5
	// aws:ec2transitgateway/transitGateway:TransitGateway: 1
	// aws:ec2/internetGateway:InternetGateway: 0
	// aws:ec2/natGateway:NatGateway: 0
}

func ExampleNewSpokeVpc() {
	rec := run(func(ctx *pulumi.Context) error {
		hub, err := components.NewEndpointHub(ctx, "hub", &components.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			SpokeCidrs: map[string]string{"research": "10.1.0.0/20"},
		})
		if err != nil {
			return err
		}
		spoke, err := components.NewSpokeVpc(ctx, "spoke-research", &components.SpokeVpcArgs{
			Region:            "us-east-1",
			CidrBlock:         "10.1.0.0/20",
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			Hub:               hub.Ref(), // CIDR, Transit Gateway, zones: the hub as one value
			S3BucketNames:     []string{"example-research-data"},
		})
		if err != nil {
			return err
		}
		ctx.Export("subnetIds", spoke.SubnetIds)
		return nil
	})
	count(rec, "aws:ec2/subnet:Subnet", "aws:ec2/flowLog:FlowLog", "aws:ec2/internetGateway:InternetGateway")
	lg, _ := rec.Find("aws:cloudwatch/logGroup:LogGroup", "spoke-research-flow-logs")
	fmt.Println("flow logs:", lg.Input("name").StringValue())
	// Output:
	// aws:ec2/subnet:Subnet: 4
	// aws:ec2/flowLog:FlowLog: 1
	// aws:ec2/internetGateway:InternetGateway: 0
	// flow logs: /vpconly/flow-logs/sagemaker-landing-zone/example/spoke-research
}

func ExampleNewStudioSecurityGroups() {
	rec := run(func(ctx *pulumi.Context) error {
		sgs, err := components.NewStudioSecurityGroups(ctx, "studio-research", &components.StudioSecurityGroupsArgs{
			VpcId:          pulumi.String("vpc-0123456789abcdef0"),
			Hub:            components.HubRef{Cidr: "10.0.0.0/24"}, // or hub.Ref()
			S3PrefixListId: pulumi.String("pl-63a5400a"),
			UserNames:      []string{"alice", "bob"}, // a group of their own each
		})
		if err != nil {
			return err
		}
		ctx.Export("aliceGroup", sgs.UserGroups["alice"])
		return nil
	})
	var names []string
	for _, g := range rec.ByType("aws:ec2/securityGroup:SecurityGroup") {
		names = append(names, g.Name)
	}
	slices.Sort(names)
	fmt.Println(strings.Join(names, "\n"))
	// Output:
	// studio-research-domain
	// studio-research-user-alice
	// studio-research-user-bob
}

func ExampleNewGuardrails() {
	rec := run(func(ctx *pulumi.Context) error {
		guards, err := components.NewGuardrails(ctx, "guardrails", &components.GuardrailsArgs{
			Region:           "us-east-1",
			SpokeSubnetIds:   pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-0studio")},
			Hub: components.HubRef{EndpointIds: map[string]pulumi.StringInput{
				"sagemaker.api": pulumi.String("vpce-0api"), "studio": pulumi.String("vpce-0studio")}},
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
	regulated := false
	for _, p := range rec.ByType("aws:iam/policy:Policy") {
		regulated = regulated || strings.Contains(p.Input("policy").StringValue(), "sagemaker:NetworkIsolation")
	}
	fmt.Println("the guard requires network isolation:", regulated)
	count(rec, "aws:organizations/policy:Policy")
	// Output:
	// the guard requires network isolation: true
	// aws:organizations/policy:Policy: 0
}

func ExampleNewStudioDomain() {
	rec := run(func(ctx *pulumi.Context) error {
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
	for _, d := range rec.ByType("aws:sagemaker/domain:Domain") {
		fmt.Println(d.Name, d.Input("appNetworkAccessType").StringValue(), "protected:", d.Protect)
	}
	count(rec, "aws:sagemaker/userProfile:UserProfile")
	// Output:
	// research VpcOnly protected: true
	// aws:sagemaker/userProfile:UserProfile: 1
}

func ExampleNewNetworkBudget() {
	rec := run(func(ctx *pulumi.Context) error {
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
	for _, b := range rec.ByType("aws:budgets/budget:Budget") {
		fmt.Println(b.Input("name").StringValue(), b.Input("limitAmount").StringValue(), b.Input("limitUnit").StringValue())
	}
	// Output:
	// sagemaker-landing-zone-example-network-budget 400 USD
}
