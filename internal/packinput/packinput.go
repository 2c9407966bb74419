// Package packinput turns a recording of the program under mocks into what the policy pack
// evaluates, as the engine would send it: each resource's inputs, its explicit provider's inputs
// (the recorder's Provider is "URN::ID" of a pulumi:providers:* resource, whose defaultTags count
// as tags), its parent, dependencies and mock ID. The offline plan and the pack's tests share it.
package packinput

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// FromRecording converts every recorded resource, in registration order.
func FromRecording(rec *recorder.Recording) []policies.Resource {
	providers := map[string]resource.PropertyMap{}
	for _, r := range rec.Resources {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers[r.URN] = r.Inputs
		}
	}
	out := make([]policies.Resource, 0, len(rec.Resources))
	for _, r := range rec.Resources {
		pr := policies.Resource{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent, ID: r.ID,
			Dependencies: r.Dependencies, Properties: policies.FromResourcePropertyMap(r.Inputs)}
		if p, ok := providers[ProviderURN(r.Provider)]; ok && r.Provider != "" {
			pr.ProviderProperties = policies.FromResourcePropertyMap(p)
		}
		out = append(out, pr)
	}
	return out
}

// ProviderURN returns the URN part of a provider reference "URN::ID".
func ProviderURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}
