package components

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/directconnect"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// CorporateAccessType is the type token of the CorporateAccess component (public API).
const CorporateAccessType = "vpconly:access:CorporateAccess"

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

// Limits of the corporate network configuration.
const (
	// MinCorporatePrefix is the widest corporate CIDR accepted: a /8 (10.0.0.0/8). Anything wider
	// is a default route in disguise (0.0.0.0/1 and 128.0.0.0/1 together are 0.0.0.0/0).
	MinCorporatePrefix = 8
	// DefaultBgpAsn is the customer gateway's ASN when none is given: 65000, the private ASN the
	// AWS Site-to-Site VPN console suggests for static routing.
	DefaultBgpAsn = 65000
	// MaxBgpAsn is the largest ASN CustomerGateway.BgpAsn takes (2-byte and 4-byte ASNs up to
	// 2,147,483,647; EC2 CreateCustomerGateway, BgpAsn).
	MaxBgpAsn = 2147483647
)

// Patterns of the ids a corporate connection is given.
var (
	// DirectConnectGatewayIdPattern: a Direct Connect gateway id is a UUID.
	DirectConnectGatewayIdPattern = `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`
	// TransitGatewayAttachmentIdPattern: tgw-attach- and 8 or 17 hexadecimal digits.
	TransitGatewayAttachmentIdPattern = `^tgw-attach-[0-9a-f]{8,17}$`

	dxGatewayIDRe     = regexp.MustCompile(DirectConnectGatewayIdPattern)
	tgwAttachmentIDRe = regexp.MustCompile(TransitGatewayAttachmentIdPattern)
)

// CheckCorporateCidr reports what is wrong with cidr as a corporate network CIDR, or nil: it must
// be an IPv4 network CIDR (no host bits) no wider than /MinCorporatePrefix. 0.0.0.0/0 and ::/0
// are refused by name: a route to either is an internet path.
func CheckCorporateCidr(cidr string) error {
	if p, err := netip.ParsePrefix(cidr); err == nil && p.Bits() == 0 {
		return fmt.Errorf("%q is a default route: want the corporate network's own CIDRs, never 0.0.0.0/0 or ::/0", cidr)
	}
	p, err := netParseCIDR(cidr)
	if err != nil {
		return err
	}
	if p.Bits() < MinCorporatePrefix {
		return fmt.Errorf("%q is wider than /%d: want the corporate network's own CIDRs (a route this wide is a default route in disguise)", cidr, MinCorporatePrefix)
	}
	return nil
}

// CheckCustomerGatewayIp reports what is wrong with ip as the customer gateway's outside address,
// or nil: an IPv4 unicast address (not unspecified, loopback, multicast or link-local).
func CheckCustomerGatewayIp(ip string) error {
	a, err := netip.ParseAddr(ip)
	switch {
	case err != nil || !a.Is4():
		return fmt.Errorf("%q is not an IPv4 address: want the customer gateway device's outside IPv4 address", ip)
	case a.IsUnspecified() || a.IsLoopback() || a.IsMulticast() || a.IsLinkLocalUnicast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return fmt.Errorf("%q is not a unicast address: want the customer gateway device's outside IPv4 address", ip)
	}
	return nil
}

// CheckBgpAsn reports what is wrong with asn as a customer gateway ASN, or nil.
func CheckBgpAsn(asn int) error {
	if asn < 1 || asn > MaxBgpAsn {
		return fmt.Errorf("%d: want an ASN between 1 and %d (0 for the default %d)", asn, MaxBgpAsn, DefaultBgpAsn)
	}
	return nil
}

// CheckDirectConnectGatewayId and CheckTransitGatewayAttachmentId report a malformed id, or nil.
func CheckDirectConnectGatewayId(id string) error {
	if !dxGatewayIDRe.MatchString(id) {
		return fmt.Errorf("%q: want a Direct Connect gateway id (a UUID such as 5f3c1b9e-2d4a-4c7b-9e8f-0a1b2c3d4e5f)", id)
	}
	return nil
}

// CheckTransitGatewayAttachmentId reports a malformed Transit Gateway attachment id, or nil.
func CheckTransitGatewayAttachmentId(id string) error {
	if !tgwAttachmentIDRe.MatchString(id) {
		return fmt.Errorf("%q: want a Transit Gateway attachment id (tgw-attach- and 8 or 17 hex digits)", id)
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
func (p *problems) corporateCidrs(field string, cidrs []string, own map[string]string) {
	var good []string
	for i, c := range cidrs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := CheckCorporateCidr(c); err != nil {
			p.bad(f, c, "a corporate IPv4 CIDR: "+err.Error())
			continue
		}
		for _, k := range sortedKeys(own) {
			if Overlaps(c, own[k]) {
				p.bad(f, c, fmt.Sprintf("a CIDR that does not overlap %s (%s)", k, own[k]))
			}
		}
		for _, o := range good {
			if Overlaps(c, o) {
				p.bad(f, c, fmt.Sprintf("a CIDR that does not overlap the corporate CIDR %s listed before it", o))
			}
		}
		good = append(good, c)
	}
}

// hubCorporate validates EndpointHubArgs.CorporateCidrs and CorporateEndpoints and returns the
// corporate endpoint keys (nil without corporate CIDRs).
func (p *problems) hubCorporate(args *EndpointHubArgs, endpoints []string) []string {
	own := map[string]string{"CidrBlock": args.CidrBlock}
	for s, c := range args.SpokeCidrs {
		own[fmt.Sprintf("SpokeCidrs[%q]", s)] = c
	}
	p.corporateCidrs("CorporateCidrs", args.CorporateCidrs, own)
	if len(args.CorporateCidrs) == 0 {
		if len(args.CorporateEndpoints) > 0 {
			p.bad("CorporateEndpoints", args.CorporateEndpoints, "no endpoints without CorporateCidrs (nothing would be admitted)")
		}
		return nil
	}
	keys := CorporateEndpointKeys(args.CorporateEndpoints, endpoints)
	if len(keys) == 0 {
		p.bad("CorporateEndpoints", args.CorporateEndpoints, "at least one endpoint people use directly: the hub has none of the defaults "+strings.Join(defaultCorporateEndpoints, ", "))
	}
	seen := map[string]bool{}
	for i, k := range keys {
		if !slices.Contains(endpoints, k) {
			p.bad(fmt.Sprintf("CorporateEndpoints[%d]", i), k, "one of the hub's endpoints: "+strings.Join(endpoints, ", "))
		}
		if seen[k] {
			p.bad(fmt.Sprintf("CorporateEndpoints[%d]", i), k, "each endpoint key once")
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
		Tags:        nameTags(base, name+"-corporate-endpoints"),
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
			Tags:            nameTags(base, rule),
		}, parent); err != nil {
			return nil, err
		}
	}
	return sg, nil
}

// CorporateVpn is a Site-to-Site VPN the stack creates on the Transit Gateway.
type CorporateVpn struct {
	// CustomerGatewayIp is the outside IPv4 address of the corporate VPN device. Required.
	CustomerGatewayIp string `pulumi:"customerGatewayIp,optional"`
	// BgpAsn is the customer gateway's ASN. Default 0: DefaultBgpAsn.
	BgpAsn int `pulumi:"bgpAsn,optional"`
	// StaticRoutesOnly selects static routing on the VPN tunnels (no BGP session). Default false.
	// Either way the Transit Gateway routes only the configured corporate CIDRs towards the VPN
	// (static TGW routes); BGP-learned prefixes are not propagated into the hub's TGW route table.
	// With BGP the Transit Gateway advertises the routes of the route table the VPN attachment is
	// associated with: the corporate route table, so the hub and the OnPremisesSpokes only.
	StaticRoutesOnly bool `pulumi:"staticRoutesOnly,optional"`
}

// CorporateDirectConnect associates an existing Direct Connect gateway with the Transit Gateway.
type CorporateDirectConnect struct {
	// GatewayId is the Direct Connect gateway's id (a UUID). Required.
	GatewayId string `pulumi:"gatewayId,optional"`
	// AllowedPrefixes are the prefixes advertised to the corporate network over Direct Connect:
	// the hub CIDR and the CIDRs of the spokes that reach on-premises. Required, at least one.
	AllowedPrefixes []string `pulumi:"allowedPrefixes,optional"`
}

// CorporateAccessArgs configure CorporateAccess. Exactly one of Vpn, DirectConnect and
// TransitGatewayAttachmentId says how the corporate network connects.
type CorporateAccessArgs struct {
	// CorporateCidrs are the corporate network's IPv4 CIDRs (CheckCorporateCidr); none may overlap
	// Hub.Cidr, SpokeCidrs or each other. Required, at least one.
	CorporateCidrs []string `pulumi:"corporateCidrs,optional"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack): the corporate route table is
	// made on Hub.TransitGatewayId, the routes to the corporate CIDRs go into
	// Hub.TransitGatewayRouteTableId (where the hub and the spokes are associated), and Hub.Cidr
	// is checked for overlap. Required (Cidr and the Transit Gateway ids).
	Hub HubRef `pulumi:"hub"`
	// HubAttachmentId is the hub VPC's Transit Gateway attachment
	// (EndpointHub.TransitGatewayAttachmentId): it propagates into the corporate route table, so
	// that the corporate network reaches the endpoints and the Resolver inbound endpoint people
	// use. Required.
	HubAttachmentId pulumi.StringInput `pulumi:"hubAttachmentId,optional"`
	// OnPremisesSpokes maps each spoke that reaches on-premises data sources (a key of
	// SpokeCidrs) to its Transit Gateway attachment (SpokeVpc.TransitGatewayAttachmentId): only
	// these propagate into the corporate route table, so only they are routed to, and with BGP
	// advertised to, the corporate network. Default none.
	OnPremisesSpokes map[string]pulumi.StringInput `pulumi:"onPremisesSpokes,optional"`
	// SpokeCidrs (spoke name → CIDR) are the landing zone's spoke CIDRs, for the overlap check.
	SpokeCidrs map[string]string `pulumi:"spokeCidrs,optional"`
	// Vpn creates a customer gateway and a Site-to-Site VPN connection on the Transit Gateway.
	Vpn *CorporateVpn `pulumi:"vpn,optional"`
	// DirectConnect associates a Direct Connect gateway with the Transit Gateway and uses the
	// attachment AWS creates for it.
	DirectConnect *CorporateDirectConnect `pulumi:"directConnect,optional"`
	// TransitGatewayAttachmentId is an existing attachment of the hub's Transit Gateway towards
	// the corporate network (made outside this stack, e.g. by the network team's Direct Connect
	// gateway association).
	TransitGatewayAttachmentId string `pulumi:"transitGatewayAttachmentId,optional"`
	// Tags are merged into every taggable child's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// CorporateAccess connects the corporate network to the hub's Transit Gateway, and nothing to the
// internet: no gateway, no public subnet, no route to 0.0.0.0/0 or ::/0 (every CIDR is checked).
//
// Children:
//   - with Vpn: aws:ec2/customerGateway:CustomerGateway "<name>-cgw" (type ipsec.1) and
//     aws:ec2/vpnConnection:VpnConnection "<name>-vpn" on the Transit Gateway (its attachment is
//     the VPN connection's transitGatewayAttachmentId);
//   - with DirectConnect: aws:directconnect/gatewayAssociation:GatewayAssociation
//     "<name>-dx-association" (allowed prefixes as given), whose attachment is looked up with
//     aws:ec2transitgateway/getDirectConnectGatewayAttachment;
//   - always: aws:ec2transitgateway/routeTable:RouteTable "<name>-tgw-rt", the corporate route
//     table, on the hub's Transit Gateway;
//     aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation "<name>-tgw-association"
//     (the corporate attachment in the corporate route table);
//     aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation "<name>-propagation-hub"
//     (the hub's attachment) and "<name>-propagation-<spoke>" per OnPremisesSpokes entry, into
//     the corporate route table; and one aws:ec2transitgateway/route:Route "<name>-to-<cidr key>"
//     per corporate CIDR in the hub's TGW route table towards the corporate attachment. Nothing is
//     propagated from the corporate attachment, so an advertised default route never enters a
//     table.
//
// Why a route table of its own. A Transit Gateway routes the traffic of an attachment by the one
// route table the attachment is associated with, and a VPN attachment with BGP advertises that
// table's routes to the customer gateway ("Transit gateway route tables" and "How transit
// gateways work": https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html,
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html; "Each VPC or VPN
// attachment is associated with a single route table. That route table decides the next hop
// for the traffic coming from that resource attachment", and more route tables "segment your
// network": https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html). In the hub's
// table every spoke is propagated, so the corporate network would route to, and learn over BGP,
// every spoke. In the corporate table only the hub and the OnPremisesSpokes are.
//
// The hub route tables (EndpointHubArgs.CorporateCidrs) and the spokes that reach on-premises
// data sources (SpokeVpcArgs.CorporateCidrs) route the corporate CIDRs to the Transit Gateway.
type CorporateAccess struct {
	pulumi.ResourceState

	// TransitGatewayAttachmentId is the corporate network's Transit Gateway attachment (VPN, Direct Connect or the given one).
	TransitGatewayAttachmentId pulumi.StringOutput `pulumi:"transitGatewayAttachmentId"`
	// TransitGatewayRouteTableId is the corporate route table (the corporate attachment's).
	TransitGatewayRouteTableId pulumi.StringOutput `pulumi:"transitGatewayRouteTableId"`
	// CorporateCidrs are the corporate network's CIDRs, as given.
	CorporateCidrs pulumi.StringArrayOutput `pulumi:"corporateCidrs"`
	// Kind is "vpn", "directConnect" or "attachment".
	Kind              pulumi.StringOutput `pulumi:"kind"`
	VpnConnectionId   pulumi.StringOutput `pulumi:"vpnConnectionId"`   // "" unless Vpn
	CustomerGatewayId pulumi.StringOutput `pulumi:"customerGatewayId"` // "" unless Vpn
}

// ValidateCorporateAccess checks args and returns every problem at once (nil when valid).
func ValidateCorporateAccess(name string, args *CorporateAccessArgs) error {
	p := newProblems("CorporateAccess", name)
	if args == nil {
		p.missing("args", "a *CorporateAccessArgs with CorporateCidrs and Hub set")
		return p.err()
	}
	if len(args.CorporateCidrs) == 0 {
		p.missing("CorporateCidrs", "at least one corporate IPv4 CIDR")
	}
	own := map[string]string{}
	p.checkHub(args.Hub, hubNeeds{cidr: true, tgw: true})
	if _, err := netParseCIDR(args.Hub.Cidr); err == nil {
		own["Hub.Cidr"] = args.Hub.Cidr
	}
	for s, c := range args.SpokeCidrs {
		own[fmt.Sprintf("SpokeCidrs[%q]", s)] = c
	}
	p.corporateCidrs("CorporateCidrs", args.CorporateCidrs, own)
	if unsetInput(args.HubAttachmentId) {
		p.missing("HubAttachmentId", "the hub VPC's Transit Gateway attachment id (EndpointHub.TransitGatewayAttachmentId): it propagates into the corporate route table")
	}
	for _, s := range sortedKeys(args.OnPremisesSpokes) {
		field := fmt.Sprintf("OnPremisesSpokes[%q]", s)
		if _, ok := args.SpokeCidrs[s]; !ok {
			p.bad(field, s, "a spoke named in SpokeCidrs: "+strings.Join(sortedKeys(args.SpokeCidrs), ", "))
		}
		if unsetInput(args.OnPremisesSpokes[s]) {
			p.missing(field, "the spoke's Transit Gateway attachment id (SpokeVpc.TransitGatewayAttachmentId)")
		}
	}
	n := 0
	if v := args.Vpn; v != nil {
		n++
		if err := CheckCustomerGatewayIp(v.CustomerGatewayIp); err != nil {
			p.bad("Vpn.CustomerGatewayIp", v.CustomerGatewayIp, err.Error())
		}
		if v.BgpAsn != 0 {
			if err := CheckBgpAsn(v.BgpAsn); err != nil {
				p.bad("Vpn.BgpAsn", v.BgpAsn, err.Error())
			}
		}
	}
	if d := args.DirectConnect; d != nil {
		n++
		if err := CheckDirectConnectGatewayId(d.GatewayId); err != nil {
			p.bad("DirectConnect.GatewayId", d.GatewayId, err.Error())
		}
		if len(d.AllowedPrefixes) == 0 {
			p.missing("DirectConnect.AllowedPrefixes", "the hub CIDR and the CIDRs of the spokes that reach on-premises")
		}
		for i, c := range d.AllowedPrefixes {
			if _, err := netParseCIDR(c); err != nil {
				p.bad(fmt.Sprintf("DirectConnect.AllowedPrefixes[%d]", i), c, "an IPv4 CIDR of the landing zone ("+err.Error()+")")
			}
		}
	}
	if args.TransitGatewayAttachmentId != "" {
		n++
		if err := CheckTransitGatewayAttachmentId(args.TransitGatewayAttachmentId); err != nil {
			p.bad("TransitGatewayAttachmentId", args.TransitGatewayAttachmentId, err.Error())
		}
	}
	if n != 1 {
		p.errs = append(p.errs, errors.New(p.prefix+": Vpn, DirectConnect and TransitGatewayAttachmentId: "+
			strconv.Itoa(n)+" are set: want exactly one (how the corporate network connects)"))
	}
	return p.err()
}

// NewCorporateAccess validates args and registers the corporate connection.
func NewCorporateAccess(ctx *pulumi.Context, name string, args *CorporateAccessArgs, opts ...pulumi.ResourceOption) (*CorporateAccess, error) {
	if err := ValidateCorporateAccess(name, args); err != nil {
		return nil, err
	}
	c := &CorporateAccess{}
	if err := ctx.RegisterComponentResource(CorporateAccessType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return nameTags(args.Tags, child) }

	var attachment pulumi.StringOutput
	vpnID, cgwID := pulumi.String("").ToStringOutput(), pulumi.String("").ToStringOutput()
	kind := "attachment"
	switch {
	case args.Vpn != nil:
		kind = "vpn"
		asn := args.Vpn.BgpAsn
		if asn == 0 {
			asn = DefaultBgpAsn
		}
		cgw, err := ec2.NewCustomerGateway(ctx, name+"-cgw", &ec2.CustomerGatewayArgs{
			IpAddress: pulumi.String(args.Vpn.CustomerGatewayIp),
			BgpAsn:    pulumi.String(strconv.Itoa(asn)),
			Type:      pulumi.String("ipsec.1"),
			Tags:      tags(name + "-cgw"),
		}, parent)
		if err != nil {
			return nil, err
		}
		vpn, err := ec2.NewVpnConnection(ctx, name+"-vpn", &ec2.VpnConnectionArgs{
			CustomerGatewayId: cgw.ID(),
			TransitGatewayId:  args.Hub.TransitGatewayId.ToStringOutput().ToStringPtrOutput(),
			Type:              pulumi.String("ipsec.1"),
			StaticRoutesOnly:  pulumi.Bool(args.Vpn.StaticRoutesOnly),
			Tags:              tags(name + "-vpn"),
		}, parent)
		if err != nil {
			return nil, err
		}
		attachment, vpnID, cgwID = vpn.TransitGatewayAttachmentId, vpn.ID().ToStringOutput(), cgw.ID().ToStringOutput()
	case args.DirectConnect != nil:
		kind = "directConnect"
		assoc, err := directconnect.NewGatewayAssociation(ctx, name+"-dx-association", &directconnect.GatewayAssociationArgs{
			DxGatewayId:         pulumi.String(args.DirectConnect.GatewayId),
			AssociatedGatewayId: args.Hub.TransitGatewayId.ToStringOutput().ToStringPtrOutput(),
			AllowedPrefixes:     pulumi.ToStringArray(args.DirectConnect.AllowedPrefixes),
		}, parent)
		if err != nil {
			return nil, err
		}
		// The association's own outputs as the lookup's inputs: the lookup waits for it.
		attachment = ec2transitgateway.GetDirectConnectGatewayAttachmentOutput(ctx,
			ec2transitgateway.GetDirectConnectGatewayAttachmentOutputArgs{
				TransitGatewayId: assoc.AssociatedGatewayId,
				DxGatewayId:      assoc.DxGatewayId.ToStringPtrOutput(),
			}, pulumi.Parent(c)).Id()
	default:
		attachment = pulumi.String(args.TransitGatewayAttachmentId).ToStringOutput()
	}

	// The corporate route table: the corporate attachment is associated with it, and only the hub
	// and the spokes with on-premises access propagate into it.
	rt, err := ec2transitgateway.NewRouteTable(ctx, name+"-tgw-rt", &ec2transitgateway.RouteTableArgs{
		TransitGatewayId: args.Hub.TransitGatewayId,
		Tags:             tags(name + "-tgw-rt"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2transitgateway.NewRouteTableAssociation(ctx, name+"-tgw-association", &ec2transitgateway.RouteTableAssociationArgs{
		TransitGatewayAttachmentId: attachment,
		TransitGatewayRouteTableId: rt.ID(),
	}, parent); err != nil {
		return nil, err
	}
	propagate := map[string]pulumi.StringInput{"hub": args.HubAttachmentId}
	keys := []string{"hub"}
	for _, s := range sortedKeys(args.OnPremisesSpokes) {
		propagate["spoke-"+s] = args.OnPremisesSpokes[s]
		keys = append(keys, "spoke-"+s)
	}
	for _, key := range keys {
		if _, err := ec2transitgateway.NewRouteTablePropagation(ctx, name+"-propagation-"+key, &ec2transitgateway.RouteTablePropagationArgs{
			TransitGatewayAttachmentId: propagate[key],
			TransitGatewayRouteTableId: rt.ID(),
		}, parent); err != nil {
			return nil, err
		}
	}
	for _, cidr := range args.CorporateCidrs {
		if _, err := ec2transitgateway.NewRoute(ctx, name+"-to-"+CidrKey(cidr), &ec2transitgateway.RouteArgs{
			DestinationCidrBlock:       pulumi.String(cidr),
			TransitGatewayAttachmentId: attachment,
			TransitGatewayRouteTableId: args.Hub.TransitGatewayRouteTableId,
		}, parent); err != nil {
			return nil, err
		}
	}

	c.TransitGatewayAttachmentId = attachment
	c.TransitGatewayRouteTableId = rt.ID().ToStringOutput()
	c.CorporateCidrs = pulumi.ToStringArray(args.CorporateCidrs).ToStringArrayOutput()
	c.Kind = pulumi.String(kind).ToStringOutput()
	c.VpnConnectionId = vpnID
	c.CustomerGatewayId = cgwID
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"transitGatewayAttachmentId": c.TransitGatewayAttachmentId,
		"transitGatewayRouteTableId": c.TransitGatewayRouteTableId,
		"corporateCidrs":             c.CorporateCidrs,
		"kind":                       c.Kind,
		"vpnConnectionId":            c.VpnConnectionId,
		"customerGatewayId":          c.CustomerGatewayId,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
