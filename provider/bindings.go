package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// This file is the package's one binding to the Go API: each component's type token (the Go
// API's own constant, so URNs are the same from every language) and its constructor.

// blocks are the package's components, each under the token its Go constructor registers.
func blocks() []bound {
	return []bound{
		bind(LandingZoneType, func(ctx *pulumi.Context, name string, a *config.Config, o ...pulumi.ResourceOption) (*LandingZone, error) {
			return newLandingZone(ctx, name, *a, o...)
		}),
		bind(network.EndpointHubType, network.NewEndpointHub),
		bind(network.SpokeVpcType, network.NewSpokeVpc),
		bind(security.StudioSecurityGroupsType, security.NewStudioSecurityGroups),
		bind(security.JobSecurityGroupType, security.NewJobSecurityGroup),
		bind(security.GuardrailsType, security.NewGuardrails),
		bind(studio.StudioDomainType, studio.NewStudioDomain),
		bind(supply.PackageSupplyType, supply.NewPackageSupply),
		bind(supply.ImageSupplyType, supply.NewImageSupply),
		bind(access.CorporateAccessType, access.NewCorporateAccess),
		bind(access.ResolverEndpointsType, access.NewResolverEndpoints),
		bind(access.HumanAccessPolicyType, access.NewHumanAccessPolicy),
		bind(finops.NetworkBudgetType, finops.NewNetworkBudget),
		bind(runtime.BlockPublicAccessType, runtime.NewBlockPublicAccess),
		bind(runtime.DnsFirewallType, runtime.NewDnsFirewall),
		bind(runtime.DetectiveControlsType, runtime.NewDetectiveControls),
		bind(runtime.KpiDashboardType, runtime.NewKpiDashboard),
		bind(runtime.OrganizationGuardrailsType, runtime.NewOrganizationGuardrails),
	}
}

// constructor is the shape of every Go component constructor (network.NewEndpointHub, ...).
type constructor[I any, O pulumi.ComponentResource] func(*pulumi.Context, string, *I, ...pulumi.ResourceOption) (O, error)

// bound is one component of the package: its token, its Go argument and component types (the
// schema's descriptions are their doc comments, descriptions.go) and the infer component.
type bound struct {
	token     string
	args, out reflect.Type
	component infer.InferredComponent
}

// bind makes a Go constructor an infer component under token ("vpconly:<module>:<Name>").
func bind[I any, O pulumi.ComponentResource](token string, build constructor[I, O]) bound {
	return bound{token: token, args: reflect.TypeFor[I](), out: reflect.TypeFor[O]().Elem(),
		component: infer.Component[binding[I, O], I, O](binding[I, O]{token: token, build: build})}
}

// binding is one component: its token and its Go constructor.
type binding[I any, O pulumi.ComponentResource] struct {
	token string
	build constructor[I, O]
}

// Construct runs the Go constructor: the same validation, children and URNs as a Go program's.
func (b binding[I, O]) Construct(ctx *pulumi.Context, name, _ string, args I, opts pulumi.ResourceOption) (O, error) {
	return b.build(ctx, name, &args, opts)
}

// Annotate sets the token explicitly (infer would name it <package>:index:<GoTypeName>). infer
// also annotates a zero binding, which has no token to set.
func (b binding[I, O]) Annotate(a infer.Annotator) {
	if b.token == "" {
		return
	}
	pkg, mod, typ, ok := splitToken(b.token)
	if !ok || pkg != Name {
		panic(fmt.Sprintf("component token %q is not %s:<module>:<Name>", b.token, Name))
	}
	a.SetToken(tokens.ModuleName(mod), tokens.TypeName(typ))
}

func splitToken(tok string) (pkg, mod, typ string, ok bool) {
	parts := strings.Split(tok, ":")
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
