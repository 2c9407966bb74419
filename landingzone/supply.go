package landingzone

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// SupplyPath is the governed package and image supply path a stack builds (supply.* config):
// each part nil when not configured, and the whole nil without a supply key.
type SupplyPath struct {
	Packages *supply.PackageSupply
	Images   *supply.ImageSupply
	// Policy is the execution roles' permissions on the supply path (Guardrails.SupplyPolicy),
	// the same document in every workload account: its ARNs name the hub's account, which owns
	// the domain and the repositories.
	Policy pulumi.StringOutput
	// Lifecycle and CustomImages are the account-scoped Studio pieces of every other account
	// than the hub's that hosts Studio domains, by account key: a domain can use only the
	// lifecycle configurations and SageMaker images of its own account. The hub's account keeps
	// them in Packages and Images (today's names).
	Lifecycle    map[string]*supply.PackageLifecycleConfigs
	CustomImages map[string]*supply.CustomStudioImage
	hubAccount   string
}

// buildSupply registers the supply path. It needs the hub's CodeArtifact endpoints (the
// configuration guarantees they exist when supply.packages is set) and runs before Guardrails,
// which attach its policy, and the Studio domains, which take its lifecycle configurations and
// custom image.
//
// Multi-account (docs/multi-account.md): the domain, the repositories and the registry stay in
// the hub's account, one supply for the organization, and their resource policies admit exactly
// the workload accounts (supplyConsumers). Every other account that hosts Studio domains gets
// its own lifecycle configurations ("supply-packages-<account>") and custom image
// ("supply-images-<account>") with its own provider (RuntimeName); the hub's account creates
// them only when it hosts a domain itself.
func (lz *LandingZone) buildSupply(ctx *pulumi.Context, account pulumi.StringInput) (*SupplyPath, error) {
	cfg := lz.Config
	if cfg.Supply == nil {
		return nil, nil
	}
	hub := cfg.HubAccount()
	s := &SupplyPath{Policy: supply.SupplyAccessPolicy(cfg.Region, account, cfg.Supply.Packages, cfg.Supply.Images),
		Lifecycle: map[string]*supply.PackageLifecycleConfigs{}, CustomImages: map[string]*supply.CustomStudioImage{},
		hubAccount: hub}
	consumers := lz.supplyConsumers()
	hubStudio := !cfg.CrossAccount() || slices.Contains(cfg.DomainAccounts(), hub)
	var err error
	if p := cfg.Supply.Packages; p != nil {
		s.Packages, err = supply.NewPackageSupply(ctx, "supply-packages", &supply.PackageSupplyArgs{
			Region:             cfg.Region,
			Settings:           *p,
			Hub:                lz.Hub.Ref(),
			AccountId:          account,
			OrganizationId:     cfg.OrganizationID,
			ConsumerAccountIds: consumers,
			NoLifecycleConfigs: !hubStudio,
			Protect:            cfg.Protect(),
		}, lz.hubOpt())
		if err != nil {
			return nil, err
		}
	}
	if i := cfg.Supply.Images; i != nil {
		s.Images, err = supply.NewImageSupply(ctx, "supply-images", &supply.ImageSupplyArgs{
			Region:             cfg.Region,
			Settings:           *i,
			AccountId:          account,
			ConsumerAccountIds: consumers,
			OrganizationId:     cfg.OrganizationID,
			NoCustomImage:      !hubStudio,
			Protect:            cfg.Protect(),
		}, lz.hubOpt())
		if err != nil {
			return nil, err
		}
	}
	for _, acct := range cfg.DomainAccounts() {
		if acct == hub {
			continue
		}
		if s.Packages != nil {
			if s.Lifecycle[acct], err = supply.NewPackageLifecycleConfigs(ctx, RuntimeName(cfg, "supply-packages", acct),
				&supply.PackageLifecycleConfigsArgs{Region: cfg.Region, Settings: s.Packages.Settings, DomainOwner: s.Packages.DomainOwner},
				lz.opt(acct)); err != nil {
				return nil, err
			}
		}
		if s.Images != nil && s.Images.Settings.CustomImage != nil {
			// The image version reads the hub's repository: after its repository policy.
			if s.CustomImages[acct], err = supply.NewCustomStudioImage(ctx, RuntimeName(cfg, "supply-images", acct),
				&supply.CustomStudioImageArgs{Region: cfg.Region, Image: s.Images.Settings.CustomImage, RegistryAccountId: account},
				lz.opt(acct), pulumi.DependsOn([]pulumi.Resource{s.Images})); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// supplyConsumers are the ids of the accounts whose principals the supply path's resource
// policies admit: nil while every workload account is the hub's (the owning account alone, as
// in a single-account landing zone); otherwise exactly the workload accounts, whose execution
// roles (Guardrails, with the supply policy) install packages and pull images in Studio and in
// jobs. The hub's account is admitted only when it is one of them.
func (lz *LandingZone) supplyConsumers() pulumi.StringArrayInput {
	if !lz.Config.CrossAccount() {
		return nil
	}
	var ids pulumi.StringArray
	for _, a := range lz.Config.WorkloadAccounts() {
		ids = append(ids, lz.accountID(a))
	}
	return ids
}

// policy is what Guardrails attach (nil without a supply path).
func (s *SupplyPath) policy() pulumi.StringInput {
	if s == nil {
		return nil
	}
	return s.Policy
}

// studio is what the Studio domains of an account take: its own account's lifecycle
// configurations and custom image (nil without a supply path).
func (s *SupplyPath) studio(account string) *supply.StudioSupply {
	if s == nil {
		return nil
	}
	out := &supply.StudioSupply{}
	if account != s.hubAccount {
		if l := s.Lifecycle[account]; l != nil {
			out.JupyterLabLifecycleConfigArn = l.JupyterLabLifecycleConfigArn
			out.CodeEditorLifecycleConfigArn = l.CodeEditorLifecycleConfigArn
		}
		if i := s.CustomImages[account]; i != nil {
			out.CustomImages = i.Studio
		}
		return out
	}
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
