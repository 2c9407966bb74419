package supply

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudcontrol"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codeartifact"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// PackageSupplyType is the type token of the PackageSupply component (public API).
const PackageSupplyType = "vpconly:supply:PackageSupply"

// Defaults and limits of the package supply path.
const (
	// DefaultCodeArtifactDomain is the CodeArtifact domain name when none is configured.
	DefaultCodeArtifactDomain = "ml-packages"
	// DefaultPackageRepository is the PyPI repository pip reads.
	DefaultPackageRepository = "pypi"
	// DefaultPackageStore is the upstream repository holding the external connection to PyPI.
	DefaultPackageStore = "pypi-store"
	// PyPIExternalConnection is CodeArtifact's external connection to the public Python Package
	// Index (CodeArtifact User Guide, "Supported external connection repositories").
	PyPIExternalConnection = "public:pypi"
	// MaxPackageUpstreams is how many upstream repositories a CodeArtifact repository may have
	// (CodeArtifact User Guide, "Quotas in AWS CodeArtifact": upstream repositories per
	// repository, 10).
	MaxPackageUpstreams = 10
	// DefaultTokenDurationSeconds is the lifetime of the lifecycle script's token: 12 hours,
	// the default (and maximum) of GetAuthorizationToken (durationSeconds 900-43200).
	DefaultTokenDurationSeconds = 43200
	// MinTokenDurationSeconds is GetAuthorizationToken's shortest durationSeconds.
	MinTokenDurationSeconds = 900
	// pypiGroupPattern matches every PyPI package (package group definition syntax: "/<format>/*").
	pypiGroupPattern = "/pypi/*"
)

// PyPIPackageNamePattern is a normalized PyPI project name (PEP 503: lowercase, runs of '-', '_'
// and '.' replaced by one '-'), the form the allow-list takes.
const PyPIPackageNamePattern = `^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`

var (
	pypiNameRe     = regexp.MustCompile(PyPIPackageNamePattern)
	pypiNormRe     = regexp.MustCompile(`[-_.]+`)
	caDomainNameRe = regexp.MustCompile(iampolicy.CodeArtifactDomainNamePattern)
	caRepoNameRe   = regexp.MustCompile(iampolicy.CodeArtifactRepositoryNamePattern)
)

//go:embed scripts/pip-codeartifact.sh
var pipScriptTemplate string

var pipScript = template.Must(template.New("pip-codeartifact.sh").Option("missingkey=error").Parse(pipScriptTemplate))

// PackageUpstream is one upstream repository of the PyPI repository pip reads.
type PackageUpstream struct {
	// Name is the CodeArtifact repository name. Required; CodeArtifactRepositoryNamePattern.
	Name string `json:"name" pulumi:"name,optional"`
	// ExternalConnection is PyPIExternalConnection for the repository that fetches from public
	// PyPI (on AWS's side: the VPC never reaches the internet), or "" for an internal repository
	// holding the team's own packages. Default "".
	ExternalConnection string `json:"externalConnection" pulumi:"externalConnection,optional"`
}

// Internal reports whether the upstream is an internal repository (no external connection).
func (u PackageUpstream) Internal() bool { return u.ExternalConnection == "" }

// PackageSettings are the plain settings of the package supply path: what a stack's
// configuration ("supply.packages") holds. The JSON names are the configuration's.
type PackageSettings struct {
	// DomainName is the CodeArtifact domain. Default DefaultCodeArtifactDomain.
	DomainName string `json:"domainName" pulumi:"domainName,optional"`
	// RepositoryName is the PyPI repository pip reads. Default DefaultPackageRepository.
	RepositoryName string `json:"repositoryName" pulumi:"repositoryName,optional"`
	// Upstreams are the repository's upstreams, searched in order. Default: one,
	// {DefaultPackageStore, PyPIExternalConnection}. At most one may have an external connection.
	Upstreams []PackageUpstream `json:"upstreams" pulumi:"upstreams,optional"`
	// AllowedPackages, when set, is an allow-list of normalized PyPI names: only these come in
	// from public PyPI (package group origin controls); everything else is blocked at the
	// external connection. Default none: every package may come in.
	AllowedPackages []string `json:"allowedPackages" pulumi:"allowedPackages,optional"`
	// AllowPublish lets the execution roles publish to the internal upstreams (twine upload).
	// Default false: nobody publishes anywhere.
	AllowPublish bool `json:"allowPublish" pulumi:"allowPublish,optional"`
	// TokenDurationSeconds is the lifetime of the token the Studio lifecycle script gets.
	// Default DefaultTokenDurationSeconds.
	TokenDurationSeconds int `json:"tokenDurationSeconds" pulumi:"tokenDurationSeconds,optional"`
}

// WithDefaults returns s with every default filled in.
func (s PackageSettings) WithDefaults() PackageSettings {
	if s.DomainName == "" {
		s.DomainName = DefaultCodeArtifactDomain
	}
	if s.RepositoryName == "" {
		s.RepositoryName = DefaultPackageRepository
	}
	if len(s.Upstreams) == 0 {
		s.Upstreams = []PackageUpstream{{Name: DefaultPackageStore, ExternalConnection: PyPIExternalConnection}}
	}
	if s.TokenDurationSeconds == 0 {
		s.TokenDurationSeconds = DefaultTokenDurationSeconds
	}
	return s
}

// externalUpstream is the name of the upstream with the external connection, or "".
func (s PackageSettings) externalUpstream() string {
	for _, u := range s.Upstreams {
		if !u.Internal() {
			return u.Name
		}
	}
	return ""
}

// PublishRepositories are the repositories the execution roles may publish to: the internal
// upstreams when AllowPublish is set, else none.
func (s PackageSettings) PublishRepositories() []string {
	if !s.AllowPublish {
		return nil
	}
	var out []string
	for _, u := range s.Upstreams {
		if u.Internal() {
			out = append(out, u.Name)
		}
	}
	return out
}

// NormalizePyPIName is PEP 503's normalization of a project name.
func NormalizePyPIName(name string) string {
	return pypiNormRe.ReplaceAllString(strings.ToLower(name), "-")
}

// Validate checks the settings after WithDefaults: nil, or the joined *arg.Error values, each
// naming its field ("Upstreams[0].Name"; no component: PackageSupplyArgs.Validate reports them
// under "Settings."). The configuration calls it, so that the rules live here only.
func (s PackageSettings) Validate() error {
	var out []error
	bad := func(field string, v any, want string) {
		out = append(out, &arg.Error{Field: field, Value: v, Allowed: want})
	}
	if !caDomainNameRe.MatchString(s.DomainName) {
		bad("DomainName", s.DomainName, "a CodeArtifact domain name: 2-50 of a-z, 0-9 and '-', starting with a letter ("+iampolicy.CodeArtifactDomainNamePattern+")")
	}
	if n := LifecycleConfigName(s.DomainName, "codeeditor"); len(n) > arg.SageMakerNameMaxLength {
		bad("DomainName", s.DomainName, fmt.Sprintf("at most %d characters, so that the lifecycle configuration name %q fits SageMaker's %d",
			arg.SageMakerNameMaxLength-len(n)+len(s.DomainName), n, arg.SageMakerNameMaxLength))
	}
	repoWant := "a CodeArtifact repository name: 2-100 of A-Z, a-z, 0-9, '.', '_' and '-' (" + iampolicy.CodeArtifactRepositoryNamePattern + ")"
	if !caRepoNameRe.MatchString(s.RepositoryName) {
		bad("RepositoryName", s.RepositoryName, repoWant)
	}
	if len(s.Upstreams) > MaxPackageUpstreams {
		bad("Upstreams", len(s.Upstreams), fmt.Sprintf("at most %d upstream repositories (CodeArtifact quota)", MaxPackageUpstreams))
	}
	seen := map[string]string{strings.ToLower(s.RepositoryName): "RepositoryName"}
	external := ""
	for i, u := range s.Upstreams {
		f := fmt.Sprintf("Upstreams[%d]", i)
		if !caRepoNameRe.MatchString(u.Name) {
			bad(f+".Name", u.Name, repoWant)
		} else if other, dup := seen[strings.ToLower(u.Name)]; dup {
			bad(f+".Name", u.Name, "a repository name not already used (by "+other+")")
		} else {
			seen[strings.ToLower(u.Name)] = f + ".Name"
		}
		switch {
		case u.ExternalConnection == "":
		case u.ExternalConnection != PyPIExternalConnection:
			bad(f+".ExternalConnection", u.ExternalConnection, fmt.Sprintf("%q (the PyPI external connection) or \"\" for an internal repository", PyPIExternalConnection))
		case external != "":
			bad(f+".ExternalConnection", u.ExternalConnection, "one upstream with the external connection ("+external+" has it)")
		default:
			external = f
		}
	}
	pkgSeen := map[string]bool{}
	for i, p := range s.AllowedPackages {
		f := fmt.Sprintf("AllowedPackages[%d]", i)
		switch {
		case !pypiNameRe.MatchString(p):
			want := "a normalized PyPI project name (PEP 503): lowercase letters, digits and single '-' (" + PyPIPackageNamePattern + ")"
			if n := NormalizePyPIName(p); pypiNameRe.MatchString(n) {
				want += fmt.Sprintf("; write %q", n)
			}
			bad(f, p, want)
		case pkgSeen[p]:
			bad(f, p, "each package once")
		}
		pkgSeen[p] = true
	}
	if len(s.AllowedPackages) > 0 && external == "" {
		bad("AllowedPackages", s.AllowedPackages, "no allow-list unless an upstream has the external connection "+PyPIExternalConnection+" (the list limits what comes in from it)")
	}
	if s.AllowPublish && len(s.PublishRepositories()) == 0 {
		bad("AllowPublish", true, "false unless an internal upstream (no external connection) receives the published packages")
	}
	if s.TokenDurationSeconds < MinTokenDurationSeconds || s.TokenDurationSeconds > DefaultTokenDurationSeconds {
		bad("TokenDurationSeconds", s.TokenDurationSeconds, fmt.Sprintf("%d to %d seconds (GetAuthorizationToken durationSeconds)", MinTokenDurationSeconds, DefaultTokenDurationSeconds))
	}
	return errors.Join(out...)
}

// PackageSupplyArgs configure a PackageSupply.
type PackageSupplyArgs struct {
	// Region is the landing zone's region. Required.
	Region string `pulumi:"region,optional"`
	// Settings are the domain, repositories, allow-list and publishing (defaults filled in by
	// WithDefaults).
	Settings PackageSettings `pulumi:"settings"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack): its codeartifact.api and
	// codeartifact.repositories interface endpoints (Hub.EndpointIds) are the only ones the
	// domain and repository policies admit requests through (aws:SourceVpce). Required: the hub
	// must have both endpoints; Hub.Region, when set, must equal Region.
	Hub network.HubRef `pulumi:"hub"`
	// AccountId owns the domain and is the account whose principals the policies admit. Default
	// nil: the provider's caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// OrganizationId, when set, makes the policies admit the organization's principals instead.
	OrganizationId string `pulumi:"organizationId,optional"`
	// ConsumerAccountIds, when set, are exactly the accounts whose principals the domain and
	// repository policies admit (aws:PrincipalAccount): the workload accounts whose execution
	// roles read packages, in a multi-account landing zone where the domain is in the hub's
	// account. The owning account is admitted only if listed. Default nil: AccountId alone.
	// Ignored with OrganizationId. Each must be a 12-digit account id, once (checked when they
	// resolve).
	ConsumerAccountIds pulumi.StringArrayInput `pulumi:"consumerAccountIds,optional"`
	// NoLifecycleConfigs leaves the Studio lifecycle configurations out: the owning account hosts
	// no Studio domain, and each account that does creates its own (NewPackageLifecycleConfigs,
	// which names this domain's owner). Default false: they are created here.
	NoLifecycleConfigs bool `pulumi:"noLifecycleConfigs,optional"`
	// Protect protects the domain, its key (also retained on delete) and the internal repositories
	// (they hold the team's own packages). Set it in prod. Default false.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every taggable child. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// PackageSupply is the governed PyPI supply path: a CodeArtifact domain (customer-managed KMS key,
// rotation on), an upstream repository with the external connection to public PyPI, the PyPI
// repository pip reads, their resource policies, an optional allow-list, and the Studio lifecycle
// configurations that point pip at the repository.
type PackageSupply struct {
	pulumi.ResourceState

	// DomainName is the CodeArtifact domain.
	DomainName pulumi.StringOutput `pulumi:"domainName"`
	// DomainArn is the CodeArtifact domain ARN.
	DomainArn pulumi.StringOutput `pulumi:"domainArn"`
	// DomainOwner is the account owning the CodeArtifact domain.
	DomainOwner pulumi.StringOutput `pulumi:"domainOwner"`
	// KmsKeyArn is the KMS key encrypting the CodeArtifact domain.
	KmsKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// RepositoryArn is the CodeArtifact repository ARN pip reads.
	RepositoryArn pulumi.StringOutput `pulumi:"repositoryArn"`
	// IndexUrl is pip's index URL without credentials:
	// https://<domain>-<owner>.d.codeartifact.<region>.amazonaws.com/pypi/<repository>/simple/
	IndexUrl pulumi.StringOutput `pulumi:"indexUrl"`
	// JupyterLabLifecycleConfigArn and CodeEditorLifecycleConfigArn are the Studio lifecycle
	// configurations running the pip script.
	JupyterLabLifecycleConfigArn pulumi.StringOutput `pulumi:"jupyterLabLifecycleConfigArn"`
	CodeEditorLifecycleConfigArn pulumi.StringOutput `pulumi:"codeEditorLifecycleConfigArn"`

	// Settings are the settings the supply path was built with (defaults filled in).
	Settings PackageSettings
}

// PipScriptParams are the values rendered into the Studio lifecycle script.
type PipScriptParams struct {
	Region, Domain, DomainOwner, Repository string
	TokenSeconds                            int
}

// RenderPipScript renders components/scripts/pip-codeartifact.sh with p. Every value is checked
// first (they are embedded in single quotes in a shell script).
func RenderPipScript(p PipScriptParams) (string, error) {
	var errs []string
	if !core.RegionRe.MatchString(p.Region) {
		errs = append(errs, fmt.Sprintf("Region = %q: want an AWS region name", p.Region))
	}
	if !caDomainNameRe.MatchString(p.Domain) {
		errs = append(errs, fmt.Sprintf("Domain = %q: want a CodeArtifact domain name", p.Domain))
	}
	if !core.AccountIDRe.MatchString(p.DomainOwner) {
		errs = append(errs, fmt.Sprintf("DomainOwner = %q: want a 12-digit account id", p.DomainOwner))
	}
	if !caRepoNameRe.MatchString(p.Repository) {
		errs = append(errs, fmt.Sprintf("Repository = %q: want a CodeArtifact repository name", p.Repository))
	}
	if p.TokenSeconds < MinTokenDurationSeconds || p.TokenSeconds > DefaultTokenDurationSeconds {
		errs = append(errs, fmt.Sprintf("TokenSeconds = %d: want %d to %d", p.TokenSeconds, MinTokenDurationSeconds, DefaultTokenDurationSeconds))
	}
	if len(errs) > 0 {
		return "", fmt.Errorf("RenderPipScript: %s", strings.Join(errs, "; "))
	}
	var b bytes.Buffer
	if err := pipScript.Execute(&b, p); err != nil {
		return "", err
	}
	return b.String(), nil
}

// NewPackageSupply validates args and registers the package supply path. With
// ConsumerAccountIds the domain's KMS key policy does not change: the domain is encrypted with
// one key and "you don't need to manage a key for each repository or grant multiple accounts
// access to a single key" (CodeArtifact User Guide, "Domain overview",
// https://docs.aws.amazon.com/codeartifact/latest/ug/domain-overview.html).
//
// Children (names derive from name and a stable key):
//   - aws:kms/key:Key "<name>-key": rotation on; the account administers it and uses it only
//     through CodeArtifact.
//   - aws:codeartifact/domain:Domain "<name>-domain" (encrypted with the key) and
//     aws:codeartifact/domainPermissions:DomainPermissions "<name>-domain-policy"
//     (iampolicy.CodeArtifactDomainPolicy).
//   - aws:codeartifact/repository:Repository "<name>-upstream-<upstream>" per upstream (the one
//     with the external connection fetches from public PyPI) and "<name>-repository", the
//     repository pip reads, whose upstreams they are, in order; each with an
//     aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy "<repo child>-policy"
//     (iampolicy.CodeArtifactRepositoryPolicy; publishing admitted only on internal upstreams
//     with AllowPublish).
//   - With AllowedPackages, AWS::CodeArtifact::PackageGroup resources through
//     aws:cloudcontrol/resource:Resource (pulumi-aws v6.83.2 has no package group resource):
//     "<name>-group-pypi" (/pypi/*: external upstream BLOCK) and "<name>-allow-<package>"
//     (/pypi//<package>$: external upstream allowed for the store repository only). Without an
//     allow-list no package group is made and CodeArtifact's package origin controls stay at their
//     default, which already blocks upstream versions of a package once it has been published
//     internally (CodeArtifact User Guide, "Editing package origin controls" / dependency
//     substitution).
//   - aws:sagemaker/studioLifecycleConfig:StudioLifecycleConfig "<name>-jupyterlab" and
//     "<name>-codeeditor": the pip script (RenderPipScript). Not with NoLifecycleConfigs: the
//     accounts hosting Studio domains then create their own (NewPackageLifecycleConfigs).
func NewPackageSupply(ctx *pulumi.Context, name string, args *PackageSupplyArgs, opts ...pulumi.ResourceOption) (*PackageSupply, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	s := args.Settings.WithDefaults()
	c := &PackageSupply{Settings: s}
	if err := ctx.RegisterComponentResource(PackageSupplyType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	stateful := []pulumi.ResourceOption{parent}
	if args.Protect {
		stateful = append(stateful, pulumi.Protect(true))
	}
	tags := core.MergeTags(args.Tags)
	partition, dnsSuffix := core.PartitionOf(args.Region)

	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	}
	accountOut := account.ToStringOutput()
	region := args.Region

	keyOpts := append([]pulumi.ResourceOption{}, stateful...)
	if args.Protect {
		keyOpts = append(keyOpts, pulumi.RetainOnDelete(true))
	}
	key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
		Description:          pulumi.String(fmt.Sprintf("CodeArtifact domain %s: package assets", s.DomainName)),
		KeyUsage:             pulumi.String("ENCRYPT_DECRYPT"),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(core.KeyDeletionWindowDays),
		Policy: accountOut.ApplyT(func(acct string) (string, error) {
			return PackageSupplyKeyPolicy(acct, partition, dnsSuffix, region)
		}).(pulumi.StringOutput),
		Tags: tags,
	}, keyOpts...)
	if err != nil {
		return nil, err
	}
	domain, err := codeartifact.NewDomain(ctx, name+"-domain", &codeartifact.DomainArgs{
		Domain:        pulumi.String(s.DomainName),
		EncryptionKey: key.Arn,
		Tags:          tags,
	}, stateful...)
	if err != nil {
		return nil, err
	}

	// The resource policies, rendered once the account and endpoint ids resolve (JSON only).
	render := func(build func(iampolicy.SupplyResourcePolicySpec) (iampolicy.Document, error)) pulumi.StringOutput {
		consumers := pulumi.StringArrayInput(pulumi.StringArray{})
		if args.ConsumerAccountIds != nil {
			consumers = args.ConsumerAccountIds
		}
		return pulumi.All(accountOut, args.Hub.EndpointId(network.CodeArtifactAPIEndpointKey),
			args.Hub.EndpointId(network.CodeArtifactRepositoriesEndpointKey), consumers).ApplyT(
			func(v []interface{}) (string, error) {
				api, err := network.HubEndpointID(v[1], network.CodeArtifactAPIEndpointKey)
				if err != nil {
					return "", err
				}
				repos, err := network.HubEndpointID(v[2], network.CodeArtifactRepositoriesEndpointKey)
				if err != nil {
					return "", err
				}
				spec := iampolicy.SupplyResourcePolicySpec{VpcEndpointIds: []string{api, repos}}
				switch {
				case args.OrganizationId != "":
					spec.OrganizationID = args.OrganizationId
				case args.ConsumerAccountIds != nil:
					spec.AccountIDs, _ = v[3].([]string)
					if len(spec.AccountIDs) == 0 {
						return "", fmt.Errorf("PackageSupply %q: ConsumerAccountIds resolved to no account: want the workload accounts' ids, or nil for AccountId's", name)
					}
				default:
					spec.AccountID = v[0].(string)
				}
				d, err := build(spec)
				if err != nil {
					return "", fmt.Errorf("PackageSupply %q: %w", name, err)
				}
				return d.JSON()
			}).(pulumi.StringOutput)
	}
	if _, err := codeartifact.NewDomainPermissions(ctx, name+"-domain-policy", &codeartifact.DomainPermissionsArgs{
		Domain:         domain.Domain,
		DomainOwner:    accountOut,
		PolicyDocument: render(iampolicy.CodeArtifactDomainPolicy),
	}, parent); err != nil {
		return nil, err
	}

	publish := map[string]bool{}
	for _, r := range s.PublishRepositories() {
		publish[r] = true
	}
	repoPolicy := func(child string, repo pulumi.StringInput, allowPublish bool) error {
		_, err := codeartifact.NewRepositoryPermissionsPolicy(ctx, child+"-policy", &codeartifact.RepositoryPermissionsPolicyArgs{
			Domain:      domain.Domain,
			DomainOwner: accountOut,
			Repository:  repo,
			PolicyDocument: render(func(spec iampolicy.SupplyResourcePolicySpec) (iampolicy.Document, error) {
				return iampolicy.CodeArtifactRepositoryPolicy(spec, allowPublish)
			}),
		}, parent)
		return err
	}

	upstreams := codeartifact.RepositoryUpstreamArray{}
	var repos []pulumi.Resource // every repository, which the package groups wait for
	for _, u := range s.Upstreams {
		child := name + "-upstream-" + u.Name
		ra := &codeartifact.RepositoryArgs{
			Domain:      domain.Domain,
			DomainOwner: accountOut,
			Repository:  pulumi.String(u.Name),
			Tags:        tags,
		}
		ropts := []pulumi.ResourceOption{parent}
		if u.Internal() {
			ra.Description = pulumi.String("Internal packages of the landing zone's teams")
			ropts = stateful
		} else {
			ra.Description = pulumi.String("Packages fetched from public PyPI by CodeArtifact (" + u.ExternalConnection + ")")
			ra.ExternalConnections = &codeartifact.RepositoryExternalConnectionsArgs{
				ExternalConnectionName: pulumi.String(u.ExternalConnection),
			}
		}
		repo, err := codeartifact.NewRepository(ctx, child, ra, ropts...)
		if err != nil {
			return nil, err
		}
		repos = append(repos, repo)
		if err := repoPolicy(child, repo.Repository, publish[u.Name]); err != nil {
			return nil, err
		}
		upstreams = append(upstreams, &codeartifact.RepositoryUpstreamArgs{RepositoryName: repo.Repository})
	}
	pipRepo, err := codeartifact.NewRepository(ctx, name+"-repository", &codeartifact.RepositoryArgs{
		Domain:      domain.Domain,
		DomainOwner: accountOut,
		Repository:  pulumi.String(s.RepositoryName),
		Description: pulumi.String("PyPI repository of SageMaker Studio and jobs (pip reads this one)"),
		Upstreams:   upstreams,
		Tags:        tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	if err := repoPolicy(name+"-repository", pipRepo.Repository, false); err != nil {
		return nil, err
	}
	repos = append(repos, pipRepo)

	if len(s.AllowedPackages) > 0 {
		store := s.externalUpstream()
		group := func(child, pattern, description string, restriction map[string]any) error {
			state := pulumi.All(domain.Domain, accountOut).ApplyT(func(v []interface{}) (string, error) {
				b, err := json.Marshal(map[string]any{
					"DomainName":  v[0].(string),
					"DomainOwner": v[1].(string),
					"Pattern":     pattern,
					"Description": description,
					"OriginConfiguration": map[string]any{"Restrictions": map[string]any{
						"ExternalUpstream": restriction,
					}},
				})
				return string(b), err
			}).(pulumi.StringOutput)
			// The group names its domain (through the state) and, in its origin restriction, the
			// repository that may fetch from public PyPI, by name only; and the groups govern what
			// every repository of the domain may fetch. Cloud Control creates the group as soon as
			// its inputs are known, so it waits for the repositories explicitly: a group created
			// before the repository it allows names a repository that does not exist yet
			// (AWS::CodeArtifact::PackageGroup OriginConfiguration.Restrictions.ExternalUpstream.
			// Repositories, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codeartifact-packagegroup-restrictiontype.html;
			// "Package group origin controls", https://docs.aws.amazon.com/codeartifact/latest/ug/package-group-origin-controls.html).
			_, err := cloudcontrol.NewResource(ctx, child, &cloudcontrol.ResourceArgs{
				TypeName:     pulumi.String(PackageGroupTypeName),
				DesiredState: state,
			}, parent, pulumi.DependsOn(repos))
			return err
		}
		if err := group(name+"-group-pypi", pypiGroupPattern, "Every PyPI package: nothing from public PyPI unless allowed below",
			map[string]any{"RestrictionMode": "BLOCK"}); err != nil {
			return nil, err
		}
		for _, p := range s.AllowedPackages {
			if err := group(name+"-allow-"+p, PyPIPackageGroupPattern(p), "Allowed from public PyPI: "+p,
				map[string]any{"RestrictionMode": "ALLOW_SPECIFIC_REPOSITORIES", "Repositories": []string{store}}); err != nil {
				return nil, err
			}
		}
	}

	if args.NoLifecycleConfigs {
		c.JupyterLabLifecycleConfigArn = pulumi.String("").ToStringOutput()
		c.CodeEditorLifecycleConfigArn = pulumi.String("").ToStringOutput()
	} else if c.JupyterLabLifecycleConfigArn, c.CodeEditorLifecycleConfigArn, err = pipLifecycleConfigs(ctx, name, region, s,
		accountOut, tags, parent); err != nil {
		return nil, err
	}

	c.DomainName = domain.Domain
	c.DomainArn = domain.Arn
	c.DomainOwner = accountOut
	c.KmsKeyArn = key.Arn
	c.RepositoryArn = pipRepo.Arn
	c.IndexUrl = accountOut.ApplyT(func(acct string) string {
		return PackageIndexURL(s.DomainName, acct, region, s.RepositoryName)
	}).(pulumi.StringOutput)
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"domainName":                   c.DomainName,
		"domainArn":                    c.DomainArn,
		"domainOwner":                  c.DomainOwner,
		"kmsKeyArn":                    c.KmsKeyArn,
		"repositoryArn":                c.RepositoryArn,
		"indexUrl":                     c.IndexUrl,
		"jupyterLabLifecycleConfigArn": c.JupyterLabLifecycleConfigArn,
		"codeEditorLifecycleConfigArn": c.CodeEditorLifecycleConfigArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// pipLifecycleConfigs registers the JupyterLab and Code Editor lifecycle configurations
// "<name>-jupyterlab" and "<name>-codeeditor" running the pip script for the domain owned by
// owner, and returns their ARNs. They are account-scoped SageMaker resources: the provider in
// opts decides the account they are created in, and the owner may be another account (the script
// passes --domain-owner).
func pipLifecycleConfigs(ctx *pulumi.Context, name, region string, s PackageSettings, owner pulumi.StringOutput,
	tags pulumi.StringMap, opts ...pulumi.ResourceOption) (jupyterLab, codeEditor pulumi.StringOutput, err error) {
	script := owner.ApplyT(func(acct string) (string, error) {
		out, err := RenderPipScript(PipScriptParams{Region: region, Domain: s.DomainName, DomainOwner: acct,
			Repository: s.RepositoryName, TokenSeconds: s.TokenDurationSeconds})
		return base64.StdEncoding.EncodeToString([]byte(out)), err
	}).(pulumi.StringOutput)
	lcc := func(suffix, appType string) (pulumi.StringOutput, error) {
		l, err := sagemaker.NewStudioLifecycleConfig(ctx, name+"-"+suffix, &sagemaker.StudioLifecycleConfigArgs{
			StudioLifecycleConfigName:    pulumi.String(LifecycleConfigName(s.DomainName, suffix)),
			StudioLifecycleConfigAppType: pulumi.String(appType),
			StudioLifecycleConfigContent: script,
			Tags:                         tags,
		}, opts...)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		return l.Arn, nil
	}
	if jupyterLab, err = lcc("jupyterlab", "JupyterLab"); err != nil {
		return
	}
	codeEditor, err = lcc("codeeditor", "CodeEditor")
	return
}

// PackageGroupTypeName is the CloudFormation (Cloud Control) type of a CodeArtifact package group.
const PackageGroupTypeName = "AWS::CodeArtifact::PackageGroup"

// PyPIPackageGroupPattern is the package group pattern matching exactly one PyPI package. A
// package path is /<format>/<namespace>/<name> and PyPI packages have no namespace; "$" matches
// the full coordinate (CodeArtifact User Guide, "Package group definition syntax and matching
// behavior",
// https://docs.aws.amazon.com/codeartifact/latest/ug/package-group-definition-syntax-matching-behavior.html).
func PyPIPackageGroupPattern(pkg string) string { return "/pypi//" + pkg + "$" }

// LifecycleConfigName is the Studio lifecycle configuration name for a CodeArtifact domain and an
// app ("jupyterlab", "codeeditor"): unique per account and region because the domain name is.
func LifecycleConfigName(domain, app string) string { return domain + "-pip-" + app }

// PackageIndexURL is pip's index URL (no credentials) for a CodeArtifact PyPI repository: the
// repository endpoint GetRepositoryEndpoint returns, plus "simple/" (CodeArtifact User Guide,
// "Configure and use pip with CodeArtifact").
func PackageIndexURL(domain, owner, region, repo string) string {
	_, dns := core.PartitionOf(region)
	return fmt.Sprintf("https://%s-%s.d.codeartifact.%s.%s/pypi/%s/simple/", domain, owner, region, dns, repo)
}

// PackageSupplyKeyPolicy is the key policy of the CodeArtifact domain's key: the account
// administers it (IAM decides who), and uses and grants it only through CodeArtifact, which
// encrypts package assets with it (CodeArtifact User Guide, "Data encryption in CodeArtifact").
func PackageSupplyKeyPolicy(accountID, partition, dnsSuffix, region string) (string, error) {
	return ServiceKeyPolicy(accountID, partition, dnsSuffix, region, "codeartifact")
}

// ServiceKeyPolicy is the key policy of a customer-managed key that AWS services use on the
// account's behalf: "AccountAdministersKey" (manage, not use; IAM decides who), and
// "UseOnlyThroughServices" / "GrantOnlyThroughServices": the account's principals may use the key,
// and grant it to AWS resources, only through the named services
// (kms:ViaService <service>.<region>.<dnsSuffix>; AWS KMS Developer Guide, "kms:ViaService").
func ServiceKeyPolicy(accountID, partition, dnsSuffix, region string, services ...string) (string, error) {
	if !core.AccountIDRe.MatchString(accountID) || partition == "" || dnsSuffix == "" || !core.RegionRe.MatchString(region) || len(services) == 0 {
		return "", fmt.Errorf("ServiceKeyPolicy: account %q (want 12 digits), partition %q, DNS suffix %q, region %q and services %q must all be set",
			accountID, partition, dnsSuffix, region, services)
	}
	root := map[string]string{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", partition, accountID)}
	var via []string
	for _, svc := range services {
		via = append(via, fmt.Sprintf("%s.%s.%s", svc, region, dnsSuffix))
	}
	doc := struct {
		Version   string                 `json:"Version"`
		Statement []core.PolicyStatement `json:"Statement"`
	}{Version: "2012-10-17", Statement: []core.PolicyStatement{
		{Sid: "AccountAdministersKey", Effect: "Allow", Principal: root, Resource: "*",
			Action: []string{"kms:CancelKeyDeletion", "kms:CreateAlias", "kms:Delete*", "kms:Describe*",
				"kms:Disable*", "kms:Enable*", "kms:Get*", "kms:List*", "kms:Put*", "kms:Revoke*",
				"kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:Update*"}},
		{Sid: "UseOnlyThroughServices", Effect: "Allow", Principal: root, Resource: "*",
			Action:    []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
			Condition: map[string]map[string]any{"StringEquals": {"kms:CallerAccount": accountID, "kms:ViaService": via}}},
		{Sid: "GrantOnlyThroughServices", Effect: "Allow", Principal: root, Resource: "*",
			Action: []string{"kms:CreateGrant"},
			Condition: map[string]map[string]any{
				"StringEquals": {"kms:CallerAccount": accountID, "kms:ViaService": via},
				"Bool":         {"kms:GrantIsForAWSResource": true}}},
	}}
	b, err := json.Marshal(doc)
	return string(b), err
}

// Validate checks the arguments of the PackageSupply name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewPackageSupply calls it first.
func (args *PackageSupplyArgs) Validate(name string) error {
	p := core.NewProblems("PackageSupply", name)
	if args == nil {
		p.Missing("args", "a *PackageSupplyArgs with Region and the hub's CodeArtifact endpoint ids")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name such as us-east-1")
	}
	s := args.Settings.WithDefaults()
	p.Add("Settings", s.Validate())
	p.Add("", args.Hub.Check(network.HubNeeds{Region: args.Region,
		Endpoints: []string{network.CodeArtifactAPIEndpointKey, network.CodeArtifactRepositoriesEndpointKey}}))
	if args.AccountId != nil {
		p.CheckString("AccountId", args.AccountId, core.AccountIDRe, "a 12-digit account id, or nil for the caller's")
	}
	if args.OrganizationId != "" && !network.ValidOrganizationID(args.OrganizationId) {
		p.Bad("OrganizationId", args.OrganizationId, "an AWS Organizations id like o-a1b2c3d4e5, or empty")
	}
	return p.Err()
}
