package iampolicy

// The package and image supply path's IAM documents: what the SageMaker execution roles may do
// with the landing zone's CodeArtifact domain and repositories and its ECR repositories
// (SupplyAccessPolicy), and the CodeArtifact domain and repository resource policies that admit
// only the account's (or organization's) principals, and only through the hub's CodeArtifact
// interface endpoints (CodeArtifactDomainPolicy, CodeArtifactRepositoryPolicy).
//
// Sources:
//   - CodeArtifact User Guide, "Create a VPC endpoint policy for CodeArtifact": reading packages
//     takes codeartifact:GetAuthorizationToken, codeartifact:GetRepositoryEndpoint,
//     codeartifact:ReadFromRepository and sts:GetServiceBearerToken
//     (https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endoint-policy.html).
//   - IAM User Guide, "Service bearer tokens": CodeArtifact asks STS for a bearer token on the
//     caller's behalf; sts:AWSServiceName names the service
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_bearer.html).
//   - CodeArtifact User Guide, "Domain policies" / "Repository policies": resource policies with a
//     Principal, evaluated with the caller's identity policy; cross-account access needs both.
//   - AWS Machine Learning Blog, "Secure AWS CodeArtifact access for isolated Amazon SageMaker
//     notebook instances": repository policies that deny requests not arriving through the VPC
//     endpoint (aws:SourceVpce).
//   - Amazon ECR User Guide, "Private repository policy examples" (pull: BatchGetImage,
//     GetDownloadUrlForLayer, BatchCheckLayerAvailability; GetAuthorizationToken takes only "*")
//     and "IAM permissions required to sync an upstream registry with a pull through cache"
//     (ecr:BatchImportUpstreamImage, ecr:CreateRepository).

import (
	"errors"
	"fmt"
	"regexp"
)

// CodeArtifactServiceName is the value of sts:AWSServiceName when CodeArtifact asks STS for a
// bearer token: the only service the execution roles may get one for.
const CodeArtifactServiceName = "codeartifact.amazonaws.com"

// Action lists of the supply path.
var (
	// CodeArtifactReadActions are what a package manager needs to read a repository.
	codeArtifactReadActions = []string{"codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"}
	// CodeArtifactPublishActions write packages (twine upload).
	codeArtifactPublishActions = []string{"codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"}
	// EcrPullActions pull an image.
	ecrPullActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}
	// EcrPushActions push an image.
	ecrPushActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload",
		"ecr:PutImage", "ecr:UploadLayerPart"}
	// EcrPullThroughCacheActions let a pull through a cache rule create the cached repository and
	// import the upstream image on first pull.
	ecrPullThroughCacheActions = []string{"ecr:BatchImportUpstreamImage", "ecr:CreateRepository"}
)

// Patterns of the supply path's names (one source of truth; components and config use them).
var (
	// CodeArtifactDomainNamePattern is CreateDomain's domain pattern (CodeArtifact API reference:
	// "Pattern: [a-z][a-z0-9\-]{0,48}[a-z0-9]", 2-50 characters).
	CodeArtifactDomainNamePattern = `^[a-z][a-z0-9\-]{0,48}[a-z0-9]$`
	// CodeArtifactRepositoryNamePattern is CreateRepository's repository pattern
	// ("[A-Za-z0-9][A-Za-z0-9._\-]{1,99}", 2-100 characters).
	CodeArtifactRepositoryNamePattern = `^[A-Za-z0-9][A-Za-z0-9._\-]{1,99}$`
	// EcrRepositoryNamePattern is CreateRepository's repositoryName pattern (Amazon ECR API
	// reference: "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*", 2-256).
	EcrRepositoryNamePattern = `^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`
)

var (
	caDomainRe   = regexp.MustCompile(CodeArtifactDomainNamePattern)
	caRepoRe     = regexp.MustCompile(CodeArtifactRepositoryNamePattern)
	ecrRepoRe    = regexp.MustCompile(EcrRepositoryNamePattern)
	orgIDRe      = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	vpceRe       = regexp.MustCompile(`^vpce-[0-9a-zA-Z]{1,17}$`)
	regionNameRe = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
)

// SupplySpec names the supply path's resources the execution roles may use. A zero Domain
// leaves the CodeArtifact statements out; no EcrRepositories and no PullThroughPrefix leave the
// ECR statements out.
type SupplySpec struct {
	// Partition, Region and AccountID place the ARNs. Required.
	Partition, Region, AccountID string
	// Domain is the CodeArtifact domain (owned by AccountID). Default "": no package statements.
	Domain string
	// ReadRepository is the repository pip reads. Required with Domain.
	ReadRepository string
	// PublishRepositories are the repositories the roles may publish to (and read). Default none:
	// no write to CodeArtifact at all.
	PublishRepositories []string
	// EcrRepositories are the ECR repositories (names) the roles may pull from. Default none.
	EcrRepositories []string
	// EcrPush lets the roles push to EcrRepositories too. Default false.
	EcrPush bool
	// PullThroughPrefix is the ECR repository prefix of the pull-through cache rule: the roles may
	// pull (and, on first pull, create and import) repositories under it. Default "": none.
	PullThroughPrefix string
}

// Validate reports every problem with the spec.
func (s SupplySpec) Validate() error {
	var errs []error
	bad := func(field string, v any, want string) {
		errs = append(errs, fmt.Errorf("SupplySpec.%s = %#v: want %s", field, v, want))
	}
	okPartition := false
	for _, p := range partitions {
		okPartition = okPartition || s.Partition == p
	}
	if !okPartition {
		bad("Partition", s.Partition, fmt.Sprintf("one of %v", partitions))
	}
	if !regionNameRe.MatchString(s.Region) {
		bad("Region", s.Region, "an AWS region name such as us-east-1")
	}
	if !accountIDRe.MatchString(s.AccountID) {
		bad("AccountID", s.AccountID, "a 12-digit AWS account id")
	}
	if s.Domain != "" && !caDomainRe.MatchString(s.Domain) {
		bad("Domain", s.Domain, "a CodeArtifact domain name: "+CodeArtifactDomainNamePattern)
	}
	switch {
	case s.Domain != "" && !caRepoRe.MatchString(s.ReadRepository):
		bad("ReadRepository", s.ReadRepository, "a CodeArtifact repository name: "+CodeArtifactRepositoryNamePattern)
	case s.Domain == "" && (s.ReadRepository != "" || len(s.PublishRepositories) > 0):
		bad("Domain", s.Domain, "a CodeArtifact domain name when ReadRepository or PublishRepositories are set")
	}
	for i, r := range s.PublishRepositories {
		if !caRepoRe.MatchString(r) {
			bad(fmt.Sprintf("PublishRepositories[%d]", i), r, "a CodeArtifact repository name: "+CodeArtifactRepositoryNamePattern)
		}
	}
	for i, r := range s.EcrRepositories {
		if !ecrRepoRe.MatchString(r) {
			bad(fmt.Sprintf("EcrRepositories[%d]", i), r, "an ECR repository name: "+EcrRepositoryNamePattern)
		}
	}
	if s.EcrPush && len(s.EcrRepositories) == 0 {
		bad("EcrPush", true, "false unless EcrRepositories names the repositories to push to")
	}
	if s.PullThroughPrefix != "" && !ecrRepoRe.MatchString(s.PullThroughPrefix) {
		bad("PullThroughPrefix", s.PullThroughPrefix, "an ECR repository prefix: "+EcrRepositoryNamePattern)
	}
	return errors.Join(errs...)
}

// CodeArtifactDomainArn is the ARN of a CodeArtifact domain.
func CodeArtifactDomainArn(partition, region, account, domain string) string {
	return fmt.Sprintf("arn:%s:codeartifact:%s:%s:domain/%s", partition, region, account, domain)
}

// CodeArtifactRepositoryArn is the ARN of a CodeArtifact repository.
func CodeArtifactRepositoryArn(partition, region, account, domain, repo string) string {
	return fmt.Sprintf("arn:%s:codeartifact:%s:%s:repository/%s/%s", partition, region, account, domain, repo)
}

// CodeArtifactPackagesArn matches every package of a repository (package ARNs are
// package/<domain>/<repository>/<format>/<namespace>/<name>).
func CodeArtifactPackagesArn(partition, region, account, domain, repo string) string {
	return fmt.Sprintf("arn:%s:codeartifact:%s:%s:package/%s/%s/*", partition, region, account, domain, repo)
}

// EcrRepositoryArn is the ARN of an ECR repository (a name, or "<prefix>/*").
func EcrRepositoryArn(partition, region, account, name string) string {
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", partition, region, account, name)
}

// SupplyAccessPolicy returns the execution roles' permissions on the supply path, exactly:
//   - "SupplyCodeArtifactToken": codeartifact:GetAuthorizationToken on the domain;
//   - "SupplyCodeArtifactBearerToken": sts:GetServiceBearerToken only for CodeArtifact
//     (sts:AWSServiceName);
//   - "SupplyCodeArtifactRead": GetRepositoryEndpoint and ReadFromRepository on the read
//     repository (and the publish repositories). pip calls only that repository; CodeArtifact
//     searches its upstreams itself (CodeArtifact User Guide, "Requesting a package version with
//     upstream repositories"), so the upstreams are not named here. Should CodeArtifact check the
//     caller on an upstream too, the upstream's own repository policy admits the account's
//     principals through the endpoints (CodeArtifactRepositoryPolicy), which suffices within the
//     account;
//   - "SupplyCodeArtifactPublish": PublishPackageVersion and PutPackageMetadata on the packages
//     of PublishRepositories, only when some are named;
//   - "SupplyEcrAuthorizationToken" (ecr:GetAuthorizationToken takes only "*") and
//     "SupplyEcrPull" on the named repositories and the pull-through prefix;
//   - "SupplyEcrPullThroughCache": create/import under the pull-through prefix only;
//   - "SupplyEcrPush": only with EcrPush.
func SupplyAccessPolicy(s SupplySpec) (Document, error) {
	if err := s.Validate(); err != nil {
		return Document{}, err
	}
	if s.Domain == "" && len(s.EcrRepositories) == 0 && s.PullThroughPrefix == "" {
		return Document{}, errors.New("SupplyAccessPolicy: the spec names no CodeArtifact domain and no ECR repository: want at least one")
	}
	p, r, a := s.Partition, s.Region, s.AccountID
	var stmts []Statement
	if s.Domain != "" {
		read := []string{CodeArtifactRepositoryArn(p, r, a, s.Domain, s.ReadRepository)}
		var publish []string
		for _, repo := range s.PublishRepositories {
			read = append(read, CodeArtifactRepositoryArn(p, r, a, s.Domain, repo))
			publish = append(publish, CodeArtifactPackagesArn(p, r, a, s.Domain, repo))
		}
		stmts = append(stmts,
			Statement{Sid: "SupplyCodeArtifactToken", Effect: Allow, Action: Values{"codeartifact:GetAuthorizationToken"},
				Resource: Values{CodeArtifactDomainArn(p, r, a, s.Domain)}},
			Statement{Sid: "SupplyCodeArtifactBearerToken", Effect: Allow, Action: Values{"sts:GetServiceBearerToken"},
				Resource:  Values{"*"},
				Condition: Condition{"StringEquals": {"sts:AWSServiceName": {CodeArtifactServiceName}}}},
			Statement{Sid: "SupplyCodeArtifactRead", Effect: Allow, Action: sorted(codeArtifactReadActions),
				Resource: sorted(dedupeStrings(read))})
		if len(publish) > 0 {
			stmts = append(stmts, Statement{Sid: "SupplyCodeArtifactPublish", Effect: Allow,
				Action: sorted(codeArtifactPublishActions), Resource: sorted(dedupeStrings(publish))})
		}
	}
	var repos []string
	for _, name := range s.EcrRepositories {
		repos = append(repos, EcrRepositoryArn(p, r, a, name))
	}
	pull := append([]string{}, repos...)
	if s.PullThroughPrefix != "" {
		pull = append(pull, EcrRepositoryArn(p, r, a, s.PullThroughPrefix+"/*"))
	}
	if len(pull) > 0 {
		stmts = append(stmts,
			Statement{Sid: "SupplyEcrAuthorizationToken", Effect: Allow, Action: Values{"ecr:GetAuthorizationToken"}, Resource: Values{"*"}},
			Statement{Sid: "SupplyEcrPull", Effect: Allow, Action: sorted(ecrPullActions), Resource: sorted(dedupeStrings(pull))})
	}
	if s.PullThroughPrefix != "" {
		stmts = append(stmts, Statement{Sid: "SupplyEcrPullThroughCache", Effect: Allow, Action: sorted(ecrPullThroughCacheActions),
			Resource: Values{EcrRepositoryArn(p, r, a, s.PullThroughPrefix+"/*")}})
	}
	if s.EcrPush {
		stmts = append(stmts, Statement{Sid: "SupplyEcrPush", Effect: Allow, Action: sorted(ecrPushActions), Resource: sorted(dedupeStrings(repos))})
	}
	return NewDocument(stmts...), nil
}

// SupplyResourcePolicySpec says whom the CodeArtifact resource policies admit and through which
// endpoints.
type SupplyResourcePolicySpec struct {
	// AccountID admits this account's principals (aws:PrincipalAccount). Exactly one of AccountID
	// (or AccountIDs) and OrganizationID is set.
	AccountID string
	// AccountIDs admits these accounts' principals instead (aws:PrincipalAccount, any of them):
	// the workload accounts of a multi-account landing zone, whose execution roles read the
	// supply path from another account than theirs (CodeArtifact User Guide, "Domain policies":
	// "To access packages in a domain owned by another account, a principal must be granted the
	// GetAuthorizationToken permission on the domain resource", plus ReadFromRepository on the
	// repository; https://docs.aws.amazon.com/codeartifact/latest/ug/domain-policies.html).
	// Set with AccountID, the two lists are merged.
	AccountIDs []string
	// OrganizationID admits the organization's principals (aws:PrincipalOrgID).
	OrganizationID string
	// VpcEndpointIds are the hub's codeartifact.api and codeartifact.repositories interface
	// endpoints: the only way (aws:SourceVpce) a token or a package may be asked for. Required.
	VpcEndpointIds []string
}

// Validate reports every problem with the spec.
func (s SupplyResourcePolicySpec) Validate() error {
	var errs []error
	switch {
	case (len(s.accounts()) == 0) == (s.OrganizationID == ""):
		errs = append(errs, fmt.Errorf("SupplyResourcePolicySpec: AccountID %q, AccountIDs %q and OrganizationID %q: want exactly one of accounts and organization set",
			s.AccountID, s.AccountIDs, s.OrganizationID))
	case s.AccountID != "" && !accountIDRe.MatchString(s.AccountID):
		errs = append(errs, fmt.Errorf("SupplyResourcePolicySpec.AccountID = %q: want a 12-digit account id", s.AccountID))
	case s.OrganizationID != "" && !orgIDRe.MatchString(s.OrganizationID):
		errs = append(errs, fmt.Errorf("SupplyResourcePolicySpec.OrganizationID = %q: want an organization id like o-a1b2c3d4e5", s.OrganizationID))
	}
	errs = append(errs, checkAccountIDs("SupplyResourcePolicySpec.AccountIDs", s.AccountIDs)...)
	if len(s.VpcEndpointIds) == 0 {
		errs = append(errs, errors.New("SupplyResourcePolicySpec.VpcEndpointIds is empty: want the hub's codeartifact.api and codeartifact.repositories endpoint ids"))
	}
	for i, id := range s.VpcEndpointIds {
		if !vpceRe.MatchString(id) {
			errs = append(errs, fmt.Errorf("SupplyResourcePolicySpec.VpcEndpointIds[%d] = %q: want a VPC endpoint id (vpce-...)", i, id))
		}
	}
	return errors.Join(errs...)
}

// admit is the condition of every Allow: the caller is this account's (or organization's) and the
// request arrives through one of the endpoints.
func (s SupplyResourcePolicySpec) admit() Condition {
	who := principalsOf(s.accounts(), s.OrganizationID)
	who["StringEquals"]["aws:SourceVpce"] = sorted(s.VpcEndpointIds)
	return who
}

// accounts are the admitted accounts: AccountID and AccountIDs, each once, in order.
func (s SupplyResourcePolicySpec) accounts() []string {
	var out []string
	if s.AccountID != "" {
		out = append(out, s.AccountID)
	}
	return dedupeStrings(append(out, s.AccountIDs...))
}

// principalsOf is the condition admitting the accounts' principals (aws:PrincipalAccount, sorted)
// or, with an organization id, the organization's (aws:PrincipalOrgID). IAM User Guide, "AWS
// global condition context keys": aws:PrincipalAccount and aws:PrincipalOrgID
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
func principalsOf(accounts []string, org string) Condition {
	if org != "" {
		return Condition{"StringEquals": {"aws:PrincipalOrgID": {org}}}
	}
	return Condition{"StringEquals": {"aws:PrincipalAccount": sorted(accounts)}}
}

// checkAccountIDs reports ids that are not 12 digits or repeat.
func checkAccountIDs(field string, ids []string) []error {
	var errs []error
	seen := map[string]bool{}
	for i, id := range ids {
		switch {
		case !accountIDRe.MatchString(id):
			errs = append(errs, fmt.Errorf("%s[%d] = %q: want a 12-digit account id", field, i, id))
		case seen[id]:
			errs = append(errs, fmt.Errorf("%s[%d] = %q: want each account once", field, i, id))
		}
		seen[id] = true
	}
	return errs
}

// anyone is the Principal of the resource policies: the conditions carry the restriction.
var anyone = Principal{"AWS": {"*"}}

// CodeArtifactDomainActions are what the domain policy admits: getting a token and looking at the
// domain (CodeArtifact User Guide, "Domain policies": a principal of another account needs
// GetAuthorizationToken on the domain, plus ReadFromRepository on the repository). The domain
// policy "is evaluated for all operations against the domain and all resources within the
// domain", so its Deny names GetAuthorizationToken only. sts:GetServiceBearerToken is an STS
// action authorized by the caller's identity policy (SupplyAccessPolicy), not by CodeArtifact.
var codeArtifactDomainActions = []string{"codeartifact:DescribeDomain", "codeartifact:GetAuthorizationToken",
	"codeartifact:ListRepositoriesInDomain"}

// CodeArtifactRepositoryReadActions are what a repository policy admits for reading.
var codeArtifactRepositoryReadActions = []string{"codeartifact:DescribePackageVersion", "codeartifact:DescribeRepository",
	"codeartifact:GetPackageVersionReadme", "codeartifact:GetRepositoryEndpoint", "codeartifact:ListPackageVersionAssets",
	"codeartifact:ListPackageVersions", "codeartifact:ListPackages", "codeartifact:ReadFromRepository"}

// CodeArtifactDomainPolicy is the domain's resource policy:
//   - "AdmitLandingZoneThroughEndpoints": the account's (organization's) principals may get a
//     token and describe the domain, only through the endpoints;
//   - "DenyTokensOutsideEndpoints": nobody gets a token other than through the endpoints (the
//     deploying role manages the domain with other actions and is not affected).
func CodeArtifactDomainPolicy(s SupplyResourcePolicySpec) (Document, error) {
	if err := s.Validate(); err != nil {
		return Document{}, err
	}
	return NewDocument(
		Statement{Sid: "AdmitLandingZoneThroughEndpoints", Effect: Allow, Principal: anyone,
			Action: sorted(codeArtifactDomainActions), Resource: Values{"*"}, Condition: s.admit()},
		Statement{Sid: "DenyTokensOutsideEndpoints", Effect: Deny, Principal: anyone,
			Action: Values{"codeartifact:GetAuthorizationToken"}, Resource: Values{"*"},
			Condition: Condition{"StringNotEquals": {"aws:SourceVpce": sorted(s.VpcEndpointIds)}}},
	), nil
}

// CodeArtifactRepositoryPolicy is a repository's resource policy:
//   - "AdmitLandingZoneThroughEndpoints": the account's (organization's) principals may read
//     (and, with allowPublish, publish), only through the endpoints;
//   - "DenyOutsideEndpoints": reading, getting the endpoint or publishing other than through the
//     endpoints is denied to everyone;
//   - "DenyPublish" (without allowPublish): publishing is denied to everyone, so that a wider
//     identity policy elsewhere cannot write into the repository.
func CodeArtifactRepositoryPolicy(s SupplyResourcePolicySpec, allowPublish bool) (Document, error) {
	if err := s.Validate(); err != nil {
		return Document{}, err
	}
	admitted := append([]string{}, codeArtifactRepositoryReadActions...)
	if allowPublish {
		admitted = append(admitted, codeArtifactPublishActions...)
	}
	guarded := append(append([]string{}, codeArtifactReadActions...), codeArtifactPublishActions...)
	stmts := []Statement{
		{Sid: "AdmitLandingZoneThroughEndpoints", Effect: Allow, Principal: anyone,
			Action: sorted(admitted), Resource: Values{"*"}, Condition: s.admit()},
		{Sid: "DenyOutsideEndpoints", Effect: Deny, Principal: anyone, Action: sorted(guarded), Resource: Values{"*"},
			Condition: Condition{"StringNotEquals": {"aws:SourceVpce": sorted(s.VpcEndpointIds)}}},
	}
	if !allowPublish {
		stmts = append(stmts, Statement{Sid: "DenyPublish", Effect: Deny, Principal: anyone,
			Action: sorted(codeArtifactPublishActions), Resource: Values{"*"}})
	}
	return NewDocument(stmts...), nil
}

func dedupeStrings(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// EcrConsumerSpec says which accounts (or which organization) may pull from ECR repositories of
// another account: the workload accounts of a multi-account landing zone pulling the hub
// account's team images.
type EcrConsumerSpec struct {
	// AccountIDs admit these accounts' principals (aws:PrincipalAccount). Exactly one of
	// AccountIDs and OrganizationID is set.
	AccountIDs []string
	// OrganizationID admits the organization's principals (aws:PrincipalOrgID) instead.
	OrganizationID string
}

// Validate reports every problem with the spec.
func (s EcrConsumerSpec) Validate() error {
	var errs []error
	switch {
	case (len(s.AccountIDs) == 0) == (s.OrganizationID == ""):
		errs = append(errs, fmt.Errorf("EcrConsumerSpec: AccountIDs %q and OrganizationID %q: want exactly one of them set", s.AccountIDs, s.OrganizationID))
	case s.OrganizationID != "" && !orgIDRe.MatchString(s.OrganizationID):
		errs = append(errs, fmt.Errorf("EcrConsumerSpec.OrganizationID = %q: want an organization id like o-a1b2c3d4e5", s.OrganizationID))
	}
	return errors.Join(append(errs, checkAccountIDs("EcrConsumerSpec.AccountIDs", s.AccountIDs)...)...)
}

// EcrRepositoryPolicy is the repository policy of a team repository (and of the repositories the
// pull-through cache creates) read from other accounts: one statement, "AdmitWorkloadAccountsPull",
// that lets the consumers' principals pull, read-only: ecr:BatchGetImage,
// ecr:GetDownloadUrlForLayer and ecr:BatchCheckLayerAvailability (EcrPullActions; Amazon ECR User
// Guide, "Private repository policy examples": "Allow another account" to pull,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html). The
// caller's own identity policy must allow the same actions (SupplyAccessPolicy: cross-account
// access needs both). ecr:GetAuthorizationToken is not a repository action: the caller's identity
// policy grants it on "*" and the token it gets is valid for every registry the caller may read.
// Nothing is admitted to push, delete or change the policy.
func EcrRepositoryPolicy(s EcrConsumerSpec) (Document, error) {
	if err := s.Validate(); err != nil {
		return Document{}, err
	}
	return NewDocument(Statement{Sid: "AdmitWorkloadAccountsPull", Effect: Allow, Principal: anyone,
		Action: sorted(ecrPullActions), Condition: principalsOf(s.AccountIDs, s.OrganizationID)}), nil
}

// EcrPullThroughRegistryPolicy is the registry permissions policy that lets the consumer accounts'
// principals pull through the cache rule under prefix: on a first pull ECR creates the cached
// repository and imports the upstream image on the caller's behalf, and both permissions may be
// granted by the registry's permissions policy (Amazon ECR User Guide, "IAM permissions required
// to sync an upstream registry with an Amazon ECR private registry": ecr:BatchImportUpstreamImage
// and ecr:CreateRepository, "This permission can be granted by ... the private registry
// permissions policy",
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html). A registry
// policy takes only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository
// (Amazon ECR User Guide, "Private registry permissions"), and names its principals: the
// consumer accounts ("arn:<partition>:iam::<id>:root", every principal of the account that its
// own IAM allows), never the organization. Resource is the prefix's repositories only.
func EcrPullThroughRegistryPolicy(partition, region, registryAccount, prefix string, consumers []string) (Document, error) {
	var errs []error
	if !accountIDRe.MatchString(registryAccount) {
		errs = append(errs, fmt.Errorf("EcrPullThroughRegistryPolicy: registry account %q: want a 12-digit account id", registryAccount))
	}
	if prefix == "" || !ecrRepoRe.MatchString(prefix) {
		errs = append(errs, fmt.Errorf("EcrPullThroughRegistryPolicy: prefix %q: want an ECR repository prefix", prefix))
	}
	if len(consumers) == 0 {
		errs = append(errs, errors.New("EcrPullThroughRegistryPolicy: no consumer account: want at least one"))
	}
	errs = append(errs, checkAccountIDs("EcrPullThroughRegistryPolicy consumers", consumers)...)
	if err := errors.Join(errs...); err != nil {
		return Document{}, err
	}
	var roots []string
	for _, id := range consumers {
		roots = append(roots, fmt.Sprintf("arn:%s:iam::%s:root", partition, id))
	}
	return NewDocument(Statement{Sid: "WorkloadAccountsPullThroughCache", Effect: Allow, Principal: Principal{"AWS": sorted(roots)},
		Action: sorted(ecrPullThroughCacheActions), Resource: Values{EcrRepositoryArn(partition, region, registryAccount, prefix+"/*")}}), nil
}
