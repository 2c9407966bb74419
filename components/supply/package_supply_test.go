package supply

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeCodeArtifactDomain       = "aws:codeartifact/domain:Domain"
	typeCodeArtifactDomainPolicy = "aws:codeartifact/domainPermissions:DomainPermissions"
	typeCodeArtifactRepository   = "aws:codeartifact/repository:Repository"
	typeCodeArtifactRepoPolicy   = "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy"
	typeCloudControl             = "aws:cloudcontrol/resource:Resource"
	typeLifecycleConfig          = "aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig"

	psApiVpce   = "vpce-0a1b2c3d4e5f60001"
	psReposVpce = "vpce-0a1b2c3d4e5f60002"
)

func psArgs(mut func(*PackageSupplyArgs)) *PackageSupplyArgs {
	a := &PackageSupplyArgs{
		Region: "us-east-1",
		Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{
			"codeartifact.api": pulumi.String(psApiVpce), "codeartifact.repositories": pulumi.String(psReposVpce)}},
		Tags: map[string]string{"team": "ml"},
	}
	if mut != nil {
		mut(a)
	}
	return a
}

func psRun(t *testing.T, args *PackageSupplyArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewPackageSupply(ctx, "pkgs", args, opts...)
		return err
	})
}

// psPolicy parses a resource's policy input.
func psPolicy(t *testing.T, r recorder.Resource, key string) componenttest.NetDoc {
	t.Helper()
	return componenttest.NetParse(t, componenttest.InputString(r, key))
}

func psSids(d componenttest.NetDoc) []string {
	var out []string
	for _, s := range d.Statement {
		out = append(out, s.Sid)
	}
	return out
}

func TestPackageSupplyDefaults(t *testing.T) {
	t.Parallel()
	rec, err := psRun(t, psArgs(nil))
	require.NoError(t, err)

	key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "pkgs-key")
	rot, set := componenttest.InputBool(key, "enableKeyRotation")
	assert.True(t, set && rot, "rotation on")
	kp := psPolicy(t, key, "policy")
	assert.Equal(t, []string{"AccountAdministersKey", "UseOnlyThroughServices", "GrantOnlyThroughServices"}, psSids(kp))
	assert.Equal(t, []string{"codeartifact.us-east-1.amazonaws.com"}, componenttest.NetList(kp.Statement[1].Condition["StringEquals"]["kms:ViaService"]))

	domain := componenttest.FindOne(t, rec, typeCodeArtifactDomain, "pkgs-domain")
	assert.Equal(t, DefaultCodeArtifactDomain, componenttest.InputString(domain, "domain"))
	assert.Equal(t, componenttest.OutputString(key, "arn"), componenttest.InputString(domain, "encryptionKey"), "the domain is encrypted with the CMK")
	assert.Equal(t, "ml", componenttest.InputString(domain, "tags.team"))

	store := componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-upstream-pypi-store")
	assert.Equal(t, "pypi-store", componenttest.InputString(store, "repository"))
	assert.Equal(t, PyPIExternalConnection, componenttest.InputString(store, "externalConnections.externalConnectionName"))
	assert.Equal(t, DefaultCodeArtifactDomain, componenttest.InputString(store, "domain"))
	assert.Equal(t, recorder.FakeAccountID, componenttest.InputString(store, "domainOwner"))

	repo := componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-repository")
	assert.Equal(t, "pypi", componenttest.InputString(repo, "repository"))
	assert.True(t, repo.Input("externalConnections").IsNull(), "pip's repository has no external connection of its own")
	assert.Equal(t, "pypi-store", componenttest.InputString(repo, "upstreams.0.repositoryName"))
	assert.Len(t, rec.ByType(typeCodeArtifactRepository), 2)

	dpr := componenttest.FindOne(t, rec, typeCodeArtifactDomainPolicy, "pkgs-domain-policy")
	assert.Equal(t, DefaultCodeArtifactDomain, componenttest.InputString(dpr, "domain"))
	assert.Equal(t, recorder.FakeAccountID, componenttest.InputString(dpr, "domainOwner"))
	dp := psPolicy(t, dpr, "policyDocument")
	assert.Equal(t, []string{"AdmitLandingZoneThroughEndpoints", "DenyTokensOutsideEndpoints"}, psSids(dp))
	assert.Equal(t, []string{recorder.FakeAccountID}, componenttest.NetList(dp.Statement[0].Condition["StringEquals"]["aws:PrincipalAccount"]))
	assert.ElementsMatch(t, []string{psApiVpce, psReposVpce}, componenttest.NetList(dp.Statement[0].Condition["StringEquals"]["aws:SourceVpce"]))
	for _, child := range []string{"pkgs-repository-policy", "pkgs-upstream-pypi-store-policy"} {
		p := componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, child)
		d := psPolicy(t, p, "policyDocument")
		assert.Equal(t, []string{"AdmitLandingZoneThroughEndpoints", "DenyOutsideEndpoints", "DenyPublish"}, psSids(d), child)
		assert.ElementsMatch(t, []string{psApiVpce, psReposVpce}, componenttest.NetList(d.Statement[1].Condition["StringNotEquals"]["aws:SourceVpce"]), child)
		assert.Equal(t, DefaultCodeArtifactDomain, componenttest.InputString(p, "domain"), child)
		assert.Equal(t, recorder.FakeAccountID, componenttest.InputString(p, "domainOwner"), child)
	}
	assert.Equal(t, "pypi-store", componenttest.InputString(componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, "pkgs-upstream-pypi-store-policy"), "repository"))
	assert.Equal(t, "pypi", componenttest.InputString(componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, "pkgs-repository-policy"), "repository"))
	assert.Empty(t, rec.ByType(typeCloudControl), "no allow-list, no package groups: origin controls at their default")

	for _, tc := range []struct{ child, app string }{{"pkgs-jupyterlab", "JupyterLab"}, {"pkgs-codeeditor", "CodeEditor"}} {
		l := componenttest.FindOne(t, rec, typeLifecycleConfig, tc.child)
		assert.Equal(t, tc.app, componenttest.InputString(l, "studioLifecycleConfigAppType"))
		assert.Equal(t, LifecycleConfigName(DefaultCodeArtifactDomain, strings.ToLower(tc.app)), componenttest.InputString(l, "studioLifecycleConfigName"))
		script, err := base64.StdEncoding.DecodeString(componenttest.InputString(l, "studioLifecycleConfigContent"))
		require.NoError(t, err)
		want, err := RenderPipScript(PipScriptParams{Region: "us-east-1", Domain: DefaultCodeArtifactDomain,
			DomainOwner: recorder.FakeAccountID, Repository: "pypi", TokenSeconds: DefaultTokenDurationSeconds})
		require.NoError(t, err)
		assert.Equal(t, want, string(script))
	}
	assert.Empty(t, rec.ByType(typeEcrRepository))
}

func TestPackageSupplyAllowListMakesPackageGroups(t *testing.T) {
	t.Parallel()
	rec, err := psRun(t, psArgs(func(a *PackageSupplyArgs) {
		a.Settings.AllowedPackages = []string{"numpy", "scikit-learn"}
	}))
	require.NoError(t, err)
	assert.Len(t, rec.ByType(typeCloudControl), 3)
	state := func(child string) map[string]any {
		r := componenttest.FindOne(t, rec, typeCloudControl, child)
		assert.Equal(t, PackageGroupTypeName, componenttest.InputString(r, "typeName"))
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(componenttest.InputString(r, "desiredState")), &m))
		assert.Equal(t, DefaultCodeArtifactDomain, m["DomainName"])
		assert.Equal(t, recorder.FakeAccountID, m["DomainOwner"])
		return m
	}
	root := state("pkgs-group-pypi")
	assert.Equal(t, "/pypi/*", root["Pattern"])
	assert.Equal(t, map[string]any{"Restrictions": map[string]any{"ExternalUpstream": map[string]any{"RestrictionMode": "BLOCK"}}},
		root["OriginConfiguration"], "nothing comes in from public PyPI unless allowed")
	for _, pkg := range []string{"numpy", "scikit-learn"} {
		g := state("pkgs-allow-" + pkg)
		assert.Equal(t, "/pypi//"+pkg+"$", g["Pattern"])
		assert.Equal(t, map[string]any{"Restrictions": map[string]any{"ExternalUpstream": map[string]any{
			"RestrictionMode": "ALLOW_SPECIFIC_REPOSITORIES", "Repositories": []any{"pypi-store"}}}}, g["OriginConfiguration"])
	}
}

func TestPackageSupplyPublishOnlyToInternalUpstreams(t *testing.T) {
	t.Parallel()
	for _, allow := range []bool{false, true} {
		t.Run(map[bool]string{false: "read only", true: "allowPublish"}[allow], func(t *testing.T) {
			t.Parallel()
			rec, err := psRun(t, psArgs(func(a *PackageSupplyArgs) {
				a.Settings.Upstreams = []PackageUpstream{{Name: "team-internal"}, {Name: "pypi-store", ExternalConnection: PyPIExternalConnection}}
				a.Settings.AllowPublish = allow
			}))
			require.NoError(t, err)
			repo := componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-repository")
			assert.Equal(t, []string{"team-internal", "pypi-store"},
				[]string{componenttest.InputString(repo, "upstreams.0.repositoryName"), componenttest.InputString(repo, "upstreams.1.repositoryName")}, "upstreams in order")
			internal := componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-upstream-team-internal")
			assert.True(t, internal.Input("externalConnections").IsNull())
			sids := psSids(psPolicy(t, componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, "pkgs-upstream-team-internal-policy"), "policyDocument"))
			if allow {
				assert.NotContains(t, sids, "DenyPublish")
				admit := psPolicy(t, componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, "pkgs-upstream-team-internal-policy"), "policyDocument").Statement[0]
				assert.Contains(t, componenttest.NetList(admit.Action), "codeartifact:PublishPackageVersion")
			} else {
				assert.Contains(t, sids, "DenyPublish")
			}
			for _, child := range []string{"pkgs-repository-policy", "pkgs-upstream-pypi-store-policy"} {
				assert.Contains(t, psSids(psPolicy(t, componenttest.FindOne(t, rec, typeCodeArtifactRepoPolicy, child), "policyDocument")), "DenyPublish",
					"%s: never published to", child)
			}
		})
	}
}

func TestPackageSupplyOrganizationAndProtect(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunStack(t, "prod", func(ctx *pulumi.Context) error {
		_, err := NewPackageSupply(ctx, "pkgs", psArgs(func(a *PackageSupplyArgs) {
			a.OrganizationId = "o-exampleorg1"
			a.Protect = true
			a.Settings.Upstreams = []PackageUpstream{{Name: "team-internal"}, {Name: "pypi-store", ExternalConnection: PyPIExternalConnection}}
		}))
		return err
	})
	require.NoError(t, err)
	dpr := componenttest.FindOne(t, rec, typeCodeArtifactDomainPolicy, "pkgs-domain-policy")
	assert.Equal(t, DefaultCodeArtifactDomain, componenttest.InputString(dpr, "domain"))
	assert.Equal(t, recorder.FakeAccountID, componenttest.InputString(dpr, "domainOwner"))
	dp := psPolicy(t, dpr, "policyDocument")
	assert.Equal(t, []string{"o-exampleorg1"}, componenttest.NetList(dp.Statement[0].Condition["StringEquals"]["aws:PrincipalOrgID"]))
	assert.Nil(t, dp.Statement[0].Condition["StringEquals"]["aws:PrincipalAccount"])
	key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "pkgs-key")
	assert.True(t, key.Protect && key.RetainOnDelete)
	assert.True(t, componenttest.FindOne(t, rec, typeCodeArtifactDomain, "pkgs-domain").Protect)
	assert.True(t, componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-upstream-team-internal").Protect, "internal packages are data")
	assert.False(t, componenttest.FindOne(t, rec, typeCodeArtifactRepository, "pkgs-upstream-pypi-store").Protect, "the public cache is not")
}

func TestPackageSupplyProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, po := range componenttest.ProviderOptions {
		t.Run(po.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewPackageSupply(ctx, "pkgs", psArgs(nil), po.Opt(p))
				return err
			})
			require.NoError(t, err)
			// key, domain, domain policy, 2 repositories, 2 repository policies, 2 lifecycle configs
			componenttest.AssertChildrenInherit(t, rec, PackageSupplyType, "pkgs", 9)
		})
	}
}

func TestPackageSupplyValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mut  func(*PackageSupplyArgs)
		want []string
	}{
		{"region", func(a *PackageSupplyArgs) { a.Region = "mars" }, []string{`Region = "mars"`}},
		{"domain name", func(a *PackageSupplyArgs) { a.Settings.DomainName = "ML_Packages" }, []string{`Settings.DomainName = "ML_Packages"`, "CodeArtifact domain name"}},
		{"domain too long for the lifecycle name", func(a *PackageSupplyArgs) { a.Settings.DomainName = strings.Repeat("a", 50) }, []string{"Settings.DomainName", "lifecycle configuration name"}},
		{"repository name", func(a *PackageSupplyArgs) { a.Settings.RepositoryName = "-pypi" }, []string{`Settings.RepositoryName = "-pypi"`}},
		{"duplicate upstream", func(a *PackageSupplyArgs) {
			a.Settings.Upstreams = []PackageUpstream{{Name: "pypi", ExternalConnection: PyPIExternalConnection}}
		}, []string{`Settings.Upstreams[0].Name = "pypi"`, "already used (by RepositoryName)"}},
		{"unknown external connection", func(a *PackageSupplyArgs) {
			a.Settings.Upstreams = []PackageUpstream{{Name: "npm-store", ExternalConnection: "public:npmjs"}}
		}, []string{`Settings.Upstreams[0].ExternalConnection = "public:npmjs"`, "public:pypi"}},
		{"two external upstreams", func(a *PackageSupplyArgs) {
			a.Settings.Upstreams = []PackageUpstream{{Name: "a-store", ExternalConnection: PyPIExternalConnection}, {Name: "b-store", ExternalConnection: PyPIExternalConnection}}
		}, []string{"Settings.Upstreams[1].ExternalConnection", "one upstream with the external connection"}},
		{"allow-list not normalized", func(a *PackageSupplyArgs) { a.Settings.AllowedPackages = []string{"Scikit_Learn"} },
			[]string{`Settings.AllowedPackages[0] = "Scikit_Learn"`, `write "scikit-learn"`}},
		{"allow-list twice", func(a *PackageSupplyArgs) { a.Settings.AllowedPackages = []string{"numpy", "numpy"} },
			[]string{`Settings.AllowedPackages[1] = "numpy"`, "once"}},
		{"allow-list without external connection", func(a *PackageSupplyArgs) {
			a.Settings.Upstreams = []PackageUpstream{{Name: "team-internal"}}
			a.Settings.AllowedPackages = []string{"numpy"}
		}, []string{"Settings.AllowedPackages", "external connection"}},
		{"publish without internal upstream", func(a *PackageSupplyArgs) { a.Settings.AllowPublish = true },
			[]string{"Settings.AllowPublish = true", "internal upstream"}},
		{"token too long", func(a *PackageSupplyArgs) { a.Settings.TokenDurationSeconds = 86400 },
			[]string{"Settings.TokenDurationSeconds = 86400", "900 to 43200"}},
		{"missing endpoints", func(a *PackageSupplyArgs) { a.Hub = network.HubRef{} },
			[]string{`Hub.EndpointIds["codeartifact.api"] is not set`, `Hub.EndpointIds["codeartifact.repositories"] is not set`,
				"the hub must have a codeartifact.api endpoint"}},
		{"zero-value endpoint output", func(a *PackageSupplyArgs) {
			a.Hub.EndpointIds["codeartifact.repositories"] = pulumi.StringOutput{}
		}, []string{`Hub.EndpointIds["codeartifact.repositories"] is not set`}},
		{"not an endpoint id", func(a *PackageSupplyArgs) { a.Hub.EndpointIds["codeartifact.api"] = pulumi.String("codeartifact.api") },
			[]string{`Hub.EndpointIds["codeartifact.api"] = "codeartifact.api"`}},
		{"hub in another region", func(a *PackageSupplyArgs) { a.Hub.Region = "eu-west-1" }, []string{`Hub.Region = "eu-west-1"`}},
		{"organization", func(a *PackageSupplyArgs) { a.OrganizationId = "org-1" }, []string{`OrganizationId = "org-1"`}},
		{"account", func(a *PackageSupplyArgs) { a.AccountId = pulumi.String("1234") }, []string{`AccountId = "1234"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := psRun(t, psArgs(tc.mut))
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
	rec, err := psRun(t, nil)
	componenttest.AssertRejected(t, rec, err, "args is not set")
}

// The lifecycle script in the repository renders with its parameters, is valid bash, and embeds
// exactly the configured values.
func TestRenderPipScript(t *testing.T) {
	t.Parallel()
	script := renderTestPipScript(t)
	for _, want := range []string{
		"REGION='eu-central-1'", "DOMAIN='ml-packages'", "DOMAIN_OWNER='210987654321'", "REPOSITORY='pypi'", "TOKEN_SECONDS='3600'",
		"export AWS_STS_REGIONAL_ENDPOINTS=regional",
		`INDEX_HOST="${DOMAIN}-${DOMAIN_OWNER}.d.codeartifact.${REGION}.amazonaws.com"`,
		`INDEX_URL="https://${INDEX_HOST}/pypi/${REPOSITORY}/simple/"`,
		"aws codeartifact get-authorization-token", `pip config --user set global.index-url "${INDEX_URL}"`,
		"set -euo pipefail", "umask 077",
	} {
		assert.Contains(t, script, want)
	}
	assert.NotContains(t, script, "{{", "every template action is rendered")
	assert.NotContains(t, script, "aws:${TOKEN}@", "the token is never part of a URL handed to a program")

	dir := t.TempDir()
	path := filepath.Join(dir, "pip-codeartifact.sh")
	require.NoError(t, os.WriteFile(path, []byte(script), 0o755))
	out, err := exec.Command("bash", "-n", path).CombinedOutput()
	assert.NoError(t, err, "bash -n: %s", out)
}

const (
	pipTestToken = "TOKEN123secret"
	pipTestHost  = "ml-packages-210987654321.d.codeartifact.eu-central-1.amazonaws.com"
	pipTestIndex = "https://" + pipTestHost + "/pypi/pypi/simple/"
)

func renderTestPipScript(t *testing.T) string {
	t.Helper()
	script, err := RenderPipScript(PipScriptParams{Region: "eu-central-1", Domain: "ml-packages", DomainOwner: "210987654321",
		Repository: "pypi", TokenSeconds: 3600})
	require.NoError(t, err)
	return script
}

// pipSandbox is a HOME with the rendered script and fake aws, curl and pip that record their
// arguments (one line per call, in argv.log) and behave as the test says.
type pipSandbox struct{ dir, bin, script string }

func newPipSandbox(t *testing.T, aws, curl string) pipSandbox {
	t.Helper()
	dir := t.TempDir()
	sb := pipSandbox{dir: dir, bin: filepath.Join(dir, "bin"), script: filepath.Join(dir, "pip-codeartifact.sh")}
	require.NoError(t, os.MkdirAll(sb.bin, 0o755))
	require.NoError(t, os.WriteFile(sb.script, []byte(renderTestPipScript(t)), 0o755))
	fake := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(sb.bin, name),
			[]byte("#!/bin/sh\necho \""+name+" $*\" >>\"$HOME/argv.log\"\n"+body+"\n"), 0o755))
	}
	fake("aws", aws)
	fake("curl", curl)
	fake("pip", "")
	return sb
}

func (sb pipSandbox) run(t *testing.T, path string) (string, int) {
	t.Helper()
	c := exec.Command("bash", path)
	c.Env = []string{"PATH=" + sb.bin + ":/usr/bin:/bin", "HOME=" + sb.dir}
	out, err := c.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	require.NoError(t, err, "%s", out)
	return string(out), 0
}

func (sb pipSandbox) argv(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sb.dir, "argv.log"))
	require.NoError(t, err)
	return string(b)
}

const awsWithToken = `case "$*" in *get-authorization-token*) echo ` + pipTestToken + ` ;; esac`

// TestPipScriptWarnsAndStartsWhenCodeArtifactFails: a lifecycle script that exits non-zero stops
// the Studio app, so every failure (no token, repository unreachable, token refused) is a
// warning that says how to retry, exit 0, and pip left alone; run as pip-login the same failure
// exits 1.
func TestPipScriptWarnsAndStartsWhenCodeArtifactFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, aws, curl, want string
	}{
		{"no token", "echo 'Could not connect to the endpoint URL' >&2; exit 255", "printf 200",
			"pip-codeartifact: WARNING: no CodeArtifact token for domain ml-packages (owner 210987654321) in eu-central-1"},
		{"repository unreachable", awsWithToken, "echo 'curl: (6) Could not resolve host' >&2; exit 6",
			"pip-codeartifact: WARNING: repository pypi at " + pipTestIndex + " is unreachable"},
		{"token refused", awsWithToken, "printf 403", "repository pypi refused the token (HTTP 403)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sb := newPipSandbox(t, tc.aws, tc.curl)
			out, code := sb.run(t, sb.script)
			assert.Equal(t, 0, code, "the app starts: %s", out)
			assert.Contains(t, out, tc.want)
			assert.Contains(t, out, "To retry, run pip-login in a terminal (or !pip-login in a notebook cell)")
			assert.Contains(t, out, "codeartifact.repositories")
			assert.NotContains(t, sb.argv(t), "pip config", "pip is not pointed anywhere")
			assert.NotContains(t, sb.argv(t), pipTestToken)
			login := filepath.Join(sb.dir, ".local", "bin", "pip-login")
			info, err := os.Stat(login)
			require.NoError(t, err, "pip-login is installed even when the first attempt fails")
			assert.Equal(t, os.FileMode(0o755), info.Mode().Perm())

			out, code = sb.run(t, login)
			assert.Equal(t, 1, code, "run by hand as pip-login, a failure is an error: %s", out)
			assert.Contains(t, out, tc.want)
		})
	}
}

// TestPipScriptKeepsTheTokenOffCommandLines: with CodeArtifact reachable, pip is pointed at the
// repository by an index URL without credentials, the token is in ~/.netrc (0600) and in no
// program's arguments (what `ps` shows), other .netrc entries survive and a renewal replaces the
// old token, and every file the script creates is private to the user.
func TestPipScriptKeepsTheTokenOffCommandLines(t *testing.T) {
	t.Parallel()
	sb := newPipSandbox(t, awsWithToken, "printf 200")
	netrc := filepath.Join(sb.dir, ".netrc")
	other := "machine git.example.com login me password keep-me\n"
	require.NoError(t, os.WriteFile(netrc, []byte(other+"machine "+pipTestHost+" login aws password OLDTOKEN\n"), 0o600))

	out, code := sb.run(t, sb.script)
	require.Equal(t, 0, code, "%s", out)
	assert.Contains(t, out, "pip now installs from CodeArtifact repository pypi")
	argv := sb.argv(t)
	assert.NotContains(t, argv, pipTestToken, "the token is on no command line")
	assert.Contains(t, argv, "pip config --user set global.index-url "+pipTestIndex+"\n")
	assert.Contains(t, argv, "curl ", "the repository was probed")
	assert.Contains(t, argv, "--netrc-file "+netrc)

	b, err := os.ReadFile(netrc)
	require.NoError(t, err)
	assert.Equal(t, other+"machine "+pipTestHost+" login aws password "+pipTestToken+"\n", string(b))
	for _, f := range []string{".netrc", ".bashrc", ".profile"} {
		info, err := os.Stat(filepath.Join(sb.dir, f))
		require.NoError(t, err, f)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), f)
	}
	bashrc, err := os.ReadFile(filepath.Join(sb.dir, ".bashrc"))
	require.NoError(t, err)
	assert.Contains(t, string(bashrc), "export AWS_STS_REGIONAL_ENDPOINTS=regional")
	left, err := filepath.Glob(filepath.Join(sb.dir, ".netrc.*"))
	require.NoError(t, err)
	assert.Empty(t, left, "no temporary file is left behind")

	// A .netrc the user made world-readable is rewritten private.
	require.NoError(t, os.Chmod(netrc, 0o644))
	out, code = sb.run(t, filepath.Join(sb.dir, ".local", "bin", "pip-login"))
	require.Equal(t, 0, code, "%s", out)
	info, err := os.Stat(netrc)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
}

func TestRenderPipScriptRefusesUnsafeValues(t *testing.T) {
	t.Parallel()
	for _, p := range []PipScriptParams{
		{Region: "us-east-1", Domain: "ml'; rm -rf ~; '", DomainOwner: "123456789012", Repository: "pypi", TokenSeconds: 3600},
		{Region: "us-east-1", Domain: "ml", DomainOwner: "1234", Repository: "pypi", TokenSeconds: 3600},
		{Region: "us-east-1", Domain: "ml", DomainOwner: "123456789012", Repository: "py pi", TokenSeconds: 3600},
		{Region: "us-east-1", Domain: "ml", DomainOwner: "123456789012", Repository: "pypi", TokenSeconds: 60},
		{Region: "$(id)", Domain: "ml", DomainOwner: "123456789012", Repository: "pypi", TokenSeconds: 3600},
	} {
		_, err := RenderPipScript(p)
		assert.Error(t, err, "%+v", p)
	}
}

func TestServiceKeyPolicy(t *testing.T) {
	t.Parallel()
	doc, err := ServiceKeyPolicy("123456789012", "aws", "amazonaws.com", "eu-central-1", "ecr")
	require.NoError(t, err)
	d := componenttest.NetParse(t, doc)
	ctx := map[string]string{"kms:CallerAccount": "123456789012", "kms:ViaService": "ecr.eu-central-1.amazonaws.com"}
	assert.True(t, componenttest.IamAllows(t, d, "kms:Decrypt", "*", ctx))
	assert.False(t, componenttest.IamAllows(t, d, "kms:Decrypt", "*", map[string]string{"kms:CallerAccount": "123456789012", "kms:ViaService": "s3.eu-central-1.amazonaws.com"}))
	assert.False(t, componenttest.IamAllows(t, d, "kms:CreateGrant", "*", ctx), "grants need GrantIsForAWSResource")
	_, err = ServiceKeyPolicy("", "aws", "amazonaws.com", "eu-central-1", "ecr")
	assert.Error(t, err)
	_, err = ServiceKeyPolicy("123456789012", "aws", "amazonaws.com", "eu-central-1")
	assert.Error(t, err)
}

// Every package group waits for every repository of the domain, above all the one its origin
// restriction names (Cloud Control would otherwise create the group as soon as the domain exists).
func TestPackageSupplyPackageGroupsWaitForTheRepositories(t *testing.T) {
	t.Parallel()
	rec, err := psRun(t, psArgs(func(a *PackageSupplyArgs) {
		a.Settings.AllowedPackages = []string{"numpy"}
	}))
	require.NoError(t, err)
	repoByName := map[string]string{}
	for _, r := range rec.ByType(typeCodeArtifactRepository) {
		repoByName[componenttest.InputString(r, "repository")] = r.URN
	}
	require.NotEmpty(t, repoByName)
	groups := rec.ByType(typeCloudControl)
	require.Len(t, groups, 2)
	for _, g := range groups {
		for name, urn := range repoByName {
			assert.Contains(t, g.Dependencies, urn, "%s waits for the repository %s", g.Name, name)
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(componenttest.InputString(g, "desiredState")), &m))
		ext := m["OriginConfiguration"].(map[string]any)["Restrictions"].(map[string]any)["ExternalUpstream"].(map[string]any)
		repos, _ := ext["Repositories"].([]any)
		for _, r := range repos {
			assert.Contains(t, repoByName, r, "%s names a repository of this domain", g.Name)
		}
	}
}
