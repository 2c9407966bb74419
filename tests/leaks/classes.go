package leaks

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudcontrol"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudformation"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// classLeaks are the leaks of the wider classes: at least one resource of each class (public
// addresses, other gateways and targets, entry points, compute outside the VPC, other providers
// and pass-throughs, account backstops, the stack policy), each blocked by exactly its policy.
func classLeaks() []Leak {
	return []Leak{
		// 1. public addresses on compute and interfaces
		{"instance-public-ip", instancePublicIP, []string{"no-public-ip"}},
		{"vpc-amazon-ipv6", vpcAmazonIPv6, []string{"no-global-ipv6"}},
		// 2. other internet-facing gateways and targets
		{"carrier-gateway", carrierGateway, []string{"no-internet-gateway"}},
		{"route-via-world-prefix-list", worldPrefixList, []string{"no-internet-prefix-list"}},
		// 3. internet-facing entry points
		{"internet-facing-load-balancer", internetFacingLB, []string{"no-internet-entry-point"}},
		{"function-url-without-auth", openFunctionURL, []string{"no-internet-entry-point"}},
		// 4. compute outside the VPC
		{"lambda-outside-vpc", lambdaOutsideVpc, []string{"compute-in-vpc"}},
		{"pipeline-step-outside-vpc", pipelineOutsideVpc, []string{"compute-in-vpc"}},
		// 5. other providers and pass-throughs
		{"cloudformation-internet-gateway", cfnInternetGateway, []string{"no-internet-gateway"}},
		{"cloudcontrol-public-subnet", cloudControlPublicSubnet, []string{"no-public-subnet"}},
		{"aws-native-internet-gateway", nativeInternetGateway, []string{"no-internet-gateway"}},
		// 6. account backstops
		{"block-public-access-off", blockPublicAccessOff, []string{"vpc-block-public-access"}},
		{"dns-firewall-fail-open", dnsFirewallFailOpen, []string{"dns-firewall-fail-closed"}},
		// 7. stack policy and the default VPC
		{"lambda-in-vpc-with-igw", lambdaInOpenVpc, []string{"compute-private-vpc", "no-internet-gateway"}},
		{"instance-in-default-vpc", instanceInDefaultVpc, []string{"no-default-vpc"}},
	}
}

// hardening adds what the pack once mistook for leaks: a Transit Gateway blackhole route to
// 0.0.0.0/0 and an Interface endpoint whose security group comes through an association.
func (b *base) hardening(ctx *pulumi.Context) error {
	if _, err := ec2transitgateway.NewRoute(ctx, "drop-default", &ec2transitgateway.RouteArgs{
		DestinationCidrBlock: pulumi.String("0.0.0.0/0"), Blackhole: pulumi.Bool(true),
		TransitGatewayRouteTableId: pulumi.String("tgw-rtb-0123456789abcdef0")}, b.opt); err != nil {
		return err
	}
	ep, err := ec2.NewVpcEndpoint(ctx, "ssm", &ec2.VpcEndpointArgs{VpcId: b.vpc.ID(),
		ServiceName: pulumi.String("com.amazonaws.us-east-1.ssm"), VpcEndpointType: pulumi.String("Interface"),
		PrivateDnsEnabled: pulumi.Bool(true), SubnetIds: pulumi.StringArray{b.subnet.ID()}}, b.opt)
	if err != nil {
		return err
	}
	_, err = ec2.NewSecurityGroupAssociation(ctx, "ssm-sg", &ec2.SecurityGroupAssociationArgs{VpcEndpointId: ep.ID(),
		SecurityGroupId: b.sg.ID(), ReplaceDefaultAssociation: pulumi.Bool(true)}, b.opt)
	return err
}

func (b *base) function(ctx *pulumi.Context, name string, inVpc bool) (*lambda.Function, error) {
	args := &lambda.FunctionArgs{Role: pulumi.String("arn:aws:iam::123456789012:role/fn"), PackageType: pulumi.String("Image"),
		ImageUri: pulumi.String("123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:1")}
	if inVpc {
		args.VpcConfig = &lambda.FunctionVpcConfigArgs{SubnetIds: pulumi.StringArray{b.subnet.ID()},
			SecurityGroupIds: pulumi.StringArray{b.sg.ID()}}
	}
	return lambda.NewFunction(ctx, name, args, b.opt)
}

func instancePublicIP(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewInstance(ctx, "vm", &ec2.InstanceArgs{Ami: pulumi.String("ami-0123456789abcdef0"),
		InstanceType: pulumi.String("t3.micro"), SubnetId: b.subnet.ID(), VpcSecurityGroupIds: pulumi.StringArray{b.sg.ID()},
		AssociatePublicIpAddress: pulumi.Bool(true)}, b.opt)
	return err
}

func vpcAmazonIPv6(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewVpc(ctx, "dual-stack", &ec2.VpcArgs{CidrBlock: pulumi.String("10.70.0.0/16"),
		AssignGeneratedIpv6CidrBlock: pulumi.Bool(true)}, b.opt)
	return err
}

func carrierGateway(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewCarrierGateway(ctx, "wavelength", &ec2.CarrierGatewayArgs{VpcId: b.vpc.ID()}, b.opt)
	return err
}

// worldPrefixList routes to a prefix list that holds 0.0.0.0/0: the route looks private.
func worldPrefixList(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	pl, err := ec2.NewManagedPrefixList(ctx, "partners", &ec2.ManagedPrefixListArgs{AddressFamily: pulumi.String("IPv4"),
		MaxEntries: pulumi.Int(5), Entries: ec2.ManagedPrefixListEntryTypeArray{
			&ec2.ManagedPrefixListEntryTypeArgs{Cidr: pulumi.String("10.80.0.0/16")},
			&ec2.ManagedPrefixListEntryTypeArgs{Cidr: pulumi.String("0.0.0.0/0")}}}, b.opt)
	if err != nil {
		return err
	}
	rt, err := ec2.NewRouteTable(ctx, "app", &ec2.RouteTableArgs{VpcId: b.vpc.ID()}, b.opt)
	if err != nil {
		return err
	}
	_, err = ec2.NewRoute(ctx, "partners", &ec2.RouteArgs{RouteTableId: rt.ID(), DestinationPrefixListId: pl.ID(),
		TransitGatewayId: pulumi.String("tgw-0123456789abcdef0")}, b.opt)
	return err
}

func internetFacingLB(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = lb.NewLoadBalancer(ctx, "web", &lb.LoadBalancerArgs{LoadBalancerType: pulumi.String("application"),
		Subnets: pulumi.StringArray{b.subnet.ID()}, SecurityGroups: pulumi.StringArray{b.sg.ID()}}, b.opt)
	return err
}

func openFunctionURL(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	fn, err := b.function(ctx, "api", true)
	if err != nil {
		return err
	}
	_, err = lambda.NewFunctionUrl(ctx, "api", &lambda.FunctionUrlArgs{FunctionName: fn.Name,
		AuthorizationType: pulumi.String("NONE")}, b.opt)
	return err
}

func lambdaOutsideVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = b.function(ctx, "fn", false)
	return err
}

func pipelineOutsideVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = sagemaker.NewPipeline(ctx, "train", &sagemaker.PipelineArgs{PipelineName: pulumi.String("train"),
		PipelineDisplayName: pulumi.String("train"), RoleArn: pulumi.String("arn:aws:iam::123456789012:role/pipeline"),
		PipelineDefinition: pulumi.String(`{"Version":"2020-12-01","Steps":[{"Name":"Train","Type":"Training",
			"Arguments":{"AlgorithmSpecification":{"TrainingImage":"img","TrainingInputMode":"File"}}}]}`)}, b.opt)
	return err
}

func cfnInternetGateway(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = cloudformation.NewStack(ctx, "legacy", &cloudformation.StackArgs{Parameters: pulumi.StringMap{"VpcId": b.vpc.ID()},
		TemplateBody: pulumi.String(`Parameters:
  VpcId: {Type: "AWS::EC2::VPC::Id"}
Resources:
  Igw: {Type: "AWS::EC2::InternetGateway"}
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref VpcId, InternetGatewayId: !Ref Igw}
`)}, b.opt)
	return err
}

func cloudControlPublicSubnet(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = cloudcontrol.NewResource(ctx, "subnet", &cloudcontrol.ResourceArgs{TypeName: pulumi.String("AWS::EC2::Subnet"),
		DesiredState: pulumi.String(`{"VpcId":"vpc-0123456789abcdef0","CidrBlock":"10.50.9.0/24","MapPublicIpOnLaunch":true}`)}, b.opt)
	return err
}

// nativeInternetGateway registers an aws-native internet gateway (the aws-native SDK is not a
// dependency here; the engine sees the same type token and inputs).
func nativeInternetGateway(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	var igw pulumi.CustomResourceState
	return ctx.RegisterResource("aws-native:ec2:InternetGateway", "igw", pulumi.Map{}, &igw, b.opt)
}

func blockPublicAccessOff(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewVpcBlockPublicAccessOptions(ctx, "bpa", &ec2.VpcBlockPublicAccessOptionsArgs{
		InternetGatewayBlockMode: pulumi.String("off")}, b.opt)
	return err
}

func dnsFirewallFailOpen(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = route53.NewResolverFirewallConfig(ctx, "dns", &route53.ResolverFirewallConfigArgs{ResourceId: b.vpc.ID(),
		FirewallFailOpen: pulumi.String("ENABLED")}, b.opt)
	return err
}

func lambdaInOpenVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	if _, err := ec2.NewInternetGateway(ctx, "igw", &ec2.InternetGatewayArgs{VpcId: b.vpc.ID()}, b.opt); err != nil {
		return err
	}
	_, err = b.function(ctx, "fn", true)
	return err
}

func instanceInDefaultVpc(ctx *pulumi.Context) error {
	b, err := newBase(ctx)
	if err != nil {
		return err
	}
	_, err = ec2.NewInstance(ctx, "vm", &ec2.InstanceArgs{Ami: pulumi.String("ami-0123456789abcdef0"),
		InstanceType: pulumi.String("t3.micro")}, b.opt)
	return err
}
