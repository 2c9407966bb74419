package network

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// DefaultCorporateEndpoints are the hub interface endpoints people use directly from the corporate
// network when EndpointHubArgs.CorporateEndpoints is empty: the SageMaker API (the CLI and SDK,
// CreatePresignedDomainUrl) and Studio (the browser opens
// https://<domainId>.studio.<region>.sagemaker.aws;
// https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-and-internet-access.html).
func DefaultCorporateEndpoints() []string { return slices.Clone(defaultCorporateEndpoints) }

var defaultCorporateEndpoints = []string{"sagemaker.api", "studio"}

// CorporateEndpointKeys resolves which hub endpoints admit the corporate network: configured when
// set, else the DefaultCorporateEndpoints among hubEndpoints (a hub without a Studio endpoint
// admits the corporate network to the SageMaker API only).
func CorporateEndpointKeys(configured, hubEndpoints []string) []string {
	if len(configured) > 0 {
		return append([]string(nil), configured...)
	}
	var out []string
	for _, k := range defaultCorporateEndpoints {
		if slices.Contains(hubEndpoints, k) {
			out = append(out, k)
		}
	}
	return out
}

const (

	// MinCorporatePrefix is the widest corporate CIDR accepted: a /8 (10.0.0.0/8). Anything wider
	// is a default route in disguise (0.0.0.0/1 and 128.0.0.0/1 together are 0.0.0.0/0).
	MinCorporatePrefix = 8
)

// CheckCorporateCidr reports what is wrong with cidr as a corporate network CIDR, or nil: it must
// be an IPv4 network CIDR (no host bits) no wider than /MinCorporatePrefix. 0.0.0.0/0 and ::/0
// are refused by name: a route to either is an internet path.
func CheckCorporateCidr(cidr string) error {
	if p, err := netip.ParsePrefix(cidr); err == nil && p.Bits() == 0 {
		return fmt.Errorf("%q is a default route: want the corporate network's own CIDRs, never 0.0.0.0/0 or ::/0", cidr)
	}
	p, err := NetParseCIDR(cidr)
	if err != nil {
		return err
	}
	if p.Bits() < MinCorporatePrefix {
		return fmt.Errorf("%q is wider than /%d: want the corporate network's own CIDRs (a route this wide is a default route in disguise)", cidr, MinCorporatePrefix)
	}
	return nil
}

// CidrKey is the stable key a CIDR gives the names of its children: "10.100.0.0/16" →
// "10-100-0-0-16".
func CidrKey(cidr string) string {
	return strings.NewReplacer(".", "-", "/", "-", ":", "-").Replace(cidr)
}

// corporateCidrs validates a list of corporate CIDRs: each valid (CheckCorporateCidr), listed
// once, not overlapping another, and not overlapping any of own (field name → the VPC CIDRs of
// the landing zone that a route to the corporate network must never shadow).
func CheckCorporateCidrs(p *core.Problems, field string, cidrs []string, own map[string]string) {
	var good []string
	for i, c := range cidrs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := CheckCorporateCidr(c); err != nil {
			p.Bad(f, c, "a corporate IPv4 CIDR: "+err.Error())
			continue
		}
		for _, k := range core.SortedKeys(own) {
			if Overlaps(c, own[k]) {
				p.Bad(f, c, fmt.Sprintf("a CIDR that does not overlap %s (%s)", k, own[k]))
			}
		}
		for _, o := range good {
			if Overlaps(c, o) {
				p.Bad(f, c, fmt.Sprintf("a CIDR that does not overlap the corporate CIDR %s listed before it", o))
			}
		}
		good = append(good, c)
	}
}

// hubCorporate validates EndpointHubArgs.CorporateCidrs and CorporateEndpoints and returns the
// corporate endpoint keys (nil without corporate CIDRs).
func hubCorporate(p *core.Problems, args *EndpointHubArgs, endpoints []string) []string {
	own := map[string]string{"CidrBlock": args.CidrBlock}
	for s, c := range args.SpokeCidrs {
		own[fmt.Sprintf("SpokeCidrs[%q]", s)] = c
	}
	CheckCorporateCidrs(p, "CorporateCidrs", args.CorporateCidrs, own)
	if len(args.CorporateCidrs) == 0 {
		if len(args.CorporateEndpoints) > 0 {
			p.Bad("CorporateEndpoints", args.CorporateEndpoints, "no endpoints without CorporateCidrs (nothing would be admitted)")
		}
		return nil
	}
	keys := CorporateEndpointKeys(args.CorporateEndpoints, endpoints)
	if len(keys) == 0 {
		p.Bad("CorporateEndpoints", args.CorporateEndpoints, "at least one endpoint people use directly: the hub has none of the defaults "+strings.Join(defaultCorporateEndpoints, ", "))
	}
	seen := map[string]bool{}
	for i, k := range keys {
		if !slices.Contains(endpoints, k) {
			p.Bad(fmt.Sprintf("CorporateEndpoints[%d]", i), k, "one of the hub's endpoints: "+strings.Join(endpoints, ", "))
		}
		if seen[k] {
			p.Bad(fmt.Sprintf("CorporateEndpoints[%d]", i), k, "each endpoint key once")
		}
		seen[k] = true
	}
	return keys
}

// hubCorporateSecurityGroup creates the hub's corporate endpoint security group
// "<name>-corporate-endpoints": no inline rules, no egress, and one ingress rule
// "<name>-corporate-https-from-<cidr key>" per corporate CIDR admitting TCP 443. Only the
// endpoints of EndpointHubArgs.CorporateEndpoints carry it, so the corporate network reaches
// those and no other endpoint.
func hubCorporateSecurityGroup(ctx *pulumi.Context, name string, vpcID pulumi.IDOutput, cidrs []string,
	base map[string]string, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name+"-corporate-endpoints", &ec2.SecurityGroupArgs{
		VpcId:       vpcID,
		Description: pulumi.String("Interface endpoints people use directly: HTTPS from the corporate network only"),
		Tags:        core.NameTags(base, name+"-corporate-endpoints"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, c := range cidrs {
		rule := name + "-corporate-https-from-" + CidrKey(c)
		if _, err := vpc.NewSecurityGroupIngressRule(ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(443),
			ToPort:          pulumi.Int(443),
			CidrIpv4:        pulumi.String(c),
			Description:     pulumi.String("HTTPS to the Studio and SageMaker API endpoints from the corporate network " + c),
			Tags:            core.NameTags(base, rule),
		}, parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}
