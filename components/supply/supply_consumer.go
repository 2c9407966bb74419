package supply

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// Type tokens of the consumer components (public API).
const (
	PackageLifecycleConfigsType = "vpconly:supply:PackageLifecycleConfigs"
	CustomStudioImageType       = "vpconly:supply:CustomStudioImage"
)

// PackageLifecycleConfigsArgs configure PackageLifecycleConfigs.
type PackageLifecycleConfigsArgs struct {
	// Region is the landing zone's region. Required.
	Region string `pulumi:"region,optional"`
	// Settings are the package supply's settings (PackageSupply.Settings): the domain, the
	// repository and the token lifetime the script uses.
	Settings PackageSettings `pulumi:"settings"`
	// DomainOwner is the account that owns the CodeArtifact domain (PackageSupply.DomainOwner):
	// the script logs in with --domain-owner. Required.
	DomainOwner pulumi.StringInput `pulumi:"domainOwner,optional"`
	// Tags are merged into every taggable child. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PackageLifecycleConfigs are the Studio lifecycle configurations that point pip at a
// CodeArtifact domain of another account, created in the account of the provider given.
type PackageLifecycleConfigs struct {
	pulumi.ResourceState

	JupyterLabLifecycleConfigArn pulumi.StringOutput `pulumi:"jupyterLabLifecycleConfigArn"`
	CodeEditorLifecycleConfigArn pulumi.StringOutput `pulumi:"codeEditorLifecycleConfigArn"`
}

// NewPackageLifecycleConfigs validates args and registers, in the provider's account,
// aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig "<name>-jupyterlab" and
// "<name>-codeeditor": the pip script (RenderPipScript) naming DomainOwner. Their SageMaker names
// are PackageSupply's (LifecycleConfigName): unique per account, and this is another account.
func NewPackageLifecycleConfigs(ctx *pulumi.Context, name string, args *PackageLifecycleConfigsArgs,
	opts ...pulumi.ResourceOption) (*PackageLifecycleConfigs, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	s := args.Settings.WithDefaults()
	c := &PackageLifecycleConfigs{}
	if err := ctx.RegisterComponentResource(PackageLifecycleConfigsType, name, c, opts...); err != nil {
		return nil, err
	}
	var err error
	if c.JupyterLabLifecycleConfigArn, c.CodeEditorLifecycleConfigArn, err = pipLifecycleConfigs(ctx, name, args.Region, s,
		args.DomainOwner.ToStringOutput(), core.MergeTags(args.Tags), pulumi.Parent(c)); err != nil {
		return nil, err
	}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"jupyterLabLifecycleConfigArn": c.JupyterLabLifecycleConfigArn,
		"codeEditorLifecycleConfigArn": c.CodeEditorLifecycleConfigArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// CustomStudioImageArgs configure CustomStudioImage.
type CustomStudioImageArgs struct {
	// Region is the landing zone's region. Required.
	Region string `pulumi:"region,optional"`
	// Image is the team image (ImageSettings.CustomImage). Required; its Repository is a
	// repository of the registry.
	Image *CustomImage `pulumi:"image,optional"`
	// RegistryAccountId is the account of the ECR registry holding the image (the hub's), whose
	// repository policy admits this account (ImageSupplyArgs.ConsumerAccountIds). Required.
	RegistryAccountId pulumi.StringInput `pulumi:"registryAccountId,optional"`
	// Tags are merged into every taggable child. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// CustomStudioImage is a team image of another account's registry offered as a SageMaker image
// in the provider's account.
type CustomStudioImage struct {
	pulumi.ResourceState

	ImageName          pulumi.StringOutput `pulumi:"imageName"`
	AppImageConfigName pulumi.StringOutput `pulumi:"appImageConfigName"`

	// Studio is what StudioDomainArgs.Supply.CustomImages takes.
	Studio []StudioCustomImage
}

// NewCustomStudioImage validates args and registers, in the provider's account, the image role
// "<name>-image-role" with its pull policy "<name>-image-role-pull" on the registry's repository,
// the SageMaker image "<name>-image", its version "<name>-image-version" (the registry's tagged
// image) and the app image configuration "<name>-image-config" (as ImageSupply does in its own
// account).
func NewCustomStudioImage(ctx *pulumi.Context, name string, args *CustomStudioImageArgs,
	opts ...pulumi.ResourceOption) (*CustomStudioImage, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &CustomStudioImage{}
	if err := ctx.RegisterComponentResource(CustomStudioImageType, name, c, opts...); err != nil {
		return nil, err
	}
	var err error
	if c.ImageName, c.AppImageConfigName, err = newCustomImage(ctx, name, args.Region, *args.Image,
		args.RegistryAccountId.ToStringOutput(), nil, core.MergeTags(args.Tags), pulumi.Parent(c)); err != nil {
		return nil, err
	}
	c.Studio = []StudioCustomImage{{ImageName: c.ImageName, AppImageConfigName: c.AppImageConfigName}}
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"imageName":          c.ImageName,
		"appImageConfigName": c.AppImageConfigName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// Validate checks the arguments of the PackageLifecycleConfigs name without registering
// anything: nil, or the joined *arg.Error values, each naming the field, the value and what is
// allowed. NewPackageLifecycleConfigs calls it first.
func (args *PackageLifecycleConfigsArgs) Validate(name string) error {
	p := core.NewProblems("PackageLifecycleConfigs", name)
	if args == nil {
		p.Missing("args", "a *PackageLifecycleConfigsArgs with Region, Settings and DomainOwner")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name such as us-east-1")
	}
	s := args.Settings.WithDefaults()
	p.Add("Settings", s.Validate())
	if args.DomainOwner == nil {
		p.Missing("DomainOwner", "the 12-digit id of the account that owns the CodeArtifact domain")
	} else {
		p.CheckString("DomainOwner", args.DomainOwner, core.AccountIDRe, "the 12-digit id of the account that owns the CodeArtifact domain")
	}
	return p.Err()
}

// Validate checks the arguments of the CustomStudioImage name without registering anything:
// nil, or the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewCustomStudioImage calls it first.
func (args *CustomStudioImageArgs) Validate(name string) error {
	p := core.NewProblems("CustomStudioImage", name)
	if args == nil {
		p.Missing("args", "a *CustomStudioImageArgs with Region, Image and RegistryAccountId")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name such as us-east-1")
	}
	if ci := args.Image; ci == nil {
		p.Missing("Image", "the custom image (name, repository, tag)")
	} else {
		if !arg.ValidSageMakerName(ci.Name) {
			p.Bad("Image.Name", ci.Name, "a SageMaker image name: "+arg.SageMakerNamePattern)
		}
		if !ecrRepoNameRe.MatchString(ci.Repository) {
			p.Bad("Image.Repository", ci.Repository, "an ECR repository name of the registry")
		}
		if !imageTagRe.MatchString(ci.Tag) {
			p.Bad("Image.Tag", ci.Tag, "an image tag: 1-128 of A-Z, a-z, 0-9, '_', '.', '-', not starting with '.' or '-'")
		}
	}
	if args.RegistryAccountId == nil {
		p.Missing("RegistryAccountId", "the 12-digit id of the registry's account")
	} else {
		p.CheckString("RegistryAccountId", args.RegistryAccountId, core.AccountIDRe, "the 12-digit id of the registry's account")
	}
	return p.Err()
}
