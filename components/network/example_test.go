package network_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

func ExampleNewEndpointHub() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		hub, err := network.NewEndpointHub(ctx, "hub", &network.EndpointHubArgs{
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
	componenttest.PrintCounts(rec, "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:route53/zone:Zone", "aws:ec2transitgateway/transitGateway:TransitGateway",
		"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway")
	// Output:
	// aws:ec2/vpcEndpoint:VpcEndpoint: 5
	// aws:route53/zone:Zone: 5
	// aws:ec2transitgateway/transitGateway:TransitGateway: 1
	// aws:ec2/internetGateway:InternetGateway: 0
	// aws:ec2/natGateway:NatGateway: 0
}

func ExampleNewSpokeVpc() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		hub, err := network.NewEndpointHub(ctx, "hub", &network.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			SpokeCidrs: map[string]string{"research": "10.1.0.0/20"},
		})
		if err != nil {
			return err
		}
		spoke, err := network.NewSpokeVpc(ctx, "spoke-research", &network.SpokeVpcArgs{
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
	componenttest.PrintCounts(rec, "aws:ec2/subnet:Subnet", "aws:ec2/flowLog:FlowLog", "aws:ec2/internetGateway:InternetGateway")
	lg, _ := rec.Find("aws:cloudwatch/logGroup:LogGroup", "spoke-research-flow-logs")
	fmt.Println("flow logs:", lg.Input("name").StringValue())
	// Output:
	// aws:ec2/subnet:Subnet: 4
	// aws:ec2/flowLog:FlowLog: 1
	// aws:ec2/internetGateway:InternetGateway: 0
	// flow logs: /vpconly/flow-logs/sagemaker-landing-zone/example/spoke-research
}
