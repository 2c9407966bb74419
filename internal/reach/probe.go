package reach

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Network is the reachability model of a recording for callers that ask one hop at a time
// (internal/journey): the same model and the same checks Analyze runs, so the journeys, the
// access report and the tests share one engine.
type Network struct {
	a         *analysis
	rules     []resolverRule
	firewalls []firewallGroup
}

// resolverRule is a Route 53 Resolver rule (FORWARD or SYSTEM) and the VPCs it is associated with.
type resolverRule struct {
	name, id, domain, kind string
	vpcs                   map[string]string // vpc id -> association name
}

// firewallGroup is a DNS Firewall rule group: its rules in priority order and its VPCs.
type firewallGroup struct {
	name, id string
	rules    []firewallRule
	vpcs     map[string]string // vpc id -> association name
}

type firewallRule struct {
	name, action string
	priority     int
	domains      []string
	list         string // the domain list's logical name
}

// Types of the DNS resources the probe reads.
const (
	typeResolverRule      = "aws:route53/resolverRule:ResolverRule"
	typeResolverRuleAssoc = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation"
	typeFirewallList      = "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList"
	typeFirewallGroup     = "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup"
	typeFirewallRule      = "aws:route53/resolverFirewallRule:ResolverFirewallRule"
	typeFirewallAssoc     = "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation"
)

// NewNetwork models a recording. It fails only on invalid Options.
func NewNetwork(rec *recorder.Recording, opts Options) (*Network, error) {
	corp, keys, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	m := newModel(rec)
	m.corpCache = corp
	n := &Network{a: &analysis{m: m, corp: corp, keys: keys, allowed: opts.AllowedSpokePairs, records: opts.CorporateDnsRecords}}
	n.readDNS(rec)
	return n, nil
}

func (n *Network) readDNS(rec *recorder.Recording) {
	rules := map[string]*resolverRule{}
	lists := map[string]recorder.Resource{}
	groups := map[string]*firewallGroup{}
	for _, r := range rec.Resources {
		switch r.Type {
		case typeResolverRule:
			rules[r.ID] = &resolverRule{name: r.Name, id: r.ID, domain: normName(str(r, "domainName")),
				kind: strings.ToUpper(str(r, "ruleType")), vpcs: map[string]string{}}
		case typeFirewallList:
			lists[r.ID] = r
		case typeFirewallGroup:
			groups[r.ID] = &firewallGroup{name: r.Name, id: r.ID, vpcs: map[string]string{}}
		}
	}
	for _, r := range rec.Resources {
		switch r.Type {
		case typeResolverRuleAssoc:
			if rr := rules[str(r, "resolverRuleId")]; rr != nil {
				rr.vpcs[str(r, "vpcId")] = r.Name
			}
		case typeFirewallRule:
			if g := groups[str(r, "firewallRuleGroupId")]; g != nil {
				l := lists[str(r, "firewallDomainListId")]
				var domains []string
				for _, d := range strs(l, "domains") {
					domains = append(domains, strings.ToLower(strings.TrimSpace(d)))
				}
				g.rules = append(g.rules, firewallRule{name: r.Name, action: strings.ToUpper(str(r, "action")),
					priority: intOr(r.Inputs, "priority", 0), domains: domains, list: l.Name})
			}
		case typeFirewallAssoc:
			if g := groups[str(r, "firewallRuleGroupId")]; g != nil {
				g.vpcs[str(r, "vpcId")] = r.Name
			}
		}
	}
	for _, rr := range rules {
		n.rules = append(n.rules, *rr)
	}
	sort.Slice(n.rules, func(i, j int) bool { return n.rules[i].name < n.rules[j].name })
	for _, g := range groups {
		sort.SliceStable(g.rules, func(i, j int) bool { return g.rules[i].priority < g.rules[j].priority })
		n.firewalls = append(n.firewalls, *g)
	}
	sort.Slice(n.firewalls, func(i, j int) bool { return n.firewalls[i].name < n.firewalls[j].name })
}

// ---- what the recording holds ----

// VPC is a VPC of the recording.
type VPC struct {
	ID, Name string
	// Role is "hub", "spoke" or "".
	Role string
	// Component is the landing-zone component it belongs to ("spoke-research").
	Component string
	Cidrs     []netip.Prefix
}

// Endpoint is a VPC endpoint of the recording.
type Endpoint struct {
	ID, Name, VPC, Service string
	// Kind is Interface, Gateway, ...
	Kind string
	// Hub is set for the endpoint hub's endpoints.
	Hub bool
	// DNSNames are the endpoint's own DNS names (its dnsEntries).
	DNSNames []string
}

// SecurityGroup is a security group of the recording.
type SecurityGroup struct {
	ID, Name, VPC string
	// Role is "studio", "job", "endpoint", "resolver" or "".
	Role string
	// Component is the component it is a child of.
	Component string
}

// Subnet is a subnet of the recording.
type Subnet struct {
	ID, Name, VPC, AZ string
	Cidr              netip.Prefix
}

// VPCs returns the recording's VPCs by logical name.
func (n *Network) VPCs() []VPC {
	var out []VPC
	for _, id := range n.a.m.vpcOrder {
		v := n.a.m.vpcs[id]
		out = append(out, VPC{ID: v.id, Name: v.name, Role: v.role, Component: v.component, Cidrs: append([]netip.Prefix(nil), v.cidrs...)})
	}
	return out
}

// Endpoints returns the recording's VPC endpoints by logical name.
func (n *Network) Endpoints() []Endpoint {
	var out []Endpoint
	for _, ep := range n.a.m.endpoints {
		out = append(out, endpointOf(ep))
	}
	return out
}

func endpointOf(ep *vpcEndpointInfo) Endpoint {
	return Endpoint{ID: ep.id, Name: ep.name, VPC: ep.vpc, Service: ep.service, Kind: ep.kind, Hub: ep.hub,
		DNSNames: append([]string(nil), ep.dnsNames...)}
}

// HubEndpoint returns the hub's interface endpoint for a catalog key ("sagemaker.api").
func (n *Network) HubEndpoint(key string) (Endpoint, bool) {
	for _, ep := range n.a.m.endpoints {
		if ep.hub && ep.kind == "Interface" && matchesKey(ep.service, key) {
			return endpointOf(ep), true
		}
	}
	return Endpoint{}, false
}

// SecurityGroups returns the recording's security groups by logical name.
func (n *Network) SecurityGroups() []SecurityGroup {
	var out []SecurityGroup
	for _, id := range n.a.m.sgOrder {
		g := n.a.m.sgs[id]
		out = append(out, SecurityGroup{ID: g.id, Name: g.name, VPC: g.vpc, Role: g.role, Component: g.component})
	}
	return out
}

// Subnets returns a VPC's subnets by logical name.
func (n *Network) Subnets(vpcID string) []Subnet {
	var out []Subnet
	for _, s := range n.a.m.subnetsOf(vpcID) {
		out = append(out, Subnet{ID: s.id, Name: s.name, VPC: s.vpc, AZ: s.az, Cidr: s.cidr})
	}
	return out
}

// CorporateCidrs are the corporate networks the model was given.
func (n *Network) CorporateCidrs() []netip.Prefix { return append([]netip.Prefix(nil), n.a.corp...) }

// ---- name resolution ----

// Answer is where a name resolves.
type Answer struct {
	// By names what answered: the private hosted zone and record, or the Resolver rule.
	By string
	// Endpoint is the VPC endpoint the answer points at, if any.
	Endpoint *Endpoint
	// Forwarded is set when a FORWARD Resolver rule sends the query elsewhere (the corporate DNS).
	Forwarded bool
	// Public is set when no private zone or rule of the VPC holds the name: the Route 53
	// Resolver answers it from public DNS.
	Public bool
}

// dnsMatch reports whether name is domain or below it.
func dnsMatch(domain, name string) bool {
	return name == domain || strings.HasSuffix(name, "."+domain)
}

// Resolve answers fqdn as the Route 53 Resolver of a VPC does: the most specific of the private
// hosted zones associated with the VPC and the Resolver rules associated with it answers, and on
// a tie the forwarding rule wins (Route 53 Developer Guide, "Forwarding outbound DNS queries to
// your network", on how Resolver chooses among rules and private hosted zones:
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html).
// A zone without a record for the name answers NXDOMAIN: the hop says so. A wildcard record
// "*.zone" answers every name below the zone that no other record holds (Route 53 Developer
// Guide, "Supported DNS record types", wildcards).
func (n *Network) Resolve(vpcID, fqdn string) (Answer, *Hop) {
	m := n.a.m
	name := normName(fqdn)
	v := m.vpcs[vpcID]
	vname := m.vpcName(vpcID)
	var zone *zoneInfo
	for _, z := range m.uniqueZones() {
		if _, ok := z.vpcs[vpcID]; ok && dnsMatch(z.zoneName, name) && (zone == nil || len(z.zoneName) > len(zone.zoneName)) {
			zone = z
		}
	}
	var rule *resolverRule
	for i := range n.rules {
		r := &n.rules[i]
		if _, ok := r.vpcs[vpcID]; ok && dnsMatch(r.domain, name) && (rule == nil || len(r.domain) > len(rule.domain)) {
			rule = r
		}
	}
	if rule != nil && (zone == nil || len(rule.domain) >= len(zone.zoneName)) {
		if rule.kind == "FORWARD" {
			return Answer{By: rule.name, Forwarded: true}, nil
		}
		zone = nil // a SYSTEM rule: the Resolver answers as if no rule were there
	}
	if zone == nil {
		return Answer{Public: true, By: "public DNS"}, nil
	}
	if v != nil && (!v.dnsSupport || !v.dnsHostnames) {
		return Answer{}, &Hop{Step: "vpc-dns", Resource: v.name, Detail: "private hosted zones need enableDnsSupport and enableDnsHostnames"}
	}
	var exact, wild *recordInfo
	for i := range m.records {
		rc := &m.records[i]
		if z := m.zones[rc.zone]; z != zone {
			continue
		}
		switch {
		case rc.fqdn == name:
			exact = rc
		case strings.HasPrefix(rc.fqdn, "*.") && strings.HasSuffix(name, rc.fqdn[1:]) && (wild == nil || len(rc.fqdn) > len(wild.fqdn)):
			wild = rc
		}
	}
	rc := exact
	if rc == nil {
		rc = wild
	}
	if rc == nil {
		return Answer{}, &Hop{Step: "dns-record", Resource: zone.name,
			Detail: fmt.Sprintf("zone %s answers %s from %s with NXDOMAIN: no record holds the name", zone.zoneName, name, vname)}
	}
	a := Answer{By: zone.name + " / " + rc.name}
	for _, ep := range m.endpoints {
		for _, d := range ep.dnsNames {
			for _, t := range rc.targets {
				if t == d {
					e := endpointOf(ep)
					a.Endpoint = &e
				}
			}
		}
	}
	return a, nil
}

// uniqueZones returns each zone once (m.zones holds a zone under its id and its zoneId).
func (m *model) uniqueZones() []*zoneInfo {
	seen := map[*zoneInfo]bool{}
	var out []*zoneInfo
	for _, z := range m.zones {
		if !seen[z] {
			seen[z] = true
			out = append(out, z)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// InboundResolverVPC returns the VPC of the first Route 53 Resolver INBOUND endpoint, the one
// the corporate DNS forwards to, and its name.
func (n *Network) InboundResolverVPC() (vpcID, name string, ok bool) {
	for _, re := range n.a.m.resolvers {
		if re.direction == "INBOUND" {
			return n.a.m.resolverTarget(re).vpc, re.name, true
		}
	}
	return "", "", false
}

// FirewallVerdict is the DNS Firewall's answer for a query from a VPC: the rule groups
// associated with the VPC, rules in priority order, the first rule whose domain list matches
// decides ("DNS Firewall processes the rules in a rule group by order of priority, starting from
// the lowest": Route 53 Developer Guide, "Rule groups and rules in DNS Firewall",
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall-rule-groups.html).
// A domain "*.example.com" matches the names below example.com, "example.com" only itself, "*"
// every name ("Domain lists in DNS Firewall", same guide). Groups is how many rule groups the VPC
// has: with none, every query is allowed and Rule is "".
type FirewallVerdict struct {
	Groups int
	Allow  bool
	Rule   string // the rule that decided
	List   string // its domain list
}

// Firewall evaluates a query for fqdn from a VPC.
func (n *Network) Firewall(vpcID, fqdn string) FirewallVerdict {
	name := normName(fqdn)
	v := FirewallVerdict{Allow: true}
	for _, g := range n.firewalls {
		if _, ok := g.vpcs[vpcID]; !ok {
			continue
		}
		v.Groups++
		for _, r := range g.rules {
			if !firewallMatches(r.domains, name) {
				continue
			}
			v.Rule, v.List = r.name, r.list
			v.Allow = r.action == "ALLOW"
			if !v.Allow {
				return v
			}
			break
		}
	}
	return v
}

func firewallMatches(domains []string, name string) bool {
	for _, d := range domains {
		d = normName(d)
		switch {
		case d == "*":
			return true
		case strings.HasPrefix(d, "*."):
			if strings.HasSuffix(name, d[1:]) {
				return true
			}
		case d == name:
			return true
		}
	}
	return false
}

// ---- network paths ----

func (n *Network) group(id string) (*sgInfo, *Hop) {
	g := n.a.m.sgs[id]
	if g == nil {
		return nil, &Hop{Step: "security-group", Resource: id, Detail: "no such security group in the recording"}
	}
	return g, nil
}

func (n *Network) endpoint(id string) (*vpcEndpointInfo, *Hop) {
	for _, ep := range n.a.m.endpoints {
		if ep.id == id {
			return ep, nil
		}
	}
	return nil, &Hop{Step: "endpoint", Resource: id, Detail: "no such VPC endpoint in the recording"}
}

// GroupToEndpoint checks HTTPS (TCP 443) from every subnet of a security group's VPC to every
// subnet of an interface endpoint, and back: the group's egress, the routes (VPC, Transit
// Gateway or peering), the endpoint's ingress and the return routes (Analyze's studio-endpoint
// check, without DNS).
func (n *Network) GroupToEndpoint(groupID, endpointID string) *Hop {
	g, h := n.group(groupID)
	if h != nil {
		return h
	}
	ep, h := n.endpoint(endpointID)
	if h != nil {
		return h
	}
	return n.a.groupToTarget(g, n.a.m.subnetsOf(g.vpc), n.a.m.endpointTarget(ep), "tcp", 443, 443)
}

// GroupToS3 checks HTTPS from a security group to S3 through its VPC's S3 gateway endpoint.
func (n *Network) GroupToS3(groupID string) *Hop {
	g, h := n.group(groupID)
	if h != nil {
		return h
	}
	return n.a.toS3(g, n.a.m.subnetsOf(g.vpc))
}

// CorporateToEndpoint checks HTTPS from corporate CIDR c to every subnet of an endpoint, and back.
func (n *Network) CorporateToEndpoint(c netip.Prefix, endpointID string) *Hop {
	ep, h := n.endpoint(endpointID)
	if h != nil {
		return h
	}
	return n.a.fromCorporate(c, n.a.m.endpointTarget(ep), "tcp", 443)
}

// CorporateToResolver checks DNS (UDP and TCP 53) from corporate CIDR c to the inbound Resolver
// endpoints, and back.
func (n *Network) CorporateToResolver(c netip.Prefix) *Hop {
	found := false
	for _, re := range n.a.m.resolvers {
		if re.direction != "INBOUND" {
			continue
		}
		found = true
		for _, proto := range []string{"udp", "tcp"} {
			if h := n.a.fromCorporate(c, n.a.m.resolverTarget(re), proto, 53); h != nil {
				return h
			}
		}
	}
	if !found {
		return &Hop{Step: "resolver-endpoint", Resource: "(none)", Detail: "no Route 53 Resolver INBOUND endpoint is planned"}
	}
	return nil
}

// GroupToCorporate checks that every subnet of a security group's VPC routes corporate CIDR c to
// a corporate attachment of the Transit Gateway, then that the group's egress admits it on
// proto/port ("all" for any traffic).
func (n *Network) GroupToCorporate(groupID string, c netip.Prefix, proto string, port int) *Hop {
	g, h := n.group(groupID)
	if h != nil {
		return h
	}
	from, to := port, port
	if proto == "all" {
		from, to = 0, 65535
	}
	for _, s := range n.a.m.subnetsOf(g.vpc) {
		tgw := ""
		if r, ok := lookupRoute(n.a.m.vpcRoutes(n.a.m.routeTableOf(s.id)), c); ok && r.target == "tgw" {
			tgw = r.targetID
		}
		if h := n.a.m.toCorporate(s, c, n.a.m.corporateAttachments(c, tgw), ""); h != nil {
			return h
		}
	}
	return n.a.m.sgCheck([]string{g.id}, true, proto, from, to, peer{cidr: c}, "sg-egress", "to corporate "+c.String())
}

// CorporateRouteTo checks whether the corporate network learns a route to a VPC: every corporate
// attachment's Transit Gateway route table sends each of the VPC's CIDRs to the VPC's
// attachment. With a VPN or Direct Connect over BGP, what that route table holds is what the
// Transit Gateway advertises to the corporate network ("Transit Gateway route tables":
// propagated and static routes of the attachment's associated route table are advertised to the
// customer gateway over BGP; AWS Site-to-Site VPN User Guide, "Transit gateway" /
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html). Nil means routed.
func (n *Network) CorporateRouteTo(c netip.Prefix, vpcID string) *Hop {
	m := n.a.m
	da := m.attachmentOf(vpcID, "")
	if da == nil {
		return &Hop{Step: "tgw-attachment", Resource: m.vpcName(vpcID), Detail: m.vpcName(vpcID) + " has no Transit Gateway attachment"}
	}
	atts := m.corporateAttachments(c, da.tgw)
	if len(atts) == 0 {
		return &Hop{Step: "corporate-attachment", Resource: m.nameOf(da.tgw), Detail: fmt.Sprintf("no Transit Gateway attachment carries corporate %s", c)}
	}
	v := m.vpcs[vpcID]
	for _, ca := range atts {
		for _, cidr := range v.cidrs {
			if allowed, name, ok := m.dxAllowedPrefixes(ca); ok && !containedIn(allowed, cidr) {
				return &Hop{Step: "dx-allowed-prefixes", Resource: name, Detail: fmt.Sprintf("the Direct Connect gateway association advertises only %s, not %s", joinPrefixList(allowed), cidr)}
			}
			if h := m.tgwForward(ca, m.attachmentLabel(ca), cidr, "", func(attach string) *Hop {
				if attach != da.id {
					return &Hop{Step: "tgw-route", Resource: da.name, Detail: fmt.Sprintf("the transit gateway sends %s to attachment %s, not to %s", cidr, attach, da.name)}
				}
				return nil
			}); h != nil {
				return h
			}
		}
	}
	return nil
}

// SubnetToAddress follows a packet from a subnet to addr (an address outside every VPC and
// corporate CIDR: the internet) by the longest-prefix route of the subnet's route table
// ("How route priority works", https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
// It returns the route that carries it out (an internet, NAT or egress-only gateway, a peering
// or an appliance, or a Transit Gateway route onward), or nil when no route takes it: the
// packet is dropped.
func (n *Network) SubnetToAddress(subnetID string, addr netip.Addr) *Hop {
	m := n.a.m
	s := m.subnets[subnetID]
	if s == nil {
		return nil
	}
	dst := netip.PrefixFrom(addr, addr.BitLen())
	rt := m.routeTableOf(s.id)
	r, ok := lookupRoute(m.vpcRoutes(rt), dst)
	if !ok || r.target == "local" || r.target == "vpce" {
		return nil
	}
	if r.target != "tgw" {
		return &Hop{Step: "route", Resource: r.name, Detail: fmt.Sprintf("%s sends %s (%s) to %s %s", rt.name, addr, r.dest, r.target, r.targetID)}
	}
	sa := m.attachmentOf(s.vpc, r.targetID)
	if sa == nil {
		return nil
	}
	rtID, ok := m.tgwAssoc[sa.id]
	if !ok {
		return nil
	}
	if e, ok := lookupTGW(m.tgwRoutes(rtID, m.corpCache), dst); ok && !e.blackhole {
		return &Hop{Step: "tgw-route", Resource: e.name, Detail: fmt.Sprintf("%s sends %s to the transit gateway, whose route %s sends it to %s", rt.name, addr, e.dest, m.attachmentLabel(e.attach))}
	}
	return nil
}

// dxAllowedPrefixes returns the allowed prefixes of a Direct Connect gateway association
// attachment: only they are advertised to the corporate network ("Allowed prefixes
// interactions", AWS Direct Connect User Guide,
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html).
func (m *model) dxAllowedPrefixes(attach string) ([]netip.Prefix, string, bool) {
	label := m.attachmentLabel(attach)
	for _, r := range m.rec.Resources {
		if r.Type != "aws:directconnect/gatewayAssociation:GatewayAssociation" || r.Name != label {
			continue
		}
		raw := strs(r, "allowedPrefixes")
		if len(raw) == 0 {
			return nil, "", false
		}
		var out []netip.Prefix
		for _, p := range raw {
			if pp := prefix(p); pp.IsValid() {
				out = append(out, pp)
			}
		}
		return out, r.Name, true
	}
	return nil, "", false
}

func containedIn(outer []netip.Prefix, p netip.Prefix) bool {
	for _, o := range outer {
		if contains(o, p) {
			return true
		}
	}
	return false
}

func joinPrefixList(ps []netip.Prefix) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.String())
	}
	return strings.Join(s, ", ")
}

// CorporateRecord returns the record the corporate DNS holds for fqdn when the stack has no
// Resolver inbound endpoint (corporate.dns.inbound none: Options.CorporateDnsRecords), and the hub
// endpoint it names. The record is a CNAME to the endpoint's regional DNS name, which AWS publishes
// in public DNS and which resolves to the endpoint's private addresses ("DNS hostnames", AWS
// PrivateLink guide,
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-dns-hostnames).
// ok is false when no record names fqdn (or a wildcard above it) or its endpoint is not in the hub.
func (n *Network) CorporateRecord(fqdn string) (rec access.CorporateDnsRecord, ep Endpoint, ok bool) {
	for _, r := range n.a.records {
		if !recordAnswers(r.Name, fqdn) {
			continue
		}
		if ep, ok := n.HubEndpoint(r.Endpoint); ok {
			return r, ep, true
		}
	}
	return access.CorporateDnsRecord{}, Endpoint{}, false
}

// CorporateRecordsOnly reports whether the corporate DNS holds exported records instead of
// forwarding to a Resolver inbound endpoint (there is none, and records are configured).
func (n *Network) CorporateRecordsOnly() bool {
	_, _, inbound := n.InboundResolverVPC()
	return !inbound && len(n.a.records) > 0
}

// recordAnswers reports whether a DNS record named name ("*.x" for a wildcard) answers fqdn.
func recordAnswers(name, fqdn string) bool {
	name, fqdn = strings.TrimSuffix(strings.ToLower(name), "."), strings.TrimSuffix(strings.ToLower(fqdn), ".")
	if rest, wild := strings.CutPrefix(name, "*."); wild {
		return strings.HasSuffix(fqdn, "."+rest)
	}
	return name == fqdn
}
