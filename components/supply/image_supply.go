package supply

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// ImageSupplyType is the type token of the ImageSupply component (public API).
const ImageSupplyType = "vpconly:supply:ImageSupply"

// Defaults and limits of the image supply path.
const (
	// DefaultKeepImages is how many images the lifecycle policy keeps per repository.
	DefaultKeepImages = 30
	// DefaultUntaggedExpireDays is after how many days untagged images expire.
	DefaultUntaggedExpireDays = 7
	// ECRPublicRegistry is the upstream of the pull-through cache rule: Amazon ECR Public, which
	// needs no credentials (Amazon ECR User Guide, "Sync an upstream registry with an Amazon ECR
	// private registry": upstream registry URL public.ecr.aws).
	ECRPublicRegistry = "public.ecr.aws"
	// MaxImageTagLength is Docker's tag limit (128 characters of [A-Za-z0-9_.-], not starting
	// with '.' or '-').
	MaxImageTagLength = 128
)

var (
	ecrRepoNameRe = regexp.MustCompile(iampolicy.EcrRepositoryNamePattern)
	imageTagRe    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
)

// CustomImage is a team image offered in Studio's JupyterLab as a SageMaker image.
type CustomImage struct {
	// Name is the SageMaker image name (and its app image configuration's). Required;
	// SageMakerNamePattern.
	Name string `json:"name" pulumi:"name,optional"`
	// Repository is one of ImageSettings.Repositories. Required.
	Repository string `json:"repository" pulumi:"repository,optional"`
	// Tag is the image tag in that repository; it must have been pushed before the image version
	// is created (CreateImageVersion checks it). Required.
	Tag string `json:"tag" pulumi:"tag,optional"`
}

// ImageSettings are the plain settings of the image supply path: what a stack's configuration
// ("supply.images") holds. The JSON names are the configuration's.
type ImageSettings struct {
	// Repositories are the private ECR repositories for team images (EcrRepositoryNamePattern).
	// Default none.
	Repositories []string `json:"repositories" pulumi:"repositories,optional"`
	// KeepImages is how many images each repository keeps. Default DefaultKeepImages.
	KeepImages int `json:"keepImages" pulumi:"keepImages,optional"`
	// UntaggedExpireDays is after how many days an untagged image expires. Default
	// DefaultUntaggedExpireDays.
	UntaggedExpireDays int `json:"untaggedExpireDays" pulumi:"untaggedExpireDays,optional"`
	// PullThroughCachePrefix, when set, creates a pull-through cache rule for ECR Public under this
	// repository prefix: `docker pull <account>.dkr.ecr.<region>.amazonaws.com/<prefix>/docker/library/python:3.12`
	// fetches public.ecr.aws/docker/library/python:3.12 through AWS. Default "": none.
	PullThroughCachePrefix string `json:"pullThroughCachePrefix" pulumi:"pullThroughCachePrefix,optional"`
	// CustomImage is a SageMaker image for JupyterLab built from one of Repositories. Default nil.
	CustomImage *CustomImage `json:"customImage" pulumi:"customImage,optional"`
	// AllowPush lets the execution roles push to Repositories. Default false: pull only.
	AllowPush bool `json:"allowPush" pulumi:"allowPush,optional"`
}

// WithDefaults returns s with every default filled in.
func (s ImageSettings) WithDefaults() ImageSettings {
	if s.KeepImages == 0 {
		s.KeepImages = DefaultKeepImages
	}
	if s.UntaggedExpireDays == 0 {
		s.UntaggedExpireDays = DefaultUntaggedExpireDays
	}
	return s
}

// Configured reports whether the settings create anything.
func (s ImageSettings) Configured() bool {
	return len(s.Repositories) > 0 || s.PullThroughCachePrefix != ""
}

// ecrKey is a repository's child-name key: its name with '/' replaced by '-'.
func ecrKey(repo string) string { return strings.ReplaceAll(repo, "/", "-") }

// Validate checks the settings after WithDefaults: nil, or the joined *arg.Error values, each
// naming its field ("Repositories[0]"; "" for the settings as a whole; no component:
// ImageSupplyArgs.Validate reports them under "Settings"). The configuration calls it.
func (s ImageSettings) Validate() error {
	var out []error
	bad := func(field string, v any, want string) {
		out = append(out, &arg.Error{Field: field, Value: v, Allowed: want})
	}
	repoWant := "an ECR repository name: 2-256 lowercase letters, digits and single '.', '_', '-' or '/' separators (" + iampolicy.EcrRepositoryNamePattern + ")"
	keys := map[string]int{}
	for i, r := range s.Repositories {
		f := fmt.Sprintf("Repositories[%d]", i)
		switch {
		case len(r) < 2 || len(r) > 256 || !ecrRepoNameRe.MatchString(r):
			bad(f, r, repoWant)
		default:
			if j, dup := keys[ecrKey(r)]; dup {
				bad(f, r, fmt.Sprintf("a repository not already listed (Repositories[%d] is %q; '/' and '-' name the same child)", j, s.Repositories[j]))
			} else {
				keys[ecrKey(r)] = i
			}
		}
		if s.PullThroughCachePrefix != "" && (r == s.PullThroughCachePrefix || strings.HasPrefix(r, s.PullThroughCachePrefix+"/")) {
			bad(f, r, fmt.Sprintf("a name outside the pull-through cache prefix %q", s.PullThroughCachePrefix))
		}
	}
	if s.KeepImages < 1 || s.KeepImages > 10000 {
		bad("KeepImages", s.KeepImages, "1 to 10000 images")
	}
	if s.UntaggedExpireDays < 1 || s.UntaggedExpireDays > 3650 {
		bad("UntaggedExpireDays", s.UntaggedExpireDays, "1 to 3650 days")
	}
	if p := s.PullThroughCachePrefix; p != "" && (len(p) < 2 || len(p) > 30 || !ecrRepoNameRe.MatchString(p)) {
		bad("PullThroughCachePrefix", p, "2-30 characters of an ECR repository name (CreatePullThroughCacheRule ecrRepositoryPrefix), or empty for no cache rule")
	}
	if ci := s.CustomImage; ci != nil {
		if !arg.ValidSageMakerName(ci.Name) {
			bad("CustomImage.Name", ci.Name, "a SageMaker image name: "+arg.SageMakerNamePattern)
		}
		if _, ok := keys[ecrKey(ci.Repository)]; !ok || !ecrRepoNameRe.MatchString(ci.Repository) {
			bad("CustomImage.Repository", ci.Repository, fmt.Sprintf("one of Repositories %q", s.Repositories))
		}
		if !imageTagRe.MatchString(ci.Tag) {
			bad("CustomImage.Tag", ci.Tag, "an image tag: 1-128 of A-Z, a-z, 0-9, '_', '.', '-', not starting with '.' or '-'")
		}
	}
	if s.AllowPush && len(s.Repositories) == 0 {
		bad("AllowPush", true, "false unless Repositories names repositories to push to")
	}
	if !s.Configured() {
		bad("", "no repositories and no pull-through cache", "at least one of Repositories and PullThroughCachePrefix")
	}
	return errors.Join(out...)
}

// EcrLifecyclePolicy is the lifecycle policy of every team repository: untagged images expire
// after untaggedDays, and only the keep most recent images are kept (Amazon ECR User Guide,
// "Lifecycle policy parameters": the rule with tagStatus "any" must have the highest priority
// number).
func EcrLifecyclePolicy(keep, untaggedDays int) string {
	return core.PolicyJSON(map[string]any{"rules": []any{
		map[string]any{"rulePriority": 1, "description": fmt.Sprintf("Expire untagged images after %d days", untaggedDays),
			"selection": map[string]any{"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": untaggedDays},
			"action":    map[string]any{"type": "expire"}},
		map[string]any{"rulePriority": 2, "description": fmt.Sprintf("Keep the %d most recent images", keep),
			"selection": map[string]any{"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": keep},
			"action":    map[string]any{"type": "expire"}},
	}})
}

// EcrImageURI is the URI of an image in a private repository.
func EcrImageURI(account, region, repo, tag string) string {
	_, dns := core.PartitionOf(region)
	return fmt.Sprintf("%s.dkr.ecr.%s.%s/%s:%s", account, region, dns, repo, tag)
}

// ImageSupplyArgs configure an ImageSupply.
type ImageSupplyArgs struct {
	// Region is the landing zone's region. Required.
	Region string `pulumi:"region,optional"`
	// Settings are the repositories, cache rule and custom image (defaults filled in by WithDefaults).
	Settings ImageSettings `pulumi:"settings"`
	// AccountId is the registry's account. Default nil: the provider's caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// ConsumerAccountIds, when set, are the accounts whose principals may pull from the team
	// repositories and the pull-through cache from their own account (the workload accounts of a
	// multi-account landing zone; at least one other than AccountId): every team repository gets
	// a repository policy (iampolicy.EcrRepositoryPolicy), the pull-through cache's repository
	// creation template gives the same policy to the repositories it creates, and the registry's
	// permissions policy lets the other accounts create and import them on a first pull
	// (iampolicy.EcrPullThroughRegistryPolicy). Default nil: no resource policy, the registry's
	// own account only (IAM alone decides). Checked when they resolve.
	ConsumerAccountIds pulumi.StringArrayInput `pulumi:"consumerAccountIds,optional"`
	// OrganizationId, with ConsumerAccountIds, makes the repository policies admit the
	// organization's principals instead of the accounts' (the registry policy still names the
	// accounts: it takes no organization condition). Default "".
	OrganizationId string `pulumi:"organizationId,optional"`
	// NoCustomImage leaves the SageMaker image out even when Settings.CustomImage is set: the
	// registry's account hosts no Studio domain, and each account that does creates its own
	// (NewCustomStudioImage, which pulls from this registry). Default false.
	NoCustomImage bool `pulumi:"noCustomImage,optional"`
	// Protect protects the team repositories and their key (also retained on delete). Default false.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every taggable child. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// ImageSupply is the governed image supply path: private ECR repositories for team images, an
// optional pull-through cache of ECR Public, and an optional SageMaker image for Studio.
type ImageSupply struct {
	pulumi.ResourceState

	// RepositoryArns and RepositoryUrls are by repository name.
	RepositoryArns pulumi.StringMapOutput `pulumi:"repositoryArns"`
	RepositoryUrls pulumi.StringMapOutput `pulumi:"repositoryUrls"`
	// KmsKeyArn is the KMS key encrypting the image repositories.
	KmsKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// CustomImageName and AppImageConfigName are set with a custom image ("" otherwise).
	CustomImageName    pulumi.StringOutput `pulumi:"customImageName"`
	AppImageConfigName pulumi.StringOutput `pulumi:"appImageConfigName"`

	// Settings are the settings the supply path was built with (defaults filled in).
	Settings ImageSettings
	// Studio is what StudioDomainArgs.Supply.CustomImages takes (nil without a custom image).
	Studio []StudioCustomImage
}

// NewImageSupply validates args and registers the image supply path.
//
// Plain aws:ecr resources, not awsx:ecr:Repository: the awsx component adds nothing this needs
// (its lifecycle-policy shorthand and defaults are what the resources below state explicitly), it
// is a multi-language component whose children a mocked program never sees (so neither the tests
// nor the policy pack could check their inputs), and it would add the awsx plugin to every
// deployment. It opens no path either way; ECR is reached through the hub's ecr.api and ecr.dkr
// endpoints.
//
// Children (names derive from name and a stable key):
//   - aws:kms/key:Key "<name>-key" (only with Repositories): rotation on, used only through ECR.
//   - aws:ecr/repository:Repository "<name>-repo-<repository with '/' as '-'>": scan on push,
//     IMMUTABLE tags, KMS encryption with the key; aws:ecr/lifecyclePolicy:LifecyclePolicy
//     "<repo child>-lifecycle" (EcrLifecyclePolicy).
//   - With PullThroughCachePrefix: aws:ecr/pullThroughCacheRule:PullThroughCacheRule
//     "<name>-pull-through" (ECR Public) and aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate
//     "<name>-pull-through-template" for the repositories it creates (scan results and lifecycle
//     as above; tags MUTABLE because the cache refreshes tags such as "latest"; AES256, since the
//     content is public).
//   - With ConsumerAccountIds: aws:ecr/repositoryPolicy:RepositoryPolicy "<repo child>-policy" per
//     team repository (iampolicy.EcrRepositoryPolicy, pull only), the same policy in the
//     creation template, and with PullThroughCachePrefix aws:ecr/registryPolicy:RegistryPolicy
//     "<name>-pull-through-registry-policy" (iampolicy.EcrPullThroughRegistryPolicy). No key
//     policy change: ECR decrypts with the grant it holds on the key, the repository as grantee
//     principal (Amazon ECR User Guide, "Encryption at rest",
//     https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
//   - With CustomImage (not with NoCustomImage): aws:iam/role:Role "<name>-image-role" (trusted by SageMaker only, with an
//     inline aws:iam/rolePolicy:RolePolicy "<name>-image-role-pull" pulling that one repository),
//     aws:sagemaker/image:Image "<name>-image", aws:sagemaker/imageVersion:ImageVersion
//     "<name>-image-version" (the tagged image) and aws:sagemaker/appImageConfig:AppImageConfig
//     "<name>-image-config" (JupyterLab).
func NewImageSupply(ctx *pulumi.Context, name string, args *ImageSupplyArgs, opts ...pulumi.ResourceOption) (*ImageSupply, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	s := args.Settings.WithDefaults()
	c := &ImageSupply{Settings: s}
	if err := ctx.RegisterComponentResource(ImageSupplyType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	stateful := []pulumi.ResourceOption{parent}
	if args.Protect {
		stateful = append(stateful, pulumi.Protect(true))
	}
	tags := core.MergeTags(args.Tags)
	partition, dnsSuffix := core.PartitionOf(args.Region)
	region := args.Region
	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	}
	accountOut := account.ToStringOutput()
	lifecycle := EcrLifecyclePolicy(s.KeepImages, s.UntaggedExpireDays)

	// With consumer accounts: the pull policy of every repository they read, and their ids
	// other than the registry's own (the registry policy's principals).
	var consumerPolicy pulumi.StringInput
	var others pulumi.StringArrayOutput
	if args.ConsumerAccountIds != nil {
		consumerPolicy = args.ConsumerAccountIds.ToStringArrayOutput().ApplyT(func(ids []string) (string, error) {
			spec := iampolicy.EcrConsumerSpec{AccountIDs: ids}
			if args.OrganizationId != "" {
				spec = iampolicy.EcrConsumerSpec{OrganizationID: args.OrganizationId}
			}
			d, err := iampolicy.EcrRepositoryPolicy(spec)
			if err != nil {
				return "", fmt.Errorf("ImageSupply %q: %w", name, err)
			}
			return d.JSON()
		}).(pulumi.StringOutput)
		others = pulumi.All(accountOut, args.ConsumerAccountIds).ApplyT(func(v []interface{}) ([]string, error) {
			var out []string
			for _, id := range v[1].([]string) {
				if id != v[0].(string) {
					out = append(out, id)
				}
			}
			if len(out) == 0 {
				return nil, fmt.Errorf("ImageSupply %q: ConsumerAccountIds %q name no account other than the registry's %s: want the workload accounts, or nil",
					name, v[1], v[0])
			}
			return out, nil
		}).(pulumi.StringArrayOutput)
	}

	arns, urls := pulumi.StringMap{}, pulumi.StringMap{}
	c.KmsKeyArn = pulumi.String("").ToStringOutput()
	if len(s.Repositories) > 0 {
		keyOpts := append([]pulumi.ResourceOption{}, stateful...)
		if args.Protect {
			keyOpts = append(keyOpts, pulumi.RetainOnDelete(true))
		}
		key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
			Description:          pulumi.String("ECR repositories of team images (" + name + ")"),
			KeyUsage:             pulumi.String("ENCRYPT_DECRYPT"),
			EnableKeyRotation:    pulumi.Bool(true),
			DeletionWindowInDays: pulumi.Int(core.KeyDeletionWindowDays),
			Policy: accountOut.ApplyT(func(acct string) (string, error) {
				return ServiceKeyPolicy(acct, partition, dnsSuffix, region, "ecr")
			}).(pulumi.StringOutput),
			Tags: tags,
		}, keyOpts...)
		if err != nil {
			return nil, err
		}
		c.KmsKeyArn = key.Arn
		for _, r := range s.Repositories {
			child := name + "-repo-" + ecrKey(r)
			repo, err := ecr.NewRepository(ctx, child, &ecr.RepositoryArgs{
				Name:               pulumi.String(r),
				ImageTagMutability: pulumi.String("IMMUTABLE"),
				ImageScanningConfiguration: &ecr.RepositoryImageScanningConfigurationArgs{
					ScanOnPush: pulumi.Bool(true),
				},
				EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{&ecr.RepositoryEncryptionConfigurationArgs{
					EncryptionType: pulumi.String("KMS"),
					KmsKey:         key.Arn,
				}},
				Tags: tags,
			}, stateful...)
			if err != nil {
				return nil, err
			}
			if _, err := ecr.NewLifecyclePolicy(ctx, child+"-lifecycle", &ecr.LifecyclePolicyArgs{
				Repository: repo.Name,
				Policy:     pulumi.String(lifecycle),
			}, parent); err != nil {
				return nil, err
			}
			if consumerPolicy != nil {
				if _, err := ecr.NewRepositoryPolicy(ctx, child+"-policy", &ecr.RepositoryPolicyArgs{
					Repository: repo.Name,
					Policy:     consumerPolicy,
				}, parent); err != nil {
					return nil, err
				}
			}
			arns[r] = repo.Arn
			urls[r] = repo.RepositoryUrl
		}
	}

	if p := s.PullThroughCachePrefix; p != "" {
		if _, err := ecr.NewPullThroughCacheRule(ctx, name+"-pull-through", &ecr.PullThroughCacheRuleArgs{
			EcrRepositoryPrefix: pulumi.String(p),
			UpstreamRegistryUrl: pulumi.String(ECRPublicRegistry),
		}, parent); err != nil {
			return nil, err
		}
		if _, err := ecr.NewRepositoryCreationTemplate(ctx, name+"-pull-through-template", &ecr.RepositoryCreationTemplateArgs{
			Prefix:             pulumi.String(p),
			Description:        pulumi.String("Repositories the ECR Public pull-through cache creates"),
			AppliedFors:        pulumi.StringArray{pulumi.String("PULL_THROUGH_CACHE")},
			ImageTagMutability: pulumi.String("MUTABLE"),
			EncryptionConfigurations: ecr.RepositoryCreationTemplateEncryptionConfigurationArray{
				&ecr.RepositoryCreationTemplateEncryptionConfigurationArgs{EncryptionType: pulumi.String("AES256")},
			},
			LifecyclePolicy: pulumi.String(lifecycle),
			// The cached repositories get the consumers' pull policy (nil: none).
			RepositoryPolicy: consumerPolicy,
			ResourceTags:     tags,
		}, parent); err != nil {
			return nil, err
		}
		if args.ConsumerAccountIds != nil {
			// One registry policy per registry and Region (PutRegistryPolicy replaces it): the
			// landing zone owns the hub account's registry policy.
			if _, err := ecr.NewRegistryPolicy(ctx, name+"-pull-through-registry-policy", &ecr.RegistryPolicyArgs{
				Policy: pulumi.All(accountOut, others).ApplyT(func(v []interface{}) (string, error) {
					d, err := iampolicy.EcrPullThroughRegistryPolicy(partition, region, v[0].(string), p, v[1].([]string))
					if err != nil {
						return "", fmt.Errorf("ImageSupply %q: %w", name, err)
					}
					return d.JSON()
				}).(pulumi.StringOutput),
			}, parent); err != nil {
				return nil, err
			}
		}
	}

	c.CustomImageName = pulumi.String("").ToStringOutput()
	c.AppImageConfigName = pulumi.String("").ToStringOutput()
	if ci := s.CustomImage; ci != nil && !args.NoCustomImage {
		img, cfg, err := newCustomImage(ctx, name, region, *ci, accountOut, urls[ci.Repository], tags, parent)
		if err != nil {
			return nil, err
		}
		c.CustomImageName, c.AppImageConfigName = img, cfg
		c.Studio = []StudioCustomImage{{ImageName: img, AppImageConfigName: cfg}}
	}

	c.RepositoryArns = arns.ToStringMapOutput()
	c.RepositoryUrls = urls.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"repositoryArns":     c.RepositoryArns,
		"repositoryUrls":     c.RepositoryUrls,
		"kmsKeyArn":          c.KmsKeyArn,
		"customImageName":    c.CustomImageName,
		"appImageConfigName": c.AppImageConfigName,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// newCustomImage registers the SageMaker image of a team image in registry's repository: the role
// SageMaker pulls it with, "<name>-image-role" (trusted by SageMaker only) and its inline policy
// "<name>-image-role-pull" (that one repository, read-only, iampolicy.SupplyAccessPolicy), the
// image "<name>-image", its version "<name>-image-version" (the tagged image) and the JupyterLab
// app image configuration "<name>-image-config". These are account-scoped SageMaker and IAM
// resources: the provider in opts decides their account, and the registry may be another
// account's (CreateImageVersion's BaseImage is an ECR URI "<acct-id>.dkr.ecr.<region>.amazonaws.com/<repo-name[:tag]>",
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateImageVersion.html; the
// registry's repository policy must then admit this account, ImageSupplyArgs.ConsumerAccountIds).
// repoURL, when not nil, is the repository resource's URL so that the version waits for it.
func newCustomImage(ctx *pulumi.Context, name, region string, ci CustomImage, registry pulumi.StringOutput,
	repoURL pulumi.StringInput, tags pulumi.StringMap, opts ...pulumi.ResourceOption) (imageName, configName pulumi.StringOutput, err error) {
	partition, _ := core.PartitionOf(region)
	role, err := iam.NewRole(ctx, name+"-image-role", &iam.RoleArgs{
		Description:      pulumi.String("SageMaker pulls the custom image " + ci.Name + " with this role"),
		AssumeRolePolicy: pulumi.String(iampolicy.ExecutionRoleTrustPolicy().MustJSON()),
		Tags:             tags,
	}, opts...)
	if err != nil {
		return
	}
	if _, err = iam.NewRolePolicy(ctx, name+"-image-role-pull", &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: registry.ApplyT(func(acct string) (string, error) {
			d, err := iampolicy.SupplyAccessPolicy(iampolicy.SupplySpec{Partition: partition, Region: region,
				AccountID: acct, EcrRepositories: []string{ci.Repository}})
			if err != nil {
				return "", fmt.Errorf("custom image %q: %w", name, err)
			}
			return d.JSON()
		}).(pulumi.StringOutput),
	}, opts...); err != nil {
		return
	}
	img, err := sagemaker.NewImage(ctx, name+"-image", &sagemaker.ImageArgs{
		ImageName:   pulumi.String(ci.Name),
		RoleArn:     role.Arn,
		Description: pulumi.String(fmt.Sprintf("Team image %s:%s", ci.Repository, ci.Tag)),
		Tags:        tags,
	}, opts...)
	if err != nil {
		return
	}
	if repoURL == nil {
		repoURL = pulumi.String("")
	}
	base := pulumi.All(registry, repoURL).ApplyT(func(v []interface{}) string {
		if u, _ := v[1].(string); u != "" {
			return u + ":" + ci.Tag
		}
		return EcrImageURI(v[0].(string), region, ci.Repository, ci.Tag)
	}).(pulumi.StringOutput)
	version, err := sagemaker.NewImageVersion(ctx, name+"-image-version", &sagemaker.ImageVersionArgs{
		ImageName: img.ID().ToStringOutput(),
		BaseImage: base,
	}, opts...)
	if err != nil {
		return
	}
	cfg, err := sagemaker.NewAppImageConfig(ctx, name+"-image-config", &sagemaker.AppImageConfigArgs{
		AppImageConfigName:    pulumi.String(ci.Name),
		JupyterLabImageConfig: jupyterLabImageConfig(ci),
		Tags:                  tags,
	}, opts...)
	if err != nil {
		return
	}
	return version.ImageName, cfg.AppImageConfigName, nil
}

// CustomImageEnvVar is the environment variable the custom image's JupyterLab container gets: the
// image's repository and tag ("team/base:2026.11"), so a notebook can tell which team image it runs.
const CustomImageEnvVar = "VPCONLY_CUSTOM_IMAGE"

// jupyterLabImageConfig is the JupyterLab block of a custom image's app image configuration. It
// must not be empty: the provider sends JupyterLabAppImageConfig only when the block has a
// non-empty container_config or file_system_config (terraform-provider-aws
// internal/service/sagemaker/app_image_config.go, expandJupyterLabAppImageConfig returns nil for an
// empty block), so an empty block creates a config without JupyterLab settings, and an image so
// configured fails to start in Studio (https://github.com/hashicorp/terraform-provider-aws/issues/40493).
// FileSystemConfig is not an option: "The FileSystemConfig object is not supported" for JupyterLab
// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_JupyterLabAppImageConfig.html;
// the API answers ValidationException, https://github.com/hashicorp/terraform-provider-aws/issues/35826).
// So the block carries a ContainerConfig with one environment variable (CustomImageEnvVar), which
// leaves the image's own entrypoint in charge ("Custom image specifications",
// https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-byoi-specs.html: ContainerConfig
// sets the entrypoint, arguments and environment variables).
func jupyterLabImageConfig(ci CustomImage) *sagemaker.AppImageConfigJupyterLabImageConfigArgs {
	return &sagemaker.AppImageConfigJupyterLabImageConfigArgs{
		ContainerConfig: &sagemaker.AppImageConfigJupyterLabImageConfigContainerConfigArgs{
			ContainerEnvironmentVariables: pulumi.StringMap{CustomImageEnvVar: pulumi.String(ci.Repository + ":" + ci.Tag)},
		},
	}
}

// Validate checks the arguments of the ImageSupply name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewImageSupply calls it first.
func (args *ImageSupplyArgs) Validate(name string) error {
	p := core.NewProblems("ImageSupply", name)
	if args == nil {
		p.Missing("args", "an *ImageSupplyArgs with Region and Settings")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name such as us-east-1")
	}
	s := args.Settings.WithDefaults()
	p.Add("Settings", s.Validate())
	if args.AccountId != nil {
		p.CheckString("AccountId", args.AccountId, core.AccountIDRe, "a 12-digit account id, or nil for the caller's")
	}
	return p.Err()
}

// SupplyAccessPolicy renders the execution roles' permissions on the supply path
// (iampolicy.SupplyAccessPolicy) for the given settings once the account resolves: the
// document Guardrails attaches (GuardrailsArgs.SupplyPolicy). Either settings may be nil. The
// ARNs derive from names, so the document does not wait for the supply resources.
func SupplyAccessPolicy(region string, account pulumi.StringInput, packages *PackageSettings, images *ImageSettings) pulumi.StringOutput {
	partition, _ := core.PartitionOf(region)
	return account.ToStringOutput().ApplyT(func(acct string) (string, error) {
		spec := iampolicy.SupplySpec{Partition: partition, Region: region, AccountID: acct}
		if packages != nil {
			p := packages.WithDefaults()
			spec.Domain, spec.ReadRepository, spec.PublishRepositories = p.DomainName, p.RepositoryName, p.PublishRepositories()
		}
		if images != nil {
			i := images.WithDefaults()
			spec.EcrRepositories, spec.EcrPush, spec.PullThroughPrefix = i.Repositories, i.AllowPush, i.PullThroughCachePrefix
		}
		d, err := iampolicy.SupplyAccessPolicy(spec)
		if err != nil {
			return "", fmt.Errorf("supply access policy: %w", err)
		}
		return d.JSON()
	}).(pulumi.StringOutput)
}
