package policies

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Stack policies beyond the domain's VPC: every one indexes the stack once (newStackIndex or its
// own maps) and then judges each resource in constant time per reference.

var computePrivateVpc = Policy{
	Name: "compute-private-vpc",
	Description: "SageMaker notebook instances, models, job definitions and monitoring schedules, and Lambda " +
		"functions with vpcConfig, use subnets of a VPC with no internet gateway in the stack, and not default " +
		"subnets (stack policy).",
	DefaultEnforcement: Mandatory,
	checkStack:         checkComputePrivateVpc,
}

// computeSubnets lists, per type, where a compute resource names its subnets.
var computeSubnets = map[string][]string{
	typeNotebookInstance:         {"subnetId"},
	typeModel:                    {"vpcConfig", "subnets"},
	typeLambda:                   {"vpcConfig", "subnetIds"},
	typeDataQualityJob:           {"networkConfig", "vpcConfig", "subnets"},
	typeModelBiasJob:             {"networkConfig", "vpcConfig", "subnets"},
	typeModelExplainabilityJob:   {"networkConfig", "vpcConfig", "subnets"},
	typeModelQualityJob:          {"networkConfig", "vpcConfig", "subnets"},
	typeProcessingJob:            {"networkConfig", "vpcConfig", "subnets"},
	typeMonitoringScheduleNative: {"monitoringScheduleConfig", "monitoringJobDefinition", "networkConfig", "vpcConfig", "subnets"},
}

func checkComputePrivateVpc(rs []Resource, _ *Config) []Violation {
	ix := newStackIndex(rs)
	var out []Violation
	for i := range rs {
		r := &rs[i]
		path, ok := computeSubnets[r.Type]
		if !ok {
			continue
		}
		keys, via := ix.openVpcs(r, nil, path)
		out = append(out, ix.report(r, keys, via, "resource")...)
	}
	return out
}

// checkEndpointSecurityGroups reports Interface endpoints without security groups, unless an
// aws:ec2/securityGroupAssociation in the stack attaches one. An association whose endpoint
// cannot be resolved (unknown, no dependency) leaves every endpoint undecided.
func checkEndpointSecurityGroups(rs []Resource, _ *Config) []Violation {
	ix := &stackIndex{byKey: make(map[string]*Resource, len(rs))}
	for i := range rs {
		ix.byKey[ident(&rs[i])] = &rs[i]
	}
	isEndpoint := func(t string) bool { return t == typeVpcEndpoint }
	associated := map[string]bool{}
	undecided := false
	for i := range rs {
		r := &rs[i]
		if r.Type != typeSecurityGroupAssoc {
			continue
		}
		refs, decided := ix.refs(r, isEndpoint, "vpcEndpointId")
		if !decided {
			undecided = true
		}
		for _, ref := range refs {
			associated[ref] = true
		}
	}
	var out []Violation
	for i := range rs {
		r := &rs[i]
		if r.Type != typeVpcEndpoint {
			continue
		}
		if t, ok := str(prop(r.Properties, "vpcEndpointType")); !ok || !strings.EqualFold(t, "Interface") {
			continue // Gateway is the default type; unknown cannot be decided
		}
		sgs := prop(r.Properties, "securityGroupIds")
		if has, decided := nonEmptyList(sgs); !decided || has {
			continue
		}
		if associated[ident(r)] || associated[physicalID(r)] || undecided {
			continue
		}
		out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf(
			"%s: securityGroupIds is %s on an Interface endpoint (serviceName %s), and no aws:ec2/securityGroupAssociation attaches one; name at least one security group",
			subject(r), show(sgs), show(prop(r.Properties, "serviceName")))})
	}
	return out
}

var noInternetPrefixList = Policy{
	Name: "no-internet-prefix-list",
	Description: "A managed prefix list (or entry) used by a route or a security group rule holds no " +
		"0.0.0.0/0, ::/0 or range outside the allowed CIDR ranges (stack policy).",
	DefaultEnforcement: Mandatory,
	checkStack:         checkPrefixLists,
}

// badEntry is a prefix list entry that a route or a rule may not use.
type badEntry struct {
	holder        *Resource
	where         string
	value         property.Value
	route, secGrp string // why a route / a security group rule may not use it ("" if it may)
}

func checkPrefixLists(rs []Resource, cfg *Config) []Violation {
	isList := func(t string) bool { return t == typeManagedPrefixList }
	ix := &stackIndex{byKey: make(map[string]*Resource, len(rs)), byID: map[string]*Resource{}}
	listKey := map[string]string{} // identity or ID -> identity
	for i := range rs {
		r := &rs[i]
		ix.byKey[ident(r)] = r
		if r.Type == typeManagedPrefixList {
			listKey[ident(r)] = ident(r)
			if id := physicalID(r); id != "" {
				listKey[id] = ident(r)
			}
		}
	}
	bad := map[string][]badEntry{}
	judge := func(list string, holder *Resource, where string, v property.Value) {
		e := badEntry{holder: holder, where: where, value: v,
			route: worldOrOutside(v, cfg.RouteCIDRs), secGrp: worldOrOutside(v, cfg.SecurityGroupCIDRs)}
		if e.route != "" || e.secGrp != "" {
			bad[list] = append(bad[list], e)
		}
	}
	for i := range rs {
		r := &rs[i]
		switch r.Type {
		case typeManagedPrefixList:
			entries, _ := elems(prop(r.Properties, "entries"))
			for j, e := range entries {
				judge(ident(r), r, fmt.Sprintf("entries[%d].cidr", j), at(e, "cidr"))
			}
		case typeManagedPrefixListEntry:
			refs, _ := ix.refs(r, isList, "prefixListId")
			for _, ref := range refs {
				if k, ok := listKey[ref]; ok {
					judge(k, r, "cidr", prop(r.Properties, "cidr"))
				}
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	var out []Violation
	reported := map[*Resource]bool{}
	use := func(user *Resource, where string, forRoute bool, path ...string) {
		refs, _ := ix.refs(user, isList, path...)
		for _, ref := range refs {
			k, ok := listKey[ref]
			if !ok {
				continue
			}
			for _, e := range bad[k] {
				why := e.secGrp
				if forRoute {
					why = e.route
				}
				if why == "" || reported[e.holder] {
					continue
				}
				reported[e.holder] = true
				out = append(out, Violation{URN: e.holder.URN, Message: fmt.Sprintf(
					"%s: %s is %s: %s, and %s uses the list (%s); keep only the landing zone's private ranges in it",
					subject(e.holder), e.where, show(e.value), why, subject(user), where)})
			}
		}
	}
	for i := range rs {
		r := &rs[i]
		switch r.Type {
		case typeRoute:
			use(r, "destinationPrefixListId", true, "destinationPrefixListId")
		case typeTgwPrefixListReference:
			if bh, ok := boolean(prop(r.Properties, "blackhole")); !(ok && bh) {
				use(r, "prefixListId", true, "prefixListId")
			}
		case typeRouteTable, typeDefaultRouteTable:
			routes, _ := elems(prop(r.Properties, "routes"))
			for j, route := range routes {
				use(inline(r, at(route, "destinationPrefixListId"), "routes"), fmt.Sprintf("routes[%d].destinationPrefixListId", j), true, "p")
			}
		case typeSecurityGroup, typeDefaultSecurityGroup:
			for _, dir := range []string{"ingress", "egress"} {
				rules, _ := elems(prop(r.Properties, dir))
				for j, rule := range rules {
					use(inline(r, at(rule, "prefixListIds"), dir), fmt.Sprintf("%s[%d].prefixListIds", dir, j), false, "p")
				}
			}
		case typeSecurityGroupRule:
			use(r, "prefixListIds", false, "prefixListIds")
		case typeSGIngressRule, typeSGEgressRule:
			use(r, "prefixListId", false, "prefixListId")
		}
	}
	return out
}

// inline stands for one inline block (a route of a route table, a rule of a security group) as a
// resource whose property p is the block's value; an unknown value links through the engine's
// dependencies of the block's top-level input (key).
func inline(r *Resource, v property.Value, key string) *Resource {
	out := &Resource{URN: r.URN, Type: r.Type, Name: r.Name, shown: r.shown, via: r.via,
		Properties: property.NewMap(map[string]property.Value{"p": v})}
	hasUnknown := unknown(v)
	if list, ok := elems(v); ok {
		for _, e := range list {
			hasUnknown = hasUnknown || unknown(e)
		}
	}
	if hasUnknown {
		out.PropertyDependencies = map[string][]string{"p": r.PropertyDependencies[key]}
	} else {
		out.PropertyDependencies = map[string][]string{"p": nil}
	}
	return out
}

var noExternalIPv6SecurityGroup = Policy{
	Name: "no-external-ipv6-security-group",
	Description: "A security group rule names no IPv6 range outside the allowed ranges (default fc00::/7) " +
		"unless it lies within an IPv6 range of the security group's own VPC (stack policy).",
	DefaultEnforcement: Mandatory,
	checkStack:         checkExternalIPv6,
}

func checkExternalIPv6(rs []Resource, cfg *Config) []Violation {
	ix := newStackIndex(rs)
	allowed := append(append([]netip.Prefix(nil), cfg.SecurityGroupCIDRs...), cfg.IPv6CIDRs...)
	// IPv6 ranges of each VPC (canonical key); undecided when a range is still unknown.
	ranges := map[string][]netip.Prefix{}
	undecided := map[string]bool{}
	addRange := func(vpc string, v property.Value, generated property.Value) {
		if s, ok := str(v); ok {
			if p, err := netip.ParsePrefix(strings.TrimSpace(s)); err == nil {
				ranges[vpc] = append(ranges[vpc], p)
				return
			}
		}
		if unknown(v) || isTrue(generated) || unknown(generated) {
			undecided[vpc] = true
		}
	}
	sgVpcs := map[string][]string{} // SG identity or ID -> VPC keys; nil entry: undecided
	isSG := func(t string) bool { return t == typeSecurityGroup || t == typeDefaultSecurityGroup }
	for i := range rs {
		r := &rs[i]
		switch r.Type {
		case typeVpc:
			addRange(ident(r), prop(r.Properties, "ipv6CidrBlock"), prop(r.Properties, "assignGeneratedIpv6CidrBlock"))
		case typeVpcIpv6Association:
			vpcs, decided := ix.refs(r, isVpcType, "vpcId")
			if !decided {
				undecided["*"] = true // an unknown VPC may gain any range
			}
			for _, v := range vpcs {
				addRange(ix.canonVpc(v), prop(r.Properties, "ipv6CidrBlock"), prop(r.Properties, "assignGeneratedIpv6CidrBlock"))
			}
		case typeSecurityGroup, typeDefaultSecurityGroup:
			vpcs, decided := ix.refs(r, isVpcType, "vpcId")
			keys := make([]string, 0, len(vpcs))
			for _, v := range vpcs {
				keys = append(keys, ix.canonVpc(v))
			}
			if !decided {
				keys = nil
			} else if keys == nil {
				keys = []string{}
			}
			sgVpcs[ident(r)] = keys
			if id := physicalID(r); id != "" {
				sgVpcs[id] = keys
			}
		}
	}
	// own reports whether the range lies in the VPC of one of the security groups, and decided
	// false when that cannot be known yet.
	own := func(p netip.Prefix, sgs []string, sgsDecided bool) (inside, decided bool) {
		if !sgsDecided || undecided["*"] {
			return false, false
		}
		for _, sg := range sgs {
			vpcs, ok := sgVpcs[sg]
			if ok && vpcs == nil {
				return false, false
			}
			for _, v := range vpcs {
				if undecided[v] {
					return false, false
				}
				for _, vr := range ranges[v] {
					if vr.Bits() <= p.Bits() && vr.Contains(p.Addr()) {
						return true, true
					}
				}
			}
		}
		return false, true
	}
	var out []Violation
	judge := func(r *Resource, where string, v property.Value, sgs []string, sgsDecided bool) {
		s, ok := str(v)
		if !ok {
			return
		}
		p, err := netip.ParsePrefix(strings.TrimSpace(s))
		if err != nil || p.Addr().Is4() || p.Bits() == 0 || worldOrOutside(v, allowed) == "" {
			return // not IPv6, the world (no-open-security-group), or allowed
		}
		if inside, decided := own(p, sgs, sgsDecided); inside || !decided {
			return
		}
		out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf(
			"%s: %s is %s: it is outside the allowed ranges %s and outside the IPv6 ranges of the security group's VPC",
			subject(r), where, show(v), joinPrefixes(allowed))})
	}
	for i := range rs {
		r := &rs[i]
		switch r.Type {
		case typeSecurityGroup, typeDefaultSecurityGroup:
			self := []string{ident(r)}
			for _, dir := range []string{"ingress", "egress"} {
				rules, _ := elems(prop(r.Properties, dir))
				for j, rule := range rules {
					cidrs, _ := elems(at(rule, "ipv6CidrBlocks"))
					for k, c := range cidrs {
						judge(r, fmt.Sprintf("%s[%d].ipv6CidrBlocks[%d]", dir, j, k), c, self, true)
					}
				}
			}
		case typeSecurityGroupRule:
			sgs, decided := ix.refs(r, isSG, "securityGroupId")
			cidrs, _ := elems(prop(r.Properties, "ipv6CidrBlocks"))
			for k, c := range cidrs {
				judge(r, fmt.Sprintf("ipv6CidrBlocks[%d]", k), c, sgs, decided && len(sgs) > 0)
			}
		case typeSGIngressRule, typeSGEgressRule:
			sgs, decided := ix.refs(r, isSG, "securityGroupId")
			judge(r, "cidrIpv6", prop(r.Properties, "cidrIpv6"), sgs, decided && len(sgs) > 0)
		}
	}
	return out
}
