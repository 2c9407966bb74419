package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// SupplyPath is the governed package and image supply path a stack builds (supply.* config):
// each part nil when not configured, and the whole nil without a supply key.
type SupplyPath struct {
	Packages *components.PackageSupply
	Images   *components.ImageSupply
	// Policy is the execution roles' permissions on the supply path (Guardrails.SupplyPolicy).
	Policy pulumi.StringOutput
}

// buildSupply registers the supply path. It needs the hub's CodeArtifact endpoints (the
// configuration guarantees they exist when supply.packages is set) and runs before Guardrails,
// which attach its policy, and the Studio domains, which take its lifecycle configurations and
// custom image.
func buildSupply(ctx *pulumi.Context, cfg *config.Config, hub *components.EndpointHub, account pulumi.StringInput,
	opts ...pulumi.ResourceOption) (*SupplyPath, error) {
	if cfg.Supply == nil {
		return nil, nil
	}
	s := &SupplyPath{Policy: components.SupplyAccessPolicy(cfg.Region, account, cfg.Supply.Packages, cfg.Supply.Images)}
	var err error
	if p := cfg.Supply.Packages; p != nil {
		s.Packages, err = components.NewPackageSupply(ctx, "supply-packages", &components.PackageSupplyArgs{
			Region:         cfg.Region,
			Settings:       *p,
			Hub:            hub.Ref(),
			AccountId:      account,
			OrganizationId: cfg.OrganizationID,
			Protect:        cfg.Protect(),
		}, opts...)
		if err != nil {
			return nil, err
		}
	}
	if i := cfg.Supply.Images; i != nil {
		s.Images, err = components.NewImageSupply(ctx, "supply-images", &components.ImageSupplyArgs{
			Region:    cfg.Region,
			Settings:  *i,
			AccountId: account,
			Protect:   cfg.Protect(),
		}, opts...)
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// policy is what Guardrails attach (nil without a supply path).
func (s *SupplyPath) policy() pulumi.StringInput {
	if s == nil {
		return nil
	}
	return s.Policy
}

// studio is what every Studio domain takes (nil without a supply path).
func (s *SupplyPath) studio() *components.StudioSupply {
	if s == nil {
		return nil
	}
	out := &components.StudioSupply{}
	if s.Packages != nil {
		out.JupyterLabLifecycleConfigArn = s.Packages.JupyterLabLifecycleConfigArn
		out.CodeEditorLifecycleConfigArn = s.Packages.CodeEditorLifecycleConfigArn
	}
	if s.Images != nil {
		out.CustomImages = s.Images.Studio
	}
	return out
}

// addOutputs adds the stack output "supply": what a data scientist or a job needs to install
// packages (the pip index URL without credentials, the domain and its owner) and to pull images.
func (s *SupplyPath) addOutputs(out pulumi.Map) {
	if s == nil {
		return
	}
	m := pulumi.Map{}
	if p := s.Packages; p != nil {
		m["packages"] = pulumi.Map{"domain": p.DomainName, "domainOwner": p.DomainOwner, "repository": pulumi.String(p.Settings.RepositoryName),
			"indexUrl": p.IndexUrl, "repositoryArn": p.RepositoryArn}
	}
	if i := s.Images; i != nil {
		m["images"] = pulumi.Map{"repositoryUrls": i.RepositoryUrls, "customImageName": i.CustomImageName,
			"pullThroughCachePrefix": pulumi.String(i.Settings.PullThroughCachePrefix)}
	}
	out["supply"] = m
}

// supplyCostInputs describes the supply path for the cost model: which parts exist and the keys
// they add (a CodeArtifact domain key; an ECR key when team repositories are configured). Its
// endpoints are in hub.endpoints and counted there; usage volumes take the model's defaults.
func supplyCostInputs(cfg *config.Config) *cost.SupplyInputs {
	if cfg.Supply == nil {
		return nil
	}
	in := &cost.SupplyInputs{Packages: cfg.Supply.Packages != nil, Images: cfg.Supply.Images != nil}
	if in.Packages {
		in.KMSKeys++
	}
	if in.Images && len(cfg.Supply.Images.Repositories) > 0 {
		in.KMSKeys++
	}
	return in
}
