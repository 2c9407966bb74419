package access

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// ResolverEndpointsType is the type token of the ResolverEndpoints component (public API).
const ResolverEndpointsType = "vpconly:access:ResolverEndpoints"

// MinResolverAddresses is the fewest IP addresses a Resolver endpoint takes: "For each Resolver
// endpoint, you specify two or more IP addresses in different Availability Zones" (Route 53
// Developer Guide, "Considerations when creating inbound and outbound endpoints",
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-choose-vpc.html). The cost
// model prices the same figure (cost.ResolverMinIPs is this constant).
const MinResolverAddresses = 2

// How many addresses a Resolver endpoint gets (corporate.dns.inbound and corporate.dns.outbound;
// ResolverAddressCount). Each address is an ENI billed by the hour, the largest fixed line of a
// stack with corporate access (docs/corporate-dns-costs.md).
const (
	// ResolverAddressesPerAz: one address in every hub AZ (the default): the endpoint answers in
	// every AZ the hub spans.
	ResolverAddressesPerAz = "perAz"
	// ResolverAddressesTwo: MinResolverAddresses addresses, in the hub's first two AZs.
	ResolverAddressesTwo = "two"
	// ResolverInboundNone (inbound only): no inbound endpoint; the corporate DNS holds the
	// records of CorporateDnsRecords instead of forwarding the hub's zones.
	ResolverInboundNone = "none"
)

// ResolverInboundModes returns the values corporate.dns.inbound takes ("" means
// ResolverAddressesPerAz), a new slice on every call.
func ResolverInboundModes() []string {
	return []string{ResolverAddressesPerAz, ResolverAddressesTwo, ResolverInboundNone}
}

// ResolverOutboundModes returns the values corporate.dns.outbound takes ("" means
// ResolverAddressesPerAz), a new slice on every call.
func ResolverOutboundModes() []string { return []string{ResolverAddressesPerAz, ResolverAddressesTwo} }

// ResolverAddressCount is how many addresses an endpoint in mode gets in a hub of azs AZs ("" is
// ResolverAddressesPerAz; ResolverInboundNone is 0). Unknown modes count as per AZ (validation
// refuses them first).
func ResolverAddressCount(mode string, azs int) int {
	switch mode {
	case ResolverInboundNone:
		return 0
	case ResolverAddressesTwo:
		return min(MinResolverAddresses, azs)
	default:
		return azs
	}
}

// CorporateDnsRecord is one record the corporate DNS must hold when the hub has no inbound
// endpoint (ResolverInboundNone): Name, a hostname people use (the hub endpoint's private DNS
// name, "*." for a wildcard service), is a CNAME of the hub interface endpoint's regional DNS name
// (its dnsEntries[0], the name the hub's own alias record points at). AWS publishes that name in
// public DNS, resolving to the endpoint's private addresses in every hub AZ ("DNS hostnames",
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames),
// so the record follows the endpoint when its addresses change.
type CorporateDnsRecord struct {
	Name string `json:"name" pulumi:"name,optional"`
	Type string `json:"type" pulumi:"type,optional"`
	// Endpoint is the hub endpoint's catalog key: the target is its regional DNS name.
	Endpoint string `json:"endpoint" pulumi:"endpoint,optional"`
}

// CorporateDnsRecords returns the records the corporate DNS must hold for the hub endpoints
// people use directly (the corporate endpoint keys), sorted by name: one per endpoint.
func CorporateDnsRecords(region string, corporateEndpointKeys []string) []CorporateDnsRecord {
	out := []CorporateDnsRecord{}
	for _, k := range corporateEndpointKeys {
		if e, ok := network.LookupEndpoint(k); ok {
			out = append(out, CorporateDnsRecord{Name: e.RecordName(region), Type: "CNAME", Endpoint: k})
		}
	}
	slices.SortFunc(out, func(a, b CorporateDnsRecord) int { return strings.Compare(a.Name, b.Name) })
	return slices.CompactFunc(out, func(a, b CorporateDnsRecord) bool { return a.Name == b.Name })
}

// ForwardDomainPattern is what a forwarded corporate domain name may be: lowercase DNS labels,
// at least two, no trailing dot.
const ForwardDomainPattern = `^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`

var forwardDomainRe = regexp.MustCompile(ForwardDomainPattern)

// CheckForwardDomain reports a malformed forwarded domain name, or nil.
func CheckForwardDomain(d string) error {
	if len(d) > 253 || !forwardDomainRe.MatchString(d) {
		return fmt.Errorf("%q: want a DNS domain name such as corp.example.com (lowercase, no trailing dot)", d)
	}
	return nil
}

// ResolverOutbound forwards corporate domains from the landing zone to the corporate DNS servers.
type ResolverOutbound struct {
	// DomainNames are the corporate domains to forward (CheckForwardDomain). Required.
	DomainNames []string `pulumi:"domainNames,optional"`
	// TargetIps are the corporate DNS servers (IPv4, inside one of CorporateCidrs). Required.
	TargetIps []string `pulumi:"targetIps,optional"`
	// VpcIds are the VPCs each forwarding rule is associated with, by a stable key (the spoke
	// name): every spoke. Default none.
	VpcIds map[string]pulumi.StringInput `pulumi:"vpcIds,optional"`
}

// ResolverEndpointsArgs configure ResolverEndpoints.
type ResolverEndpointsArgs struct {
	// VpcId is the hub VPC. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId,optional"`
	// SubnetIds are the hub subnets, one per AvailabilityZones entry: one endpoint address each.
	// Required.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds,optional"`
	// AvailabilityZones name the subnets (and the addresses), at least MinResolverAddresses.
	// Required.
	AvailabilityZones []string `pulumi:"availabilityZones,optional"`
	// CorporateCidrs are the corporate networks allowed to query the inbound endpoint (TCP and UDP
	// 53) and, with Outbound, where the target DNS servers live. Required.
	CorporateCidrs []string `pulumi:"corporateCidrs,optional"`
	// Outbound, when set, adds an outbound endpoint and one forwarding rule per domain. Default nil.
	Outbound *ResolverOutbound `pulumi:"outbound,optional"`
	// Inbound is how many addresses the inbound endpoint gets: one of ResolverInboundModes;
	// ResolverInboundNone creates none (nor its security group). Default "": per AZ.
	Inbound string `pulumi:"inbound,optional"`
	// OutboundAddresses is how many addresses the outbound endpoint gets: one of
	// ResolverOutboundModes; only with Outbound. Default "": per AZ.
	OutboundAddresses string `pulumi:"outboundAddresses,optional"`
	// Tags are merged into every taggable child's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ResolverEndpoints is the landing zone's DNS towards and from the corporate network.
//
// Children:
//   - aws:ec2/securityGroup:SecurityGroup "<name>-inbound" (no inline rules, no egress: answers
//     are return traffic of a stateful group) with aws:vpc/securityGroupIngressRule:
//     SecurityGroupIngressRule "<name>-inbound-dns-tcp-from-<cidr key>" and "-udp-" per corporate
//     CIDR (port 53);
//   - aws:route53/resolverEndpoint:ResolverEndpoint "<name>-inbound" (INBOUND, Do53), one address
//     per hub subnet (Inbound two: the first two; Inbound none: no inbound endpoint, group or
//     rule): the corporate DNS servers forward the hub's private hosted zone names here
//     (whitepaper "Centralized access to VPC private endpoints", on-premises access,
//     https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html);
//   - with Outbound: SecurityGroup "<name>-outbound" with aws:vpc/securityGroupEgressRule:
//     SecurityGroupEgressRule "<name>-outbound-dns-tcp-to-<ip key>" and "-udp-" per target (no
//     ingress), ResolverEndpoint "<name>-outbound" (OUTBOUND), aws:route53/resolverRule:ResolverRule
//     "<name>-forward-<domain key>" (FORWARD to the targets on port 53) and
//     aws:route53/resolverRuleAssociation:ResolverRuleAssociation "<name>-forward-<domain key>-<vpc
//     key>" for every VPC.
type ResolverEndpoints struct {
	pulumi.ResourceState

	// InboundEndpointId is the Resolver inbound endpoint ("" without one).
	InboundEndpointId pulumi.StringOutput `pulumi:"inboundEndpointId"`
	// InboundAddresses are the inbound endpoint's IP addresses: the conditional forwarders'
	// targets.
	InboundAddresses pulumi.StringArrayOutput `pulumi:"inboundAddresses"`
	// InboundSecurityGroupId is the inbound endpoint's security group ("" without one).
	InboundSecurityGroupId pulumi.StringOutput    `pulumi:"inboundSecurityGroupId"`
	OutboundEndpointId     pulumi.StringOutput    `pulumi:"outboundEndpointId"` // "" without Outbound
	ForwardingRuleIds      pulumi.StringMapOutput `pulumi:"forwardingRuleIds"`  // by domain
	// ForwardedDomains are the corporate domains the outbound endpoint forwards.
	ForwardedDomains pulumi.StringArrayOutput `pulumi:"forwardedDomains"`
}

// Validate checks the arguments of the ResolverEndpoints name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. NewResolverEndpoints
// calls it first.
func (args *ResolverEndpointsArgs) Validate(name string) error {
	p := core.NewProblems("ResolverEndpoints", name)
	if args == nil {
		p.Missing("args", "a *ResolverEndpointsArgs")
		return p.Err()
	}
	if core.UnsetInput(args.VpcId) {
		p.Missing("VpcId", "the hub VPC id")
	}
	if args.SubnetIds == nil {
		p.Missing("SubnetIds", "the hub subnet ids, one per availability zone")
	}
	if len(args.AvailabilityZones) < MinResolverAddresses {
		p.Bad("AvailabilityZones", args.AvailabilityZones, fmt.Sprintf("at least %d zones: a Resolver endpoint takes two or more addresses in different AZs", MinResolverAddresses))
	}
	if len(args.CorporateCidrs) == 0 {
		p.Missing("CorporateCidrs", "the corporate CIDRs allowed to query the inbound endpoint")
	}
	p.Add("", network.CheckCorporateCidrs("CorporateCidrs", args.CorporateCidrs, nil))
	if args.Inbound != "" && !slices.Contains(ResolverInboundModes(), args.Inbound) {
		p.Bad("Inbound", args.Inbound, "one of "+strings.Join(ResolverInboundModes(), ", ")+` ("" = `+ResolverAddressesPerAz+")")
	}
	if args.OutboundAddresses != "" && !slices.Contains(ResolverOutboundModes(), args.OutboundAddresses) {
		p.Bad("OutboundAddresses", args.OutboundAddresses, "one of "+strings.Join(ResolverOutboundModes(), ", ")+` ("" = `+ResolverAddressesPerAz+")")
	}
	if args.OutboundAddresses != "" && args.Outbound == nil {
		p.Bad("OutboundAddresses", args.OutboundAddresses, `"" without Outbound: there is no outbound endpoint`)
	}
	if args.Inbound == ResolverInboundNone && args.Outbound == nil {
		p.Bad("Inbound", args.Inbound, "an inbound endpoint, or Outbound: with neither the component has nothing to create")
	}
	if o := args.Outbound; o != nil {
		if len(o.DomainNames) == 0 {
			p.Missing("Outbound.DomainNames", "at least one corporate domain to forward")
		}
		seen := map[string]bool{}
		for i, d := range o.DomainNames {
			if err := CheckForwardDomain(d); err != nil {
				p.Bad(fmt.Sprintf("Outbound.DomainNames[%d]", i), d, err.Error())
			}
			if seen[d] {
				p.Bad(fmt.Sprintf("Outbound.DomainNames[%d]", i), d, "each domain once")
			}
			seen[d] = true
		}
		if len(o.TargetIps) == 0 {
			p.Missing("Outbound.TargetIps", "at least one corporate DNS server address")
		}
		for i, ip := range o.TargetIps {
			if err := CheckResolverTarget(ip, args.CorporateCidrs); err != nil {
				p.Bad(fmt.Sprintf("Outbound.TargetIps[%d]", i), ip, err.Error())
			}
		}
		for k, id := range o.VpcIds {
			if core.UnsetInput(id) {
				p.Missing(fmt.Sprintf("Outbound.VpcIds[%q]", k), "a VPC id")
			}
		}
	}
	return p.Err()
}

// CheckResolverTarget reports what is wrong with ip as a forwarding target, or nil: an IPv4
// address inside one of the corporate CIDRs (the only place the hub routes to besides the
// landing zone's own VPCs).
func CheckResolverTarget(ip string, corporate []string) error {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Is4() {
		return fmt.Errorf("%q is not an IPv4 address: want a corporate DNS server address", ip)
	}
	for _, c := range corporate {
		if p, err := netip.ParsePrefix(c); err == nil && p.Contains(a) {
			return nil
		}
	}
	return fmt.Errorf("%q is outside the corporate CIDRs %v: want a corporate DNS server the hub routes to", ip, corporate)
}

// NewResolverEndpoints validates args and registers the endpoints.
func NewResolverEndpoints(ctx *pulumi.Context, name string, args *ResolverEndpointsArgs, opts ...pulumi.ResourceOption) (*ResolverEndpoints, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &ResolverEndpoints{}
	if err := ctx.RegisterComponentResource(ResolverEndpointsType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }
	subnets := args.SubnetIds.ToStringArrayOutput()
	// The first n hub subnets, one address each (n from the endpoint's mode).
	addresses := func(mode string) route53.ResolverEndpointIpAddressArray {
		out := route53.ResolverEndpointIpAddressArray{}
		for i := range ResolverAddressCount(mode, len(args.AvailabilityZones)) {
			out = append(out, &route53.ResolverEndpointIpAddressArgs{SubnetId: subnets.Index(pulumi.Int(i))})
		}
		return out
	}
	inboundID, inboundSG := pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	inboundAddresses := pulumi.ToStringArray([]string{}).ToStringArrayOutput()
	if args.Inbound != ResolverInboundNone {
		var err error
		if inboundID, inboundSG, inboundAddresses, err = newResolverInbound(ctx, name, args, addresses(args.Inbound), tags, parent); err != nil {
			return nil, err
		}
	}

	outboundID := pulumi.String("").ToStringOutput()
	rules := pulumi.StringMap{}
	var domains []string
	if o := args.Outbound; o != nil {
		domains = o.DomainNames
		outSG, err := ec2.NewSecurityGroup(ctx, name+"-outbound", &ec2.SecurityGroupArgs{
			VpcId:       args.VpcId,
			Description: pulumi.String("Route 53 Resolver outbound endpoint: DNS (TCP and UDP 53) to the corporate DNS servers only"),
			Tags:        tags(name + "-outbound"),
		}, parent)
		if err != nil {
			return nil, err
		}
		for _, ip := range o.TargetIps {
			for _, proto := range []string{"tcp", "udp"} {
				rule := name + "-outbound-dns-" + proto + "-to-" + network.CidrKey(ip)
				if _, err := vpc.NewSecurityGroupEgressRule(ctx, rule, &vpc.SecurityGroupEgressRuleArgs{
					SecurityGroupId: outSG.ID(),
					IpProtocol:      pulumi.String(proto),
					FromPort:        pulumi.Int(53),
					ToPort:          pulumi.Int(53),
					CidrIpv4:        pulumi.String(ip + "/32"),
					Description:     pulumi.String("DNS (" + strings.ToUpper(proto) + " 53) to the corporate DNS server " + ip),
					Tags:            tags(rule),
				}, parent); err != nil {
					return nil, err
				}
			}
		}
		outbound, err := route53.NewResolverEndpoint(ctx, name+"-outbound", &route53.ResolverEndpointArgs{
			Direction:        pulumi.String("OUTBOUND"),
			SecurityGroupIds: pulumi.StringArray{outSG.ID()},
			IpAddresses:      addresses(args.OutboundAddresses),
			Protocols:        pulumi.StringArray{pulumi.String("Do53")},
			Tags:             tags(name + "-outbound"),
		}, parent)
		if err != nil {
			return nil, err
		}
		outboundID = outbound.ID().ToStringOutput()
		targets := route53.ResolverRuleTargetIpArray{}
		for _, ip := range o.TargetIps {
			targets = append(targets, &route53.ResolverRuleTargetIpArgs{Ip: pulumi.String(ip), Port: pulumi.Int(53)})
		}
		for _, d := range o.DomainNames {
			key := name + "-forward-" + strings.ReplaceAll(d, ".", "-")
			rule, err := route53.NewResolverRule(ctx, key, &route53.ResolverRuleArgs{
				DomainName:         pulumi.String(d),
				RuleType:           pulumi.String("FORWARD"),
				ResolverEndpointId: outbound.ID(),
				TargetIps:          targets,
				Tags:               tags(key),
			}, parent)
			if err != nil {
				return nil, err
			}
			rules[d] = rule.ID()
			for _, vk := range core.SortedKeys(o.VpcIds) {
				if _, err := route53.NewResolverRuleAssociation(ctx, key+"-"+vk, &route53.ResolverRuleAssociationArgs{
					ResolverRuleId: rule.ID(),
					VpcId:          o.VpcIds[vk],
				}, parent); err != nil {
					return nil, err
				}
			}
		}
	}

	c.InboundEndpointId = inboundID
	c.InboundAddresses = inboundAddresses
	c.InboundSecurityGroupId = inboundSG
	c.OutboundEndpointId = outboundID
	c.ForwardingRuleIds = rules.ToStringMapOutput()
	c.ForwardedDomains = pulumi.ToStringArray(domains).ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"inboundEndpointId":      c.InboundEndpointId,
		"inboundAddresses":       c.InboundAddresses,
		"inboundSecurityGroupId": c.InboundSecurityGroupId,
		"outboundEndpointId":     c.OutboundEndpointId,
		"forwardingRuleIds":      c.ForwardingRuleIds,
		"forwardedDomains":       c.ForwardedDomains,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// newResolverInbound registers the inbound endpoint and its security group (DNS from the
// corporate CIDRs) and returns the endpoint's id, the group's id and the endpoint's addresses.
func newResolverInbound(ctx *pulumi.Context, name string, args *ResolverEndpointsArgs, ips route53.ResolverEndpointIpAddressArray,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption) (id, sgID pulumi.StringOutput, addrs pulumi.StringArrayOutput, err error) {
	var empty pulumi.StringOutput // returned with an error only
	inSG, err := ec2.NewSecurityGroup(ctx, name+"-inbound", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("Route 53 Resolver inbound endpoint: DNS (TCP and UDP 53) from the corporate network only"),
		Tags:        tags(name + "-inbound"),
	}, parent)
	if err != nil {
		return empty, empty, addrs, err
	}
	for _, cidr := range args.CorporateCidrs {
		for _, proto := range []string{"tcp", "udp"} {
			rule := name + "-inbound-dns-" + proto + "-from-" + network.CidrKey(cidr)
			if _, err := vpc.NewSecurityGroupIngressRule(ctx, rule, &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: inSG.ID(),
				IpProtocol:      pulumi.String(proto),
				FromPort:        pulumi.Int(53),
				ToPort:          pulumi.Int(53),
				CidrIpv4:        pulumi.String(cidr),
				Description:     pulumi.String("DNS (" + strings.ToUpper(proto) + " 53) from the corporate network " + cidr),
				Tags:            tags(rule),
			}, parent); err != nil {
				return empty, empty, addrs, err
			}
		}
	}
	inbound, err := route53.NewResolverEndpoint(ctx, name+"-inbound", &route53.ResolverEndpointArgs{
		Direction:        pulumi.String("INBOUND"),
		SecurityGroupIds: pulumi.StringArray{inSG.ID()},
		IpAddresses:      ips,
		Protocols:        pulumi.StringArray{pulumi.String("Do53")},
		Tags:             tags(name + "-inbound"),
	}, parent)
	if err != nil {
		return empty, empty, addrs, err
	}

	addrs = inbound.IpAddresses.ApplyT(func(ips []route53.ResolverEndpointIpAddress) []string {
		out := []string{}
		for _, ip := range ips {
			if ip.Ip != nil && *ip.Ip != "" {
				out = append(out, *ip.Ip)
			}
		}
		return out
	}).(pulumi.StringArrayOutput)
	return inbound.ID().ToStringOutput(), inSG.ID().ToStringOutput(), addrs, nil
}

// ConditionalForwarders returns, for the hub's endpoint keys (EndpointHub.Ref().EndpointKeys), the
// private hosted zone names (EndpointService.ZoneName), sorted and unique: one conditional
// forwarder each, which the corporate DNS team points at the inbound endpoint's addresses.
func ConditionalForwarders(region string, endpointKeys []string) []string {
	out := []string{}
	for _, k := range endpointKeys {
		if e, ok := network.LookupEndpoint(k); ok {
			out = append(out, e.ZoneName(region))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
