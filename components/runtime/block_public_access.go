package runtime

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// BlockPublicAccessType is the type token of the BlockPublicAccess component (public API).
const BlockPublicAccessType = "vpconly:runtime:BlockPublicAccess"

// VPC Block Public Access (BPA) modes. Source: EC2 API reference, BlockPublicAccessStates and
// VpcBlockPublicAccessExclusion (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_BlockPublicAccessStates.html),
// and the Amazon VPC User Guide, "Block public access to VPCs and subnets"
// (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html).
//
// What BPA blocks: traffic through the AWS-provided internet paths, that is internet gateways and
// egress-only internet gateways, and so everything that reaches the internet through them (NAT
// gateways, internet-facing load balancers, Elastic IPs): "VPC BPA basics", "AWS service impact
// and support" (https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-basics.html).
// What it does NOT block: paths that do not go through an internet gateway. Transit Gateway
// attachments, Site-to-Site VPN and Direct Connect (private connectivity to the corporate
// network) and AWS PrivateLink interface endpoints and gateway endpoints (how this landing zone
// reaches AWS services) keep working; so does DNS through the VPC resolver, which is why the
// DnsFirewall exists.
const (
	// BlockPublicAccessMode is the account-and-region mode the landing zone sets: all traffic to
	// and from internet gateways and egress-only internet gateways is blocked, except for
	// excluded VPCs and subnets.
	BlockPublicAccessMode = "block-bidirectional"
	// BlockPublicAccessExclusionTagKey is the tag every exclusion carries with its reason; the
	// policy pack refuses an exclusion without it.
	BlockPublicAccessExclusionTagKey = "exclusion-reason"
)

// BlockPublicAccessExclusionModes are the modes an exclusion may have (InternetGatewayExclusionMode).
func BlockPublicAccessExclusionModes() []string { return slices.Clone(blockPublicAccessExclusionModes) }

var blockPublicAccessExclusionModes = []string{"allow-egress", "allow-bidirectional"}

// BlockPublicAccessExclusion exempts one VPC or one subnet from the block.
type BlockPublicAccessExclusion struct {
	// VpcId or SubnetId: exactly one is set (vpc-... or subnet-...). The ID is the exclusion's
	// stable key: the child is named "<name>-exclusion-<id>".
	VpcId    string `pulumi:"vpcId,optional"`
	SubnetId string `pulumi:"subnetId,optional"`
	// Mode is one of BlockPublicAccessExclusionModes.
	Mode string `pulumi:"mode,optional"`
	// Reason says why the exclusion exists. Required: it becomes the exclusion's
	// BlockPublicAccessExclusionTagKey tag, so 1-256 characters of an AWS tag value.
	Reason string `pulumi:"reason,optional"`
}

// Key is the exclusion's stable key: its VPC or subnet ID.
func (e BlockPublicAccessExclusion) Key() string {
	if e.VpcId != "" {
		return e.VpcId
	}
	return e.SubnetId
}

// Validate checks the exclusion on its own: nil, or the joined *arg.Error values naming its
// fields (VpcId, SubnetId, Mode, Reason; no component: BlockPublicAccessArgs.Validate reports
// them under "Exclusions[i]."). The configuration checks runtime.blockPublicAccess.exclusions
// through BlockPublicAccessArgs.Validate.
func (e BlockPublicAccessExclusion) Validate() error {
	p := core.NewProblems("", "")
	switch {
	case e.VpcId == "" && e.SubnetId == "":
		p.Bad("VpcId", e.VpcId, "exactly one of VpcId (vpc-...) and SubnetId (subnet-...)")
	case e.VpcId != "" && e.SubnetId != "":
		p.Bad("SubnetId", e.SubnetId, "exactly one of VpcId and SubnetId, not both")
	case e.VpcId != "" && !core.VpcIDRe.MatchString(e.VpcId):
		p.Bad("VpcId", e.VpcId, "a VPC id (vpc-...)")
	case e.SubnetId != "" && !core.SubnetIDRe.MatchString(e.SubnetId):
		p.Bad("SubnetId", e.SubnetId, "a subnet id (subnet-...)")
	}
	if !slices.Contains(blockPublicAccessExclusionModes, e.Mode) {
		p.Bad("Mode", e.Mode, strings.Join(blockPublicAccessExclusionModes, " or "))
	}
	if !arg.ValidTagValue(e.Reason) { // the reason becomes a tag value
		p.Bad("Reason", e.Reason, "why the exclusion exists: 1-256 characters of an AWS tag value (letters, digits, spaces, _ . : / = + - @)")
	}
	return p.Err()
}

// BlockPublicAccessArgs configure BlockPublicAccess.
type BlockPublicAccessArgs struct {
	// Exclusions exempt VPCs or subnets from the block, each with a reason. Default none.
	Exclusions []BlockPublicAccessExclusion `pulumi:"exclusions,optional"`
	// Protect protects the options resource (pulumi protect): deleting it turns the block off in
	// the account and region. Default false; the landing zone sets it in prod.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every exclusion's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Validate checks the arguments of the BlockPublicAccess name without registering anything: nil,
// or the joined *arg.Error values, each naming the field ("Exclusions[0].Mode"), the value and
// what is allowed. Every exclusion is valid (BlockPublicAccessExclusion.Validate) and no VPC or
// subnet is excluded twice. Nil args are valid (no exclusions). NewBlockPublicAccess calls it
// first.
func (args *BlockPublicAccessArgs) Validate(name string) error {
	p := core.NewProblems("BlockPublicAccess", name)
	if args == nil {
		return nil
	}
	seen := map[string]int{}
	for i, e := range args.Exclusions {
		field := fmt.Sprintf("Exclusions[%d]", i)
		p.Add(field, e.Validate())
		if k := e.Key(); k != "" {
			if j, dup := seen[k]; dup {
				p.Bad(field, k, fmt.Sprintf("each VPC or subnet once (Exclusions[%d] has it)", j))
			}
			seen[k] = i
		}
	}
	return p.Err()
}

// BlockPublicAccess turns VPC Block Public Access on, bidirectionally, for the provider's account
// and region, with the configured exclusions only.
type BlockPublicAccess struct {
	pulumi.ResourceState

	// Mode is the block mode (BlockPublicAccessMode).
	Mode pulumi.StringOutput `pulumi:"mode"`
	// ExclusionIds are the exclusions' IDs by key (VPC or subnet ID).
	ExclusionIds pulumi.StringMapOutput `pulumi:"exclusionIds"`
}

// NewBlockPublicAccess validates args and registers:
//   - aws:ec2/vpcBlockPublicAccessOptions "<name>-options": internetGatewayBlockMode
//     block-bidirectional (protected when Protect; "If this resource is deleted, then this value
//     will be set to off in the AWS account and region", pulumi-aws docs);
//   - aws:ec2/vpcBlockPublicAccessExclusion "<name>-exclusion-<vpc or subnet id>" per exclusion,
//     tagged exclusion-reason=<Reason>.
//
// There is one options resource per account and region: build one BlockPublicAccess per provider.
func NewBlockPublicAccess(ctx *pulumi.Context, name string, args *BlockPublicAccessArgs, opts ...pulumi.ResourceOption) (*BlockPublicAccess, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	if args == nil {
		args = &BlockPublicAccessArgs{}
	}

	c := &BlockPublicAccess{}
	if err := ctx.RegisterComponentResource(BlockPublicAccessType, name, c, opts...); err != nil {
		return nil, err
	}
	optsFor := []pulumi.ResourceOption{pulumi.Parent(c)}
	if args.Protect {
		optsFor = append(optsFor, pulumi.Protect(true))
	}
	o, err := ec2.NewVpcBlockPublicAccessOptions(ctx, name+"-options", &ec2.VpcBlockPublicAccessOptionsArgs{
		InternetGatewayBlockMode: pulumi.String(BlockPublicAccessMode),
	}, optsFor...)
	if err != nil {
		return nil, err
	}
	ids := pulumi.StringMap{}
	for _, e := range args.Exclusions {
		ex := &ec2.VpcBlockPublicAccessExclusionArgs{
			InternetGatewayExclusionMode: pulumi.String(e.Mode),
			Tags: core.MergeTags(args.Tags, map[string]string{BlockPublicAccessExclusionTagKey: e.Reason,
				"Name": name + "-exclusion-" + e.Key()}),
		}
		if e.VpcId != "" {
			ex.VpcId = pulumi.StringPtr(e.VpcId)
		} else {
			ex.SubnetId = pulumi.StringPtr(e.SubnetId)
		}
		r, err := ec2.NewVpcBlockPublicAccessExclusion(ctx, name+"-exclusion-"+e.Key(), ex, pulumi.Parent(c))
		if err != nil {
			return nil, err
		}
		ids[e.Key()] = r.ID().ToStringOutput()
	}
	c.Mode = o.InternetGatewayBlockMode
	c.ExclusionIds = ids.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"mode": c.Mode, "exclusionIds": c.ExclusionIds}); err != nil {
		return nil, err
	}
	return c, nil
}
