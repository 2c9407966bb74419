package supply

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// StudioSupply attaches the package and image supply path to a StudioDomain
// (StudioDomainArgs.Supply): the lifecycle configurations that point pip at CodeArtifact become
// the default of JupyterLab and Code Editor apps (user profiles and shared spaces), and the custom
// images become available in JupyterLab.
type StudioSupply struct {
	// JupyterLabLifecycleConfigArn and CodeEditorLifecycleConfigArn are PackageSupply's lifecycle
	// configurations. Default nil: no lifecycle configuration for that app.
	JupyterLabLifecycleConfigArn pulumi.StringInput `pulumi:"jupyterLabLifecycleConfigArn,optional"`
	CodeEditorLifecycleConfigArn pulumi.StringInput `pulumi:"codeEditorLifecycleConfigArn,optional"`
	// CustomImages are ImageSupply's SageMaker images with their app image configurations.
	// Default none.
	CustomImages []StudioCustomImage `pulumi:"customImages,optional"`
}

// StudioCustomImage is a SageMaker image and its app image configuration.
type StudioCustomImage struct {
	// ImageName is the SageMaker image (ImageSupply's custom image) Studio's JupyterLab offers.
	ImageName pulumi.StringInput `pulumi:"imageName,optional"`
	// AppImageConfigName is the image's app image config (its JupyterLab settings).
	AppImageConfigName pulumi.StringInput `pulumi:"appImageConfigName,optional"`
}

// Validate checks the inputs (a zero-value Output would never resolve): nil, or the joined
// *arg.Error values, each naming its field ("CustomImages[0].ImageName"; no component:
// StudioDomainArgs.Validate reports them under "Supply."). A nil StudioSupply is valid.
func (s *StudioSupply) Validate() error {
	if s == nil {
		return nil
	}
	p := core.NewProblems("", "")
	check := func(field string, in pulumi.StringInput) {
		if in != nil && core.UnsetInput(in) {
			p.Bad(field, "zero-value Output", "an ARN or name wired from PackageSupply/ImageSupply, or nil")
		}
	}
	check("JupyterLabLifecycleConfigArn", s.JupyterLabLifecycleConfigArn)
	check("CodeEditorLifecycleConfigArn", s.CodeEditorLifecycleConfigArn)
	for i, img := range s.CustomImages {
		f := fmt.Sprintf("CustomImages[%d]", i)
		if img.ImageName == nil || img.AppImageConfigName == nil {
			p.Missing(f, "both ImageName and AppImageConfigName")
			continue
		}
		check(f+".ImageName", img.ImageName)
		check(f+".AppImageConfigName", img.AppImageConfigName)
	}
	return p.Err()
}

// user returns the domain's default user settings with the supply path applied (applyTo).
func (s *StudioSupply) User(u *sagemaker.DomainDefaultUserSettingsArgs) *sagemaker.DomainDefaultUserSettingsArgs {
	s.applyTo(u, &sagemaker.DomainDefaultSpaceSettingsArgs{})
	return u
}

// space returns the domain's default space settings with the supply path applied (applyTo).
func (s *StudioSupply) Space(sp *sagemaker.DomainDefaultSpaceSettingsArgs) *sagemaker.DomainDefaultSpaceSettingsArgs {
	s.applyTo(&sagemaker.DomainDefaultUserSettingsArgs{}, sp)
	return sp
}

// applyTo sets the domain's default user and space settings for the supply path. A lifecycle
// configuration is attached as the default (DefaultResourceSpec.LifecycleConfigArn) and listed in
// LifecycleConfigArns, as CreateDomain requires of a default.
func (s *StudioSupply) applyTo(user *sagemaker.DomainDefaultUserSettingsArgs, space *sagemaker.DomainDefaultSpaceSettingsArgs) {
	if s == nil {
		return
	}
	if s.JupyterLabLifecycleConfigArn != nil || len(s.CustomImages) > 0 {
		jl := &sagemaker.DomainDefaultUserSettingsJupyterLabAppSettingsArgs{}
		sjl := &sagemaker.DomainDefaultSpaceSettingsJupyterLabAppSettingsArgs{}
		if arn := s.JupyterLabLifecycleConfigArn; arn != nil {
			jl.DefaultResourceSpec = &sagemaker.DomainDefaultUserSettingsJupyterLabAppSettingsDefaultResourceSpecArgs{LifecycleConfigArn: arn}
			jl.LifecycleConfigArns = pulumi.StringArray{arn}
			sjl.DefaultResourceSpec = &sagemaker.DomainDefaultSpaceSettingsJupyterLabAppSettingsDefaultResourceSpecArgs{LifecycleConfigArn: arn}
			sjl.LifecycleConfigArns = pulumi.StringArray{arn}
		}
		if len(s.CustomImages) > 0 {
			imgs := sagemaker.DomainDefaultUserSettingsJupyterLabAppSettingsCustomImageArray{}
			simgs := sagemaker.DomainDefaultSpaceSettingsJupyterLabAppSettingsCustomImageArray{}
			for _, img := range s.CustomImages {
				imgs = append(imgs, &sagemaker.DomainDefaultUserSettingsJupyterLabAppSettingsCustomImageArgs{
					ImageName: img.ImageName, AppImageConfigName: img.AppImageConfigName})
				simgs = append(simgs, &sagemaker.DomainDefaultSpaceSettingsJupyterLabAppSettingsCustomImageArgs{
					ImageName: img.ImageName, AppImageConfigName: img.AppImageConfigName})
			}
			jl.CustomImages = imgs
			sjl.CustomImages = simgs
		}
		user.JupyterLabAppSettings = jl
		space.JupyterLabAppSettings = sjl
	}
	if arn := s.CodeEditorLifecycleConfigArn; arn != nil {
		user.CodeEditorAppSettings = &sagemaker.DomainDefaultUserSettingsCodeEditorAppSettingsArgs{
			DefaultResourceSpec: &sagemaker.DomainDefaultUserSettingsCodeEditorAppSettingsDefaultResourceSpecArgs{LifecycleConfigArn: arn},
			LifecycleConfigArns: pulumi.StringArray{arn},
		}
	}
}
