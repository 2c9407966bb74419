package policies

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

var domainPrivateVpc = Policy{
	Name: "sagemaker-domain-private-vpc",
	Description: "Every SageMaker domain's VPC and subnets belong to a VPC that has no internet gateway " +
		"in the stack (stack policy).",
	DefaultEnforcement: Mandatory,
	checkStack:         checkDomainPrivateVpc,
}

// isVpcType covers the resources that stand for a VPC.
func isVpcType(t string) bool {
	return t == typeVpc || t == typeAwsxVpc || t == typeDefaultVpc || t == typeAwsxDefaultVpc
}

func isSubnetType(t string) bool { return t == typeSubnet || t == typeDefaultSubnet }

// defaultVpcKey stands for the region's default VPC, which a default subnet belongs to.
const defaultVpcKey = "(default VPC)"

// stackIndex links resources by identity (URN, or a view's key) and by physical ID. It is built
// once per stack policy, in one pass over the resources, and answers in constant time per
// reference: the stack policies stay linear in the number of resources.
type stackIndex struct {
	byKey map[string]*Resource
	byID  map[string]*Resource
	// vpcKey maps a VPC's identity or ID to its canonical key (its identity).
	vpcKey map[string]string
	// subnetVpcs maps a subnet's identity or ID to the VPC references of that subnet.
	subnetVpcs map[string][]string
	// igwOf maps a canonical VPC key to what opens it to the internet.
	igwOf map[string]string
}

// physicalID is the resource's ID when known: the ID field, else a known `id` property.
func physicalID(r *Resource) string {
	if r.ID != "" {
		return r.ID
	}
	s, _ := str(prop(r.Properties, "id"))
	return s
}

// lookup finds a resource in the stack by identity or physical ID.
func (ix *stackIndex) lookup(ref string) (*Resource, bool) {
	if r, ok := ix.byKey[ref]; ok {
		return r, true
	}
	r, ok := ix.byID[ref]
	return r, ok
}

// refs returns what a resource's input at path points at: the known string IDs in the value,
// plus the identities the input depends on (PropertyDependencies of its top-level key, else the
// resource's Dependencies) of an accepted type. decided is false when the value is unknown and no
// dependency of an accepted type explains it.
func (ix *stackIndex) refs(r *Resource, accept func(string) bool, path ...string) (out []string, decided bool) {
	decided = true
	collect := func(v property.Value) {
		if unknown(v) {
			decided = false
		}
		if s, ok := str(v); ok && s != "" {
			out = append(out, s)
		}
	}
	v := prop(r.Properties, path...)
	if list, ok := elems(v); ok {
		for _, e := range list {
			collect(e)
		}
	} else {
		collect(v)
	}
	if len(path) == 0 {
		return out, decided
	}
	deps, ok := r.PropertyDependencies[path[0]]
	if !ok {
		deps = r.Dependencies
	}
	for _, d := range deps {
		if dep, ok := ix.byKey[d]; ok && accept(dep.Type) {
			out = append(out, d)
			decided = true
		}
	}
	return out, decided
}

func (ix *stackIndex) canonVpc(ref string) string {
	if k, ok := ix.vpcKey[ref]; ok {
		return k
	}
	return ref
}

func (ix *stackIndex) describe(ref string) string {
	if r, ok := ix.lookup(ref); ok {
		return subject(r)
	}
	if ref == defaultVpcKey {
		return "the default VPC"
	}
	return fmt.Sprintf("%q", ref)
}

// newStackIndex indexes the resources and finds the VPCs that have an internet gateway.
func newStackIndex(rs []Resource) *stackIndex {
	ix := &stackIndex{byKey: make(map[string]*Resource, len(rs)), byID: map[string]*Resource{},
		vpcKey: map[string]string{}, subnetVpcs: map[string][]string{}, igwOf: map[string]string{}}
	for i := range rs {
		r := &rs[i]
		k := ident(r)
		if k != "" {
			ix.byKey[k] = r
		}
		if id := physicalID(r); id != "" {
			ix.byID[id] = r
		}
		if isVpcType(r.Type) {
			ix.vpcKey[k] = k
			if id := physicalID(r); id != "" {
				ix.vpcKey[id] = k
			}
		}
	}
	ix.igwOf[defaultVpcKey] = "a default VPC has an internet gateway"
	for i := range rs {
		r := &rs[i]
		k := ident(r)
		switch r.Type {
		case typeInternetGateway, typeEgressOnlyIGW, typeIGWAttachment, typeCarrierGateway:
			vpcs, _ := ix.refs(r, isVpcType, "vpcId")
			for _, ref := range vpcs {
				c := ix.canonVpc(ref)
				if _, seen := ix.igwOf[c]; !seen {
					ix.igwOf[c] = subject(r)
				}
			}
		case typeAwsxVpc:
			ix.igwOf[k] = subject(r) + " (which always attaches an internet gateway)"
		case typeDefaultVpc, typeAwsxDefaultVpc:
			ix.igwOf[k] = subject(r) + " (a default VPC has an internet gateway)"
		case typeVpc:
			if p, ok := ix.byKey[r.Parent]; ok && p.Type == typeAwsxVpc {
				ix.igwOf[k] = subject(p) + " (which always attaches an internet gateway)"
			}
		case typeSubnet, typeDefaultSubnet:
			vpcs, _ := ix.refs(r, isVpcType, "vpcId")
			if p, ok := ix.byKey[r.Parent]; ok && p.Type == typeAwsxVpc {
				vpcs = append(vpcs, p.URN)
			}
			if r.Type == typeDefaultSubnet {
				vpcs = append(vpcs, defaultVpcKey)
			}
			ix.subnetVpcs[k] = vpcs
			if id := physicalID(r); id != "" {
				ix.subnetVpcs[id] = vpcs
			}
		}
	}
	return ix
}

// openVpcs returns, for the subnet (and VPC) inputs of a resource, the VPCs with an internet
// gateway they lead to, each with the inputs that lead there, sorted by VPC key.
func (ix *stackIndex) openVpcs(r *Resource, vpcPath []string, subnetPaths ...[]string) (keys []string, via map[string][]string) {
	via = map[string][]string{}
	if len(vpcPath) > 0 {
		refs, _ := ix.refs(r, isVpcType, vpcPath...)
		for _, ref := range refs {
			k := ix.canonVpc(ref)
			via[k] = appendOnce(via[k], strings.Join(vpcPath, "."))
		}
	}
	for _, sp := range subnetPaths {
		refs, _ := ix.refs(r, isSubnetType, sp...)
		for _, ref := range refs {
			for _, vref := range ix.subnetVpcs[ref] {
				k := ix.canonVpc(vref)
				via[k] = appendOnce(via[k], strings.Join(sp, "."))
			}
		}
	}
	for k := range via {
		if _, open := ix.igwOf[k]; open {
			keys = append(keys, k)
		} else {
			delete(via, k)
		}
	}
	sort.Strings(keys)
	return keys, via
}

func (ix *stackIndex) report(r *Resource, keys []string, via map[string][]string, what string) []Violation {
	var out []Violation
	reported := map[string]bool{}
	for _, k := range keys {
		igw := ix.igwOf[k]
		if reported[igw] {
			continue
		}
		reported[igw] = true
		out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf(
			"%s: %s belong to VPC %s, which has an internet gateway (%s); place the %s in an internet-free VPC",
			subject(r), strings.Join(via[k], " and "), ix.describe(k), igw, what)})
	}
	return out
}

func checkDomainPrivateVpc(rs []Resource, _ *Config) []Violation {
	ix := newStackIndex(rs)
	var out []Violation
	for i := range rs {
		r := &rs[i]
		if r.Type != typeDomain {
			continue
		}
		keys, via := ix.openVpcs(r, []string{"vpcId"}, []string{"subnetIds"})
		out = append(out, ix.report(r, keys, via, "domain")...)
	}
	return out
}

func appendOnce(list []string, s string) []string {
	for _, e := range list {
		if e == s {
			return list
		}
	}
	return append(list, s)
}
