package cost

import "fmt"

// Access is the corporate access a stack builds: the Route 53 Resolver endpoints in the hub, the
// Site-to-Site VPN connection and the Transit Gateway attachment towards the corporate network.
// It is priced the same in every design (the corporate network needs its connection and DNS
// whichever way the spokes reach AWS services), so it moves every total but no break-even.
type Access struct {
	// ResolverEndpointIPs is the number of IP addresses (each an ENI) of the Route 53 Resolver
	// endpoints: one per hub AZ for the inbound endpoint, as many again with an outbound one.
	ResolverEndpointIPs int
	// VPNConnections is the number of Site-to-Site VPN connections the stack creates.
	VPNConnections int
	// CorporateAttachments is the number of Transit Gateway attachments towards the corporate
	// network (a VPN connection's or a Direct Connect gateway's), billed like VPC attachments.
	CorporateAttachments int
	// Resolver, when set, is how the ResolverEndpointIPs split between the inbound and outbound
	// endpoints: the estimate then prices the Resolver alternatives (resolver.go). Default nil.
	Resolver *ResolverDesign
}

// Access prices, in USD: the us-east-1 list prices, kept for callers; the estimate reads them
// from the price tables (Prices.ResolverEndpointIPHour, VPNConnectionHour), which a test pins
// equal to these.
const (
	// ResolverEndpointIPHour: "For each ENI, you pay $0.125 per hour" (AWS re:Post Knowledge
	// Center, "How do I optimize costs for Route 53 Resolver endpoints?",
	// https://repost.aws/knowledge-center/route-53-resolver-endpoint-costs; Route 53 pricing,
	// https://aws.amazon.com/route53/pricing/). DNS queries ($0.40 per million) are traffic and
	// left out, like the other per-GB lines.
	ResolverEndpointIPHour = 0.125
	// VPNConnectionHour: $0.05 per Site-to-Site VPN connection-hour
	// (https://aws.amazon.com/vpn/pricing/); its Transit Gateway attachment is billed on top at
	// Prices.TGWAttachmentHour (https://aws.amazon.com/transit-gateway/pricing/: per attachment-hour,
	// VPN and Direct Connect gateway attachments included).
	VPNConnectionHour = 0.05
)

func (a Access) validate() []error {
	var errs []error
	for _, f := range []struct {
		name string
		v    int
	}{{"ResolverEndpointIPs", a.ResolverEndpointIPs}, {"VPNConnections", a.VPNConnections}, {"CorporateAttachments", a.CorporateAttachments}} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("cost: Access.%s is %d; must be 0 or more", f.name, f.v))
		}
	}
	return append(errs, a.Resolver.validate(a.ResolverEndpointIPs)...)
}

// items are the access lines (zero quantities are dropped by join). Resolver endpoints bill under
// Route 53; VPN connection and TGW attachment hours under Amazon VPC (vpc-billing-usage-reports.html).
func (a Access) items(p Prices) []Item {
	return []Item{
		priced(p, "resolverEndpointIpHour", ServiceRoute53, resolverLine, "ENI-hour", float64(a.ResolverEndpointIPs)*HoursPerMonth),
		priced(p, "vpnConnectionHour", ServiceVPC, "Site-to-Site VPN connections", "connection-hour", float64(a.VPNConnections)*HoursPerMonth),
		priced(p, "tgwAttachmentHour", ServiceVPC, "Transit Gateway attachments (corporate network)", "attachment-hour", float64(a.CorporateAttachments)*HoursPerMonth),
	}
}
