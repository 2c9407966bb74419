package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	supplycomp "github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	tokDomain     = "aws:sagemaker/domain:Domain"
	tokLifecycle  = "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig"
	tokEgressRule = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tokRecord     = "aws:route53/record:Record"
	tokRepoPolicy = "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy"
)

// The supply tests here run on the repository stack files (one account: the hub's lifecycle
// configurations and policies); the multi-account fixture's supply path, with its per-account
// lifecycle configurations and cross-account policies, is tested in supply_multiaccount_test.go.

// dev and prod build the supply path, every Studio domain starts JupyterLab and Code Editor with
// the pip lifecycle configuration, and pip's hostname resolves through the hub.
func TestStacksCreateTheSupplyPath(t *testing.T) {
	t.Parallel()
	for _, stack := range singleAccountStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			require.NotNil(t, cfg.Supply, "stack %s configures supply", stack)
			require.NotNil(t, cfg.Supply.Packages)
			mustFind(t, rec, supplycomp.PackageSupplyType, "supply-packages")
			jl := mustFind(t, rec, tokLifecycle, "supply-packages-jupyterlab")
			ce := mustFind(t, rec, tokLifecycle, "supply-packages-codeeditor")
			domains := rec.ByType(tokDomain)
			require.Len(t, domains, len(cfg.Domains))
			for _, d := range domains {
				assert.Equal(t, str(jl.Outputs["arn"]), str(d.Input("defaultUserSettings.jupyterLabAppSettings.defaultResourceSpec.lifecycleConfigArn")), d.Name)
				assert.Equal(t, str(ce.Outputs["arn"]), str(d.Input("defaultUserSettings.codeEditorAppSettings.defaultResourceSpec.lifecycleConfigArn")), d.Name)
				assert.Equal(t, str(jl.Outputs["arn"]), str(d.Input("defaultSpaceSettings.jupyterLabAppSettings.defaultResourceSpec.lifecycleConfigArn")), d.Name)
				assert.Equal(t, "VpcOnly", str(d.Input("appNetworkAccessType")))
			}
			record := mustFind(t, rec, tokRecord, "hub-codeartifact.repositories-alias")
			assert.Equal(t, "*.d.codeartifact."+cfg.Region+".amazonaws.com", str(record.Input("name")))
			if cfg.Supply.Images != nil {
				mustFind(t, rec, supplycomp.ImageSupplyType, "supply-images")
				for _, e := range []string{"hub-ecr.api", "hub-ecr.dkr"} {
					mustFind(t, rec, tokEndpoint, e)
				}
			}
		})
	}
}

// Studio reaches the CodeArtifact endpoints on 443: the spoke routes the hub CIDR to the Transit
// Gateway (TestEverySpokeRouteTableRoutesTheHubViaTheTransitGateway), every Studio security group
// sends 443 to the hub CIDR, and the endpoints' security group admits 443 from every spoke.
func TestStudioReachesCodeArtifactOn443(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			sg := mustFind(t, rec, "aws:ec2/securityGroup:SecurityGroup", "hub-endpoints")
			for _, key := range []string{"hub-codeartifact.api", "hub-codeartifact.repositories"} {
				ep := mustFind(t, rec, tokEndpoint, key)
				assert.Contains(t, recorder.Strings(ep.Input("securityGroupIds")), sg.ID, key)
			}
			for _, s := range cfg.Spokes {
				r := mustFind(t, rec, tokIngressRule, "hub-https-from-spoke-"+s.Name)
				assert.Equal(t, sg.ID, str(r.Input("securityGroupId")))
				assert.Equal(t, s.CIDR, str(r.Input("cidrIpv4")))
				assert.EqualValues(t, 443, r.Input("fromPort").NumberValue())
			}
			domainGroups := map[string]bool{}
			for _, r := range rec.ByType("aws:ec2/securityGroup:SecurityGroup") {
				if r.Name != "hub-endpoints" && len(r.Name) > 7 && r.Name[:7] == "studio-" {
					domainGroups[r.ID] = false
				}
			}
			require.NotEmpty(t, domainGroups)
			for _, e := range rec.ByType(tokEgressRule) {
				if _, ok := domainGroups[str(e.Input("securityGroupId"))]; ok && str(e.Input("cidrIpv4")) == cfg.Hub.CIDR &&
					e.Input("fromPort").NumberValue() <= 443 && e.Input("toPort").NumberValue() >= 443 {
					domainGroups[str(e.Input("securityGroupId"))] = true
				}
			}
			for id, ok := range domainGroups {
				assert.True(t, ok, "Studio security group %s sends 443 to the hub", id)
			}
		})
	}
}

// The documents the program rendered, evaluated together: the execution role reads packages
// through the hub's endpoints, cannot publish, and a principal outside the account/organization
// cannot read.
func TestExecutionRoleReadsPackagesThroughTheHubOnly(t *testing.T) {
	t.Parallel()
	for _, stack := range singleAccountStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			identity, err := iamsim.Parse([]byte(str(mustFind(t, rec, tokIamPolicy, "guardrails-access-supply").Input("policy"))))
			require.NoError(t, err)
			repoPolicy, err := iamsim.ParseResourcePolicy([]byte(str(mustFind(t, rec, tokRepoPolicy, "supply-packages-repository-policy").Input("policyDocument"))))
			require.NoError(t, err)
			reposVpce := mustFind(t, rec, tokEndpoint, "hub-codeartifact.repositories").ID
			p := cfg.Supply.Packages
			repoArn := iampolicy.CodeArtifactRepositoryArn("aws", cfg.Region, recorder.FakeAccountID, p.DomainName, p.RepositoryName)
			pkgArn := "arn:aws:codeartifact:" + cfg.Region + ":" + recorder.FakeAccountID + ":package/" + p.DomainName + "/" + p.RepositoryName + "/pypi//numpy"
			keys := func(account, org, vpce string) map[string][]string {
				k := map[string][]string{"aws:PrincipalAccount": {account}, "aws:PrincipalOrgID": {org}}
				if vpce != "" {
					k["aws:SourceVpce"] = []string{vpce}
				}
				return k
			}
			member := cfg.OrganizationID
			if member == "" {
				member = "o-none00000000"
			}
			for _, tc := range []struct {
				name     string
				action   string
				arn      string
				keys     map[string][]string
				same     bool
				identity iamsim.Policy
				want     iamsim.Decision
			}{
				{"read through the hub", "codeartifact:ReadFromRepository", repoArn, keys(recorder.FakeAccountID, member, reposVpce), true, identity, iamsim.Allow},
				{"read from outside the VPC", "codeartifact:ReadFromRepository", repoArn, keys(recorder.FakeAccountID, member, ""), true, identity, iamsim.Deny},
				{"publish", "codeartifact:PublishPackageVersion", pkgArn, keys(recorder.FakeAccountID, member, reposVpce), true, identity, iamsim.Deny},
				{"outsider reads", "codeartifact:ReadFromRepository", repoArn, keys("210987654321", "o-otherorg0001", reposVpce), false, identity, iamsim.NotApplicable},
			} {
				got, err := iamsim.DecideWithResourcePolicy(tc.identity, repoPolicy, iamsim.Request{Action: tc.action, Resource: tc.arn, Keys: tc.keys}, tc.same)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got, tc.name)
			}
			res, err := identity.Evaluate(iamsim.Request{Action: "sts:GetServiceBearerToken", Keys: map[string][]string{"sts:AWSServiceName": {"codeartifact.amazonaws.com"}}})
			require.NoError(t, err)
			assert.Equal(t, iamsim.Allow, res.Decision, "the bearer token CodeArtifact needs")
		})
	}
}

// A training job configured from a domain's jobNetworkConfig still passes the deny guards with the
// supply path in place (it installs its requirements from the same repository, README
// "Installing packages").
func TestJobNetworkConfigPassesTheGuardsWithSupply(t *testing.T) {
	t.Parallel()
	for _, stack := range singleAccountStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			require.NotNil(t, cfg.Supply)
			b.mu.Lock()
			defer b.mu.Unlock()
			require.NotEmpty(t, b.jobs)
			for name, job := range b.jobs {
				req := iamsim.Request{Action: "sagemaker:CreateTrainingJob", Keys: map[string][]string{
					"sagemaker:VpcSubnets":                      job.Subnets,
					"sagemaker:VpcSecurityGroupIds":             job.SecurityGroupIds,
					"sagemaker:NetworkIsolation":                boolKey(job.EnableNetworkIsolation),
					"sagemaker:InterContainerTrafficEncryption": boolKey(job.EnableInterContainerTrafficEncryption),
				}}
				assert.Empty(t, denied(t, b.guards, req), "%s: a job from jobNetworkConfig is allowed", name)
			}
			supply, ok := b.outputs["supply"].(map[string]any)
			if assert.True(t, ok, "stack output supply") {
				pkgs := supply["packages"].(map[string]any)
				assert.Equal(t, supplycomp.PackageIndexURL(cfg.Supply.Packages.DomainName, recorder.FakeAccountID, cfg.Region, cfg.Supply.Packages.RepositoryName),
					pkgs["indexUrl"])
			}
		})
	}
}

// singleAccountStacks are the repository stacks without accounts: the tests above read the
// single-account names (guardrails, supply-packages, ...). The multi-account stacks (Pulumi.org.yaml
// and the multi fixture) get the same checks per account in supply_multiaccount_test.go.
func singleAccountStacks(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, stack := range stackFiles(t) {
		_, cfg := runStack(t, stack)
		if len(cfg.Accounts) == 0 {
			out = append(out, stack)
		}
	}
	require.NotEmpty(t, out)
	return out
}
