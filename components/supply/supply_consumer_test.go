package supply

import (
	"encoding/base64"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

const (
	scHub      = "333333333333"
	scResearch = "222222222222"
	scPlatform = "123456789012"
)

// The consumer components validate before registering anything: every bad field is named.
func TestSupplyConsumersValidate(t *testing.T) {
	t.Parallel()
	okImage := &CustomImage{Name: "ml-base", Repository: "ml/base", Tag: "v1"}
	for _, tc := range []struct {
		name string
		run  func(ctx *pulumi.Context) error
		want []string
	}{
		{"lifecycle configs: valid", func(ctx *pulumi.Context) error {
			_, err := NewPackageLifecycleConfigs(ctx, "lcc", &PackageLifecycleConfigsArgs{Region: "us-east-1", DomainOwner: pulumi.String(scHub)})
			return err
		}, nil},
		{"lifecycle configs: nil args", func(ctx *pulumi.Context) error {
			_, err := NewPackageLifecycleConfigs(ctx, "lcc", nil)
			return err
		}, []string{"args"}},
		{"lifecycle configs: bad owner, region and domain", func(ctx *pulumi.Context) error {
			_, err := NewPackageLifecycleConfigs(ctx, "lcc", &PackageLifecycleConfigsArgs{Region: "moon", DomainOwner: pulumi.String("12"),
				Settings: PackageSettings{DomainName: "Bad_Domain"}})
			return err
		}, []string{"Region", `DomainOwner = "12"`, "Settings.DomainName"}},
		{"lifecycle configs: no owner", func(ctx *pulumi.Context) error {
			_, err := NewPackageLifecycleConfigs(ctx, "lcc", &PackageLifecycleConfigsArgs{Region: "us-east-1"})
			return err
		}, []string{"DomainOwner"}},
		{"custom image: valid", func(ctx *pulumi.Context) error {
			_, err := NewCustomStudioImage(ctx, "img", &CustomStudioImageArgs{Region: "us-east-1", Image: okImage, RegistryAccountId: pulumi.String(scHub)})
			return err
		}, nil},
		{"custom image: no image, no registry", func(ctx *pulumi.Context) error {
			_, err := NewCustomStudioImage(ctx, "img", &CustomStudioImageArgs{Region: "us-east-1"})
			return err
		}, []string{"Image", "RegistryAccountId"}},
		{"custom image: bad fields", func(ctx *pulumi.Context) error {
			_, err := NewCustomStudioImage(ctx, "img", &CustomStudioImageArgs{Region: "us-east-1",
				Image: &CustomImage{Name: "-x", Repository: "UPPER", Tag: ".t"}, RegistryAccountId: pulumi.String("x")})
			return err
		}, []string{"Image.Name", "Image.Repository", "Image.Tag", "RegistryAccountId"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, tc.run)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.ErrorContains(t, err, w)
			}
			for _, r := range rec.Resources {
				assert.False(t, r.Custom, "nothing registered on error: %s %s", r.Type, r.Name)
			}
		})
	}
}

// The lifecycle configurations of another account log in to the owner's domain; the custom
// image of another account pulls the registry's repository with a role of its own.
func TestSupplyConsumersNameTheOwner(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		if _, err := NewPackageLifecycleConfigs(ctx, "lcc", &PackageLifecycleConfigsArgs{Region: "us-east-1", DomainOwner: pulumi.String(scHub)}); err != nil {
			return err
		}
		_, err := NewCustomStudioImage(ctx, "img", &CustomStudioImageArgs{Region: "us-east-1",
			Image: &CustomImage{Name: "ml-base", Repository: "ml/base", Tag: "v1"}, RegistryAccountId: pulumi.String(scHub)})
		return err
	})
	require.NoError(t, err)
	for _, app := range []string{"jupyterlab", "codeeditor"} {
		l := componenttest.FindOne(t, rec, "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig", "lcc-"+app)
		assert.Equal(t, LifecycleConfigName(DefaultCodeArtifactDomain, app), componenttest.InputString(l, "studioLifecycleConfigName"))
		script, err := base64.StdEncoding.DecodeString(componenttest.InputString(l, "studioLifecycleConfigContent"))
		require.NoError(t, err)
		assert.Contains(t, string(script), "DOMAIN_OWNER='"+scHub+"'")
	}
	ver := componenttest.FindOne(t, rec, typeSageMakerImageVer, "img-image-version")
	assert.Equal(t, EcrImageURI(scHub, "us-east-1", "ml/base", "v1"), componenttest.InputString(ver, "baseImage"))
	pull, err := iamsim.Parse([]byte(componenttest.InputString(componenttest.FindOne(t, rec, "aws:iam/rolePolicy:RolePolicy", "img-image-role-pull"), "policy")))
	require.NoError(t, err)
	for _, tc := range []struct {
		action, arn string
		want        iamsim.Decision
	}{
		{"ecr:BatchGetImage", "arn:aws:ecr:us-east-1:" + scHub + ":repository/ml/base", iamsim.Allow},
		{"ecr:PutImage", "arn:aws:ecr:us-east-1:" + scHub + ":repository/ml/base", iamsim.NotApplicable},
		{"ecr:BatchGetImage", "arn:aws:ecr:us-east-1:" + scPlatform + ":repository/ml/base", iamsim.NotApplicable},
	} {
		res, err := pull.Evaluate(iamsim.Request{Action: tc.action, Resource: tc.arn})
		require.NoError(t, err)
		assert.Equal(t, tc.want, res.Decision, "%s on %s", tc.action, tc.arn)
	}
	for _, typ := range []string{typeSageMakerImage, typeAppImageConfig, "aws:iam/role:Role"} {
		assert.Len(t, rec.ByType(typ), 1, typ)
	}
}

// ImageSupply with consumer accounts: every team repository and the cached repositories get the
// pull policy of exactly those accounts, the registry policy names the accounts other than the
// registry's; without consumers none of it exists (a single-account registry).
func TestImageSupplyConsumerAccounts(t *testing.T) {
	t.Parallel()
	rec, err := isRun(t, isArgs(func(a *ImageSupplyArgs) {
		a.AccountId = pulumi.String(scHub)
		a.Settings.PullThroughCachePrefix = "ecr-public"
		a.ConsumerAccountIds = pulumi.ToStringArray([]string{scResearch, scHub})
	}))
	require.NoError(t, err)
	for _, repo := range []string{"team-base", "team-train"} {
		p := componenttest.FindOne(t, rec, "aws:ecr/repositoryPolicy:RepositoryPolicy", "images-repo-"+repo+"-policy")
		assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"AdmitWorkloadAccountsPull","Effect":"Allow","Principal":{"AWS":"*"},`+
			`"Action":["ecr:BatchCheckLayerAvailability","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],`+
			`"Condition":{"StringEquals":{"aws:PrincipalAccount":["`+scResearch+`","`+scHub+`"]}}}]}`, componenttest.InputString(p, "policy"))
	}
	tpl := componenttest.FindOne(t, rec, typeEcrCreationTemplate, "images-pull-through-template")
	assert.Contains(t, componenttest.InputString(tpl, "repositoryPolicy"), scResearch)
	reg := componenttest.FindOne(t, rec, "aws:ecr/registryPolicy:RegistryPolicy", "images-pull-through-registry-policy")
	assert.Contains(t, componenttest.InputString(reg, "policy"), "arn:aws:iam::"+scResearch+":root")
	assert.NotContains(t, componenttest.InputString(reg, "policy"), scHub+":root", "the registry's own account needs no registry policy")

	// Without consumers: no resource policy at all.
	rec, err = isRun(t, isArgs(func(a *ImageSupplyArgs) { a.Settings.PullThroughCachePrefix = "ecr-public" }))
	require.NoError(t, err)
	assert.Empty(t, rec.ByType("aws:ecr/repositoryPolicy:RepositoryPolicy"))
	assert.Empty(t, rec.ByType("aws:ecr/registryPolicy:RegistryPolicy"))
	assert.True(t, componenttest.FindOne(t, rec, typeEcrCreationTemplate, "images-pull-through-template").Input("repositoryPolicy").IsNull())

	// Consumers that are only the registry's own account: refused.
	_, err = isRun(t, isArgs(func(a *ImageSupplyArgs) {
		a.AccountId = pulumi.String(scHub)
		a.Settings.PullThroughCachePrefix = "ecr-public"
		a.ConsumerAccountIds = pulumi.ToStringArray([]string{scHub})
	}))
	assert.ErrorContains(t, err, "no account other than the registry's")
	// A malformed consumer id: refused by the policy builder.
	_, err = isRun(t, isArgs(func(a *ImageSupplyArgs) { a.ConsumerAccountIds = pulumi.ToStringArray([]string{"12"}) }))
	assert.ErrorContains(t, err, `AccountIDs[0] = "12"`)
}

// PackageSupply with consumer accounts: the domain and repository policies admit exactly them
// (the owner only if listed); NoLifecycleConfigs leaves the lifecycle configurations to the
// accounts hosting domains. Without either, today's single-account supply.
func TestPackageSupplyConsumerAccounts(t *testing.T) {
	t.Parallel()
	rec, err := psRun(t, psArgs(func(a *PackageSupplyArgs) {
		a.AccountId = pulumi.String(scHub)
		a.ConsumerAccountIds = pulumi.ToStringArray([]string{scResearch, scPlatform})
		a.NoLifecycleConfigs = true
	}))
	require.NoError(t, err)
	for _, r := range append(rec.ByType("aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy"),
		rec.ByType("aws:codeartifact/domainPermissions:DomainPermissions")...) {
		doc := componenttest.InputString(r, "policyDocument")
		assert.Contains(t, doc, `"aws:PrincipalAccount":["`+scPlatform+`","`+scResearch+`"]`, r.Name)
		assert.NotContains(t, doc, scHub, "%s: the owner is not a consumer", r.Name)
	}
	assert.Empty(t, rec.ByType("aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig"))

	rec, err = psRun(t, psArgs(func(a *PackageSupplyArgs) { a.AccountId = pulumi.String(scHub) }))
	require.NoError(t, err)
	assert.Len(t, rec.ByType("aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig"), 2)
	d := componenttest.FindOne(t, rec, "aws:codeartifact/domainPermissions:DomainPermissions", "pkgs-domain-policy")
	assert.Contains(t, componenttest.InputString(d, "policyDocument"), `"aws:PrincipalAccount":"`+scHub+`"`)

	_, err = psRun(t, psArgs(func(a *PackageSupplyArgs) { a.ConsumerAccountIds = pulumi.StringArray{} }))
	assert.ErrorContains(t, err, "ConsumerAccountIds resolved to no account")
}
