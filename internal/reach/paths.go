package reach

import (
	"fmt"
	"io"
	"net/netip"
	"strings"
	"text/tabwriter"
)

// target is something that holds network interfaces: an endpoint, a Resolver endpoint or a
// security group on its own (Studio apps, jobs).
type target struct {
	label   string
	vpc     string
	subnets []*subnetInfo
	groups  []string
	ep      *vpcEndpointInfo // set for VPC endpoints
}

func (m *model) endpointTarget(ep *vpcEndpointInfo) target {
	t := target{label: ep.name, vpc: ep.vpc, groups: ep.sgs, ep: ep}
	for _, id := range ep.subnets {
		if s := m.subnets[id]; s != nil {
			t.subnets = append(t.subnets, s)
		}
	}
	return t
}

func (m *model) resolverTarget(re *resolverInfo) target {
	t := target{label: re.name, groups: re.sgs}
	seen := map[string]bool{}
	for _, id := range re.subnets {
		if s := m.subnets[id]; s != nil && !seen[id] {
			seen[id] = true
			t.subnets = append(t.subnets, s)
			t.vpc = s.vpc
		}
	}
	return t
}

func (m *model) groupTarget(g *sgInfo) target {
	return target{label: g.name, vpc: g.vpc, subnets: m.subnetsOf(g.vpc), groups: []string{g.id}}
}

func (a *analysis) interfaceEndpoints(hubOnly bool) []*vpcEndpointInfo {
	var out []*vpcEndpointInfo
	for _, ep := range a.m.endpoints {
		if ep.kind == "Interface" && (!hubOnly || ep.hub) {
			out = append(out, ep)
		}
	}
	return out
}

func matchesKey(service, key string) bool {
	return strings.HasSuffix(service, "."+key) || service == key
}

// ---- DNS ----

// zonesFor returns the private hosted zones holding a record that points at the endpoint.
func (m *model) zonesFor(ep *vpcEndpointInfo) ([]*zoneInfo, []string) {
	var zones []*zoneInfo
	var names []string
	for _, r := range m.records {
		hit := false
		for _, t := range r.targets {
			for _, d := range ep.dnsNames {
				if t == d {
					hit = true
				}
			}
		}
		if z := m.zones[r.zone]; hit && z != nil {
			zones = append(zones, z)
			names = append(names, r.fqdn)
		}
	}
	return zones, names
}

// dnsFrom checks that the endpoint's hostname resolves in VPC vpc.
func (m *model) dnsFrom(ep *vpcEndpointInfo, vpc string) *Hop {
	if ep.privateDNS && ep.vpc == vpc {
		return nil
	}
	zones, names := m.zonesFor(ep)
	if len(zones) == 0 {
		return &Hop{Step: "dns-record", Resource: ep.name, Detail: "no private hosted zone record points at the endpoint's DNS name"}
	}
	for _, z := range zones {
		if _, ok := z.vpcs[vpc]; ok {
			if v := m.vpcs[vpc]; v != nil && (!v.dnsSupport || !v.dnsHostnames) {
				return &Hop{Step: "vpc-dns", Resource: v.name, Detail: "private hosted zones need enableDnsSupport and enableDnsHostnames"}
			}
			return nil
		}
	}
	zn := make([]string, 0, len(zones))
	for _, z := range zones {
		zn = append(zn, z.name)
	}
	return &Hop{Step: "dns-zone-association", Resource: strings.Join(zn, ", "),
		Detail: fmt.Sprintf("the zone of %s is not associated with %s", strings.Join(names, ", "), m.vpcName(vpc))}
}

// ---- required: corporate ----

func (a *analysis) corporate() {
	m := a.m
	var inbound []*resolverInfo
	for _, re := range m.resolvers {
		if re.direction == "INBOUND" {
			inbound = append(inbound, re)
		}
	}
	if len(a.corp) == 0 {
		for _, p := range []string{"tcp", "udp"} {
			a.paths = append(a.paths, Path{ID: CheckCorporateResolver + ":" + p, Kind: Required, Check: CheckCorporateResolver,
				From: "corporate", To: "resolver inbound", Traffic: p + "/53", Verdict: NotConfigured})
		}
		for _, k := range a.keys {
			a.paths = append(a.paths, Path{ID: CheckCorporateEndpoint + ":" + k, Kind: Required, Check: CheckCorporateEndpoint,
				From: "corporate", To: k, Traffic: "tcp/443", Verdict: NotConfigured})
		}
		return
	}
	for _, c := range a.corp {
		for _, proto := range []string{"tcp", "udp"} {
			p := Path{Kind: Required, Check: CheckCorporateResolver, From: c.String(), To: "resolver inbound", Traffic: proto + "/53"}
			if len(inbound) == 0 && len(a.records) > 0 {
				// the corporate DNS holds the records itself: no inbound endpoint to reach
				p.Verdict = NotConfigured
				p.ID = p.Check + ":" + p.From + "->" + p.To + ":" + p.Traffic
				p.Hop = &Hop{Step: "corporate-dns-records", Resource: "(corporate DNS)", Detail: "corporate.dns.inbound none: the corporate DNS holds the exported records"}
				a.paths = append(a.paths, p)
				continue
			}
			if len(inbound) == 0 {
				a.add(p, &Hop{Step: "resolver-endpoint", Resource: "(none)", Detail: "no Route 53 Resolver INBOUND endpoint is planned"})
				continue
			}
			var hop *Hop
			for _, re := range inbound {
				p.To = re.name
				if hop = a.fromCorporate(c, m.resolverTarget(re), proto, 53); hop != nil {
					break
				}
			}
			a.add(p, hop)
		}
		for _, k := range a.keys {
			p := Path{Kind: Required, Check: CheckCorporateEndpoint, From: c.String(), To: k, Traffic: "tcp/443"}
			var eps []*vpcEndpointInfo
			for _, ep := range a.interfaceEndpoints(true) {
				if matchesKey(ep.service, k) {
					eps = append(eps, ep)
				}
			}
			if len(eps) == 0 {
				a.add(p, &Hop{Step: "endpoint", Resource: k, Detail: "no hub interface endpoint serves " + k})
				continue
			}
			var hop *Hop
			for _, ep := range eps {
				p.To = ep.name
				if hop = a.corporateDNS(ep, inbound); hop == nil {
					hop = a.fromCorporate(c, m.endpointTarget(ep), "tcp", 443)
				}
				if hop != nil {
					break
				}
			}
			a.add(p, hop)
		}
	}
}

// corporateDNS: the corporate DNS forwards to a Resolver inbound endpoint, which answers from
// the private hosted zones associated with its VPC.
func (a *analysis) corporateDNS(ep *vpcEndpointInfo, inbound []*resolverInfo) *Hop {
	if len(inbound) == 0 && len(a.records) > 0 {
		// corporate.dns.inbound none: a record in the corporate DNS names the endpoint
		for _, r := range a.records {
			if matchesKey(ep.service, r.Endpoint) {
				return nil
			}
		}
		return &Hop{Step: "corporate-dns-records", Resource: ep.name, Detail: "no exported corporate DNS record names this endpoint"}
	}
	zones, _ := a.m.zonesFor(ep)
	if len(zones) == 0 && !ep.privateDNS {
		return &Hop{Step: "dns-record", Resource: ep.name, Detail: "no private hosted zone record points at the endpoint's DNS name"}
	}
	for _, re := range inbound {
		vpc := a.m.resolverTarget(re).vpc
		if ep.privateDNS && ep.vpc == vpc {
			return nil
		}
		for _, z := range zones {
			if _, ok := z.vpcs[vpc]; ok {
				return nil
			}
		}
	}
	return &Hop{Step: "dns-resolver", Resource: ep.name, Detail: "no Resolver inbound endpoint sits in a VPC that the endpoint's private hosted zone is associated with"}
}

// fromCorporate checks corporate CIDR c -> every subnet of t on proto/port and the return path.
func (a *analysis) fromCorporate(c netip.Prefix, t target, proto string, port int) *Hop {
	m := a.m
	if len(t.subnets) == 0 {
		return &Hop{Step: "subnet", Resource: t.label, Detail: "no subnet of the target is planned"}
	}
	for _, dst := range t.subnets {
		da := m.attachmentOf(dst.vpc, "")
		if da == nil {
			return &Hop{Step: "tgw-attachment", Resource: m.vpcName(dst.vpc), Detail: m.vpcName(dst.vpc) + " has no Transit Gateway attachment"}
		}
		atts := m.corporateAttachments(c, da.tgw)
		if len(atts) == 0 {
			return &Hop{Step: "corporate-attachment", Resource: m.nameOf(da.tgw), Detail: fmt.Sprintf("no Transit Gateway route sends %s to a VPN or Direct Connect attachment, and none is propagated", c)}
		}
		// Traffic may arrive over any corporate attachment (a VPN and a Direct Connect, say):
		// each must be routed to the target.
		for _, ca := range atts {
			if h := m.tgwForward(ca, m.attachmentLabel(ca), dst.cidr, "", func(attach string) *Hop {
				if attach != da.id {
					return &Hop{Step: "tgw-route", Resource: da.name, Detail: fmt.Sprintf("the transit gateway sends %s to attachment %s, not to %s", dst.cidr, attach, da.name)}
				}
				return m.azCheck(da, dst, "")
			}); h != nil {
				return h
			}
		}
		if h := m.sgCheck(t.groups, false, proto, port, port, peer{cidr: c}, "sg-ingress", "from corporate "+c.String()); h != nil {
			return h
		}
		if h := m.toCorporate(dst, c, atts, "return-"); h != nil {
			return h
		}
	}
	return nil
}

// ---- required: Studio ----

func (a *analysis) studio() {
	m := a.m
	for _, id := range m.sgOrder {
		g := m.sgs[id]
		if g.role != "studio" {
			continue
		}
		src := m.subnetsOf(g.vpc)
		// Studio group -> every hub endpoint 443, name resolved through a PHZ of that VPC.
		for _, ep := range a.interfaceEndpoints(true) {
			p := Path{Kind: Required, Check: CheckStudioEndpoint, From: g.name, To: ep.name, Traffic: "tcp/443"}
			hop := m.dnsFrom(ep, g.vpc)
			if hop == nil {
				hop = a.groupToTarget(g, src, m.endpointTarget(ep), "tcp", 443, 443)
			}
			a.add(p, hop)
		}
		// Studio group <-> itself.
		for _, pr := range [][2]int{{2049, 2049}, {8192, 65535}} {
			p := Path{Kind: Required, Check: CheckStudioSelf, From: g.name, To: g.name, Traffic: traffic("tcp", pr[0], pr[1])}
			a.add(p, a.groupToTarget(g, src, m.groupTarget(g), "tcp", pr[0], pr[1]))
		}
		// Studio group -> S3 prefix list 443.
		p := Path{Kind: Required, Check: CheckStudioS3, From: g.name, To: "s3 prefix list", Traffic: "tcp/443"}
		a.add(p, a.toS3(g, src))
	}
}

func (a *analysis) jobs() {
	m := a.m
	for _, id := range m.sgOrder {
		g := m.sgs[id]
		if g.role != "job" {
			continue
		}
		p := Path{Kind: Required, Check: CheckJobSelf, From: g.name, To: g.name, Traffic: "all"}
		a.add(p, a.groupToTarget(g, m.subnetsOf(g.vpc), m.groupTarget(g), "all", 0, 65535))
	}
}

// groupToTarget checks every subnet of the group's VPC -> every subnet of t: the group's egress,
// the forward routing, t's ingress and the return routing.
func (a *analysis) groupToTarget(g *sgInfo, src []*subnetInfo, t target, proto string, from, to int) *Hop {
	m := a.m
	if len(src) == 0 {
		return &Hop{Step: "subnet", Resource: m.vpcName(g.vpc), Detail: "the group's VPC has no planned subnet"}
	}
	if len(t.subnets) == 0 {
		return &Hop{Step: "subnet", Resource: t.label, Detail: "no subnet of the target is planned"}
	}
	for _, s := range src {
		for _, d := range t.subnets {
			if h := m.sgCheck([]string{g.id}, true, proto, from, to, peer{cidr: d.cidr, groups: t.groups, vpc: d.vpc}, "sg-egress", "to "+t.label+" ("+d.cidr.String()+")"); h != nil {
				return h
			}
			if h := m.flow(s, d, ""); h != nil {
				return h
			}
			if h := m.sgCheck(t.groups, false, proto, from, to, peer{cidr: s.cidr, groups: []string{g.id}, vpc: s.vpc}, "sg-ingress", "from "+g.name+" ("+s.cidr.String()+")"); h != nil {
				return h
			}
			if h := m.flow(d, s, "return-"); h != nil {
				return h
			}
		}
	}
	return nil
}

func (a *analysis) toS3(g *sgInfo, src []*subnetInfo) *Hop {
	m := a.m
	var s3 *vpcEndpointInfo
	for _, ep := range m.endpoints {
		if ep.vpc == g.vpc && ep.kind == "Gateway" && strings.HasSuffix(ep.service, ".s3") {
			s3 = ep
			break
		}
	}
	if s3 == nil {
		return &Hop{Step: "s3-gateway-endpoint", Resource: m.vpcName(g.vpc), Detail: "no S3 gateway endpoint in the group's VPC"}
	}
	if h := m.sgCheck([]string{g.id}, true, "tcp", 443, 443, peer{prefixList: s3.prefixList}, "sg-egress", "to the S3 prefix list "+s3.prefixList); h != nil {
		return h
	}
	for _, s := range src {
		rt := m.routeTableOf(s.id)
		found := false
		for _, r := range rt.routes {
			if r.prefixList == s3.prefixList && r.target == "vpce" {
				found = true
			}
		}
		if !found {
			return &Hop{Step: "route", Resource: rt.name, Detail: fmt.Sprintf("no route to the S3 prefix list %s via %s for %s", s3.prefixList, s3.name, s.name)}
		}
	}
	return nil
}

// ---- forbidden ----

func (a *analysis) internet() {
	m := a.m
	for _, id := range m.subOrder {
		s := m.subnets[id]
		p := Path{Kind: Forbidden, Check: CheckInternet, From: s.name, To: "0.0.0.0/0, ::/0", Traffic: "any"}
		a.add(p, m.internetHop(s))
	}
}

func (m *model) internetHop(s *subnetInfo) *Hop {
	rt := m.routeTableOf(s.id)
	for _, r := range rt.routes {
		if r.dest.IsValid() && r.dest.Bits() == 0 {
			return &Hop{Step: "route", Resource: r.name, Detail: fmt.Sprintf("%s sends %s to %s %s", rt.name, r.dest, r.target, r.targetID)}
		}
		switch r.target {
		case "igw", "nat", "eigw":
			return &Hop{Step: "route", Resource: r.name, Detail: fmt.Sprintf("%s sends %s to internet-facing %s %s", rt.name, r.dest, r.target, r.targetID)}
		}
	}
	for _, r := range rt.routes {
		if r.target != "tgw" {
			continue
		}
		sa := m.attachmentOf(s.vpc, r.targetID)
		if sa == nil {
			continue
		}
		rtID, ok := m.tgwAssoc[sa.id]
		if !ok {
			continue
		}
		for _, e := range m.tgwRoutes(rtID, m.corpCache) {
			if !e.blackhole && e.dest.IsValid() && e.dest.Bits() == 0 {
				return &Hop{Step: "tgw-route", Resource: e.name, Detail: fmt.Sprintf("%s sends %s to the transit gateway, whose route table sends %s to %s",
					rt.name, r.dest, e.dest, e.attach)}
			}
		}
	}
	return nil
}

func (a *analysis) spokeAllowed(x, y *vpcInfo) bool {
	is := func(name string, v *vpcInfo) bool {
		return name == v.component || "spoke-"+name == v.component || name == v.name
	}
	for _, pr := range a.allowed {
		if (is(pr[0], x) && is(pr[1], y)) || (is(pr[0], y) && is(pr[1], x)) {
			return true
		}
	}
	return false
}

func (a *analysis) spokes() {
	m := a.m
	for _, xi := range m.vpcOrder {
		x := m.vpcs[xi]
		if x.role != "spoke" {
			continue
		}
		for _, yi := range m.vpcOrder {
			y := m.vpcs[yi]
			if y.role != "spoke" || xi == yi || a.spokeAllowed(x, y) {
				continue
			}
			p := Path{Kind: Forbidden, Check: CheckSpokeToSpoke, From: x.component, To: y.component, Traffic: "any"}
			a.add(p, m.spokeHop(x, y))
		}
	}
}

// spokeHop returns the route that opens any part of y's CIDRs to a subnet of x.
func (m *model) spokeHop(x, y *vpcInfo) *Hop {
	for _, s := range m.subnetsOf(x.id) {
		rt := m.routeTableOf(s.id)
		for _, r := range rt.routes {
			hit := false
			for _, c := range y.cidrs {
				hit = hit || overlaps(r.dest, c)
			}
			if !hit || r.target == "local" || r.target == "vpce" {
				continue
			}
			if r.target != "tgw" {
				return &Hop{Step: "route", Resource: r.name, Detail: fmt.Sprintf("%s sends %s to %s %s", rt.name, r.dest, r.target, r.targetID)}
			}
			sa, ya := m.attachmentOf(x.id, r.targetID), m.attachmentOf(y.id, r.targetID)
			if sa == nil || ya == nil {
				continue
			}
			rtID, ok := m.tgwAssoc[sa.id]
			if !ok {
				continue
			}
			for _, e := range m.tgwRoutes(rtID, m.corpCache) {
				for _, c := range y.cidrs {
					if !e.blackhole && e.attach == ya.id && overlaps(e.dest, c) && overlaps(e.dest, r.dest) {
						return &Hop{Step: "tgw-route", Resource: e.name, Detail: fmt.Sprintf("%s sends %s to the transit gateway, which sends %s to %s",
							r.name, r.dest, e.dest, ya.name)}
					}
				}
			}
		}
	}
	return nil
}

// corporateOther: nothing but the corporate endpoints (TCP 443) and the Resolver inbound
// endpoints (TCP/UDP 53) admits a corporate address and is routed from the corporate attachment.
func (a *analysis) corporateOther() {
	m := a.m
	if len(a.corp) == 0 {
		a.paths = append(a.paths, Path{ID: CheckCorporateOther, Kind: Forbidden, Check: CheckCorporateOther,
			From: "corporate", To: "anything else", Traffic: "any", Verdict: NotConfigured})
		return
	}
	type allowance struct {
		t     target
		allow func(r sgRule) bool
	}
	var targets []allowance
	used := map[string]bool{}
	for _, ep := range m.endpoints {
		if ep.kind != "Interface" && ep.kind != "GatewayLoadBalancer" {
			continue
		}
		allowed := false
		for _, k := range a.keys {
			allowed = allowed || (ep.hub && matchesKey(ep.service, k))
		}
		allow := func(r sgRule) bool { return allowed && r.proto == "tcp" && r.from == 443 && r.to == 443 }
		targets = append(targets, allowance{m.endpointTarget(ep), allow})
		for _, g := range ep.sgs {
			used[g] = true
		}
	}
	for _, re := range m.resolvers {
		inbound := re.direction == "INBOUND"
		allow := func(r sgRule) bool {
			return inbound && (r.proto == "tcp" || r.proto == "udp") && r.from == 53 && r.to == 53
		}
		targets = append(targets, allowance{m.resolverTarget(re), allow})
		for _, g := range re.sgs {
			used[g] = true
		}
	}
	for _, id := range m.sgOrder {
		if !used[id] {
			targets = append(targets, allowance{m.groupTarget(m.sgs[id]), func(sgRule) bool { return false }})
		}
	}
	for _, c := range a.corp {
		for _, t := range targets {
			p := Path{Kind: Forbidden, Check: CheckCorporateOther, From: c.String(), To: t.t.label, Traffic: "any"}
			a.add(p, a.corporateOpen(c, t.t, t.allow))
		}
	}
}

func (a *analysis) corporateOpen(c netip.Prefix, t target, allow func(sgRule) bool) *Hop {
	m := a.m
	for _, gid := range t.groups {
		g := m.sgs[gid]
		if g == nil {
			continue
		}
		for _, r := range g.ingress {
			if !overlaps(r.cidr, c) || allow(r) {
				continue
			}
			for _, dst := range t.subnets {
				da := m.attachmentOf(dst.vpc, "")
				if da == nil {
					continue
				}
				for _, ca := range m.corporateAttachments(c, da.tgw) {
					if m.tgwForward(ca, ca, dst.cidr, "", func(attach string) *Hop {
						if attach != da.id {
							return &Hop{Step: "tgw-route"}
						}
						return nil
					}) == nil {
						return &Hop{Step: "sg-ingress", Resource: r.name, Detail: fmt.Sprintf("%s admits %s from %s (corporate %s), routed to %s from %s",
							g.name, traffic(r.proto, r.from, r.to), r.cidr, c, dst.name, m.attachmentLabel(ca))}
					}
				}
			}
		}
	}
	return nil
}

// ---- output ----

// WriteTable prints the report: a summary line, then one row per path.
func (r Report) WriteTable(w io.Writer) error {
	corp := "none configured"
	if len(r.CorporateCidrs) > 0 {
		corp = strings.Join(r.CorporateCidrs, ", ")
	}
	fails := r.Failures()
	if _, err := fmt.Fprintf(w, "Access: %d paths, %d failing (corporate CIDRs: %s)\n", len(r.Paths), len(fails), corp); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tCHECK\tFROM\tTO\tTRAFFIC\tVERDICT\tHOP")
	for _, p := range r.Paths {
		hop := ""
		if p.Hop != nil {
			hop = p.Hop.Step + " @ " + p.Hop.Resource + ": " + p.Hop.Detail
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Kind, p.Check, p.From, p.To, p.Traffic, p.Verdict, hop)
	}
	return tw.Flush()
}

// Describe renders a failing path in one line, for error output.
func (p Path) Describe() string {
	s := fmt.Sprintf("%s path %s -> %s (%s, %s) %s", p.Kind, p.From, p.To, p.Traffic, p.Check, p.Verdict)
	if p.Hop != nil {
		s += fmt.Sprintf(" at %s (%s): %s", p.Hop.Step, p.Hop.Resource, p.Hop.Detail)
	}
	return s
}
