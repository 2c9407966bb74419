// Command policypack is the landing zone's Pulumi policy pack:
//
//	pulumi preview --policy-pack ./policypack [--policy-pack-config policypack/config/prod.json]
//
// It only adapts the pure policies of package policies to policyx; all decisions live there, so
// cmd/plan and the tests evaluate the very same code.
package main

import (
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// PackName and PackVersion identify the pack to the engine and to Pulumi Cloud.
const (
	PackName    = "vpconly-landing-zone"
	PackVersion = "0.1.0"
)

func main() {
	if err := policyx.Main(newPack); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func newPack(*pulumi.Context) (policyx.PolicyPack, error) {
	var list []policyx.Policy
	seen := &seenConfig{props: map[string]map[string]any{}}
	for _, p := range policies.All() {
		list = append(list, adapt(p, seen))
	}
	return policyx.NewPolicyPack(PackName, semver.MustParse(PackVersion), policyx.EnforcementLevelAdvisory, list)
}

func level(e policies.Enforcement) policyx.EnforcementLevel {
	switch e {
	case policies.Mandatory:
		return policyx.EnforcementLevelMandatory
	case policies.Disabled:
		return policyx.EnforcementLevelDisabled
	}
	return policyx.EnforcementLevelAdvisory
}

func schema(p policies.Policy) *policyx.ConfigSchema {
	if len(p.ConfigProperties) == 0 {
		return nil
	}
	return &policyx.ConfigSchema{Properties: p.ConfigProperties}
}

// seenConfig keeps the configuration properties the engine handed each resource policy. policyx
// hands stack policies no configuration; they run on the defaults plus what the resource policies
// were configured with (allowedCidrs, allowedIpv6Cidrs), as the engine analyses every resource
// before the stack.
type seenConfig struct {
	mu    sync.Mutex
	props map[string]map[string]any
}

func (s *seenConfig) record(policy string, props map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.props[policy] = props
}

func (s *seenConfig) config() policies.Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg, err := policies.ParsePolicyConfigs(s.props)
	if err != nil { // a bad value already failed the resource policy's analysis
		return policies.DefaultConfig()
	}
	return cfg
}

func adapt(p policies.Policy, seen *seenConfig) policyx.Policy {
	if p.IsStack() {
		return policyx.NewStackValidationPolicy(p.Name, policyx.StackValidationPolicyArgs{
			Description:      p.Description,
			EnforcementLevel: level(p.DefaultEnforcement),
			ConfigSchema:     schema(p),
			ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
				rs := make([]policies.Resource, 0, len(args.Resources))
				for _, r := range args.Resources {
					rs = append(rs, toResource(r))
				}
				for _, v := range p.CheckStack(rs, seen.config()) {
					args.Manager.ReportViolation(v.Message, v.URN)
				}
				return nil
			},
		})
	}
	return policyx.NewResourceValidationPolicy(p.Name, policyx.ResourceValidationPolicyArgs{
		Description:      p.Description,
		EnforcementLevel: level(p.DefaultEnforcement),
		ConfigSchema:     schema(p),
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			props := map[string]any{}
			for k, v := range args.Config {
				if k != "enforcementLevel" { // policyx applies the level itself
					props[k] = v
				}
			}
			cfg, err := policies.ParsePolicyConfig(p.Name, props)
			if err != nil {
				return fmt.Errorf("invalid policy pack configuration: %w", err)
			}
			seen.record(p.Name, props)
			for _, msg := range p.CheckResource(toResource(args.Resource), cfg) {
				args.Manager.ReportViolation(msg, args.Resource.URN)
			}
			return nil
		},
	})
}

func toResource(r policyx.AnalyzerResource) policies.Resource {
	return policies.Resource{
		URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent,
		Properties:           r.Properties,
		ProviderProperties:   r.Provider.Properties,
		Dependencies:         r.Dependencies,
		PropertyDependencies: r.PropertyDependencies,
	}
}
