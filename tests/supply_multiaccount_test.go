package tests

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// The supply path across accounts (tests/testdata/Pulumi.multi.yaml, docs/multi-account.md): the
// CodeArtifact domain, the repositories and the ECR registry are in the network (hub) account; the
// research account and the deploying (platform) account host the Studio domains and are the
// workload accounts.

const (
	multiOutsider   = "444455556666"
	tokDomainPolicy = "aws:codeartifact/domainPermissions:DomainPermissions"
	tokEcrRepoPol   = "aws:ecr/repositoryPolicy:RepositoryPolicy"
	tokEcrTemplate  = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"
	tokEcrRegistry  = "aws:ecr/registryPolicy:RegistryPolicy"
	tokSmImage      = "aws:sagemaker/image:Image"
	tokSmImageVer   = "aws:sagemaker/imageVersion:ImageVersion"
	tokSmImageCfg   = "aws:sagemaker/appImageConfig:AppImageConfig"
	tokRolePolicy   = "aws:iam/rolePolicy:RolePolicy"
	tokIamRole      = "aws:iam/role:Role"
)

func resourcePolicy(t *testing.T, r recorder.Resource, field string) iamsim.Policy {
	t.Helper()
	p, err := iamsim.ParseResourcePolicy([]byte(str(r.Input(field))))
	require.NoError(t, err, "%s %s", r.Type, r.Name)
	return p
}

// Every resource policy of the supply path admits exactly the workload accounts (research and
// platform): not the network account that owns the resources (its own IAM decides there), not an
// outsider; CodeArtifact only through the hub's endpoints.
func TestMultiSupplyResourcePoliciesAdmitExactlyTheWorkloadAccounts(t *testing.T) {
	t.Parallel()
	rec := runMulti(t)
	provs := multiProviders(t, rec)
	apiVpce := mustFind(t, rec, tokEndpoint, "hub-codeartifact.api").ID
	reposVpce := mustFind(t, rec, tokEndpoint, "hub-codeartifact.repositories").ID

	type policy struct {
		r      recorder.Resource
		field  string
		action string
		vpce   string
	}
	var policies []policy
	policies = append(policies, policy{mustFind(t, rec, tokDomainPolicy, "supply-packages-domain-policy"), "policyDocument",
		"codeartifact:GetAuthorizationToken", apiVpce})
	for _, name := range []string{"supply-packages-repository-policy", "supply-packages-upstream-pypi-store-policy"} {
		policies = append(policies, policy{mustFind(t, rec, tokRepoPolicy, name), "policyDocument", "codeartifact:ReadFromRepository", reposVpce})
	}
	policies = append(policies,
		policy{mustFind(t, rec, tokEcrRepoPol, "supply-images-repo-ml-base-policy"), "policy", "ecr:BatchGetImage", ""},
		policy{mustFind(t, rec, tokEcrTemplate, "supply-images-pull-through-template"), "repositoryPolicy", "ecr:GetDownloadUrlForLayer", ""})
	for _, p := range policies {
		assert.True(t, strings.HasPrefix(p.r.Provider, provs[multiNetwork]+"::"), "%s is in the network account", p.r.Name)
		doc := resourcePolicy(t, p.r, p.field)
		for _, tc := range []struct {
			account string
			want    iamsim.Decision
		}{
			{multiResearch, iamsim.Allow},
			{multiDeploying, iamsim.Allow},
			{multiNetwork, iamsim.NotApplicable},
			{multiOutsider, iamsim.NotApplicable},
		} {
			keys := map[string][]string{"aws:PrincipalAccount": {tc.account}, "aws:PrincipalOrgID": {"o-none00000000"}}
			if p.vpce != "" {
				keys["aws:SourceVpce"] = []string{p.vpce}
			}
			res, err := doc.Evaluate(iamsim.Request{Action: p.action, Resource: "*", Keys: keys})
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Decision, "%s: %s from %s", p.r.Name, p.action, tc.account)
		}
		// Read-only: nothing admits a write.
		for _, write := range []string{"codeartifact:PublishPackageVersion", "ecr:PutImage", "ecr:SetRepositoryPolicy", "ecr:BatchDeleteImage"} {
			res, err := doc.Evaluate(iamsim.Request{Action: write, Resource: "*",
				Keys: map[string][]string{"aws:PrincipalAccount": {multiResearch}, "aws:SourceVpce": {p.vpce}}})
			require.NoError(t, err)
			assert.NotEqual(t, iamsim.Allow, res.Decision, "%s admits %s", p.r.Name, write)
		}
	}
	// The registry policy lets exactly the workload accounts create and import cached repositories
	// under the pull-through prefix.
	reg := mustFind(t, rec, tokEcrRegistry, "supply-images-pull-through-registry-policy")
	assert.True(t, strings.HasPrefix(reg.Provider, provs[multiNetwork]+"::"))
	want, err := iampolicy.EcrPullThroughRegistryPolicy("aws", "us-east-1", multiNetwork, "ecr-public", []string{multiResearch, multiDeploying})
	require.NoError(t, err)
	assert.JSONEq(t, want.MustJSON(), str(reg.Input("policy")))
	assert.Contains(t, str(reg.Input("policy")), "arn:aws:iam::"+multiResearch+":root")
	assert.NotContains(t, str(reg.Input("policy")), multiNetwork+":root")
}

// Each account that hosts domains has its own lifecycle configurations and custom image, on its
// own provider, named after the account; the hub's account (no domain) has none; each domain's
// default user and space settings reference its own account's.
func TestMultiSupplyStudioPiecesArePerAccount(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "multi")
	provs := multiProviders(t, rec)
	on := onProviderOf(t, provs)
	for _, name := range []string{"supply-packages-jupyterlab", "supply-packages-codeeditor"} {
		_, found := rec.Find(tokLifecycle, name)
		assert.False(t, found, "the network account hosts no domain: no %s", name)
	}
	_, found := rec.Find(tokSmImage, "supply-images-image")
	assert.False(t, found, "no custom image in the network account")
	for _, c := range []struct{ domain, account, label string }{
		{"research-multi", multiResearch, "research"},
		{"analytics-multi", multiDeploying, "platform"},
	} {
		t.Run(c.domain, func(t *testing.T) {
			t.Parallel()
			base := "supply-packages-" + c.label
			on(mustFind(t, rec, supply.PackageLifecycleConfigsType, base), c.account)
			jl := mustFind(t, rec, tokLifecycle, base+"-jupyterlab")
			ce := mustFind(t, rec, tokLifecycle, base+"-codeeditor")
			for _, l := range []recorder.Resource{jl, ce} {
				on(l, c.account)
				script, err := base64.StdEncoding.DecodeString(str(l.Input("studioLifecycleConfigContent")))
				require.NoError(t, err)
				assert.Contains(t, string(script), "DOMAIN_OWNER='"+multiNetwork+"'", "%s logs in to the hub account's domain", l.Name)
				assert.Contains(t, string(script), `--domain-owner "${DOMAIN_OWNER}"`)
				assert.Equal(t, c.account, l.Account, "%s is created in its domain's account", l.Name)
			}
			img := "supply-images-" + c.label
			on(mustFind(t, rec, supply.CustomStudioImageType, img), c.account)
			for _, r := range []recorder.Resource{mustFind(t, rec, tokSmImage, img+"-image"), mustFind(t, rec, tokSmImageCfg, img+"-image-config"),
				mustFind(t, rec, tokIamRole, img+"-image-role")} {
				on(r, c.account)
			}
			ver := mustFind(t, rec, tokSmImageVer, img+"-image-version")
			on(ver, c.account)
			assert.Equal(t, supply.EcrImageURI(multiNetwork, cfg.Region, "ml/base", "2025.1"), str(ver.Input("baseImage")),
				"the image version pulls the hub account's repository")

			dom := mustFind(t, rec, tokDomain, "domain-"+c.domain)
			on(dom, c.account)
			assert.Equal(t, str(jl.Outputs["arn"]), str(dom.Input("defaultUserSettings.jupyterLabAppSettings.defaultResourceSpec.lifecycleConfigArn")))
			assert.Equal(t, str(ce.Outputs["arn"]), str(dom.Input("defaultUserSettings.codeEditorAppSettings.defaultResourceSpec.lifecycleConfigArn")))
			assert.Equal(t, str(jl.Outputs["arn"]), str(dom.Input("defaultSpaceSettings.jupyterLabAppSettings.defaultResourceSpec.lifecycleConfigArn")))
			assert.Equal(t, []string{str(jl.Outputs["arn"])}, recorder.Strings(dom.Input("defaultUserSettings.jupyterLabAppSettings.lifecycleConfigArns")))
			images := dom.Input("defaultUserSettings.jupyterLabAppSettings.customImages").ArrayValue()
			require.Len(t, images, 1)
			assert.Equal(t, str(ver.Outputs["imageName"]), str(recorder.Lookup(images[0].ObjectValue(), "imageName")),
				"the domain offers its own account's image")
			assert.Equal(t, str(mustFind(t, rec, tokSmImageCfg, img+"-image-config").Outputs["appImageConfigName"]),
				str(recorder.Lookup(images[0].ObjectValue(), "appImageConfigName")))
		})
	}
}

// The least-privilege proofs in a workload account: the research account's execution role (its
// guardrails' supply policy) and the image role, evaluated with the hub account's resource
// policies as a cross-account request (both must allow): reading through the hub works, the rest
// does not.
func TestMultiSupplyWorkloadAccountReadsAcrossAccounts(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "multi")
	p := cfg.Supply.Packages
	reposVpce := mustFind(t, rec, tokEndpoint, "hub-codeartifact.repositories").ID
	apiVpce := mustFind(t, rec, tokEndpoint, "hub-codeartifact.api").ID
	domainPolicy := resourcePolicy(t, mustFind(t, rec, tokDomainPolicy, "supply-packages-domain-policy"), "policyDocument")
	repoPolicy := resourcePolicy(t, mustFind(t, rec, tokRepoPolicy, "supply-packages-repository-policy"), "policyDocument")
	ecrPolicy := resourcePolicy(t, mustFind(t, rec, tokEcrRepoPol, "supply-images-repo-ml-base-policy"), "policy")
	cachePolicy := resourcePolicy(t, mustFind(t, rec, tokEcrTemplate, "supply-images-pull-through-template"), "repositoryPolicy")

	domainArn := iampolicy.CodeArtifactDomainArn("aws", cfg.Region, multiNetwork, p.DomainName)
	repoArn := iampolicy.CodeArtifactRepositoryArn("aws", cfg.Region, multiNetwork, p.DomainName, p.RepositoryName)
	pkgArn := "arn:aws:codeartifact:" + cfg.Region + ":" + multiNetwork + ":package/" + p.DomainName + "/" + p.RepositoryName + "/pypi//numpy"
	baseArn := iampolicy.EcrRepositoryArn("aws", cfg.Region, multiNetwork, "ml/base")
	cachedArn := iampolicy.EcrRepositoryArn("aws", cfg.Region, multiNetwork, "ecr-public/docker/library/python")
	otherArn := iampolicy.EcrRepositoryArn("aws", cfg.Region, multiNetwork, "other/repo")

	for _, role := range []struct{ name, account string }{
		{"guardrails-research-access-supply", multiResearch},
		{"guardrails-access-supply", multiDeploying},
	} {
		t.Run(role.name, func(t *testing.T) {
			t.Parallel()
			identity, err := iamsim.Parse([]byte(str(mustFind(t, rec, tokIamPolicy, role.name).Input("policy"))))
			require.NoError(t, err)
			keys := func(vpce string) map[string][]string {
				k := map[string][]string{"aws:PrincipalAccount": {role.account}}
				if vpce != "" {
					k["aws:SourceVpce"] = []string{vpce}
				}
				return k
			}
			for _, tc := range []struct {
				name     string
				resource iamsim.Policy
				action   string
				arn      string
				vpce     string
				want     iamsim.Decision
			}{
				{"token through the hub", domainPolicy, "codeartifact:GetAuthorizationToken", domainArn, apiVpce, iamsim.Allow},
				{"token from outside the VPC", domainPolicy, "codeartifact:GetAuthorizationToken", domainArn, "", iamsim.Deny},
				{"read through the hub", repoPolicy, "codeartifact:ReadFromRepository", repoArn, reposVpce, iamsim.Allow},
				{"endpoint through the hub", repoPolicy, "codeartifact:GetRepositoryEndpoint", repoArn, reposVpce, iamsim.Allow},
				{"read from outside the VPC", repoPolicy, "codeartifact:ReadFromRepository", repoArn, "", iamsim.Deny},
				{"publish", repoPolicy, "codeartifact:PublishPackageVersion", pkgArn, reposVpce, iamsim.Deny},
				{"pull a team image", ecrPolicy, "ecr:BatchGetImage", baseArn, "", iamsim.Allow},
				{"pull its layers", ecrPolicy, "ecr:GetDownloadUrlForLayer", baseArn, "", iamsim.Allow},
				{"push a team image", ecrPolicy, "ecr:PutImage", baseArn, "", iamsim.NotApplicable},
				{"pull a cached image", cachePolicy, "ecr:BatchGetImage", cachedArn, "", iamsim.Allow},
				{"pull an image outside the supply path", ecrPolicy, "ecr:BatchGetImage", otherArn, "", iamsim.NotApplicable},
			} {
				got, err := iamsim.DecideWithResourcePolicy(identity, tc.resource, iamsim.Request{Action: tc.action, Resource: tc.arn, Keys: keys(tc.vpce)}, false)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got, tc.name)
			}
			// An outsider with the same identity policy is refused by every resource policy.
			for _, r := range []struct {
				resource iamsim.Policy
				action   string
				arn      string
				vpce     string
			}{{repoPolicy, "codeartifact:ReadFromRepository", repoArn, reposVpce}, {ecrPolicy, "ecr:BatchGetImage", baseArn, ""}} {
				got, err := iamsim.DecideWithResourcePolicy(identity, r.resource, iamsim.Request{Action: r.action, Resource: r.arn,
					Keys: map[string][]string{"aws:PrincipalAccount": {multiOutsider}, "aws:SourceVpce": {r.vpce}}}, false)
				require.NoError(t, err)
				assert.Equal(t, iamsim.NotApplicable, got, "outsider: %s", r.action)
			}
			res, err := identity.Evaluate(iamsim.Request{Action: "sts:GetServiceBearerToken", Keys: map[string][]string{"sts:AWSServiceName": {iampolicy.CodeArtifactServiceName}}})
			require.NoError(t, err)
			assert.Equal(t, iamsim.Allow, res.Decision, "the bearer token CodeArtifact needs (IAM-side only)")
		})
	}
	// The research account's image role pulls its one repository from the hub's registry.
	pull, err := iamsim.Parse([]byte(str(mustFind(t, rec, tokRolePolicy, "supply-images-research-image-role-pull").Input("policy"))))
	require.NoError(t, err)
	for _, tc := range []struct {
		action, arn string
		want        iamsim.Decision
	}{
		{"ecr:BatchGetImage", baseArn, iamsim.Allow},
		{"ecr:PutImage", baseArn, iamsim.NotApplicable},
		{"ecr:BatchGetImage", otherArn, iamsim.NotApplicable},
	} {
		got, err := iamsim.DecideWithResourcePolicy(pull, ecrPolicy, iamsim.Request{Action: tc.action, Resource: tc.arn,
			Keys: map[string][]string{"aws:PrincipalAccount": {multiResearch}}}, false)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got, "image role: %s on %s", tc.action, tc.arn)
	}
}
