package security

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// StudioSecurityGroupsType is the type token of the StudioSecurityGroups component (public API).
const StudioSecurityGroupsType = "vpconly:security:StudioSecurityGroups"

// Ports of the Studio rules, from the SageMaker Developer Guide pages "Connect Studio notebooks in
// a VPC to external resources"
// (https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-and-internet-access.html) and
// "Connect to SageMaker Studio through an interface VPC endpoint"
// (https://docs.aws.amazon.com/sagemaker/latest/dg/studio-interface-endpoint.html).
const (
	// StudioNfsPort is NFS between the Studio apps and the domain's home EFS.
	StudioNfsPort = 2049
	// StudioAppPortFrom and StudioAppPortTo are the Jupyter Server ↔ Kernel Gateway range.
	StudioAppPortFrom = 8192
	StudioAppPortTo   = 65535
	// StudioHttpsPort is HTTPS to the hub's interface endpoints and to S3.
	StudioHttpsPort = 443
)

// StudioSecurityGroupRule is one rule every Studio security group gets, by its stable key.
type StudioSecurityGroupRule struct {
	// Key names the rule resource: "<group name>-<Key>".
	Key string
	// Egress is true for an egress rule, false for ingress.
	Egress bool
	// FromPort and ToPort are the TCP port range.
	FromPort, ToPort int
	// Peer is what the rule admits: "self" (the group itself), "hub" (the hub CIDR) or "s3" (the
	// spoke's S3 gateway endpoint prefix list).
	Peer string
	// Description is the rule's description.
	Description string
}

// StudioSecurityGroupRules is the rule set of each Studio security group. Nothing else, in
// particular nothing to or from 0.0.0.0/0 or ::/0.
func StudioSecurityGroupRules() []StudioSecurityGroupRule {
	return slices.Clone(studioSecurityGroupRules)
}

var studioSecurityGroupRules = []StudioSecurityGroupRule{
	{Key: "nfs-in", FromPort: StudioNfsPort, ToPort: StudioNfsPort, Peer: "self",
		Description: "NFS from Studio apps of this group (home EFS)"},
	{Key: "apps-in", FromPort: StudioAppPortFrom, ToPort: StudioAppPortTo, Peer: "self",
		Description: "Jupyter Server to Kernel Gateway apps of this group"},
	{Key: "nfs-out", Egress: true, FromPort: StudioNfsPort, ToPort: StudioNfsPort, Peer: "self",
		Description: "NFS to the home EFS within this group"},
	{Key: "apps-out", Egress: true, FromPort: StudioAppPortFrom, ToPort: StudioAppPortTo, Peer: "self",
		Description: "Jupyter Server to Kernel Gateway apps of this group"},
	{Key: "https-hub-out", Egress: true, FromPort: StudioHttpsPort, ToPort: StudioHttpsPort, Peer: "hub",
		Description: "HTTPS to the hub's interface VPC endpoints"},
	{Key: "https-s3-out", Egress: true, FromPort: StudioHttpsPort, ToPort: StudioHttpsPort, Peer: "s3",
		Description: "HTTPS to S3 through the spoke's gateway endpoint"},
}

// StudioSecurityGroupsArgs configure StudioSecurityGroups.
type StudioSecurityGroupsArgs struct {
	// VpcId is the spoke VPC the groups belong to. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId,optional"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack); Hub.Cidr, where the
	// interface endpoints are, is the only CIDR the groups send HTTPS to. Required: Hub.Cidr a /1 to
	// /32 IPv4 prefix (never 0.0.0.0/0); the other fields are not used.
	Hub network.HubRef `pulumi:"hub"`
	// S3PrefixListId is the prefix list of the spoke's S3 gateway endpoint (SpokeVpc's
	// S3PrefixListId). Required.
	S3PrefixListId pulumi.StringInput `pulumi:"s3PrefixListId,optional"`
	// UserNames are the Studio users who get a security group of their own, so that users cannot
	// reach each other's apps (AWS's advice,
	// https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-and-internet-access.html). Each must be a SageMaker user profile
	// name (SageMakerNamePattern), unique case-insensitively. Default none: only the domain group.
	UserNames []string `pulumi:"userNames,optional"`
	// OnPremisesCidrs are the corporate CIDRs where the spoke's on-premises data sources are
	// (corporate.cidrs, for a spoke in corporate.onPremisesSpokes): each gets an egress rule, TCP
	// OnPremisesPort, "<group>-onprem-https-out-<CidrKey>". Each a corporate CIDR
	// (CheckCorporateCidr), listed once. Default none: the group reaches nothing on-premises.
	OnPremisesCidrs []string `pulumi:"onPremisesCidrs,optional"`
	// Tags are merged into every group's and rule's tags (the stack's cost tags come from the
	// provider's defaultTags). Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// StudioSecurityGroups is the Studio security group of a domain and, optionally, one per user.
type StudioSecurityGroups struct {
	pulumi.ResourceState

	// DomainSecurityGroupId is the domain-level group (DefaultUserSettings, spaces, jobs).
	DomainSecurityGroupId pulumi.StringOutput `pulumi:"domainSecurityGroupId"`
	// UserSecurityGroupIds are the per-user groups, by user name.
	UserSecurityGroupIds pulumi.StringMapOutput `pulumi:"userSecurityGroupIds"`

	// UserGroups are the per-user group IDs by user name, as a plain map for wiring (not an
	// output of the component).
	UserGroups map[string]pulumi.StringOutput
}

// NewStudioSecurityGroups creates the Studio security groups of one domain.
//
// Children (names derive from name and a stable key):
//   - aws:ec2/securityGroup:SecurityGroup "<name>-domain", and "<name>-user-<user>" per user in
//     UserNames. The groups carry no inline rules. The AWS provider removes the default ALLOW ALL
//     egress rule AWS adds to a new VPC security group ("When creating a new Security Group inside
//     a VPC, this provider will remove this default rule": pulumi-aws v6.83.2,
//     sdk/go/aws/ec2/securityGroup.go, "NOTE on Egress rules"), so a group admits nothing but the
//     rules below.
//   - Per group, one rule resource per StudioSecurityGroupRules entry, named "<group>-<key>"
//     ("<name>-domain-nfs-in", "<name>-user-alice-https-s3-out", ...):
//     aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule and
//     aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule. Changing one rule replaces that rule
//     only; adding a user adds a group and its rules without touching the others.
//
// Rules: ingress TCP 2049 and TCP 8192-65535 from the group itself; egress to itself on the same
// ports, TCP 443 to Hub.Cidr and TCP 443 to S3PrefixListId. Nothing to or from 0.0.0.0/0 or ::/0.
//
// All arguments are validated before the first resource is registered.
func NewStudioSecurityGroups(ctx *pulumi.Context, name string, args *StudioSecurityGroupsArgs, opts ...pulumi.ResourceOption) (*StudioSecurityGroups, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &StudioSecurityGroups{UserGroups: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource(StudioSecurityGroupsType, name, c, opts...); err != nil {
		return nil, err
	}
	hubCidr := netip.MustParsePrefix(args.Hub.Cidr).Masked().String()

	group := func(key, description string, extraTags map[string]string) (pulumi.StringOutput, error) {
		groupName := name + "-" + key
		tags := core.MergeTags(args.Tags, extraTags, map[string]string{"Name": groupName})
		sg, err := ec2.NewSecurityGroup(ctx, groupName, &ec2.SecurityGroupArgs{
			VpcId:       args.VpcId,
			Description: pulumi.String(description),
			Tags:        tags,
		}, pulumi.Parent(c))
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		id := sg.ID().ToStringOutput()
		rules := make([]groupRule, len(studioSecurityGroupRules))
		for i, r := range studioSecurityGroupRules {
			rules[i] = groupRule{Key: r.Key, Protocol: JobProtocolTCP, Peer: r.Peer, Description: r.Description,
				Egress: r.Egress, FromPort: r.FromPort, ToPort: r.ToPort}
		}
		rules = append(rules, onPremisesRules(args.OnPremisesCidrs)...)
		if err := newGroupRules(ctx, groupName, id, rules, hubCidr, args.S3PrefixListId, func(ruleName string) pulumi.StringMap {
			return core.MergeTags(args.Tags, extraTags, map[string]string{"Name": ruleName})
		}, pulumi.Parent(c)); err != nil {
			return pulumi.StringOutput{}, err
		}
		return id, nil
	}

	domainID, err := group("domain", "SageMaker Studio apps of domain "+name, nil)
	if err != nil {
		return nil, err
	}
	users := pulumi.StringMap{}
	for _, u := range args.UserNames {
		id, err := group("user-"+u, fmt.Sprintf("SageMaker Studio apps of user %s in domain %s", u, name),
			map[string]string{"studio-user": u})
		if err != nil {
			return nil, err
		}
		users[u] = id
		c.UserGroups[u] = id
	}
	c.DomainSecurityGroupId = domainID
	c.UserSecurityGroupIds = users.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"domainSecurityGroupId": c.DomainSecurityGroupId,
		"userSecurityGroupIds":  c.UserSecurityGroupIds,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks the arguments of the StudioSecurityGroups name without registering anything:
// nil, or the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewStudioSecurityGroups calls it first.
func (args *StudioSecurityGroupsArgs) Validate(name string) error {
	p := core.NewProblems("StudioSecurityGroups", name)
	bad, missing := p.Bad, p.Missing
	if args == nil {
		missing("args", "a *StudioSecurityGroupsArgs")
		return p.Err()
	}
	if name == "" {
		missing("name", "a non-empty component name")
	}
	if args.VpcId == nil {
		missing("VpcId", "the spoke's VPC id (vpc-...)")
	} else if s, ok := args.VpcId.(pulumi.String); ok && !core.VpcIDRe.MatchString(string(s)) {
		bad("VpcId", s, "the spoke's VPC id (vpc-...)")
	}
	if args.S3PrefixListId == nil {
		missing("S3PrefixListId", "the prefix list id (pl-...) of the spoke's S3 gateway endpoint")
	} else if s, ok := args.S3PrefixListId.(pulumi.String); ok && !core.PrefixListIDRe.MatchString(string(s)) {
		bad("S3PrefixListId", s, "the prefix list id (pl-...) of the spoke's S3 gateway endpoint")
	}
	cidrWant := "the hub VPC's IPv4 CIDR, e.g. 10.0.0.0/22 (prefix length 1-32; never 0.0.0.0/0)"
	if args.Hub.Cidr == "" {
		missing("Hub.Cidr", cidrWant)
	} else if p, err := netip.ParsePrefix(args.Hub.Cidr); err != nil || !p.Addr().Is4() || p.Bits() == 0 {
		bad("Hub.Cidr", args.Hub.Cidr, cidrWant)
	}
	nameWant := fmt.Sprintf("a SageMaker user profile name: %s, at most %d characters", arg.SageMakerNamePattern, arg.SageMakerNameMaxLength)
	seen := map[string]int{}
	for i, u := range args.UserNames {
		field := fmt.Sprintf("UserNames[%d]", i)
		if !arg.ValidSageMakerName(u) {
			bad(field, u, nameWant)
			continue
		}
		if j, dup := seen[strings.ToLower(u)]; dup {
			bad(field, u, fmt.Sprintf("a name not already listed (UserNames[%d] has it; names compare case-insensitively)", j))
			continue
		}
		seen[strings.ToLower(u)] = i
	}
	for _, k := range core.SortedKeys(args.Tags) {
		if strings.TrimSpace(k) == "" || strings.HasPrefix(strings.ToLower(k), "aws:") {
			bad("Tags key", k, "a non-empty tag key not starting with aws:")
		}
	}
	checkOnPremisesCidrs(p, args.OnPremisesCidrs)
	return p.Err()
}
