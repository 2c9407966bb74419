package reach

import (
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Type tokens the model reads.
const (
	typeVpc              = "aws:ec2/vpc:Vpc"
	typeVpcCidr          = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation"
	typeSubnet           = "aws:ec2/subnet:Subnet"
	typeRouteTable       = "aws:ec2/routeTable:RouteTable"
	typeDefaultRT        = "aws:ec2/defaultRouteTable:DefaultRouteTable"
	typeRoute            = "aws:ec2/route:Route"
	typeRTAssoc          = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeMainRTAssoc      = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"
	typeSG               = "aws:ec2/securityGroup:SecurityGroup"
	typeSGRule           = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeIngressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeEgressRule       = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typeVpcEndpoint      = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeVpcEndpointRTA   = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation"
	typeTGWRouteTable    = "aws:ec2transitgateway/routeTable:RouteTable"
	typeTGWVpcAttachment = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
	typePeering          = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"
	typePeeringAccepter  = "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter"
	typeTGWAssoc         = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
	typeTGWProp          = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"
	typeTGWRoute         = "aws:ec2transitgateway/route:Route"
	typeZone             = "aws:route53/zone:Zone"
	typeZoneAssoc        = "aws:route53/zoneAssociation:ZoneAssociation"
	// A Route 53 Profile's resource associations (zones, by ARN) reach every VPC associated
	// with the Profile ("Route 53 Profiles", Route 53 Developer Guide).
	typeProfileResource  = "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation"
	typeProfileAssoc     = "aws:route53/profilesAssociation:ProfilesAssociation"
	typeRecord           = "aws:route53/record:Record"
	typeResolverEndpoint = "aws:route53/resolverEndpoint:ResolverEndpoint"
)

// model is the network the recording describes, indexed by the (mock) physical IDs that the
// resources' inputs carry.
type model struct {
	rec       *recorder.Recording
	corpCache []netip.Prefix // corporate CIDRs, which propagated non-VPC attachments carry

	vpcs       map[string]*vpcInfo
	vpcOrder   []string
	subnets    map[string]*subnetInfo
	subOrder   []string
	rts        map[string]*routeTableInfo
	subnetRT   map[string]string // subnet id -> route table id (explicit association)
	mainRT     map[string]string // vpc id -> route table id (main association / default route table)
	sgs        map[string]*sgInfo
	sgOrder    []string
	endpoints  []*vpcEndpointInfo
	resolvers  []*resolverInfo
	tgwRTs     map[string]*tgwRouteTableInfo
	vpcAttach  map[string]*vpcAttachmentInfo // by attachment id
	tgwAssoc   map[string]string             // attachment id -> TGW route table id
	tgwAssocBy map[string]string             // attachment id -> association resource name
	zones      map[string]*zoneInfo          // by zone id
	records    []recordInfo
	peerings   map[string]*peeringInfo // by peering connection id
}

// peeringInfo is a VPC peering connection: requester and accepter VPCs, and whether it is
// active (accepted on creation, auto_accept, or by an accepter resource).
type peeringInfo struct {
	id, name, vpc, peer string
	active              bool
}

type vpcInfo struct {
	id, name       string
	role           string // "hub", "spoke" or ""
	component      string // name of the landing-zone component it belongs to ("spoke-research")
	cidrs          []netip.Prefix
	dnsSupport     bool
	dnsHostnames   bool
	internetAttach string // name of an internet gateway attached to it, if any
}

type subnetInfo struct {
	id, name, vpc, az string
	cidr              netip.Prefix
}

type routeTableInfo struct {
	id, name, vpc string
	routes        []vpcRoute
}

// vpcRoute is one route of a VPC route table.
type vpcRoute struct {
	dest       netip.Prefix // invalid when the destination is a prefix list
	prefixList string
	target     string // "local", "tgw", "vpce", "igw", "nat", "pcx", "eni", "eigw", "other"
	targetID   string
	name       string // the resource (or inline entry) that made it
}

type sgInfo struct {
	id, name, vpc string
	role          string // "studio", "job", "endpoint", "resolver" or ""
	component     string // owning component name
	ingress       []sgRule
	egress        []sgRule
}

type sgRule struct {
	name       string
	proto      string // "all", "tcp", "udp", "icmp", or a protocol number
	from, to   int
	cidr       netip.Prefix
	prefixList string
	group      string // referenced security group id
}

type vpcEndpointInfo struct {
	id, name, vpc, service, kind string // kind: Interface, Gateway, ...
	subnets, sgs, routeTables    []string
	prefixList                   string
	dnsNames                     []string
	privateDNS                   bool
	hub                          bool
}

type resolverInfo struct {
	id, name, direction string
	subnets, sgs        []string
}

type tgwRouteTableInfo struct {
	id, name, tgw string
	static        []tgwRoute
	propagations  []tgwPropagation
}

type tgwRoute struct {
	dest      netip.Prefix
	attach    string
	blackhole bool
	name      string
}

type tgwPropagation struct{ attach, name string }

type vpcAttachmentInfo struct {
	id, name, vpc, tgw string
	subnets            []string
}

type zoneInfo struct {
	id, name, zoneName string
	vpcs               map[string]string // vpc id -> resource that associates it
}

type recordInfo struct {
	name, zone, fqdn string
	targets          []string // alias names and record values, normalised
}

func str(r recorder.Resource, path string) string { return r.String(path) }

func strs(r recorder.Resource, path string) []string {
	v := recorder.Lookup(r.Inputs, path)
	if v.IsNull() {
		v = recorder.Lookup(r.Outputs, path)
	}
	return recorder.Strings(v)
}

func boolOr(m resource.PropertyMap, path string, def bool) bool {
	v := recorder.Lookup(m, path)
	if v.IsBool() {
		return v.BoolValue()
	}
	if v.IsString() {
		return v.StringValue() == "true"
	}
	return def
}

func intOr(m resource.PropertyMap, path string, def int) int {
	v := recorder.Lookup(m, path)
	if v.IsNumber() {
		return int(v.NumberValue())
	}
	return def
}

func prefix(s string) netip.Prefix {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		return netip.Prefix{}
	}
	return p.Masked()
}

func normName(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".") }

// ancestors returns the chain of component types and names above a resource, nearest first.
func (m *model) ancestors(r recorder.Resource) (types, names []string) {
	seen := map[string]bool{}
	for p := r.Parent; p != "" && !seen[p]; {
		seen[p] = true
		pr, ok := m.rec.ByURN(p)
		if !ok {
			break
		}
		types = append(types, pr.Type)
		names = append(names, pr.Name)
		p = pr.Parent
	}
	return types, names
}

// componentOf returns the nearest ancestor of the given type token, by name.
func (m *model) componentOf(r recorder.Resource, typ string) (string, bool) {
	types, names := m.ancestors(r)
	for i, t := range types {
		if t == typ {
			return names[i], true
		}
	}
	return "", false
}

// isJobGroup applies the job-group heuristic: a component type token above the group whose
// last segment contains "job", or else a dash-separated token of the group's logical name that
// is "job" or "jobs" ("spoke-research-jobs", "research-job-sg").
func (m *model) isJobGroup(r recorder.Resource) bool {
	types, _ := m.ancestors(r)
	for _, t := range types {
		seg := t
		if i := strings.LastIndex(t, ":"); i >= 0 {
			seg = t[i+1:]
		}
		if strings.Contains(strings.ToLower(seg), "job") {
			return true
		}
	}
	for _, tok := range strings.Split(strings.ToLower(r.Name), "-") {
		if tok == "job" || tok == "jobs" {
			return true
		}
	}
	return false
}

func newModel(rec *recorder.Recording) *model {
	m := &model{rec: rec, vpcs: map[string]*vpcInfo{}, subnets: map[string]*subnetInfo{},
		rts: map[string]*routeTableInfo{}, subnetRT: map[string]string{}, mainRT: map[string]string{},
		sgs: map[string]*sgInfo{}, tgwRTs: map[string]*tgwRouteTableInfo{},
		vpcAttach: map[string]*vpcAttachmentInfo{}, tgwAssoc: map[string]string{}, tgwAssocBy: map[string]string{},
		peerings: map[string]*peeringInfo{},
		zones:    map[string]*zoneInfo{}}

	// Pass 1: the things others refer to.
	for _, r := range rec.Resources {
		switch r.Type {
		case typeVpc:
			// Provider defaults: DNS support on, DNS hostnames off (aws:ec2/vpc). A VPC associated
			// with a private hosted zone needs both on (Route 53 "Considerations when working with
			// a private hosted zone": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html).
			v := &vpcInfo{id: r.ID, name: r.Name, dnsSupport: boolOr(r.Inputs, "enableDnsSupport", true),
				dnsHostnames: boolOr(r.Inputs, "enableDnsHostnames", false)}
			if p := prefix(str(r, "cidrBlock")); p.IsValid() {
				v.cidrs = append(v.cidrs, p)
			}
			if c, ok := m.componentOf(r, network.EndpointHubType); ok {
				v.role, v.component = "hub", c
			} else if c, ok := m.componentOf(r, network.SpokeVpcType); ok {
				v.role, v.component = "spoke", c
			}
			if v.component == "" {
				v.component = r.Name
			}
			m.vpcs[r.ID] = v
			m.vpcOrder = append(m.vpcOrder, r.ID)
			// The main route table AWS creates with the VPC: local routes only, unless the
			// program adds routes to it or manages it (aws:ec2/defaultRouteTable).
			if id := str(r, "mainRouteTableId"); id != "" {
				m.rts[id] = &routeTableInfo{id: id, name: r.Name + " main route table", vpc: r.ID}
				m.mainRT[r.ID] = id
			}
		case typeSubnet:
			m.subnets[r.ID] = &subnetInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId"),
				az: str(r, "availabilityZone"), cidr: prefix(str(r, "cidrBlock"))}
			m.subOrder = append(m.subOrder, r.ID)
		case typeRouteTable, typeDefaultRT:
			rt := &routeTableInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId")}
			if r.Type == typeDefaultRT {
				rt.id = str(r, "defaultRouteTableId")
				if implicit := m.rts[rt.id]; implicit != nil {
					rt.vpc = implicit.vpc
				}
			}
			for i, e := range arr(recorder.Lookup(r.Inputs, "routes")) {
				if e.IsObject() {
					rt.routes = append(rt.routes, routeFrom(e.ObjectValue(), r.Name+"[routes."+strconv.Itoa(i)+"]"))
				}
			}
			m.rts[rt.id] = rt
		case typeSG:
			// No implicit allow-all egress: the provider removes the rule AWS adds to a new group
			// (pulumi-aws v6.83.2, sdk/go/aws/ec2/securityGroup.go, "NOTE on Egress rules").
			m.sgs[r.ID] = &sgInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId")}
			m.sgOrder = append(m.sgOrder, r.ID)
			sg := m.sgs[r.ID]
			for _, dir := range []string{"ingress", "egress"} {
				for i, e := range arr(recorder.Lookup(r.Inputs, dir)) {
					if !e.IsObject() {
						continue
					}
					rules := inlineRules(e.ObjectValue(), r.ID, r.Name+"["+dir+"."+strconv.Itoa(i)+"]")
					if dir == "ingress" {
						sg.ingress = append(sg.ingress, rules...)
					} else {
						sg.egress = append(sg.egress, rules...)
					}
				}
			}
			if _, ok := m.componentOf(r, security.StudioSecurityGroupsType); ok {
				sg.role = "studio"
			} else if m.isJobGroup(r) {
				sg.role = "job"
			}
			types, names := m.ancestors(r)
			if len(types) > 0 {
				sg.component = names[0]
			}
		case typeTGWRouteTable:
			m.tgwRTs[r.ID] = &tgwRouteTableInfo{id: r.ID, name: r.Name, tgw: str(r, "transitGatewayId")}
		case typePeering:
			m.peerings[r.ID] = &peeringInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId"), peer: str(r, "peerVpcId"),
				active: boolOr(r.Inputs, "autoAccept", false)}
		case typeTGWVpcAttachment:
			m.vpcAttach[r.ID] = &vpcAttachmentInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId"),
				tgw: str(r, "transitGatewayId"), subnets: strs(r, "subnetIds")}
		case typeZone:
			z := &zoneInfo{id: r.ID, name: r.Name, zoneName: normName(str(r, "name")), vpcs: map[string]string{}}
			for _, e := range arr(recorder.Lookup(r.Inputs, "vpcs")) {
				if e.IsObject() {
					if id := recorder.Lookup(e.ObjectValue(), "vpcId"); id.IsString() {
						z.vpcs[id.StringValue()] = r.Name
					}
				}
			}
			m.zones[r.ID] = z
			if zid := str(r, "zoneId"); zid != "" && zid != r.ID {
				m.zones[zid] = z
			}
		}
	}

	// Pass 2: what hangs off them. Route 53 Profiles: zone ids by profile id, and (profile id,
	// VPC id, association name) per Profile association, joined after the pass.
	profileZones := map[string][]string{}
	var profileVPCs [][3]string
	for _, r := range rec.Resources {
		switch r.Type {
		case typePeeringAccepter:
			if pc := m.peerings[str(r, "vpcPeeringConnectionId")]; pc != nil && boolOr(r.Inputs, "autoAccept", false) {
				pc.active = true
			}
		case typeVpcCidr:
			if v := m.vpcs[str(r, "vpcId")]; v != nil {
				if p := prefix(str(r, "cidrBlock")); p.IsValid() {
					v.cidrs = append(v.cidrs, p)
				}
			}
		case "aws:ec2/internetGateway:InternetGateway", "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
			"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway":
			if v := m.vpcs[str(r, "vpcId")]; v != nil {
				v.internetAttach = r.Name
			}
		case typeRoute:
			if rt := m.rts[str(r, "routeTableId")]; rt != nil {
				rt.routes = append(rt.routes, routeFrom(r.Inputs, r.Name))
			}
		case typeRTAssoc:
			if s := str(r, "subnetId"); s != "" {
				m.subnetRT[s] = str(r, "routeTableId")
			}
		case typeMainRTAssoc:
			m.mainRT[str(r, "vpcId")] = str(r, "routeTableId")
		case typeSGRule:
			sg := m.sgs[str(r, "securityGroupId")]
			if sg == nil {
				continue
			}
			rules := ec2Rules(r, sg.id)
			if str(r, "type") == "egress" {
				sg.egress = append(sg.egress, rules...)
			} else {
				sg.ingress = append(sg.ingress, rules...)
			}
		case typeIngressRule, typeEgressRule:
			sg := m.sgs[str(r, "securityGroupId")]
			if sg == nil {
				continue
			}
			rule := sgRule{name: r.Name, proto: normProto(str(r, "ipProtocol")),
				from: intOr(r.Inputs, "fromPort", 0), to: intOr(r.Inputs, "toPort", 65535),
				prefixList: str(r, "prefixListId"), group: str(r, "referencedSecurityGroupId")}
			if c := str(r, "cidrIpv4"); c != "" {
				rule.cidr = prefix(c)
			} else if c := str(r, "cidrIpv6"); c != "" {
				rule.cidr = prefix(c)
			}
			if rule.proto == "all" {
				rule.from, rule.to = 0, 65535
			}
			if r.Type == typeEgressRule {
				sg.egress = append(sg.egress, rule)
			} else {
				sg.ingress = append(sg.ingress, rule)
			}
		case typeVpcEndpoint:
			ep := &vpcEndpointInfo{id: r.ID, name: r.Name, vpc: str(r, "vpcId"), service: str(r, "serviceName"),
				kind: str(r, "vpcEndpointType"), subnets: strs(r, "subnetIds"), sgs: strs(r, "securityGroupIds"),
				routeTables: strs(r, "routeTableIds"), prefixList: str(r, "prefixListId"),
				privateDNS: boolOr(r.Inputs, "privateDnsEnabled", false)}
			if ep.kind == "" {
				ep.kind = "Gateway" // the provider's default
			}
			for _, e := range arr(recorder.Lookup(r.Outputs, "dnsEntries")) {
				if e.IsObject() {
					if n := recorder.Lookup(e.ObjectValue(), "dnsName"); n.IsString() {
						ep.dnsNames = append(ep.dnsNames, normName(n.StringValue()))
					}
				}
			}
			if v := m.vpcs[ep.vpc]; v != nil && v.role == "hub" {
				ep.hub = true
			}
			if _, ok := m.componentOf(r, network.EndpointHubType); ok {
				ep.hub = true
			}
			m.endpoints = append(m.endpoints, ep)
		case typeResolverEndpoint:
			re := &resolverInfo{id: r.ID, name: r.Name, direction: strings.ToUpper(str(r, "direction")),
				sgs: strs(r, "securityGroupIds")}
			for _, e := range arr(recorder.Lookup(r.Inputs, "ipAddresses")) {
				if e.IsObject() {
					if s := recorder.Lookup(e.ObjectValue(), "subnetId"); s.IsString() {
						re.subnets = append(re.subnets, s.StringValue())
					}
				}
			}
			m.resolvers = append(m.resolvers, re)
		case typeTGWAssoc:
			a := m.attachRef(r)
			m.tgwAssoc[a] = str(r, "transitGatewayRouteTableId")
			m.tgwAssocBy[a] = r.Name
		case typeTGWProp:
			if rt := m.tgwRTs[str(r, "transitGatewayRouteTableId")]; rt != nil {
				rt.propagations = append(rt.propagations, tgwPropagation{attach: m.attachRef(r), name: r.Name})
			}
		case typeTGWRoute:
			if rt := m.tgwRTs[str(r, "transitGatewayRouteTableId")]; rt != nil {
				route := tgwRoute{dest: prefix(str(r, "destinationCidrBlock")), blackhole: boolOr(r.Inputs, "blackhole", false), name: r.Name}
				if !route.blackhole {
					route.attach = m.attachRef(r)
				}
				rt.static = append(rt.static, route)
			}
		case typeZoneAssoc:
			if z := m.zones[str(r, "zoneId")]; z != nil {
				z.vpcs[str(r, "vpcId")] = r.Name
			}
		case typeProfileResource:
			// A hosted zone's ARN: arn:<partition>:route53:::hostedzone/<id>.
			if _, id, ok := strings.Cut(str(r, "resourceArn"), ":hostedzone/"); ok {
				profileZones[str(r, "profileId")] = append(profileZones[str(r, "profileId")], id)
			}
		case typeProfileAssoc:
			profileVPCs = append(profileVPCs, [3]string{str(r, "profileId"), str(r, "resourceId"), r.Name})
		case typeRecord:
			rc := recordInfo{name: r.Name, zone: str(r, "zoneId"), fqdn: normName(str(r, "name"))}
			for _, e := range arr(recorder.Lookup(r.Inputs, "aliases")) {
				if e.IsObject() {
					if n := recorder.Lookup(e.ObjectValue(), "name"); n.IsString() {
						rc.targets = append(rc.targets, normName(n.StringValue()))
					}
				}
			}
			for _, v := range strs(r, "records") {
				rc.targets = append(rc.targets, normName(v))
			}
			m.records = append(m.records, rc)
		}
	}
	// Gateway endpoints add a prefix-list route to the route tables they name.
	for _, r := range rec.ByType(typeVpcEndpointRTA) {
		for _, ep := range m.endpoints {
			if ep.id == str(r, "vpcEndpointId") {
				ep.routeTables = append(ep.routeTables, str(r, "routeTableId"))
			}
		}
	}
	for _, ep := range m.endpoints {
		if ep.kind != "Gateway" {
			continue
		}
		for _, rtID := range ep.routeTables {
			if rt := m.rts[rtID]; rt != nil {
				rt.routes = append(rt.routes, vpcRoute{prefixList: ep.prefixList, target: "vpce", targetID: ep.id, name: ep.name})
			}
		}
	}
	// Roles of groups used by endpoints and resolvers.
	for _, ep := range m.endpoints {
		for _, id := range ep.sgs {
			if sg := m.sgs[id]; sg != nil && sg.role == "" && ep.hub {
				sg.role = "endpoint"
			}
		}
	}
	for _, re := range m.resolvers {
		for _, id := range re.sgs {
			if sg := m.sgs[id]; sg != nil && sg.role == "" {
				sg.role = "resolver"
			}
		}
	}
	for _, pa := range profileVPCs {
		for _, zid := range profileZones[pa[0]] {
			if z := m.zones[zid]; z != nil {
				z.vpcs[pa[1]] = pa[2]
			}
		}
	}
	// Registration order under the mock is not stable: order everything by logical name.
	sort.SliceStable(m.endpoints, func(i, j int) bool { return m.endpoints[i].name < m.endpoints[j].name })
	sort.SliceStable(m.resolvers, func(i, j int) bool { return m.resolvers[i].name < m.resolvers[j].name })
	sort.SliceStable(m.records, func(i, j int) bool { return m.records[i].name < m.records[j].name })
	sort.SliceStable(m.vpcOrder, func(i, j int) bool { return m.vpcs[m.vpcOrder[i]].name < m.vpcs[m.vpcOrder[j]].name })
	sort.SliceStable(m.subOrder, func(i, j int) bool { return m.subnets[m.subOrder[i]].name < m.subnets[m.subOrder[j]].name })
	sort.SliceStable(m.sgOrder, func(i, j int) bool { return m.sgs[m.sgOrder[i]].name < m.sgs[m.sgOrder[j]].name })
	for _, rt := range m.rts {
		sort.SliceStable(rt.routes, func(i, j int) bool { return rt.routes[i].name < rt.routes[j].name })
	}
	for _, rt := range m.tgwRTs {
		sort.SliceStable(rt.static, func(i, j int) bool { return rt.static[i].name < rt.static[j].name })
		sort.SliceStable(rt.propagations, func(i, j int) bool { return rt.propagations[i].name < rt.propagations[j].name })
	}
	return m
}

// arr returns an array's elements with secrets and outputs looked through.
func arr(v resource.PropertyValue) []resource.PropertyValue {
	if !v.IsArray() {
		return nil
	}
	out := make([]resource.PropertyValue, 0, len(v.ArrayValue()))
	for _, e := range v.ArrayValue() {
		out = append(out, recorder.Lookup(resource.PropertyMap{"v": e}, "v"))
	}
	return out
}

// routeFrom reads a route from an aws:ec2/route input map or an inline routes entry.
func routeFrom(m resource.PropertyMap, name string) vpcRoute {
	get := func(k string) string {
		v := recorder.Lookup(m, k)
		if v.IsString() {
			return v.StringValue()
		}
		return ""
	}
	r := vpcRoute{name: name, prefixList: get("destinationPrefixListId")}
	for _, k := range []string{"destinationCidrBlock", "destinationIpv6CidrBlock", "cidrBlock", "ipv6CidrBlock"} {
		if p := prefix(get(k)); p.IsValid() {
			r.dest = p
			break
		}
	}
	if r.prefixList == "" && !r.dest.IsValid() {
		r.dest = netip.Prefix{} // unknown destination: never matches
	}
	targets := []struct{ key, kind string }{
		{"transitGatewayId", "tgw"}, {"natGatewayId", "nat"}, {"vpcPeeringConnectionId", "pcx"},
		{"egressOnlyGatewayId", "eigw"}, {"networkInterfaceId", "eni"}, {"vpcEndpointId", "vpce"},
		{"carrierGatewayId", "other"}, {"localGatewayId", "other"}, {"coreNetworkArn", "other"},
	}
	for _, t := range targets {
		if v := get(t.key); v != "" {
			r.target, r.targetID = t.kind, v
			return r
		}
	}
	if g := get("gatewayId"); g != "" {
		switch {
		case g == "local":
			r.target = "local"
		case strings.HasPrefix(g, "igw-"):
			r.target = "igw"
		case strings.HasPrefix(g, "vgw-"):
			r.target = "vgw"
		default:
			r.target = "igw" // a gateway id that is not local: treat as internet-facing
		}
		r.targetID = g
		return r
	}
	r.target = "other"
	return r
}

func normProto(p string) string {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "-1", "all", "":
		return "all"
	case "6", "tcp":
		return "tcp"
	case "17", "udp":
		return "udp"
	case "1", "icmp":
		return "icmp"
	default:
		return strings.ToLower(p)
	}
}

// inlineRules reads one inline ingress/egress block of an aws:ec2/securityGroup.
func inlineRules(m resource.PropertyMap, sgID, name string) []sgRule {
	base := sgRule{name: name, proto: normProto(stringOf(recorder.Lookup(m, "protocol"))),
		from: intOr(m, "fromPort", 0), to: intOr(m, "toPort", 65535)}
	if base.proto == "all" {
		base.from, base.to = 0, 65535
	}
	var out []sgRule
	for _, c := range append(recorder.Strings(recorder.Lookup(m, "cidrBlocks")), recorder.Strings(recorder.Lookup(m, "ipv6CidrBlocks"))...) {
		r := base
		r.cidr = prefix(c)
		out = append(out, r)
	}
	for _, pl := range recorder.Strings(recorder.Lookup(m, "prefixListIds")) {
		r := base
		r.prefixList = pl
		out = append(out, r)
	}
	for _, g := range recorder.Strings(recorder.Lookup(m, "securityGroups")) {
		r := base
		r.group = g
		out = append(out, r)
	}
	if boolOr(m, "self", false) {
		r := base
		r.group = sgID
		out = append(out, r)
	}
	return out
}

// ec2Rules reads an aws:ec2/securityGroupRule.
func ec2Rules(res recorder.Resource, sgID string) []sgRule {
	m := res.Inputs
	base := sgRule{name: res.Name, proto: normProto(str(res, "protocol")),
		from: intOr(m, "fromPort", 0), to: intOr(m, "toPort", 65535)}
	if base.proto == "all" {
		base.from, base.to = 0, 65535
	}
	var out []sgRule
	for _, c := range append(strs(res, "cidrBlocks"), strs(res, "ipv6CidrBlocks")...) {
		r := base
		r.cidr = prefix(c)
		out = append(out, r)
	}
	for _, pl := range strs(res, "prefixListIds") {
		r := base
		r.prefixList = pl
		out = append(out, r)
	}
	if g := str(res, "sourceSecurityGroupId"); g != "" {
		r := base
		r.group = g
		out = append(out, r)
	}
	if boolOr(m, "self", false) {
		r := base
		r.group = sgID
		out = append(out, r)
	}
	return out
}

func stringOf(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	if v.IsNumber() {
		return strconv.Itoa(int(v.NumberValue()))
	}
	return ""
}

// routeTableOf returns the route table a subnet uses: its explicit association, else the
// VPC's main route table (which, when the program does not manage it, holds the local route only).
func (m *model) routeTableOf(subnetID string) *routeTableInfo {
	if id, ok := m.subnetRT[subnetID]; ok {
		if rt := m.rts[id]; rt != nil {
			return rt
		}
	}
	sn := m.subnets[subnetID]
	if sn == nil {
		return nil
	}
	if id, ok := m.mainRT[sn.vpc]; ok {
		if rt := m.rts[id]; rt != nil {
			return rt
		}
	}
	return &routeTableInfo{id: "main route table of " + sn.vpc, name: "main route table of " + m.vpcName(sn.vpc), vpc: sn.vpc}
}

// vpcRoutes returns a route table's routes plus the local route of each VPC CIDR.
func (m *model) vpcRoutes(rt *routeTableInfo) []vpcRoute {
	var out []vpcRoute
	if v := m.vpcs[rt.vpc]; v != nil {
		for _, c := range v.cidrs {
			out = append(out, vpcRoute{dest: c, target: "local", targetID: "local", name: "local"})
		}
	}
	return append(out, rt.routes...)
}

// lookupRoute returns the most specific route whose destination contains all of dst: longest
// prefix first ("How route priority works", Amazon VPC User Guide:
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html).
func lookupRoute(routes []vpcRoute, dst netip.Prefix) (vpcRoute, bool) {
	best, found := vpcRoute{}, false
	for _, r := range routes {
		if !r.dest.IsValid() || !contains(r.dest, dst) {
			continue
		}
		if !found || r.dest.Bits() > best.dest.Bits() || (r.dest.Bits() == best.dest.Bits() && r.target == "local") {
			best, found = r, true
		}
	}
	return best, found
}

func contains(outer, inner netip.Prefix) bool {
	return outer.IsValid() && inner.IsValid() && outer.Addr().Is4() == inner.Addr().Is4() &&
		outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

func overlaps(a, b netip.Prefix) bool {
	return a.IsValid() && b.IsValid() && a.Addr().Is4() == b.Addr().Is4() && a.Overlaps(b)
}

// attachmentTypes are the resources that make a non-VPC Transit Gateway attachment.
var attachmentTypes = map[string]bool{
	"aws:ec2/vpnConnection:VpnConnection":                                       true,
	"aws:directconnect/gatewayAssociation:GatewayAssociation":                   true,
	"aws:ec2transitgateway/peeringAttachment:PeeringAttachment":                 true,
	"aws:ec2transitgateway/connect:Connect":                                     true,
	"aws:ec2transitgateway/vpcAttachment:VpcAttachment":                         true,
	"aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter": true,
}

// attachRef returns the attachment a TGW route, association or propagation names. When the
// mock leaves the id empty (the VPN connection's or the Direct Connect attachment's id is
// computed by AWS), the resource's dependencies say which attachment it is:
// "attachment-of:<logical name>"; with none, "(unknown attachment)".
func (m *model) attachRef(r recorder.Resource) string {
	if s := str(r, "transitGatewayAttachmentId"); s != "" {
		return s
	}
	for _, dep := range r.Dependencies {
		d, ok := m.rec.ByURN(dep)
		if !ok || !attachmentTypes[d.Type] {
			continue
		}
		if d.Type == typeTGWVpcAttachment {
			return d.ID
		}
		if v := recorder.Lookup(d.Outputs, "transitGatewayAttachmentId"); v.IsString() && v.StringValue() != "" {
			return v.StringValue()
		}
		return "attachment-of:" + d.Name
	}
	return "(unknown attachment)"
}

// nameOf returns the logical name of the resource whose mock ID is id, or id.
func (m *model) nameOf(id string) string {
	if r, ok := m.rec.ByID(id); ok {
		return r.Name
	}
	return id
}

func (m *model) vpcName(id string) string {
	if v := m.vpcs[id]; v != nil {
		return v.name
	}
	return id
}

func (m *model) subnetsOf(vpcID string) []*subnetInfo {
	var out []*subnetInfo
	for _, id := range m.subOrder {
		if s := m.subnets[id]; s.vpc == vpcID {
			out = append(out, s)
		}
	}
	return out
}

// attachmentOf returns the VPC attachment of a VPC to a transit gateway.
func (m *model) attachmentOf(vpcID, tgw string) *vpcAttachmentInfo {
	var ids []string
	for id, a := range m.vpcAttach {
		if a.vpc == vpcID && (tgw == "" || a.tgw == tgw) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if len(ids) == 0 {
		return nil
	}
	return m.vpcAttach[ids[0]]
}

// tgwRouteEntry is a route of a TGW route table, static or propagated.
type tgwRouteEntry struct {
	dest      netip.Prefix
	attach    string
	blackhole bool
	name      string
	static    bool
}

// tgwRoutes returns a TGW route table's static routes and the routes its propagations give:
// a VPC attachment propagates its VPC's CIDRs; any other attachment (VPN, Direct Connect
// gateway, Connect) is assumed to propagate the corporate CIDRs (learned over BGP).
func (m *model) tgwRoutes(rtID string, corporate []netip.Prefix) []tgwRouteEntry {
	rt := m.tgwRTs[rtID]
	if rt == nil {
		return nil
	}
	var out []tgwRouteEntry
	for _, s := range rt.static {
		out = append(out, tgwRouteEntry{dest: s.dest, attach: s.attach, blackhole: s.blackhole, name: s.name, static: true})
	}
	for _, p := range rt.propagations {
		if a := m.vpcAttach[p.attach]; a != nil {
			if v := m.vpcs[a.vpc]; v != nil {
				for _, c := range v.cidrs {
					out = append(out, tgwRouteEntry{dest: c, attach: p.attach, name: p.name})
				}
			}
			continue
		}
		for _, c := range corporate {
			out = append(out, tgwRouteEntry{dest: c, attach: p.attach, name: p.name + " (BGP)"})
		}
	}
	return out
}

// lookupTGW: most specific route first; for the same destination a static route wins over a
// propagated one ("Route evaluation order", How transit gateways work:
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html).
func lookupTGW(routes []tgwRouteEntry, dst netip.Prefix) (tgwRouteEntry, bool) {
	best, found := tgwRouteEntry{}, false
	for _, r := range routes {
		if !contains(r.dest, dst) {
			continue
		}
		// Longest prefix wins; a static route wins over a propagated one of the same prefix.
		if !found || r.dest.Bits() > best.dest.Bits() || (r.dest.Bits() == best.dest.Bits() && r.static && !best.static) {
			best, found = r, true
		}
	}
	return best, found
}
