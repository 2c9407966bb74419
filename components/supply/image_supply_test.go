package supply

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeEcrRepository       = "aws:ecr/repository:Repository"
	typeEcrLifecyclePolicy  = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
	typeEcrPullThroughCache = "aws:ecr/pullThroughCacheRule:PullThroughCacheRule"
	typeEcrCreationTemplate = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
	typeSageMakerImage      = "aws:sagemaker/image:Image"
	typeSageMakerImageVer   = "aws:sagemaker/imageVersion:ImageVersion"
	typeAppImageConfig      = "aws:sagemaker/appImageConfig:AppImageConfig"
)

func isArgs(mut func(*ImageSupplyArgs)) *ImageSupplyArgs {
	a := &ImageSupplyArgs{Region: "us-east-1", Settings: ImageSettings{Repositories: []string{"team/base", "team-train"}}}
	if mut != nil {
		mut(a)
	}
	return a
}

func isRun(t *testing.T, args *ImageSupplyArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewImageSupply(ctx, "images", args, opts...)
		return err
	})
}

func TestImageSupplyRepositories(t *testing.T) {
	t.Parallel()
	rec, err := isRun(t, isArgs(nil))
	require.NoError(t, err)
	key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "images-key")
	rot, set := componenttest.InputBool(key, "enableKeyRotation")
	assert.True(t, set && rot)
	kp := componenttest.NetParse(t, componenttest.InputString(key, "policy"))
	assert.Equal(t, []string{"ecr.us-east-1.amazonaws.com"}, componenttest.NetList(kp.Statement[1].Condition["StringEquals"]["kms:ViaService"]))

	for _, tc := range []struct{ repo, child string }{{"team/base", "images-repo-team-base"}, {"team-train", "images-repo-team-train"}} {
		r := componenttest.FindOne(t, rec, typeEcrRepository, tc.child)
		assert.Equal(t, tc.repo, componenttest.InputString(r, "name"))
		assert.Equal(t, "IMMUTABLE", componenttest.InputString(r, "imageTagMutability"))
		scan, set := componenttest.InputBool(r, "imageScanningConfiguration.scanOnPush")
		assert.True(t, set && scan, "scan on push")
		assert.Equal(t, "KMS", componenttest.InputString(r, "encryptionConfigurations.0.encryptionType"))
		assert.Equal(t, componenttest.OutputString(key, "arn"), componenttest.InputString(r, "encryptionConfigurations.0.kmsKey"))
		_, forced := componenttest.InputBool(r, "forceDelete")
		assert.False(t, forced, "a repository with images is never force-deleted")

		lp := componenttest.FindOne(t, rec, typeEcrLifecyclePolicy, tc.child+"-lifecycle")
		assert.Equal(t, tc.repo, componenttest.InputString(lp, "repository"))
		var pol struct {
			Rules []struct {
				RulePriority int            `json:"rulePriority"`
				Selection    map[string]any `json:"selection"`
				Action       map[string]any `json:"action"`
			} `json:"rules"`
		}
		require.NoError(t, json.Unmarshal([]byte(componenttest.InputString(lp, "policy")), &pol))
		if assert.Len(t, pol.Rules, 2) {
			assert.Equal(t, "untagged", pol.Rules[0].Selection["tagStatus"])
			assert.EqualValues(t, DefaultUntaggedExpireDays, pol.Rules[0].Selection["countNumber"])
			assert.Equal(t, "any", pol.Rules[1].Selection["tagStatus"], "the 'any' rule has the highest priority number")
			assert.Greater(t, pol.Rules[1].RulePriority, pol.Rules[0].RulePriority)
			assert.EqualValues(t, DefaultKeepImages, pol.Rules[1].Selection["countNumber"])
		}
	}
	assert.Empty(t, rec.ByType(typeEcrPullThroughCache))
	assert.Empty(t, rec.ByType(typeSageMakerImage))
	for _, typ := range []string{"awsx:ecr:Repository", "awsx:ecr:Image"} {
		assert.Empty(t, rec.ByType(typ), "plain aws:ecr only")
	}
}

func TestImageSupplyPullThroughCache(t *testing.T) {
	t.Parallel()
	rec, err := isRun(t, isArgs(func(a *ImageSupplyArgs) {
		a.Settings = ImageSettings{PullThroughCachePrefix: "ecr-public", KeepImages: 5}
	}))
	require.NoError(t, err)
	rule := componenttest.FindOne(t, rec, typeEcrPullThroughCache, "images-pull-through")
	assert.Equal(t, "ecr-public", componenttest.InputString(rule, "ecrRepositoryPrefix"))
	assert.Equal(t, "public.ecr.aws", componenttest.InputString(rule, "upstreamRegistryUrl"))
	assert.True(t, rule.Input("credentialArn").IsNull(), "ECR Public needs no credentials")
	tpl := componenttest.FindOne(t, rec, typeEcrCreationTemplate, "images-pull-through-template")
	assert.Equal(t, "ecr-public", componenttest.InputString(tpl, "prefix"))
	assert.Equal(t, []string{"PULL_THROUGH_CACHE"}, recorder.Strings(tpl.Input("appliedFors")))
	assert.Contains(t, componenttest.InputString(tpl, "lifecyclePolicy"), `"countNumber":5`)
	assert.Equal(t, "MUTABLE", componenttest.InputString(tpl, "imageTagMutability"), "the cache refreshes tags")
	assert.Equal(t, "AES256", componenttest.InputString(tpl, "encryptionConfigurations.0.encryptionType"))
	assert.Empty(t, rec.ByType(typeEcrRepository), "no team repositories configured")
	assert.Empty(t, rec.ByType(componenttest.TypeKmsKey), "no key without team repositories")
}

func TestImageSupplyCustomImage(t *testing.T) {
	t.Parallel()
	rec, err := isRun(t, isArgs(func(a *ImageSupplyArgs) {
		a.Settings.CustomImage = &CustomImage{Name: "team-base", Repository: "team/base", Tag: "2026.11"}
	}))
	require.NoError(t, err)
	role := componenttest.FindOne(t, rec, componenttest.TypeIamRole, "images-image-role")
	trust := componenttest.NetParse(t, componenttest.InputString(role, "assumeRolePolicy"))
	assert.Equal(t, "sagemaker.amazonaws.com", trust.Statement[0].Principal.(map[string]any)["Service"])
	pull := componenttest.FindOne(t, rec, componenttest.TypeIamRolePolicy, "images-image-role-pull")
	p, err := iamsim.Parse([]byte(componenttest.InputString(pull, "policy")))
	require.NoError(t, err)
	for _, tc := range []struct {
		repo string
		want iamsim.Decision
	}{{"team/base", iamsim.Allow}, {"team-train", iamsim.NotApplicable}} {
		res, err := p.Evaluate(iamsim.Request{Action: "ecr:BatchGetImage",
			Resource: iampolicy.EcrRepositoryArn("aws", "us-east-1", recorder.FakeAccountID, tc.repo)})
		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Decision, "the image role pulls %s", tc.repo)
	}
	img := componenttest.FindOne(t, rec, typeSageMakerImage, "images-image")
	assert.Equal(t, "team-base", componenttest.InputString(img, "imageName"))
	assert.Equal(t, componenttest.OutputString(role, "arn"), componenttest.InputString(img, "roleArn"))
	assert.Equal(t, role.ID, componenttest.InputString(pull, "role"))
	ver := componenttest.FindOne(t, rec, typeSageMakerImageVer, "images-image-version")
	assert.Equal(t, img.ID, componenttest.InputString(ver, "imageName"))
	assert.Equal(t, componenttest.OutputString(componenttest.FindOne(t, rec, typeEcrRepository, "images-repo-team-base"), "repositoryUrl")+":2026.11", componenttest.InputString(ver, "baseImage"))
	cfg := componenttest.FindOne(t, rec, typeAppImageConfig, "images-image-config")
	assert.Equal(t, "team-base", componenttest.InputString(cfg, "appImageConfigName"))
	assert.True(t, cfg.Input("jupyterLabImageConfig").IsObject(), "a JupyterLab image")
}

func TestImageSupplyProtectAndParents(t *testing.T) {
	t.Parallel()
	for _, po := range componenttest.ProviderOptions {
		t.Run(po.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewImageSupply(ctx, "images", isArgs(func(a *ImageSupplyArgs) { a.Protect = true }), po.Opt(p))
				return err
			})
			require.NoError(t, err)
			componenttest.AssertChildrenInherit(t, rec, ImageSupplyType, "images", 5)
			assert.True(t, componenttest.FindOne(t, rec, typeEcrRepository, "images-repo-team-base").Protect)
			key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "images-key")
			assert.True(t, key.Protect && key.RetainOnDelete)
		})
	}
}

func TestImageSupplyValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mut  func(*ImageSupplyArgs)
		want []string
	}{
		{"nothing configured", func(a *ImageSupplyArgs) { a.Settings = ImageSettings{} }, []string{"Settings", "at least one of Repositories and PullThroughCachePrefix"}},
		{"bad repository", func(a *ImageSupplyArgs) { a.Settings.Repositories = []string{"Team/Base"} }, []string{`Settings.Repositories[0] = "Team/Base"`}},
		{"same child", func(a *ImageSupplyArgs) { a.Settings.Repositories = []string{"team/base", "team-base"} },
			[]string{`Settings.Repositories[1] = "team-base"`, "same child"}},
		{"inside the cache prefix", func(a *ImageSupplyArgs) { a.Settings.PullThroughCachePrefix = "team" },
			[]string{`Settings.Repositories[0] = "team/base"`, "outside the pull-through cache prefix"}},
		{"bad prefix", func(a *ImageSupplyArgs) { a.Settings.PullThroughCachePrefix = "ECR" }, []string{`Settings.PullThroughCachePrefix = "ECR"`}},
		{"keep", func(a *ImageSupplyArgs) { a.Settings.KeepImages = -1 }, []string{"Settings.KeepImages = -1"}},
		{"custom image repository", func(a *ImageSupplyArgs) {
			a.Settings.CustomImage = &CustomImage{Name: "x", Repository: "elsewhere", Tag: "1"}
		}, []string{`Settings.CustomImage.Repository = "elsewhere"`}},
		{"custom image tag and name", func(a *ImageSupplyArgs) {
			a.Settings.CustomImage = &CustomImage{Name: "bad_name", Repository: "team/base", Tag: "-x"}
		}, []string{`Settings.CustomImage.Name = "bad_name"`, `Settings.CustomImage.Tag = "-x"`}},
		{"push without repositories", func(a *ImageSupplyArgs) {
			a.Settings = ImageSettings{PullThroughCachePrefix: "ecr-public", AllowPush: true}
		}, []string{"Settings.AllowPush = true"}},
		{"region", func(a *ImageSupplyArgs) { a.Region = "" }, []string{`Region = ""`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := isRun(t, isArgs(tc.mut))
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

// The rendered supply document is what iampolicy.SupplyAccessPolicy builds for the settings.
func TestSupplyAccessPolicyRendersSettings(t *testing.T) {
	t.Parallel()
	var got string
	_, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		doc := SupplyAccessPolicy("us-east-1", pulumi.String(recorder.FakeAccountID),
			&PackageSettings{Upstreams: []PackageUpstream{{Name: "team-internal"}, {Name: "pypi-store", ExternalConnection: PyPIExternalConnection}}, AllowPublish: true},
			&ImageSettings{Repositories: []string{"team/base"}, PullThroughCachePrefix: "ecr-public"})
		ctx.Export("doc", doc.ApplyT(func(s string) string { got = s; return s }))
		return nil
	})
	require.NoError(t, err)
	want, err := iampolicy.SupplyAccessPolicy(iampolicy.SupplySpec{Partition: "aws", Region: "us-east-1", AccountID: recorder.FakeAccountID,
		Domain: DefaultCodeArtifactDomain, ReadRepository: DefaultPackageRepository, PublishRepositories: []string{"team-internal"},
		EcrRepositories: []string{"team/base"}, PullThroughPrefix: "ecr-public"})
	require.NoError(t, err)
	assert.Equal(t, want.MustJSON(), got)
}
