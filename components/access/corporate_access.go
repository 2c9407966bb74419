package access

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/directconnect"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// CorporateAccessType is the type token of the CorporateAccess component (public API).
const CorporateAccessType = "vpconly:access:CorporateAccess"

const (

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
	Hub network.HubRef `pulumi:"hub"`
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

// Validate checks the arguments of the CorporateAccess name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. NewCorporateAccess
// calls it first.
func (args *CorporateAccessArgs) Validate(name string) error {
	p := core.NewProblems("CorporateAccess", name)
	if args == nil {
		p.Missing("args", "a *CorporateAccessArgs with CorporateCidrs and Hub set")
		return p.Err()
	}
	if len(args.CorporateCidrs) == 0 {
		p.Missing("CorporateCidrs", "at least one corporate IPv4 CIDR")
	}
	own := map[string]string{}
	p.Add("", args.Hub.Check(network.HubNeeds{Cidr: true, Tgw: true}))
	if _, err := network.NetParseCIDR(args.Hub.Cidr); err == nil {
		own["Hub.Cidr"] = args.Hub.Cidr
	}
	for s, c := range args.SpokeCidrs {
		own[fmt.Sprintf("SpokeCidrs[%q]", s)] = c
	}
	p.Add("", network.CheckCorporateCidrs("CorporateCidrs", args.CorporateCidrs, own))
	if core.UnsetInput(args.HubAttachmentId) {
		p.Missing("HubAttachmentId", "the hub VPC's Transit Gateway attachment id (EndpointHub.TransitGatewayAttachmentId): it propagates into the corporate route table")
	}
	for _, s := range core.SortedKeys(args.OnPremisesSpokes) {
		field := fmt.Sprintf("OnPremisesSpokes[%q]", s)
		if _, ok := args.SpokeCidrs[s]; !ok {
			p.Bad(field, s, "a spoke named in SpokeCidrs: "+strings.Join(core.SortedKeys(args.SpokeCidrs), ", "))
		}
		if core.UnsetInput(args.OnPremisesSpokes[s]) {
			p.Missing(field, "the spoke's Transit Gateway attachment id (SpokeVpc.TransitGatewayAttachmentId)")
		}
	}
	n := 0
	if v := args.Vpn; v != nil {
		n++
		if err := CheckCustomerGatewayIp(v.CustomerGatewayIp); err != nil {
			p.Bad("Vpn.CustomerGatewayIp", v.CustomerGatewayIp, err.Error())
		}
		if v.BgpAsn != 0 {
			if err := CheckBgpAsn(v.BgpAsn); err != nil {
				p.Bad("Vpn.BgpAsn", v.BgpAsn, err.Error())
			}
		}
	}
	if d := args.DirectConnect; d != nil {
		n++
		if err := CheckDirectConnectGatewayId(d.GatewayId); err != nil {
			p.Bad("DirectConnect.GatewayId", d.GatewayId, err.Error())
		}
		if len(d.AllowedPrefixes) == 0 {
			p.Missing("DirectConnect.AllowedPrefixes", "the hub CIDR and the CIDRs of the spokes that reach on-premises")
		}
		for i, c := range d.AllowedPrefixes {
			if _, err := network.NetParseCIDR(c); err != nil {
				p.Bad(fmt.Sprintf("DirectConnect.AllowedPrefixes[%d]", i), c, "an IPv4 CIDR of the landing zone ("+err.Error()+")")
			}
		}
	}
	if args.TransitGatewayAttachmentId != "" {
		n++
		if err := CheckTransitGatewayAttachmentId(args.TransitGatewayAttachmentId); err != nil {
			p.Bad("TransitGatewayAttachmentId", args.TransitGatewayAttachmentId, err.Error())
		}
	}
	if n != 1 {
		p.Bad("Vpn", strconv.Itoa(n)+" of Vpn, DirectConnect and TransitGatewayAttachmentId set",
			"exactly one of Vpn, DirectConnect and TransitGatewayAttachmentId (how the corporate network connects)")
	}
	return p.Err()
}

// NewCorporateAccess validates args and registers the corporate connection.
func NewCorporateAccess(ctx *pulumi.Context, name string, args *CorporateAccessArgs, opts ...pulumi.ResourceOption) (*CorporateAccess, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &CorporateAccess{}
	if err := ctx.RegisterComponentResource(CorporateAccessType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }

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
	for _, s := range core.SortedKeys(args.OnPremisesSpokes) {
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
		if _, err := ec2transitgateway.NewRoute(ctx, name+"-to-"+network.CidrKey(cidr), &ec2transitgateway.RouteArgs{
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
