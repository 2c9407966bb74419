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

// stackIndex links resources by URN and by physical ID.
type stackIndex struct {
	byURN map[string]*Resource
	// vpcKey maps a VPC's URN or ID to its canonical key (its URN).
	vpcKey map[string]string
	// subnetVpcs maps a subnet's URN or ID to the VPC references of that subnet.
	subnetVpcs map[string][]string
}

// physicalID is the resource's ID when known: the ID field, else a known `id` property.
func physicalID(r *Resource) string {
	if r.ID != "" {
		return r.ID
	}
	s, _ := str(prop(r.Properties, "id"))
	return s
}

// refs returns what a resource's input key points at: the known string IDs in the value, plus the
// URNs the key depends on (PropertyDependencies[key], else the resource's Dependencies of an
// accepted type).
func (ix *stackIndex) refs(r *Resource, key string, accept func(string) bool) []string {
	var out []string
	collect := func(v property.Value) {
		if s, ok := str(v); ok && s != "" {
			out = append(out, s)
		}
	}
	v := prop(r.Properties, key)
	if list, ok := elems(v); ok {
		for _, e := range list {
			collect(e)
		}
	} else {
		collect(v)
	}
	deps, ok := r.PropertyDependencies[key]
	if !ok {
		deps = r.Dependencies
	}
	for _, d := range deps {
		if dep, ok := ix.byURN[d]; ok && accept(dep.Type) {
			out = append(out, d)
		}
	}
	return out
}

func (ix *stackIndex) canonVpc(ref string) string {
	if k, ok := ix.vpcKey[ref]; ok {
		return k
	}
	return ref
}

func (ix *stackIndex) describe(ref string) string {
	if r, ok := ix.byURN[ref]; ok {
		return subject(r)
	}
	return fmt.Sprintf("%q", ref)
}

func checkDomainPrivateVpc(rs []Resource, _ *Config) []Violation {
	ix := &stackIndex{byURN: make(map[string]*Resource, len(rs)), vpcKey: map[string]string{}, subnetVpcs: map[string][]string{}}
	for i := range rs {
		r := &rs[i]
		if r.URN != "" {
			ix.byURN[r.URN] = r
		}
		if isVpcType(r.Type) {
			ix.vpcKey[r.URN] = r.URN
			if id := physicalID(r); id != "" {
				ix.vpcKey[id] = r.URN
			}
		}
	}
	isSubnet := func(t string) bool { return t == typeSubnet }
	// igwOf maps a canonical VPC key to the resource that opens it to the internet.
	igwOf := map[string]string{}
	for i := range rs {
		r := &rs[i]
		switch r.Type {
		case typeInternetGateway, typeEgressOnlyIGW, typeIGWAttachment:
			for _, ref := range ix.refs(r, "vpcId", isVpcType) {
				k := ix.canonVpc(ref)
				if _, seen := igwOf[k]; !seen {
					igwOf[k] = subject(r)
				}
			}
		case typeAwsxVpc:
			igwOf[r.URN] = subject(r) + " (which always attaches an internet gateway)"
		case typeDefaultVpc, typeAwsxDefaultVpc:
			igwOf[r.URN] = subject(r) + " (a default VPC has an internet gateway)"
		case typeVpc:
			if p, ok := ix.byURN[r.Parent]; ok && p.Type == typeAwsxVpc {
				igwOf[r.URN] = subject(p) + " (which always attaches an internet gateway)"
			}
		case typeSubnet:
			vpcs := ix.refs(r, "vpcId", isVpcType)
			if p, ok := ix.byURN[r.Parent]; ok && p.Type == typeAwsxVpc {
				vpcs = append(vpcs, p.URN)
			}
			ix.subnetVpcs[r.URN] = vpcs
			if id := physicalID(r); id != "" {
				ix.subnetVpcs[id] = vpcs
			}
		}
	}
	if len(igwOf) == 0 {
		return nil
	}
	var out []Violation
	for i := range rs {
		r := &rs[i]
		if r.Type != typeDomain {
			continue
		}
		// VPC key -> the domain properties that lead to it.
		via := map[string][]string{}
		for _, ref := range ix.refs(r, "vpcId", isVpcType) {
			k := ix.canonVpc(ref)
			via[k] = appendOnce(via[k], "vpcId")
		}
		for _, ref := range ix.refs(r, "subnetIds", isSubnet) {
			for _, vref := range ix.subnetVpcs[ref] {
				k := ix.canonVpc(vref)
				via[k] = appendOnce(via[k], "subnetIds")
			}
		}
		keys := make([]string, 0, len(via))
		for k := range via {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		reported := map[string]bool{}
		for _, k := range keys {
			igw, open := igwOf[k]
			if !open || reported[igw] {
				continue
			}
			reported[igw] = true
			out = append(out, Violation{URN: r.URN, Message: fmt.Sprintf(
				"%s: %s belong to VPC %s, which has an internet gateway (%s); place the domain in an internet-free VPC",
				subject(r), strings.Join(via[k], " and "), ix.describe(k), igw)})
		}
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
