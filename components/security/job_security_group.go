package security

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// JobSecurityGroupType is the type token of the JobSecurityGroup component (public API).
const JobSecurityGroupType = "vpconly:security:JobSecurityGroup"

// IP protocols of the job rules, as the EC2 API names them (IpPermission.IpProtocol: a name or
// an IANA protocol number; "-1" is all protocols and ports).
const (
	JobProtocolAll = "-1"
	JobProtocolTCP = "tcp"
	JobProtocolUDP = "udp"
	// JobProtocolESP is IP protocol 50, IPsec Encapsulating Security Payload.
	JobProtocolESP = "50"
	// JobIkePort is UDP 500, IPsec key exchange (IKE).
	JobIkePort = 500
)

// JobSecurityGroupRule is one rule of the job security group, by its stable key.
type JobSecurityGroupRule struct {
	// Key names the rule resource: "<name>-<Key>".
	Key string `pulumi:"key,optional"`
	// Egress is true for an egress rule, false for ingress.
	Egress bool `pulumi:"egress,optional"`
	// Protocol is the IP protocol (JobProtocol*). Ports apply to tcp and udp only.
	Protocol string `pulumi:"protocol,optional"`
	// FromPort and ToPort are the port range for tcp and udp; 0 for the other protocols.
	FromPort int `pulumi:"fromPort,optional"`
	ToPort   int `pulumi:"toPort,optional"`
	// Peer is what the rule admits: "self" (the group itself), "hub" (the hub CIDR) or "s3" (the
	// spoke's S3 gateway endpoint prefix list).
	Peer string `pulumi:"peer,optional"`
	// Description is the rule's description.
	Description string `pulumi:"description,optional"`
}

// JobSecurityGroupRules is the rule set of a job security group; nothing else, in particular
// nothing to or from 0.0.0.0/0 or ::/0. Sources (SageMaker Developer Guide):
//   - "Give SageMaker AI Training Jobs Access to Resources in Your Amazon VPC"
//     (https://docs.aws.amazon.com/sagemaker/latest/dg/train-vpc.html): distributed training needs
//     communication between the job's containers, so the group must allow inbound connections
//     between its own members: all-in/all-out.
//   - "Protect Communications Between ML Compute Instances in a Distributed Training Job"
//     (https://docs.aws.amazon.com/sagemaker/latest/dg/train-encrypt.html): inter-container
//     traffic encryption (which the regulated guard requires) needs inbound and outbound rules
//     for UDP 500 and ESP (protocol 50) with the group itself as source: ike-*/esp-*. The
//     all-traffic rules already cover them; they are kept as rules of their own so that the
//     documented requirement stays visible and holds if the all-traffic rules are ever narrowed.
//   - HTTPS to the hub's interface endpoints (SageMaker API and runtime, STS, CloudWatch Logs,
//     ECR, KMS) and to S3 through the spoke's gateway endpoint: the only ways out.
func JobSecurityGroupRules() []JobSecurityGroupRule { return slices.Clone(jobSecurityGroupRules) }

var jobSecurityGroupRules = []JobSecurityGroupRule{
	{Key: "all-in", Protocol: JobProtocolAll, Peer: "self",
		Description: "All traffic between the instances of a job (distributed training)"},
	{Key: "all-out", Egress: true, Protocol: JobProtocolAll, Peer: "self",
		Description: "All traffic between the instances of a job (distributed training)"},
	{Key: "ike-in", Protocol: JobProtocolUDP, FromPort: JobIkePort, ToPort: JobIkePort, Peer: "self",
		Description: "IPsec key exchange for inter-container traffic encryption"},
	{Key: "ike-out", Egress: true, Protocol: JobProtocolUDP, FromPort: JobIkePort, ToPort: JobIkePort, Peer: "self",
		Description: "IPsec key exchange for inter-container traffic encryption"},
	{Key: "esp-in", Protocol: JobProtocolESP, Peer: "self",
		Description: "IPsec ESP for inter-container traffic encryption"},
	{Key: "esp-out", Egress: true, Protocol: JobProtocolESP, Peer: "self",
		Description: "IPsec ESP for inter-container traffic encryption"},
	{Key: "https-hub-out", Egress: true, Protocol: JobProtocolTCP, FromPort: StudioHttpsPort, ToPort: StudioHttpsPort, Peer: "hub",
		Description: "HTTPS to the hub's interface VPC endpoints"},
	{Key: "https-s3-out", Egress: true, Protocol: JobProtocolTCP, FromPort: StudioHttpsPort, ToPort: StudioHttpsPort, Peer: "s3",
		Description: "HTTPS to S3 through the spoke's gateway endpoint"},
}

// JobSecurityGroupArgs configure JobSecurityGroup.
type JobSecurityGroupArgs struct {
	// VpcId is the spoke VPC the group belongs to. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId,optional"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack); Hub.Cidr, where the
	// interface endpoints are, is the only CIDR the group sends HTTPS to. Required: Hub.Cidr a /1 to
	// /32 IPv4 prefix (never 0.0.0.0/0); the other fields are not used.
	Hub network.HubRef `pulumi:"hub"`
	// S3PrefixListId is the prefix list of the spoke's S3 gateway endpoint (SpokeVpc's
	// S3PrefixListId). Required.
	S3PrefixListId pulumi.StringInput `pulumi:"s3PrefixListId,optional"`
	// OnPremisesCidrs are the corporate CIDRs where the spoke's on-premises data sources are
	// (corporate.cidrs, for a spoke in corporate.onPremisesSpokes): each gets an egress rule, TCP
	// OnPremisesPort, "<group>-onprem-https-out-<CidrKey>". Each a corporate CIDR
	// (CheckCorporateCidr), listed once. Default none: the group reaches nothing on-premises.
	OnPremisesCidrs []string `pulumi:"onPremisesCidrs,optional"`
	// Tags are merged into the group's and every rule's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// JobSecurityGroup is the security group of the SageMaker jobs (training, processing, tuning)
// of one spoke: what StudioDomain's JobNetworkConfig hands to teams, and one of the groups the
// deny guard approves.
type JobSecurityGroup struct {
	pulumi.ResourceState

	// SecurityGroupId is the job security group.
	SecurityGroupId pulumi.StringOutput `pulumi:"securityGroupId"`
}

// NewJobSecurityGroup creates the job security group of one spoke.
//
// Children (names derive from name and a stable key):
//   - aws:ec2/securityGroup:SecurityGroup "<name>", with no inline rules (the AWS provider removes
//     the default allow-all egress rule of a new VPC group: see NewStudioSecurityGroups);
//   - one rule resource per JobSecurityGroupRules entry, "<name>-<key>" ("<name>-all-in",
//     "<name>-esp-out", "<name>-https-s3-out", ...):
//     aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule and
//     aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule. Changing one rule replaces that
//     rule only.
//
// Its members reach each other on every protocol (distributed training, with or without IPsec
// inter-container encryption), HTTPS 443 on the hub CIDR and on the S3 prefix list, and nothing
// else. Studio apps do not use it, and it admits nothing from Studio's groups.
//
// All arguments are validated before the first resource is registered.
func NewJobSecurityGroup(ctx *pulumi.Context, name string, args *JobSecurityGroupArgs, opts ...pulumi.ResourceOption) (*JobSecurityGroup, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &JobSecurityGroup{}
	if err := ctx.RegisterComponentResource(JobSecurityGroupType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	hubCidr := netip.MustParsePrefix(args.Hub.Cidr).Masked().String()
	sg, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("SageMaker jobs of " + name + ": within the group, HTTPS to the hub and S3 only"),
		Tags:        core.MergeTags(args.Tags, map[string]string{"Name": name}),
	}, parent)
	if err != nil {
		return nil, err
	}
	id := sg.ID().ToStringOutput()
	rules := make([]groupRule, len(jobSecurityGroupRules))
	for i, r := range jobSecurityGroupRules {
		rules[i] = groupRule{Key: r.Key, Protocol: r.Protocol, Peer: r.Peer, Description: r.Description,
			Egress: r.Egress, FromPort: r.FromPort, ToPort: r.ToPort}
	}
	rules = append(rules, onPremisesRules(args.OnPremisesCidrs)...)
	if err := newGroupRules(ctx, name, id, rules, hubCidr, args.S3PrefixListId, func(ruleName string) pulumi.StringMap {
		return core.MergeTags(args.Tags, map[string]string{"Name": ruleName})
	}, parent); err != nil {
		return nil, err
	}
	c.SecurityGroupId = id
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"securityGroupId": c.SecurityGroupId}); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks the arguments of the JobSecurityGroup name without registering anything: nil,
// or the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewJobSecurityGroup calls it first.
func (args *JobSecurityGroupArgs) Validate(name string) error {
	p := core.NewProblems("JobSecurityGroup", name)
	if args == nil {
		p.Missing("args", "a *JobSecurityGroupArgs")
		return p.Err()
	}
	if name == "" {
		p.Missing("name", "a non-empty component name")
	}
	p.CheckString("VpcId", args.VpcId, core.VpcIDRe, "the spoke's VPC id (vpc-...)")
	p.CheckString("S3PrefixListId", args.S3PrefixListId, core.PrefixListIDRe, "the prefix list id (pl-...) of the spoke's S3 gateway endpoint")
	cidrWant := "the hub VPC's IPv4 CIDR, e.g. 10.0.0.0/22 (prefix length 1-32; never 0.0.0.0/0)"
	if args.Hub.Cidr == "" {
		p.Missing("Hub.Cidr", cidrWant)
	} else if pfx, err := netip.ParsePrefix(args.Hub.Cidr); err != nil || !pfx.Addr().Is4() || pfx.Bits() == 0 {
		p.Bad("Hub.Cidr", args.Hub.Cidr, cidrWant)
	}
	for _, k := range core.SortedKeys(args.Tags) {
		if strings.TrimSpace(k) == "" || strings.HasPrefix(strings.ToLower(k), "aws:") {
			p.Bad("Tags key", k, "a non-empty tag key not starting with aws:")
		}
	}
	checkOnPremisesCidrs(p, args.OnPremisesCidrs)
	return p.Err()
}
