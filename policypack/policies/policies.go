// Package policies holds the landing zone's policy pack as pure functions over property maps:
// no Pulumi engine, no policyx. The pack's main.go adapts them to policyx; cmd/plan and the tests
// call Evaluate directly, so every verdict comes from the same code.
//
// Default deny: a resource type that is not in the reviewed-type registry (registry.go) cannot
// pass. An unknown value (computed during preview) of a property that decides an internet path
// is "cannot prove private", a violation; other unknowns (IDs, list members) are not decided on,
// and a known bad value is still reported when its siblings are unknown. Secret values are read
// through and printed as [secret].
package policies

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Enforcement is a policy's enforcement level.
type Enforcement string

// Enforcement levels, as Pulumi names them in policy pack configuration.
const (
	Advisory  Enforcement = "advisory"  // reported, does not block
	Mandatory Enforcement = "mandatory" // blocks the preview or update
	Disabled  Enforcement = "disabled"  // not evaluated
)

// Resource is one resource as the policies see it.
type Resource struct {
	URN, Type, Name string
	// Properties are the resource's inputs (during preview, unknowns are computed values).
	Properties property.Map
	// ProviderProperties are the inputs of the resource's provider; empty for the default
	// provider. Its defaultTags.tags count as the resource's tags.
	ProviderProperties property.Map
	// Parent is the parent's URN ("" for the stack).
	Parent string
	// ID is the physical ID when known (mocks, or a resource already created); optional. The
	// stack policy also reads an `id` property when the engine sends outputs.
	ID string
	// Dependencies are the URNs the resource depends on; PropertyDependencies the URNs each
	// input depends on. Both optional: the stack policy uses them to link a domain to its VPC
	// when IDs are still unknown during preview.
	Dependencies         []string
	PropertyDependencies map[string][]string

	// A resource embedded in another (a CloudFormation template's resource, a Cloud Control
	// resource's desired state) or an aws-native resource is judged as a view: Type is the
	// pulumi-aws token whose rules apply, shown the type a message names (the outer resource's
	// or the aws-native token), via where inside the outer resource it sits, and key the view's
	// own identity in the stack index (URN stays the outer resource's, for the engine).
	shown, via, key string
	// cfnType is a view's CloudFormation type (AWS::S3::Bucket) or aws-native token, as the
	// program wrote it.
	cfnType string
}

// Violation is one policy verdict.
type Violation struct {
	Policy, URN, Message string
	Enforcement          Enforcement
}

// Policy is one policy's metadata and check.
type Policy struct {
	Name, Description  string
	DefaultEnforcement Enforcement
	// ConfigProperties is the JSON schema of the policy's own configuration properties (besides
	// enforcementLevel), as the engine validates --policy-pack-config against it; nil for none.
	ConfigProperties map[string]map[string]any

	check      func(r *Resource, cfg *Config) []string
	checkStack func(rs []Resource, cfg *Config) []Violation
}

// IsStack reports a stack policy (evaluated over all resources at once).
func (p Policy) IsStack() bool { return p.checkStack != nil }

// CheckResource returns the violation messages of a resource policy for one resource; nil for a
// stack policy.
func (p Policy) CheckResource(r Resource, cfg Config) []string {
	if p.check == nil {
		return nil
	}
	var out []string
	for _, v := range expand([]Resource{r}) {
		if v.isView() && p.Name == requiredTags.Name {
			continue
		}
		out = append(out, p.check(&v, &cfg)...)
	}
	return out
}

// CheckStack returns the violations of a stack policy (Policy and Enforcement left empty); nil for
// a resource policy.
func (p Policy) CheckStack(rs []Resource, cfg Config) []Violation {
	if p.checkStack == nil {
		return nil
	}
	return p.checkStack(expand(rs), &cfg)
}

// All returns every policy, in a stable order.
func All() []Policy {
	return []Policy{
		noNatGateway,
		noInternetGateway,
		noPublicSubnet,
		noInternetRoute,
		noElasticIP,
		awsxVpcIsolatedOnly,
		domainVpcOnly,
		notebookNoDirectInternet,
		modelVpc,
		interfaceEndpointSecurityGroups,
		noOpenSecurityGroup,
		noPublicIP,
		noGlobalIPv6,
		noInternetEntryPoint,
		computeInVpc,
		noDefaultVpc,
		vpcBlockPublicAccess,
		dnsFirewallFailClosed,
		requiredTags,
		domainRetainHome,
		domainPrivateVpc,
		computePrivateVpc,
		noInternetPrefixList,
		noExternalIPv6SecurityGroup,
		reviewedTypes,
		noAWSEgress,
		noPublicData,
	}
}

// Lookup returns the policy with the given name.
func Lookup(name string) (Policy, bool) {
	for _, p := range All() {
		if p.Name == name {
			return p, true
		}
	}
	return Policy{}, false
}

// Names returns the policy names, sorted.
func Names() []string {
	var out []string
	for _, p := range All() {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}

// Evaluate runs every enabled policy over the resources: each resource policy over each resource
// and each of its views (the resources an aws-native resource, a CloudFormation template or a
// Cloud Control desired state stands for), then each stack policy over all of them. Violations
// come out in resource order, then policy order. It is linear in the number of resources (and
// in the size of embedded templates).
func Evaluate(resources []Resource, cfg Config) []Violation {
	var out []Violation
	all := All()
	enabled := make([]Policy, 0, len(all))
	levels := make([]Enforcement, 0, len(all))
	for _, p := range all {
		if lvl := cfg.EnforcementOf(p); lvl != Disabled {
			enabled = append(enabled, p)
			levels = append(levels, lvl)
		}
	}
	// Every resource with its views (aws-native, CloudFormation, Cloud Control), expanded once.
	all2 := expand(resources)
	for i := range all2 {
		r := &all2[i]
		for j, p := range enabled {
			if p.check == nil || (r.isView() && p.Name == requiredTags.Name) {
				continue
			}
			for _, msg := range p.check(r, &cfg) {
				out = append(out, Violation{Policy: p.Name, URN: r.URN, Message: msg, Enforcement: levels[j]})
			}
		}
	}
	for j, p := range enabled {
		if p.checkStack == nil {
			continue
		}
		for _, v := range p.checkStack(all2, &cfg) {
			v.Policy, v.Enforcement = p.Name, levels[j]
			out = append(out, v)
		}
	}
	return out
}

// FromResourcePropertyMap converts a resource.PropertyMap (what the recording mock and the engine's
// plugin layer hold) into a property.Map: secrets stay secret, unknown outputs become computed.
func FromResourcePropertyMap(m resource.PropertyMap) property.Map {
	return resource.FromResourcePropertyMap(m)
}
