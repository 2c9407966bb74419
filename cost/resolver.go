package cost

import (
	"errors"
	"fmt"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
)

// ResolverMinIPs is the fewest IP addresses a Route 53 Resolver endpoint takes: the components
// own the figure and its source (access.MinResolverAddresses).
const ResolverMinIPs = access.MinResolverAddresses

// ResolverQueriesPerSecondPerIP is the Resolver quota "Queries per second per IP address per
// endpoint": 10,000 (Route 53 Developer Guide, "Quotas on Route 53 Resolver",
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/DNSLimitations.html#limits-api-entities-resolver).
const ResolverQueriesPerSecondPerIP = 10000

// ResolverDesign is how the Resolver endpoints are built, for the Resolver alternatives: the
// addresses of the inbound and the outbound endpoint (0 for no endpoint) and the hub AZs they
// could span. Access.ResolverEndpointIPs is InboundIPs + OutboundIPs.
type ResolverDesign struct {
	HubAZs      int
	InboundIPs  int
	OutboundIPs int
}

// Keys of the Resolver alternatives in Estimate.Alternatives (only those whose address count
// differs from the stack's are shown).
const (
	AltResolverInboundPerAz  = "resolverInboundPerAz"
	AltResolverInboundTwo    = "resolverInboundTwo"
	AltResolverInboundNone   = "resolverInboundNone"
	AltResolverOutboundPerAz = "resolverOutboundPerAz"
	AltResolverOutboundTwo   = "resolverOutboundTwo"
	AltResolverNoForwarding  = "resolverNoForwarding"
)

// resolverLine is the estimate line of the Resolver endpoint addresses (Access.items).
const resolverLine = "Route 53 Resolver endpoint IP addresses (ENIs)"

func (d *ResolverDesign) validate(total int) []error {
	if d == nil {
		return nil
	}
	var errs []error
	if d.HubAZs < ResolverMinIPs {
		errs = append(errs, fmt.Errorf("cost: Access.Resolver.HubAZs is %d; Resolver endpoints need at least %d AZs", d.HubAZs, ResolverMinIPs))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"InboundIPs", d.InboundIPs}, {"OutboundIPs", d.OutboundIPs}} {
		if f.v != 0 && (f.v < ResolverMinIPs || f.v > d.HubAZs) {
			errs = append(errs, fmt.Errorf("cost: Access.Resolver.%s is %d; want 0 (no endpoint) or %d to HubAZs (%d)", f.name, f.v, ResolverMinIPs, d.HubAZs))
		}
	}
	if d.InboundIPs+d.OutboundIPs != total {
		errs = append(errs, errors.New("cost: Access.ResolverEndpointIPs must be Access.Resolver.InboundIPs + OutboundIPs"))
	}
	return errs
}

// resolverAlternatives prices the Resolver designs a platform team weighs against the stack's
// (nil without Access.Resolver): the inbound endpoint with one address per hub AZ, two addresses
// or none (records in the corporate DNS instead), and the outbound endpoint per AZ, two or none
// (no forwarding). Each changes one endpoint and says what it cannot do.
func resolverAlternatives(est Estimate, p Prices, primary []Item, primaryFixed float64, a Access) map[string]Alternative {
	d := a.Resolver
	if d == nil {
		return nil
	}
	out := map[string]Alternative{}
	seen := map[[2]int]bool{{d.InboundIPs, d.OutboundIPs}: true} // one alternative per address split
	add := func(key string, in, outIPs int, desc string) {
		if seen[[2]int{in, outIPs}] {
			return
		}
		seen[[2]int{in, outIPs}] = true
		items := withResolverIPs(p, primary, in+outIPs)
		desc = fmt.Sprintf("%s (%d Resolver addresses instead of %d: %+.2f USD a month).", desc, in+outIPs, d.InboundIPs+d.OutboundIPs,
			float64(in+outIPs-d.InboundIPs-d.OutboundIPs)*HoursPerMonth*p.ResolverEndpointIPHour)
		out[key] = alternative(est, primaryFixed, items, est.PerGBUSD, desc)
	}
	two := ResolverMinIPs
	add(AltResolverInboundPerAz, d.HubAZs, d.OutboundIPs, fmt.Sprintf("an inbound endpoint with one address in each of the %d hub AZs "+
		"(corporate.dns.inbound: perAz): the corporate DNS forwards the hub's private hosted zones (conditional forwarders) to it, "+
		"and it answers in every hub AZ", d.HubAZs))
	add(AltResolverInboundTwo, two, d.OutboundIPs, fmt.Sprintf("an inbound endpoint with two addresses, in the hub's first two AZs "+
		"(corporate.dns.inbound: two; AWS's minimum is two addresses in different AZs). It cannot answer from the other hub AZs: "+
		"with one of the two AZs down a single address is left, and capacity is %d × %d queries a second (Resolver quota per "+
		"address)", two, ResolverQueriesPerSecondPerIP))
	add(AltResolverInboundNone, 0, d.OutboundIPs, "no inbound endpoint (corporate.dns.inbound: none): the corporate DNS holds one "+
		"CNAME per endpoint people use (the plan's corporateDns.records, stack output dnsCorporateRecords), pointing at the "+
		"endpoint's regional DNS name, which AWS publishes in public DNS. It cannot resolve any other hub name from the corporate "+
		"network, the corporate resolvers must resolve public DNS names, and a change of corporate.endpoints needs the corporate "+
		"DNS team")
	if d.OutboundIPs > 0 {
		add(AltResolverOutboundPerAz, d.InboundIPs, d.HubAZs, fmt.Sprintf("an outbound endpoint with one address in each of the %d "+
			"hub AZs (corporate.dns.outbound: perAz): forwarding keeps working from every hub AZ", d.HubAZs))
		add(AltResolverOutboundTwo, d.InboundIPs, two, "an outbound endpoint with two addresses, in the hub's first two AZs "+
			"(corporate.dns.outbound: two). It cannot forward from the other hub AZs: with one of the two AZs down a single "+
			"address forwards every corporate query")
		add(AltResolverNoForwarding, d.InboundIPs, 0, "no outbound endpoint and no forwarding rules (no corporate.dns.forwardDomains). "+
			"It cannot resolve the corporate domains from the spokes: on-premises sources are reached by address, or through "+
			"records the platform team keeps in a private hosted zone")
	}
	return out
}

// withResolverIPs is items with the Resolver line set to n addresses (added, or dropped at 0).
func withResolverIPs(p Prices, items []Item, n int) []Item {
	line := priced(p, "resolverEndpointIpHour", ServiceRoute53, resolverLine, "ENI-hour", float64(n)*HoursPerMonth)
	out := make([]Item, 0, len(items)+1)
	found := false
	for _, it := range items {
		if it.Resource == resolverLine {
			found = true
			it = line
		}
		out = append(out, it)
	}
	if !found {
		out = append(out, line)
	}
	return join(out)
}
