// Package leaks holds small Pulumi programs, each of which opens exactly one path to the internet
// (or breaks exactly one network guardrail) inside an otherwise compliant setup, as a consumer of
// the landing zone might by mistake. The policy pack must block each with the right policy and no
// other; Clean is the compliant baseline that must pass untouched.
package leaks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	awsxec2 "github.com/pulumi/pulumi-awsx/sdk/v2/go/awsx/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Leak is one program and the policies that must block it.
type Leak struct {
	Name     string
	Program  pulumi.RunFunc
	Policies []string // sorted
}

// All returns the leak programs.
func All() []Leak {
	return append([]Leak{
		{"awsx-vpc", awsxVpc, []string{"no-internet-gateway"}},
		{"nat-gateway", natGateway, []string{"no-nat-gateway"}},
		{"public-subnet", publicSubnet, []string{"no-public-subnet"}},
		{"default-route", defaultRoute, []string{"no-internet-route"}},
		{"public-internet-domain", publicDomain, []string{"sagemaker-domain-vpc-only"}},
		{"model-without-vpc", modelWithoutVpc, []string{"sagemaker-model-vpc"}},
		{"open-security-group", openSecurityGroup, []string{"no-open-security-group"}},
		{"internet-gateway", internetGateway, []string{"no-internet-gateway"}},
		{"elastic-ip", elasticIP, []string{"no-elastic-ip"}},
		{"notebook-direct-internet", notebookDirectInternet, []string{"sagemaker-notebook-no-direct-internet"}},
		{"interface-endpoint-without-sg", endpointWithoutSG, []string{"vpc-interface-endpoint-security-groups"}},
		{"domain-in-vpc-with-igw", domainInOpenVpc, []string{"no-internet-gateway", "sagemaker-domain-private-vpc"}},
	}, classLeaks()...)
}

// base is the compliant setup every program starts from: an explicit provider with the FinOps
// default tags, an isolated VPC with one private subnet, and a security group scoped to the VPC.
type base struct {
	opt    pulumi.ResourceOption
	vpc    *ec2.Vpc
	subnet *ec2.Subnet
	sg     *ec2.SecurityGroup
}

func newBase(ctx *pulumi.Context) (*base, error) {
	prov, err := aws.NewProvider(ctx, "aws", &aws.ProviderArgs{
		Region: pulumi.String("us-east-1"),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{
			"owner": pulumi.String("consumer@example.com"), "cost-center": pulumi.String("CC-42"),
			"data-sensitivity": pulumi.String("confidential"),
		}},
	})
	if err != nil {
		return nil, err
	}
	b := &base{opt: pulumi.Provider(prov)}
	if b.vpc, err = ec2.NewVpc(ctx, "app", &ec2.VpcArgs{CidrBlock: pulumi.String("10.50.0.0/16"),
		EnableDnsHostnames: pulumi.Bool(true)}, b.opt); err != nil {
		return nil, err
	}
	if b.subnet, err = ec2.NewSubnet(ctx, "app-a", &ec2.SubnetArgs{VpcId: b.vpc.ID(), CidrBlock: pulumi.String("10.50.0.0/24"),
		AvailabilityZone: pulumi.String("us-east-1a")}, b.opt); err != nil {
		return nil, err
	}
	if b.sg, err = ec2.NewSecurityGroup(ctx, "app", &ec2.SecurityGroupArgs{VpcId: b.vpc.ID(),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{Protocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String("10.50.0.0/16")}}},
		Egress: ec2.SecurityGroupEgressArray{&ec2.SecurityGroupEgressArgs{Protocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String("10.0.0.0/8")}}},
	}, b.opt); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *base) domain(ctx *pulumi.Context, access string) error {
	_, err := sagemaker.NewDomain(ctx, "studio", &sagemaker.DomainArgs{
		DomainName: pulumi.String("studio"), AuthMode: pulumi.String("IAM"),
		AppNetworkAccessType: pulumi.String(access),
		VpcId:                b.vpc.ID(), SubnetIds: pulumi.StringArray{b.subnet.ID()},
		DefaultUserSettings: &sagemaker.DomainDefaultUserSettingsArgs{
			ExecutionRole:  pulumi.String("arn:aws:iam::123456789012:role/studio"),
			SecurityGroups: pulumi.StringArray{b.sg.ID()},
		},
	}, b.opt)
	return err
}

func (b *base) model(ctx *pulumi.Context, vpc bool) error {
	args := &sagemaker.ModelArgs{
		ExecutionRoleArn:       pulumi.String("arn:aws:iam::123456789012:role/model"),
		EnableNetworkIsolation: pulumi.Bool(true),
		PrimaryContainer: &sagemaker.ModelPrimaryContainerArgs{
			Image: pulumi.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1")},
	}
	if vpc {
		args.VpcConfig = &sagemaker.ModelVpcConfigArgs{Subnets: pulumi.StringArray{b.subnet.ID()},
			SecurityGroupIds: pulumi.StringArray{b.sg.ID()}}
	}
	_, err := sagemaker.NewModel(ctx, "model", args, b.opt)
	return err
}

// Clean is the compliant baseline: a VpcOnly domain, a model in the VPC and an interface
// endpoint with its security group, in an isolated VPC, plus the hardening patterns (a blackhole
// default route, an endpoint whose security group comes through an association).
func Clean(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	if err := b.hardening(ctx); err != nil {
		return err
	}
	if err := b.domain(ctx, "VpcOnly"); err != nil {
		return err
	}
	if err := b.model(ctx, true); err != nil {
		return err
	}
	_, err = ec2.NewVpcEndpoint(ctx, "sts", &ec2.VpcEndpointArgs{VpcId: b.vpc.ID(),
		ServiceName: pulumi.String("com.amazonaws.us-east-1.sts"), VpcEndpointType: pulumi.String("Interface"),
		PrivateDnsEnabled: pulumi.Bool(true), SubnetIds: pulumi.StringArray{b.subnet.ID()},
		SecurityGroupIds: pulumi.StringArray{b.sg.ID()}}, b.opt)
	return err
}

// awsxVpc builds the VPC with awsx, as isolated as awsx allows: awsx still attaches an internet
// gateway.
func awsxVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	strategy := awsxec2.SubnetAllocationStrategyAuto
	_, err = awsxec2.NewVpc(ctx, "shared", &awsxec2.VpcArgs{
		CidrBlock:      pulumi.StringRef("10.60.0.0/16"),
		SubnetStrategy: &strategy,
		SubnetSpecs:    []awsxec2.SubnetSpecArgs{{Type: awsxec2.SubnetTypeIsolated}},
		NatGateways:    &awsxec2.NatGatewayConfigurationArgs{Strategy: awsxec2.NatGatewayStrategyNone},
	}, b.opt)
	return err
}

// natGateway adds a NAT gateway on an existing Elastic IP allocation.
func natGateway(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewNatGateway(ctx, "egress", &ec2.NatGatewayArgs{SubnetId: b.subnet.ID(),
		AllocationId: pulumi.String("eipalloc-0123456789abcdef0")}, b.opt)
	return err
}

func publicSubnet(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewSubnet(ctx, "app-public", &ec2.SubnetArgs{VpcId: b.vpc.ID(), CidrBlock: pulumi.String("10.50.1.0/24"),
		MapPublicIpOnLaunch: pulumi.Bool(true)}, b.opt)
	return err
}

// defaultRoute sends everything to a transit gateway: a default route, even if no internet
// gateway is in sight here.
func defaultRoute(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	rt, err := ec2.NewRouteTable(ctx, "app", &ec2.RouteTableArgs{VpcId: b.vpc.ID()}, b.opt)
	if err != nil {
		return err
	}
	_, err = ec2.NewRoute(ctx, "default", &ec2.RouteArgs{RouteTableId: rt.ID(),
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"), TransitGatewayId: pulumi.String("tgw-0123456789abcdef0")}, b.opt)
	return err
}

func publicDomain(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	return b.domain(ctx, "PublicInternetOnly")
}

func modelWithoutVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	return b.model(ctx, false)
}

func openSecurityGroup(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewSecurityGroup(ctx, "web", &ec2.SecurityGroupArgs{VpcId: b.vpc.ID(),
		Ingress: ec2.SecurityGroupIngressArray{&ec2.SecurityGroupIngressArgs{Protocol: pulumi.String("tcp"),
			FromPort: pulumi.Int(443), ToPort: pulumi.Int(443), CidrBlocks: pulumi.StringArray{pulumi.String("0.0.0.0/0")}}},
	}, b.opt)
	return err
}

func internetGateway(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewInternetGateway(ctx, "igw", &ec2.InternetGatewayArgs{VpcId: b.vpc.ID()}, b.opt)
	return err
}

func elasticIP(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewEip(ctx, "ip", &ec2.EipArgs{Domain: pulumi.String("vpc")}, b.opt)
	return err
}

func notebookDirectInternet(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = sagemaker.NewNotebookInstance(ctx, "nb", &sagemaker.NotebookInstanceArgs{
		InstanceType: pulumi.String("ml.t3.medium"), RoleArn: pulumi.String("arn:aws:iam::123456789012:role/nb"),
		SubnetId: b.subnet.ID(), SecurityGroups: pulumi.StringArray{b.sg.ID()},
		DirectInternetAccess: pulumi.String("Enabled"),
	}, b.opt)
	return err
}

func endpointWithoutSG(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewVpcEndpoint(ctx, "sts", &ec2.VpcEndpointArgs{VpcId: b.vpc.ID(),
		ServiceName: pulumi.String("com.amazonaws.us-east-1.sts"), VpcEndpointType: pulumi.String("Interface"),
		PrivateDnsEnabled: pulumi.Bool(true), SubnetIds: pulumi.StringArray{b.subnet.ID()}}, b.opt)
	return err
}

// domainInOpenVpc puts a compliant VpcOnly domain into a VPC that has an internet gateway.
func domainInOpenVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	if _, err := ec2.NewInternetGateway(ctx, "igw", &ec2.InternetGatewayArgs{VpcId: b.vpc.ID()}, b.opt); err != nil {
		return err
	}
	return b.domain(ctx, "VpcOnly")
}
